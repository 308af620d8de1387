// The B1–B31 scorecard of a county-year (docs/domain.md §6, last paragraph).
//
// Status per indicator:
// - B1–B7: met when, in both stages, its cv meets cvMax and every assessed unit reaches floorShare of the
//   standard (the unit 6-of-7 pass rule is reported in resourceAllocation, the county's overall §4 verdict);
// - B10, B11, B12: met only when every school (class) meets it; B16, B18, B19: the county rate;
// - B13, B14, B26: decided by the funding module and passed in; B15, B20–B24, B31: county facts;
// - B8, B9, B17, B25, B27–B30: declared in the county facts.
// Anything that cannot be decided is not_assessable, naming the missing inputs.

import { fromDecimal, fromHundredths, lt } from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import { COMPULSORY_STAGES, type CompulsoryStage } from '../vocabulary.js';
import { catalogueText, INDICATOR_IDS, type IndicatorGroup, type IndicatorId } from './catalogue.js';
import { assessCertification, certificationCountsFromSchools } from './certification.js';
import { assessClassSizes } from './class-size.js';
import type {
  CertificationCounts,
  ComputedIndicatorInput,
  CountyFactsInput,
  RotationCounts,
  SchoolInput,
  TrainingCounts,
} from './inputs.js';
import { allOf, assessRate, type RateResult } from './rate.js';
import { assessResourceAllocation, type ResourceAllocation } from './resource-allocation.js';
import type { ResourceIndicatorId } from './resource.js';
import { assessRotation } from './rotation.js';
import { assessSchoolSizeCounty } from './school-size.js';
import { assessSpecialRoomsCounty } from './special-rooms.js';
import { assessTraining } from './training.js';

export type IndicatorStatus = 'met' | 'not_met' | 'not_assessable';

export interface ScorecardEntry {
  id: IndicatorId;
  group: IndicatorGroup;
  text: string;
  status: IndicatorStatus;
  /** The county figure where one figure is meaningful (a rate, a ratio). */
  value?: number;
  /** Per-stage figures (B20). */
  valueByStage?: { primary: number | null; junior: number | null };
  standard?: number;
  /** Per-stage standards (B1–B7, B12, B20). */
  standardByStage?: { primary: number; junior: number };
  /** Present (non-empty) when status is not_assessable: the inputs that are missing. */
  missing?: string[];
  responsibleUnits: string[];
  rule: string;
  explanation: string;
  detail?: Readonly<Record<string, unknown>>;
}

export interface ScorecardInput {
  schools: readonly SchoolInput[];
  facts?: CountyFactsInput | null;
  /** B16 counts (the service computes completion per teacher like trainingCompleted). */
  training?: TrainingCounts | null;
  /** B18 counts. */
  rotation?: RotationCounts | null;
  /** B19 counts; when absent they are summed from the schools' teacher counts. */
  certification?: CertificationCounts | null;
  /** B13, B14, B26 as decided by the funding module. */
  funding?: { B13?: ComputedIndicatorInput | null; B14?: ComputedIndicatorInput | null; B26?: ComputedIndicatorInput | null } | null;
  /** An already computed B1–B7 assessment of the same schools and policy (saves recomputing it). */
  resourceAllocation?: ResourceAllocation | null;
}

export interface Scorecard {
  indicators: ScorecardEntry[];
  /** The county's overall §4 verdict for B1–B7 together (units pass the 6-of-7 rule and every cv meets). */
  resourceAllocation: {
    primary: boolean | null;
    junior: boolean | null;
    passes: boolean | null;
    explanation: string;
  };
  summary: { met: number; notMet: number; notAssessable: number };
}

interface Decision {
  met: boolean | null;
  missing: string[];
  explanation: string;
  value?: number | null;
  valueByStage?: { primary: number | null; junior: number | null };
  standard?: number;
  standardByStage?: { primary: number; junior: number };
  detail?: Readonly<Record<string, unknown>>;
}

function statusOf(met: boolean | null): IndicatorStatus {
  return met === true ? 'met' : met === false ? 'not_met' : 'not_assessable';
}

