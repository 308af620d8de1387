// Chinese for the API's own words that pages show: what an indicator lacks (`missing`) and why a school is
// not assessed (`excluded[].reason`). The API answers them in English, as every API text; a page is read by
// officials, so each known form is said in Chinese, with school codes given as names where the page knows
// them. An unknown form is shown as the API wrote it rather than hidden.

import { KIND_LABELS } from '../rules/planning/labels-zh.js';

const STAGES: Record<string, string> = { primary: '小学', junior: '初中', preschool: '学前', senior: '高中' };
const stage = (code: string): string => STAGES[code] ?? code;

/** The county facts (docs/domain.md §6) by their API field names. */
const FACTS: Record<string, string> = {
  qualityMonitoring: '国家义务教育质量监测结果',
  teacherAveragePayYuan: '教师平均工资收入',
  civilServantAveragePayYuan: '当地公务员平均工资收入',
  nearbyEnrolmentPrimary: '小学就近划片入学比例',
  nearbyEnrolmentJunior: '初中就近划片入学比例',
  qualityHighSchoolQuota: '优质高中招生名额分配比例',
  migrantChildrenInPublic: '随迁子女在公办学校和政府购买服务的民办学校就读比例',
  juniorConsolidation: '初中三年巩固率',
  disabledEnrolment: '残疾儿童少年入学率',
};

/** The teacher counts a rate is computed from (certification, training, rotation). */
const COUNTS: Record<string, string> = {
  certification: '教师资格持证人数与专任教师数',
  'training completion': '完成培训学时的教师数与专任教师数',
  rotation: '交流轮岗教师数与应交流教师数',
};

/** A school code or assessment unit id (`<code>` or `<code>:<stage>`) as the page names it. */
type NameOf = (schoolCode: string) => string | undefined;

function unitWords(unitId: string, nameOf: NameOf): string {
  const [code = unitId, unitStage] = unitId.split(':');
  const name = nameOf(code) ?? code;
  return unitStage ? `${name}${stage(unitStage)}` : name;
}

/** One entry of an answer's `missing` list in words. */
export function missingWords(item: string, nameOf: NameOf = () => undefined): string {
  let m: RegExpExecArray | null;
  if ((m = /^facts\.declared (\S+)$/.exec(item))) return `县级自评申报（${m[1]}）`;
  if ((m = /^facts\.(\w+)$/.exec(item))) return `县情数据：${FACTS[m[1] ?? ''] ?? m[1]}`;
  if ((m = /^funding (\S+)$/.exec(item))) return `经费测算结果（${m[1]}）`;
  if ((m = /^facilities of (\S+)$/.exec(item))) return `${unitWords(m[1] ?? '', nameOf)}的校舍与设备数据`;
  if ((m = /^classes of (\S+)$/.exec(item))) return `${unitWords(m[1] ?? '', nameOf)}的班级数据`;
  if ((m = /^certified teacher count of (\S+)$/.exec(item))) return `${unitWords(m[1] ?? '', nameOf)}的持证教师数`;
  if ((m = /^assessed (\w+) units$/.exec(item))) return `参评的${stage(m[1] ?? '')}评估单位`;
  if ((m = /^(B\d+) inputs of (\S+)$/.exec(item))) return `${unitWords(m[2] ?? '', nameOf)}计算 ${m[1]} 所需的数据`;
  if ((m = /^(B\d+) of (\S+)$/.exec(item))) return `${unitWords(m[2] ?? '', nameOf)}的 ${m[1]}`;
  if ((m = /^a non-zero (B\d+) mean \(all (\w+) units are 0\)$/.exec(item))) return `${m[1]} 的均值不为零（${stage(m[2] ?? '')}各单位均为 0）`;
  if ((m = /^(.+) \(denominator is 0\)$/.exec(item))) return `${missingWords(m[1] ?? '', nameOf)}（分母为 0）`;
  if ((m = /^([a-z ]+) counts \([a-zA-Z, ]+\)$/.exec(item)) && COUNTS[m[1] ?? '']) return COUNTS[m[1] ?? ''] ?? item;
  if (item === 'students') return '学生数';
  if (item === 'trainingSpendYuan') return '教师培训经费支出';
  return item;
}

/** Why an assessment unit is listed but not assessed, in words. */
export function notAssessedWords(reason: string): string {
  if (reason === '0 students') return '该单位没有学生';
  const m = /^teaching point with (\d+) students, fewer than teachingPointMinStudents (\d+)$/.exec(reason);
  if (m) return `教学点学生 ${m[1]} 人，不足参评所需的 ${m[2]} 人`;
  return reason;
}

/** Why a school takes no part in B1–B7, in words. */
export function exclusionWords(reason: string, kind: string): string {
  if (reason.startsWith('private school')) return '民办学校：本政策不评估民办学校';
  if (reason.startsWith('teaching point')) return '教学点：本政策规定教学点不参评';
  if (reason.endsWith('no compulsory assessment unit')) return `${KIND_LABELS[kind] ?? kind}没有义务教育学段，不设评估单位`;
  return reason;
}
