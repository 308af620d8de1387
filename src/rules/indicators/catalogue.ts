// The B1–B31 catalogue: 国家县域义务教育优质均衡发展重点指标 as listed in Appendix 1 (附件1) of the seed
// plan, with the responsible units (责任单位) it assigns, and the standards the policy sets.

import type { IndicatorParams } from '../policies/indicator-params.js';

export const INDICATOR_IDS = [
  'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10',
  'B11', 'B12', 'B13', 'B14', 'B15', 'B16', 'B17', 'B18', 'B19', 'B20',
  'B21', 'B22', 'B23', 'B24', 'B25', 'B26', 'B27', 'B28', 'B29', 'B30', 'B31',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export type IndicatorGroup = 'A1' | 'A2' | 'A3';

const GROUP_NAMES: Readonly<Record<IndicatorGroup, string>> = {
  A1: '教育配置标准',
  A2: '政府保障程度',
  A3: '教育教学质量',
};

/** How an indicator is decided. */
export type IndicatorSource =
  | 'unit' // B1–B7: per unit + dispersion
  | 'school' // B10, B11: every school
  | 'class' // B12: every class
  | 'funding' // B13, B14, B26: the funding module
  | 'county_fact' // B15, B20–B24, B31: county facts
  | 'teacher' // B16, B18, B19: county rates over teachers
  | 'declared'; // B8, B9, B17, B25, B27–B30: declared with evidence

export interface CatalogueText {
  id: IndicatorId;
  group: IndicatorGroup;
  text: string;
  responsibleUnits: readonly string[];
  source: IndicatorSource;
}

export interface IndicatorStandard {
  comparison: 'gte' | 'lte' | 'lt' | 'declared';
  /** Per compulsory stage where the standard differs by stage (B1–B7, B12, B20). */
  primary?: number;
  junior?: number;
  /** A single figure (B14 6000 yuan, B16 1 = 100 %, B18 0.1, …). */
  value?: number;
  /** Per school kind (B11). */
  byKind?: Readonly<Record<string, number>>;
  unit: string;
  note?: string;
}

export interface CatalogueEntry extends CatalogueText {
  groupName: string;
  standard: IndicatorStandard | null;
}

function units(s: string): readonly string[] {
  return s
    .split(/[、，,\n]/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** Texts and responsible units, transcribed from 附件1 of the seed plan. */
const INDICATOR_TEXTS: readonly CatalogueText[] = [
  { id: 'B1', group: 'A1', source: 'unit', text: '每百名学生拥有高于规定学历教师数：小学、初中分别达到4.2人以上、5.3人以上', responsibleUnits: units('县委组织部、县教育局') },
  { id: 'B2', group: 'A1', source: 'unit', text: '每百名学生拥有县（市）级以上骨干教师数：小学、初中均达到1人以上', responsibleUnits: units('县委组织部、县教育局') },
  { id: 'B3', group: 'A1', source: 'unit', text: '每百名学生拥有体育、艺术（美术、音乐）专任教师数：小学、初中均达到0.9人以上', responsibleUnits: units('县委组织部、县委编办、县教育局') },
  { id: 'B4', group: 'A1', source: 'unit', text: '生均教学及辅助用房面积：小学、初中分别达到4.5平方米以上、5.8平方米以上', responsibleUnits: units('县发改局、县财政局、县自然资源局、县住建局、县教育局') },
  { id: 'B5', group: 'A1', source: 'unit', text: '生均体育运动场馆面积：小学、初中分别达到7.5平方米以上、10.2平方米以上', responsibleUnits: units('县发改局、县财政局、县自然资源局、县住建局、县教育局') },
  { id: 'B6', group: 'A1', source: 'unit', text: '生均教学仪器设备值：小学、初中分别达到2000元以上、2500元以上', responsibleUnits: units('县财政局、县教育局') },
  { id: 'B7', group: 'A1', source: 'unit', text: '每百名学生拥有网络多媒体教室数。小学、初中分别达到2.3间以上、2.4间以上', responsibleUnits: units('县科工商务局、县财政局、县教育局') },
  { id: 'B8', group: 'A2', source: 'declared', text: '义务教育学校规划布局合理，符合国家规定要求', responsibleUnits: units('县发改局、县财政局、县自然资源局、县住建局、县教育局') },
  { id: 'B9', group: 'A2', source: 'declared', text: '城乡义务教育学校建设标准统一、教师编制标准统一、生均公用经费基准定额统一、基本装备配置标准统一', responsibleUnits: units('县委编办、县发改局、县财政局、县自然资源局、县住建局、县教育局') },
  { id: 'B10', group: 'A2', source: 'school', text: '所有小学、初中每12个班级配备音乐、美术专用教室1间以上；其中，每间音乐专用教室面积不小于96平方米，每间美术专用教室面积不小于90平方米', responsibleUnits: units('县发改局、县财政局、县自然资源局、县住建局、县教育局') },
  { id: 'B11', group: 'A2', source: 'school', text: '所有小学、初中规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段规模不超过2500人', responsibleUnits: units('县发改局、县财政局、县自然资源局、县住建局、县教育局') },
  { id: 'B12', group: 'A2', source: 'class', text: '小学、初中所有班级学生数分别不超过45人、50人', responsibleUnits: units('县教育局') },
  { id: 'B13', group: 'A2', source: 'funding', text: '不足100名学生的农村小学和教学点按100名学生核定公用经费', responsibleUnits: units('县财政局、县教育局') },
  { id: 'B14', group: 'A2', source: 'funding', text: '特殊教育学校生均公用经费不低于6000元', responsibleUnits: units('县财政局、县卫健局、县教育局、县残联') },
  { id: 'B15', group: 'A2', source: 'county_fact', text: '义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平，按规定足额核定教师绩效工资总量', responsibleUnits: units('县委组织部、县财政局、县教育局') },
  { id: 'B16', group: 'A2', source: 'teacher', text: '教师5年360学时培训完成率达到100%', responsibleUnits: units('县委组织部、县教育局') },
  { id: 'B17', group: 'A2', source: 'declared', text: '教育行政部门在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量', responsibleUnits: units('县委编办、县委组织部、县教育局') },
  { id: 'B18', group: 'A2', source: 'teacher', text: '每年交流轮岗教师的比例不低于符合交流条件教师总数的10%；其中，骨干教师不低于交流轮岗教师总数的20%', responsibleUnits: units('县委组织部、县委编办、县教育局') },
  { id: 'B19', group: 'A2', source: 'teacher', text: '专任教师持有教师资格证上岗率达到100%', responsibleUnits: units('县教育局') },
  { id: 'B20', group: 'A2', source: 'county_fact', text: '城区和镇区公办小学、初中（均不含寄宿制学校）就近划片入学比例分别达到100%、95%以上', responsibleUnits: units('县教育局') },
  { id: 'B21', group: 'A2', source: 'county_fact', text: '全县优质高中招生名额分配比例不低于50%', responsibleUnits: units('县教育局') },
  { id: 'B22', group: 'A2', source: 'county_fact', text: '留守儿童关爱体系健全，符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于85%', responsibleUnits: units('县民政局、县教育局、县妇联、县残联、团县委') },
  { id: 'B23', group: 'A3', source: 'county_fact', text: '全县初中三年巩固率达到95%以上', responsibleUnits: units('县公安局、县教育局、各乡镇') },
  { id: 'B24', group: 'A3', source: 'county_fact', text: '全县残疾儿童少年入学率达到95%以上', responsibleUnits: units('县民政局、县卫健局、县教育局、县残联，各乡镇') },
  { id: 'B25', group: 'A3', source: 'declared', text: '所有学校制定章程，实现学校管理与教学信息化', responsibleUnits: units('县教育局、县司法局') },
  { id: 'B26', group: 'A3', source: 'funding', text: '所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费', responsibleUnits: units('县财政局、县教育局') },
  { id: 'B27', group: 'A3', source: 'declared', text: '教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平', responsibleUnits: units('县教育局') },
  { id: 'B28', group: 'A3', source: 'declared', text: '所有学校德育工作、校园文化建设水平达到良好以上', responsibleUnits: units('县委宣传部，县教育局') },
  { id: 'B29', group: 'A3', source: 'declared', text: '课程开齐开足，教学秩序规范，综合实践活动有效开展', responsibleUnits: units('县委宣传部，县文化广电旅游体育局、县教育局') },
  { id: 'B30', group: 'A3', source: 'declared', text: '无过重课业负担', responsibleUnits: units('县委宣传部、县委网信办、县委教育工委、县市场监督管理局、县科工商务局、县文化广电旅游体育局、县教育局') },
  { id: 'B31', group: 'A3', source: 'county_fact', text: '在国家义务教育质量监测中，学校相关科目学生学业水平达到Ⅲ级以上，且校际间差异率低于0.15', responsibleUnits: units('县教育局') },
];

const RESOURCE_UNITS: Readonly<Record<'B1' | 'B2' | 'B3' | 'B4' | 'B5' | 'B6' | 'B7', string>> = {
  B1: '人/百名学生',
  B2: '人/百名学生',
  B3: '人/百名学生',
  B4: '平方米/生',
  B5: '平方米/生',
  B6: '元/生',
  B7: '间/百名学生',
};

/** The standard an indicator has under a policy; null for declared indicators. */
function indicatorStandard(id: IndicatorId, params: IndicatorParams): IndicatorStandard | null {
  switch (id) {
    case 'B1':
    case 'B2':
    case 'B3':
    case 'B4':
    case 'B5':
    case 'B6':
    case 'B7':
      return {
        comparison: 'gte',
        primary: params.resourceStandards[id].primary,
        junior: params.resourceStandards[id].junior,
        unit: RESOURCE_UNITS[id],
        note: `cv ≤ ${params.cvMax.primary} (primary), ${params.cvMax.junior} (junior); every unit ≥ ${params.floorShare} of the standard`,
      };
    case 'B10':
      return {
        comparison: 'gte',
        value: params.specialRooms.classesPerRoom,
        unit: '班/间',
        note: `1 music and 1 art room per ${params.specialRooms.classesPerRoom} classes; music ≥ ${params.specialRooms.musicRoomMinAreaM2} m², art ≥ ${params.specialRooms.artRoomMinAreaM2} m²`,
      };
    case 'B11':
      return { comparison: 'lte', byKind: { ...params.schoolSizeMax }, unit: '人' };
    case 'B12':
      return {
        comparison: 'lte',
        primary: params.classSize.max.primary,
        junior: params.classSize.max.junior,
        unit: '人/班',
        note: `大班额 ≥ ${params.classSize.largeMin}, 超大班额 ≥ ${params.classSize.superLargeMin}`,
      };
    case 'B13':
      return { comparison: 'gte', value: params.smallSchoolFundedStudents, unit: '人', note: 'rural primary schools and teaching points under this many students are funded as this many' };
    case 'B14':
      return { comparison: 'gte', value: params.specialSchoolFundingPerStudentYuan, unit: '元/生' };
    case 'B15':
      return { comparison: 'gte', value: params.teacherPayRatioMin, unit: 'teacher pay / civil-servant pay' };
    case 'B16':
      return {
        comparison: 'gte',
        value: params.training.completionRateMin,
        unit: 'share',
        note: `${params.training.hoursPerYear} hours × recorded years over ${params.training.windowYears} years`,
      };
    case 'B18':
      return {
        comparison: 'gte',
        value: params.rotation.rotatedShareMin,
        unit: 'share',
        note: `backbone teachers ≥ ${params.rotation.backboneShareMin} of the rotated; tenure rule ${params.rotation.tenureYears} years`,
      };
    case 'B19':
      return { comparison: 'gte', value: params.certificationRateMin, unit: 'share' };
    case 'B20':
      return { comparison: 'gte', primary: params.nearbyEnrolmentMin.primary, junior: params.nearbyEnrolmentMin.junior, unit: 'share' };
    case 'B21':
      return { comparison: 'gte', value: params.qualityHighSchoolQuotaMin, unit: 'share' };
    case 'B22':
      return { comparison: 'gte', value: params.migrantChildrenInPublicMin, unit: 'share' };
    case 'B23':
      return { comparison: 'gte', value: params.juniorConsolidationMin, unit: 'share' };
    case 'B24':
      return { comparison: 'gte', value: params.disabledEnrolmentMin, unit: 'share' };
    case 'B26':
      return { comparison: 'gte', value: params.trainingBudgetShareMin, unit: 'share of the public-funding budget' };
    case 'B31':
      return {
        comparison: 'lt',
        value: params.qualityMonitoring.varianceShareBelow,
        unit: 'between-school variance share',
        note: `every subject at level ≥ ${params.qualityMonitoring.minLevel} (III)`,
      };
    case 'B8':
    case 'B9':
    case 'B17':
    case 'B25':
    case 'B27':
    case 'B28':
    case 'B29':
    case 'B30':
      return null;
  }
}

/** The catalogue under a policy (GET /v1/indicators). */
export function indicatorCatalogue(params: IndicatorParams): CatalogueEntry[] {
  return INDICATOR_TEXTS.map((t) => ({
    ...t,
    responsibleUnits: [...t.responsibleUnits],
    groupName: GROUP_NAMES[t.group],
    standard: indicatorStandard(t.id, params),
  }));
}

/** Text and responsible units of one indicator. */
export function catalogueText(id: IndicatorId): CatalogueText {
  const found = INDICATOR_TEXTS.find((t) => t.id === id);
  if (!found) throw new Error(`unknown indicator ${id}`);
  return found;
}