function entry(id: IndicatorId, d: Decision): ScorecardEntry {
  const t = catalogueText(id);
  const status = statusOf(d.met);
  const e: ScorecardEntry = {
    id,
    group: t.group,
    text: t.text,
    status,
    responsibleUnits: [...t.responsibleUnits],
    rule: `docs/domain.md ${t.source === 'unit' ? '§3–§4' : t.source === 'declared' || t.source === 'county_fact' ? '§6' : '§5'} ${id}`,
    explanation: d.explanation,
  };
  if (d.value !== undefined && d.value !== null) e.value = d.value;
  if (d.valueByStage !== undefined) e.valueByStage = d.valueByStage;
  if (d.standard !== undefined) e.standard = d.standard;
  if (d.standardByStage !== undefined) e.standardByStage = d.standardByStage;
  if (status === 'not_assessable') e.missing = d.missing.length > 0 ? [...new Set(d.missing)] : ['inputs'];
  if (d.detail !== undefined) e.detail = d.detail;
  return e;
}

function fromRate(r: RateResult): Decision {
  return { met: r.met, missing: r.missing, explanation: r.explanation, value: r.value, standard: r.standard };
}

function resourceDecision(ra: ResourceAllocation, id: ResourceIndicatorId, params: IndicatorParams): Decision {
  const perStage: (boolean | null)[] = [];
  const missing: string[] = [];
  const detail: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const stage of COMPULSORY_STAGES) {
    const s = ra[stage];
    const disp = s.dispersion[id];
    const assessed = s.units.filter((u) => u.assessed);
    const belowFloor: string[] = [];
    const unitFloor: (boolean | null)[] = [];
    for (const u of assessed) {
      const r = u.indicators?.[id];
      const ok = r ? r.atLeastFloor : null;
      unitFloor.push(ok);
      if (ok === false) belowFloor.push(u.unitId);
      if (ok === null) missing.push(...(r?.missing ?? [`${id} of ${u.unitId}`]));
    }
    if (assessed.length === 0) missing.push(`assessed ${stage} units`);
    const verdict = assessed.length === 0 ? null : allOf([disp.met, ...unitFloor]);
    perStage.push(verdict);
    missing.push(...disp.missing);
    detail[stage] = { cv: disp.cv, cvMax: disp.cvMax, cvMet: disp.met, mean: disp.mean, unitsAssessed: assessed.length, unitsBelowFloor: belowFloor };
    parts.push(
      `${stage}: cv ${disp.cv ?? 'n/a'} ${disp.met === true ? '≤' : disp.met === false ? '>' : 'vs'} ${disp.cvMax}` +
        (belowFloor.length > 0 ? `, below ${params.floorShare} of the standard: ${belowFloor.join(', ')}` : ''),
    );
  }
  const met = allOf(perStage);
  return {
    met,
    missing: met === null ? missing : [],
    explanation: `${id}: ${parts.join('; ')}`,
    standardByStage: { primary: params.resourceStandards[id].primary, junior: params.resourceStandards[id].junior },
    detail,
  };
}

function declaredDecision(facts: CountyFactsInput | null | undefined, id: IndicatorId): Decision {
  const list = facts?.declared ?? [];
  let found: { met: boolean; evidence?: string | null } | undefined;
  for (const d of list) if (d.indicatorId === id) found = d; // the last declaration wins
  if (!found) return { met: null, missing: [`facts.declared ${id}`], explanation: `${id}: no declaration` };
  return {
    met: found.met,
    missing: [],
    explanation: `${id}: declared ${found.met ? 'met' : 'not met'}${found.evidence ? ` (${found.evidence})` : ''}`,
    ...(found.evidence ? { detail: { evidence: found.evidence } } : {}),
  };
}

function fundingDecision(f: ComputedIndicatorInput | null | undefined, id: 'B13' | 'B14' | 'B26', standard: number): Decision {
  if (!f) return { met: null, missing: [`funding ${id}`], explanation: `${id}: not computed by the funding module`, standard };
  return { met: f.met, missing: [], explanation: `${id}: ${f.detail}`, value: f.value ?? null, standard };
}

