// Short Chinese names of B1–B31 for headings, table rows and chart legends; the full wording of each
// indicator (附件1) comes with the answers (`text`) and is shown beside the short name where there is room.

const SHORT_NAMES: Readonly<Record<string, string>> = {
  B1: '高于规定学历教师数',
  B2: '县级以上骨干教师数',
  B3: '体育、艺术专任教师数',
  B4: '生均教学及辅助用房面积',
  B5: '生均体育运动场馆面积',
  B6: '生均教学仪器设备值',
  B7: '网络多媒体教室数',
  B8: '学校规划布局合理',
  B9: '城乡学校“四统一”',
  B10: '音乐、美术专用教室',
  B11: '学校规模',
  B12: '班额',
  B13: '不足百人学校按百人核定公用经费',
  B14: '特殊教育学校生均公用经费',
  B15: '教师工资不低于公务员',
  B16: '教师5年360学时培训完成率',
  B17: '统筹分配教职工编制和岗位',
  B18: '教师交流轮岗比例',
  B19: '教师资格证持证上岗率',
  B20: '就近划片入学比例',
  B21: '优质高中招生名额分配比例',
  B22: '随迁子女在公办学校就读比例',
  B23: '初中三年巩固率',
  B24: '残疾儿童少年入学率',
  B25: '学校章程与管理信息化',
  B26: '教师培训经费不低于公用经费5%',
  B27: '信息化教学与设施利用',
  B28: '德育与校园文化',
  B29: '课程开齐开足',
  B30: '无过重课业负担',
  B31: '质量监测学业水平与校际差异',
};

/** "B5 生均体育运动场馆面积"; an id without a short name is shown as it is. */
export const indicatorName = (id: string): string => (SHORT_NAMES[id] ? `${id} ${SHORT_NAMES[id]}` : id);

/** The short name alone (for a chart's legend, where the id is already in the label). */
export const shortName = (id: string): string => SHORT_NAMES[id] ?? id;

/** What B1–B7 are measured in, for tables of values against their standard. */
export const RESOURCE_UNITS: Readonly<Record<string, string>> = {
  B1: '人/百名学生',
  B2: '人/百名学生',
  B3: '人/百名学生',
  B4: '平方米/生',
  B5: '平方米/生',
  B6: '元/生',
  B7: '间/百名学生',
};
