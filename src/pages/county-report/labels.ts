// Chinese words for the codes the API answers with (indicators, funding components, plan actions, units),
// so the page reads as a report; an unknown code is shown as itself rather than hidden.

/** Short names of B1–B31, for a grid cell or a chart title (the scorecard's `text` is the full wording). */
export const INDICATOR_SHORT: Record<string, string> = {
  B1: '高于规定学历教师数',
  B2: '县级以上骨干教师数',
  B3: '体育、艺术专任教师数',
  B4: '生均教学及辅助用房面积',
  B5: '生均体育运动场馆面积',
  B6: '生均教学仪器设备值',
  B7: '网络多媒体教室数',
  B8: '学校规划布局合理',
  B9: '城乡“四个统一”',
  B10: '音乐、美术专用教室',
  B11: '学校规模',
  B12: '班额',
  B13: '小规模学校按100人核定公用经费',
  B14: '特殊教育学校生均公用经费',
  B15: '教师工资不低于公务员',
  B16: '教师5年360学时培训',
  B17: '统筹分配编制和岗位',
  B18: '教师交流轮岗',
  B19: '教师资格证上岗率',
  B20: '就近划片入学',
  B21: '优质高中招生名额分配',
  B22: '关爱留守儿童、随迁子女就读',
  B23: '初中三年巩固率',
  B24: '残疾儿童少年入学率',
  B25: '学校章程与管理信息化',
  B26: '教师培训经费占公用经费5%',
  B27: '信息化教学与设施利用',
  B28: '德育与校园文化',
  B29: '课程开齐开足',
  B30: '无过重课业负担',
  B31: '国家质量监测学业水平',
};

/** The measure of each B1–B7 value (per unit), as the catalogue states it. */
export const RESOURCE_UNIT_LABELS: Record<string, string> = {
  B1: '人/百名学生',
  B2: '人/百名学生',
  B3: '人/百名学生',
  B4: '平方米/生',
  B5: '平方米/生',
  B6: '元/生',
  B7: '间/百名学生',
};

export const FUNDING_COMPONENT_LABELS: Record<string, string> = {
  base_primary: '小学生均公用经费',
  base_junior: '初中生均公用经费',
  small_school_floor: '不足100人学校按100人核定',
  small_school_tier: '小规模学校分档核定',
  boarding: '寄宿生补助',
  special_education: '特殊教育学校生均公用经费',
  inclusion: '随班就读补足',
  preschool: '学前教育生均公用经费',
  senior: '高中生均公用经费',
};

export const ACTION_LABELS: Record<string, string> = {
  hire_teachers: '增配教师',
  designate_backbone: '认定骨干教师',
  add_teaching_area: '增加教学及辅助用房',
  add_sports_area: '增加体育运动场馆',
  add_equipment: '增加教学仪器设备',
  add_multimedia_classrooms: '增加网络多媒体教室',
  add_music_room: '新建音乐专用教室',
  add_art_room: '新建美术专用教室',
  split_classes: '调整分班',
  relocate_students: '分流学生',
};

export const HIRE_SUBJECT_LABELS: Record<string, string> = { pe: '体育', music: '音乐', art: '美术', other: '其他学科' };

/** Units of a plan action's quantity and of a B1–B7 shortfall. */
export const QUANTITY_UNIT_LABELS: Record<string, string> = {
  teachers: '人',
  m2: '平方米',
  yuan: '元',
  classrooms: '间',
  rooms: '间',
  classes: '个班',
  students: '名学生',
};

export const POLICY_SOURCE_LABELS: Record<string, string> = {
  default: '本县默认政策',
  assigned: '为本年度指定的政策',
  override: '请求中临时指定的政策',
};

export const label = (labels: Record<string, string>, code: string): string => labels[code] ?? code;

export const KIND_LABELS: Record<string, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  teaching_point: '教学点',
  junior: '初中',
  nine_year: '九年一贯制学校',
  twelve_year: '十二年一贯制学校',
  complete_secondary: '完全中学',
  senior: '高中',
  special: '特殊教育学校',
};