function payDecision(facts: CountyFactsInput | null | undefined, params: IndicatorParams): Decision {
  const teacher = facts?.teacherAveragePayYuan;
  const civil = facts?.civilServantAveragePayYuan;
  const missing: string[] = [];
  if (teacher === undefined || teacher === null) missing.push('facts.teacherAveragePayYuan');
  if (civil === undefined || civil === null) missing.push('facts.civilServantAveragePayYuan');
  if (teacher === undefined || teacher === null || civil === undefined || civil === null) {
    return { met: null, missing, explanation: 'B15: pay figures not given', standard: params.teacherPayRatioMin };
  }
  return fromRate(
    assessRate({
      rule: 'B15 teacher pay / civil-servant pay',
      what: 'facts.civilServantAveragePayYuan',
      numerator: fromHundredths(teacher),
      denominator: fromHundredths(civil),
      standard: params.teacherPayRatioMin,
    }),
  );
}

function ratioDecision(
  r: { numerator: number; denominator: number } | null | undefined,
  field: string,
  id: IndicatorId,
  standard: number,
): Decision {
  return fromRate(assessRate({ rule: id, what: `facts.${field}`, numerator: r?.numerator, denominator: r?.denominator, standard }));
}

function nearbyDecision(facts: CountyFactsInput | null | undefined, params: IndicatorParams): Decision {
  const p = assessRate({
    rule: 'B20 primary',
    what: 'facts.nearbyEnrolmentPrimary',
    numerator: facts?.nearbyEnrolmentPrimary?.numerator,
    denominator: facts?.nearbyEnrolmentPrimary?.denominator,
    standard: params.nearbyEnrolmentMin.primary,
  });
  const j = assessRate({
    rule: 'B20 junior',
    what: 'facts.nearbyEnrolmentJunior',
    numerator: facts?.nearbyEnrolmentJunior?.numerator,
    denominator: facts?.nearbyEnrolmentJunior?.denominator,
    standard: params.nearbyEnrolmentMin.junior,
  });
  const met = allOf([p.met, j.met]);
  return {
    met,
    missing: [...p.missing, ...j.missing],
    explanation: `${p.explanation}; ${j.explanation}`,
    valueByStage: { primary: p.value, junior: j.value },
    standardByStage: { primary: params.nearbyEnrolmentMin.primary, junior: params.nearbyEnrolmentMin.junior },
  };
}

function consolidationDecision(facts: CountyFactsInput | null | undefined, params: IndicatorParams): Decision {
  const c = facts?.juniorConsolidation;
  const base = c ? c.grade7Entrants + c.transfersIn - c.transfersOut - c.deaths : null;
  const r = assessRate({
    rule: 'B23 graduates / (grade-7 entrants + transfers in − transfers out − deaths)',
    what: 'facts.juniorConsolidation',
    numerator: c?.graduates,
    denominator: base !== null && base < 0 ? 0 : base,
    standard: params.juniorConsolidationMin,
  });
  return fromRate(r);
}

function monitoringDecision(facts: CountyFactsInput | null | undefined, params: IndicatorParams): Decision {
  const list = facts?.qualityMonitoring ?? [];
  const { minLevel, varianceShareBelow } = params.qualityMonitoring;
  if (list.length === 0) {
    return { met: null, missing: ['facts.qualityMonitoring'], explanation: 'B31: no national monitoring results', standard: varianceShareBelow };
  }
  const bound = fromDecimal(varianceShareBelow);
  const failing = list.filter((s) => !(s.level >= minLevel && lt(fromDecimal(s.betweenSchoolVarianceShare), bound)));
  const met = failing.length === 0;
  return {
    met,
    missing: [],
    standard: varianceShareBelow,
    explanation:
      `B31: ${list.length} subjects; each needs level ≥ ${minLevel} and between-school variance share < ${varianceShareBelow}` +
      (met ? ': met' : `; failing: ${failing.map((s) => `${s.subject} (level ${s.level}, ${s.betweenSchoolVarianceShare})`).join(', ')}`),
    detail: { subjects: list.map((s) => ({ ...s })), failing: failing.map((s) => s.subject) },
  };
}

