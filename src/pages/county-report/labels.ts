// Chinese words for the codes the API answers with (indicators, funding components, plan actions, units),
// so the page reads as a report; an unknown code is shown as itself rather than hidden. The words the plan's
// Chinese reasons use too live with them in the rules, so both say the same.

export { HIRE_SUBJECT_LABELS, INDICATOR_SHORT, KIND_LABELS, RESOURCE_UNIT_LABELS } from '../../rules/planning/labels-zh.js';

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
