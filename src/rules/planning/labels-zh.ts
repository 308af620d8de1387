// Chinese words for the codes of the indicators and the plan, shared by the plan's Chinese reasons
// (reason-zh.ts) and the county report page (src/pages/county-report/labels.ts re-exports them), so an
// indicator reads the same in the reason column and everywhere else on the page.

/** Short names of B1–B31, for a grid cell, a chart title or a reason (the scorecard's `text` is the full wording). */
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

/**
 * The measure written after a B1–B7 figure in a sentence: the short names of B4–B6 already say 生均
 * (per student), so "生均体育运动场馆面积 6.2388 平方米" rather than "… 平方米/生".
 */
export const RESOURCE_FIGURE_UNITS: Record<string, string> = {
  ...RESOURCE_UNIT_LABELS,
  B4: '平方米',
  B5: '平方米',
  B6: '元',
};

export const HIRE_SUBJECT_LABELS: Record<string, string> = { pe: '体育', music: '音乐', art: '美术', other: '其他学科' };

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

/** Education levels (docs/domain.md §3.1), as a qualification is written: "专科及以上学历". */
export const EDUCATION_LABELS: Record<string, string> = {
  below_secondary: '中专以下',
  secondary: '中专（高中）',
  associate: '专科',
  bachelor: '本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

export const COMPULSORY_STAGE_LABELS: Record<string, string> = { primary: '小学', junior: '初中' };