/** Build the B1–B31 scorecard of a county-year. */
export function buildScorecard(input: ScorecardInput, params: IndicatorParams): Scorecard {
  const ra = input.resourceAllocation ?? assessResourceAllocation(input.schools, params);
  const facts = input.facts;
  const decisions = new Map<IndicatorId, Decision>();

  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'] as const) decisions.set(id, resourceDecision(ra, id, params));

  const rooms = assessSpecialRoomsCounty(input.schools, params);
  decisions.set('B10', {
    met: rooms.met,
    missing: rooms.missing,
    explanation:
      `B10: ${rooms.schools.length} schools checked${rooms.notMet.length > 0 ? `; not met: ${rooms.notMet.join(', ')}` : ''}`,
    detail: { schools: rooms.schools.length, notMet: rooms.notMet },
  });
  const size = assessSchoolSizeCounty(input.schools, params);
  decisions.set('B11', {
    met: size.met,
    missing: size.missing,
    explanation: `B11: ${size.schools.length} schools checked${size.notMet.length > 0 ? `; over the limit: ${size.notMet.join(', ')}` : ''}`,
    detail: { schools: size.schools.length, notMet: size.notMet },
  });
  const cls = assessClassSizes(input.schools, params);
  decisions.set('B12', {
    met: cls.met,
    missing: cls.missing,
    explanation: cls.explanation,
    value: cls.overLimit,
    standardByStage: { primary: params.classSize.max.primary, junior: params.classSize.max.junior },
    detail: { classes: cls.classes, overLimit: cls.overLimit, large: cls.large, superLarge: cls.superLarge, largeShare: cls.largeShare, superLargeShare: cls.superLargeShare },
  });

  decisions.set('B13', fundingDecision(input.funding?.B13, 'B13', params.smallSchoolFundedStudents));
  decisions.set('B14', fundingDecision(input.funding?.B14, 'B14', params.specialSchoolFundingPerStudentYuan));
  decisions.set('B26', fundingDecision(input.funding?.B26, 'B26', params.trainingBudgetShareMin));

  decisions.set('B15', payDecision(facts, params));
  decisions.set('B16', fromRate(assessTraining(input.training, params)));
  const rot = assessRotation(input.rotation, params);
  decisions.set('B18', {
    met: rot.met,
    missing: rot.missing,
    explanation: rot.explanation,
    value: rot.rotatedShare.value,
    standard: params.rotation.rotatedShareMin,
    detail: { backboneShare: rot.backboneShare.value, backboneShareMin: params.rotation.backboneShareMin },
  });
  let certification = input.certification ?? null;
  let certMissing: string[] = [];
  if (!certification) {
    const derived = certificationCountsFromSchools(input.schools, params);
    certification = derived.counts;
    certMissing = derived.missing;
  }
  const cert = fromRate(assessCertification(certification, params));
  if (cert.met === null && certMissing.length > 0) cert.missing = certMissing;
  decisions.set('B19', cert);

  decisions.set('B20', nearbyDecision(facts, params));
  decisions.set('B21', ratioDecision(facts?.qualityHighSchoolQuota, 'qualityHighSchoolQuota', 'B21', params.qualityHighSchoolQuotaMin));
  decisions.set('B22', ratioDecision(facts?.migrantChildrenInPublic, 'migrantChildrenInPublic', 'B22', params.migrantChildrenInPublicMin));
  decisions.set('B23', consolidationDecision(facts, params));
  decisions.set('B24', ratioDecision(facts?.disabledEnrolment, 'disabledEnrolment', 'B24', params.disabledEnrolmentMin));
  decisions.set('B31', monitoringDecision(facts, params));

  for (const id of ['B8', 'B9', 'B17', 'B25', 'B27', 'B28', 'B29', 'B30'] as const) decisions.set(id, declaredDecision(facts, id));

  const indicators = INDICATOR_IDS.map((id) => {
    const d = decisions.get(id);
    if (!d) throw new Error(`no rule for ${id}`);
    return entry(id, d);
  });
  const stageText = (s: CompulsoryStage): string => ra[s].explanation;
  return {
    indicators,
    resourceAllocation: {
      primary: ra.primary.passes,
      junior: ra.junior.passes,
      passes: ra.passes,
      explanation: `${stageText('primary')}; ${stageText('junior')}`,
    },
    summary: {
      met: indicators.filter((e) => e.status === 'met').length,
      notMet: indicators.filter((e) => e.status === 'not_met').length,
      notAssessable: indicators.filter((e) => e.status === 'not_assessable').length,
    },
  };
}
