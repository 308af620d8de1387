// Chinese words for the school page: kinds of school, funding components and the recorded inputs.
// A code without a word here is shown as the code itself, so a new value never breaks the page.

const KINDS: Readonly<Record<string, string>> = {
  kindergarten: '幼儿园',
  primary: '小学',
  teaching_point: '教学点',
  junior: '初级中学',
  nine_year: '九年一贯制学校',
  twelve_year: '十二年一贯制学校',
  complete_secondary: '完全中学',
  senior: '高级中学',
  special: '特殊教育学校',
};

const AREA_TYPES: Readonly<Record<string, string>> = { urban: '城区', town: '镇区', rural: '乡村' };
const OWNERSHIPS: Readonly<Record<string, string>> = { public: '公办', private: '民办' };
const ALL_STAGES: Readonly<Record<string, string>> = { preschool: '学前', primary: '小学', junior: '初中', senior: '高中' };

const COMPONENTS: Readonly<Record<string, { name: string; per: string }>> = {
  base_primary: { name: '小学生均公用经费', per: '名小学生' },
  base_junior: { name: '初中生均公用经费', per: '名初中生' },
  small_school_floor: { name: '不足百人学校按百人核定', per: '名（补足到核定人数）' },
  small_school_tier: { name: '小规模学校分档核定', per: '名（补足到分档人数）' },
  boarding: { name: '寄宿生补助', per: '名寄宿生' },
  special_education: { name: '特殊教育学校生均公用经费', per: '名学生' },
  inclusion: { name: '随班就读残疾学生补足', per: '名随班就读学生' },
  preschool: { name: '学前生均公用经费', per: '名幼儿' },
  senior: { name: '高中生均公用经费', per: '名高中生' },
};

const INPUTS: Readonly<Record<string, string>> = {
  classes: '班级数',
  'classes.primary': '小学班级数',
  'classes.junior': '初中班级数',
  'students.preschool': '学前幼儿',
  'students.primary': '小学生',
  'students.junior': '初中生',
  'students.senior': '高中生',
  teacherYears: '教师年度记录',
  'teachers.fullTime': '专任教师',
  'teachers.fullTimeCertified': '持证专任教师',
  'teachers.fullTimeBackbone': '骨干专任教师',
  teachingAreaM2: '教学及辅助用房面积（平方米）',
  indoorSportsAreaM2: '室内体育用房面积（平方米）',
  sportsAreaM2: '体育运动场馆面积（平方米）',
  equipmentValueYuan: '教学仪器设备值（元）',
  multimediaClassrooms: '网络多媒体教室（间）',
  musicRooms: '音乐专用教室（间）',
  artRooms: '美术专用教室（间）',
  boarders: '寄宿生',
  inclusionStudents: '随班就读残疾学生',
  migrantChildren: '随迁子女',
  leftBehindChildren: '留守儿童',
  designedSeats: '设计学位',
  publicFundingAllocatedYuan: '已拨公用经费（元）',
  trainingSpendYuan: '教师培训支出（元）',
};

/** Figures of B10–B12 as the comparison names them. */
const SCHOOL_FIGURES: Readonly<Record<string, string>> = {
  compulsoryClasses: '义务教育班级数',
  classesPerRoom: '每间专用教室对应班级数',
  required: '每类应配间数',
  'music.rooms': '音乐专用教室',
  'music.counting': '面积达标的音乐教室',
  'music.minAreaM2': '音乐教室最小面积（平方米）',
  'art.rooms': '美术专用教室',
  'art.counting': '面积达标的美术教室',
  'art.minAreaM2': '美术教室最小面积（平方米）',
  compulsoryStudents: '义务教育学生数',
  limit: '规模上限',
  classes: '义务教育班级数',
  overLimit: '超过标准班额的班级',
  large: '大班额',
  superLarge: '超大班额',
  largeShare: '大班额占比',
  superLargeShare: '超大班额占比',
  value: '数值',
  numerator: '分子',
  denominator: '学生数',
  standard: '标准',
  floor: '底线（标准的85%）',
};

export const kindLabel = (kind: string): string => KINDS[kind] ?? kind;
export const areaTypeLabel = (areaType: string): string => AREA_TYPES[areaType] ?? areaType;
export const ownershipLabel = (ownership: string): string => OWNERSHIPS[ownership] ?? ownership;
export const anyStageLabel = (stage: string): string => ALL_STAGES[stage] ?? stage;
export const componentLabel = (component: string): string => COMPONENTS[component]?.name ?? component;
/** What a component's quantity counts, after the number: "1986 名初中生". */
export const componentPer = (component: string): string => COMPONENTS[component]?.per ?? '';
export const inputLabel = (key: string): string => INPUTS[key] ?? key;
export const schoolFigureLabel = (key: string): string => SCHOOL_FIGURES[key] ?? key;
