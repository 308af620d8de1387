// B1–B7 of a county-year (docs/domain.md §2–§4): the rules' units, per-unit results, dispersion and verdicts,
// with the inputs of every figure (teacher counts after the policy, facilities before and after the
// apportionment of a multi-stage school, the share taken) so an analyst can recompute each one.

import type { Queryable } from '../../db/connection.js';
import { toNumber, type Rational } from '../../rules/exact.js';
import {
  RESOURCE_INDICATOR_IDS,
  assessResourceUnits,
  resourceScale,
  type AssessmentUnit,
  type DispersionResult,
  type ExcludedSchool,
  type FacilitiesInput,
  type ResourceIndicatorId,
  type ResourceIndicatorResult,
  type SchoolInput,
  type StageResourceAllocation,
  type UnitFacilities,
  type UnitResourceResult,
} from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import { COMPULSORY_STAGES, STAGES, type CompulsoryStage } from '../../rules/vocabulary.js';
import type {
  AllocationUnitT,
  DispersionT,
  ResourceAllocationT,
  ResourceIndicatorT,
  StageAllocationT,
} from '../../schemas/indicators.js';
import { countyYearContext, countyYearContexts, type CountyYearContext, answerHeader } from './context.js';
import { assertHasClasses, loadIndicatorInputs, loadIndicatorInputsOfCounties, type IndicatorInputs, type SchoolMeta } from './inputs.js';

export interface Allocation {
  units: AssessmentUnit[];
  excluded: ExcludedSchool[];
  stages: Record<CompulsoryStage, StageResourceAllocation>;
  passes: boolean | null;
}

/** The rules' B1–B7 assessment, keeping the units so their inputs can be shown. */
export function computeAllocation(schools: readonly SchoolInput[], params: IndicatorParams): Allocation {
  const { units, allocation } = assessResourceUnits(schools, params);
  const { primary, junior, excluded, passes } = allocation;
  return { units, excluded, stages: { primary, junior }, passes };
}

const shareText = (r: Rational): string => (r.d === 1n ? String(r.n) : `${r.n}/${r.d}`);

function facilityFigures(f: UnitFacilities) {
  return {
    teachingAreaM2: toNumber(f.teachingAreaM2, 4),
    indoorSportsAreaM2: toNumber(f.indoorSportsAreaM2, 4),
    sportsAreaM2: toNumber(f.sportsAreaM2, 4),
    equipmentValueYuan: toNumber(f.equipmentValueYuan, 4),
    multimediaClassrooms: toNumber(f.multimediaClassrooms, 4),
  };
}

function schoolFacilityFigures(f: FacilitiesInput | null) {
  if (f === null) return null;
  return {
    teachingAreaM2: f.teachingAreaM2,
    indoorSportsAreaM2: f.indoorSportsAreaM2 ?? 0,
    sportsAreaM2: f.sportsAreaM2,
    equipmentValueYuan: f.equipmentValueYuan,
    multimediaClassrooms: f.multimediaClassrooms,
  };
}

function indicatorJson(r: ResourceIndicatorResult): ResourceIndicatorT {
  return {
    rule: r.rule,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    scale: r.scale,
    standard: r.standard,
    floor: r.floor,
    met: r.met,
    atLeastFloor: r.atLeastFloor,
    ratioToStandard: r.ratioToStandard,
    shortfall: r.shortfall,
    missing: r.missing,
    explanation: r.explanation,
  };
}

export interface SchoolLookup {
  meta: ReadonlyMap<string, SchoolMeta>;
  inputs: ReadonlyMap<string, SchoolInput>;
}

const nameOf = (lookup: SchoolLookup, code: string): string => lookup.meta.get(code)?.name ?? '';

/** One unit with its results and the inputs they were computed from. */
export function unitJson(unit: AssessmentUnit, result: UnitResourceResult, lookup: SchoolLookup): AllocationUnitT {
  let indicators: AllocationUnitT['indicators'] = null;
  if (result.indicators) {
    const map = {} as Record<ResourceIndicatorId, ResourceIndicatorT>;
    for (const id of RESOURCE_INDICATOR_IDS) map[id] = indicatorJson(result.indicators[id]);
    indicators = map;
  }
  const out: AllocationUnitT = {
    unitId: result.unitId,
    schoolCode: result.schoolCode,
    schoolName: nameOf(lookup, result.schoolCode),
    kind: result.kind,
    stage: result.stage,
    students: result.students,
    classes: unit.classes,
    assessed: result.assessed,
    memberSchools: result.memberSchools,
    indicators,
    metCount: result.metCount,
    belowFloor: result.belowFloor,
    passes: result.passes,
    missing: result.missing,
    explanation: result.explanation,
    inputs: {
      teachers: {
        fullTime: unit.teachers.fullTime,
        qualified: unit.teachers.qualified,
        backbone: unit.teachers.backbone,
        artsPe: unit.teachers.artsPe,
        certified: unit.teachers.certified,
      },
      facilities: unit.facilities === null ? null : facilityFigures(unit.facilities),
      contributions: unit.contributions.map((c) => {
        const school = lookup.inputs.get(c.schoolCode);
        const schoolStudents: Record<string, number> = {};
        for (const s of STAGES) {
          const st = school?.stages[s];
          if (st && st.students > 0) schoolStudents[s] = st.students;
        }
        return {
          schoolCode: c.schoolCode,
          schoolName: nameOf(lookup, c.schoolCode),
          kind: c.kind,
          students: c.students,
          facilityShare: toNumber(c.facilityShare, 6),
          facilityShareExact: shareText(c.facilityShare),
          schoolStudents,
          schoolFacilities: schoolFacilityFigures(school?.facilities ?? null),
        };
      }),
    },
  };
  if (result.notAssessedReason !== undefined) out.notAssessedReason = result.notAssessedReason;
  return out;
}

/** A dispersion figure as answered, with its total so that mean = total / students can be checked by hand. */
export function dispersionJson(d: DispersionResult): DispersionT {
  return {
    rule: d.rule,
    units: d.units,
    students: d.students,
    total: d.total,
    scale: Number(resourceScale(d.id)),
    mean: d.mean,
    sd: d.sd,
    cv: d.cv,
    max: d.cvMax,
    met: d.met,
    missing: d.missing,
    explanation: d.explanation,
  };
}

export function stageJson(s: StageResourceAllocation): StageAllocationT {
  const dispersion = {} as StageAllocationT['dispersion'];
  for (const id of RESOURCE_INDICATOR_IDS) dispersion[id] = dispersionJson(s.dispersion[id]);
  return {
    stage: s.stage,
    dispersion,
    composite: { cv: s.composite.cv, max: s.composite.max, met: s.composite.met, explanation: s.composite.explanation },
    units: s.units.length,
    unitsAssessed: s.unitsAssessed,
    schoolsPassing: s.schoolsPassing,
    passes: s.passes,
    missing: s.missing,
    explanation: s.explanation,
  };
}

export function unitsJson(allocation: Allocation, stages: readonly CompulsoryStage[], lookup: SchoolLookup): AllocationUnitT[] {
  const byId = new Map(allocation.units.map((u) => [u.unitId, u]));
  const out: AllocationUnitT[] = [];
  for (const stage of stages) {
    for (const r of allocation.stages[stage].units) out.push(unitJson(byId.get(r.unitId) as AssessmentUnit, r, lookup));
  }
  return out;
}

export function lookupOf(schools: readonly SchoolInput[], meta: ReadonlyMap<string, SchoolMeta>): SchoolLookup {
  return { meta, inputs: new Map(schools.map((s) => [s.schoolCode, s])) };
}

/** GET /v1/counties/{countyCode}/years/{year}/resource-allocation */
export async function resourceAllocation(
  db: Queryable,
  countyCode: string,
  year: number,
  options: { stage?: CompulsoryStage | undefined; policyId?: string | undefined } = {},
): Promise<ResourceAllocationT> {
  const ctx = await countyYearContext(db, countyCode, year, options.policyId);
  const inputs = await loadIndicatorInputs(db, countyCode, year, { policy: ctx.profile.indicators, rooms: false });
  assertHasClasses(inputs, `county ${countyCode}`);
  return allocationAnswer(ctx, inputs, options.stage);
}

export interface ResourceAllocations {
  /** One answer per county with classes in the year, in the order asked; each is `resourceAllocation`'s. */
  counties: ResourceAllocationT[];
  /** Counties asked for that are unknown or have no classes in the year. */
  withoutData: string[];
}

/**
 * Resource allocation of many counties of a year (a whole province) in one pass: three queries for the
 * contexts and, per distinct policy, the four input queries for all its counties at once (one scan of
 * each table instead of a few index probes per county); then the rules, one county at a time. The
 * answers are handed over one by one, in the order asked (null for a county without data), so that a
 * caller that writes them out never holds the province's answers at once.
 */
export async function* eachResourceAllocation(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  options: { stage?: CompulsoryStage | undefined; policyId?: string | undefined } = {},
): AsyncGenerator<{ countyCode: string; answer: ResourceAllocationT | null }> {
  const contexts = await countyYearContexts(db, countyCodes, year, options.policyId);
  const byPolicy = new Map<IndicatorParams, string[]>();
  for (const c of countyCodes) {
    const ctx = contexts.get(c);
    if (!ctx) continue;
    const group = byPolicy.get(ctx.profile.indicators);
    if (group) group.push(c);
    else byPolicy.set(ctx.profile.indicators, [c]);
  }
  const inputs = new Map<string, IndicatorInputs>();
  for (const [params, group] of byPolicy) {
    for (const [c, i] of await loadIndicatorInputsOfCounties(db, group, year, { policy: params, rooms: false })) inputs.set(c, i);
  }
  for (const c of countyCodes) {
    const ctx = contexts.get(c);
    const i = inputs.get(c);
    inputs.delete(c);
    yield { countyCode: c, answer: !ctx || !i || i.classCount === 0 ? null : allocationAnswer(ctx, i, options.stage) };
  }
}

/** `eachResourceAllocation`, collected. */
export async function resourceAllocations(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  options: { stage?: CompulsoryStage | undefined; policyId?: string | undefined } = {},
): Promise<ResourceAllocations> {
  const answers: ResourceAllocationT[] = [];
  const withoutData: string[] = [];
  for await (const { countyCode, answer } of eachResourceAllocation(db, countyCodes, year, options)) {
    if (answer === null) withoutData.push(countyCode);
    else answers.push(answer);
  }
  return { counties: answers, withoutData };
}

function allocationAnswer(ctx: CountyYearContext, inputs: IndicatorInputs, stage: CompulsoryStage | undefined): ResourceAllocationT {
  const options = { stage };
  const params = ctx.profile.indicators;
  const allocation = computeAllocation(inputs.schools, params);
  const lookup = lookupOf(inputs.schools, inputs.meta);
  const stages: readonly CompulsoryStage[] = options.stage ? [options.stage] : COMPULSORY_STAGES;
  const stageBlocks: ResourceAllocationT['stages'] = {};
  for (const s of stages) stageBlocks[s] = stageJson(allocation.stages[s]);

  const chosen = stages.map((s) => allocation.stages[s]);
  const passes = options.stage ? allocation.stages[options.stage].passes : allocation.passes;
  const answer: ResourceAllocationT = {
    ...answerHeader(ctx),
    units: unitsJson(allocation, stages, lookup),
    unitsAssessed: chosen.reduce((a, s) => a + s.unitsAssessed, 0),
    schoolsPassing: chosen.reduce((a, s) => a + s.schoolsPassing, 0),
    passes,
    stages: stageBlocks,
    excluded: allocation.excluded.map((e) => ({ schoolCode: e.schoolCode, schoolName: nameOf(lookup, e.schoolCode), kind: e.kind, reason: e.reason })),
    explanation: chosen.map((s) => s.explanation).join('; '),
  };
  if (options.stage) {
    const block = stageBlocks[options.stage] as StageAllocationT;
    answer.stage = options.stage;
    answer.dispersion = block.dispersion;
    answer.composite = block.composite;
  }
  return answer;
}

/** CSV columns of the resource allocation: one row per unit, stable names. */
export const ALLOCATION_CSV_COLUMNS: readonly string[] = [
  'countyCode',
  'year',
  'policyId',
  'unitId',
  'schoolCode',
  'schoolName',
  'kind',
  'stage',
  'students',
  'classes',
  'assessed',
  'facilityShare',
  ...RESOURCE_INDICATOR_IDS.flatMap((id) => [`${id}_value`, `${id}_numerator`, `${id}_denominator`, `${id}_standard`, `${id}_met`]),
  'metCount',
  'passes',
  'notAssessedReason',
  // what a failing unit lacks: each standard's floor and the shortfall to the standard (in the indicator's
  // unit: teachers, m², yuan or classrooms), and the indicators below their floor
  ...RESOURCE_INDICATOR_IDS.flatMap((id) => [`${id}_floor`, `${id}_shortfall`]),
  'belowFloor',
];

/**
 * A verdict as a cell: a boolean (the CSV writer spells it out as true / false, a workbook keeps a boolean
 * cell), or null, an empty cell, when missing inputs leave it undecided.
 */
export const csvBool = (b: boolean | null | undefined): boolean | null => b ?? null;

export function allocationCsvRows(answer: ResourceAllocationT): Record<string, unknown>[] {
  return answer.units.map((u) => {
    const row: Record<string, unknown> = {
      countyCode: answer.countyCode,
      year: answer.year,
      policyId: answer.policyId,
      unitId: u.unitId,
      schoolCode: u.schoolCode,
      schoolName: u.schoolName,
      kind: u.kind,
      stage: u.stage,
      students: u.students,
      classes: u.classes,
      assessed: csvBool(u.assessed),
      facilityShare: u.inputs.contributions.find((c) => c.schoolCode === u.schoolCode)?.facilityShare ?? null,
      metCount: u.metCount,
      passes: csvBool(u.passes),
      notAssessedReason: u.notAssessedReason ?? null,
      belowFloor: u.belowFloor,
    };
    for (const id of RESOURCE_INDICATOR_IDS) {
      const r = u.indicators?.[id];
      row[`${id}_value`] = r?.value ?? null;
      row[`${id}_numerator`] = r?.numerator ?? null;
      row[`${id}_denominator`] = r?.denominator ?? null;
      row[`${id}_standard`] = r?.standard ?? null;
      row[`${id}_met`] = csvBool(r?.met);
      row[`${id}_floor`] = r?.floor ?? null;
      row[`${id}_shortfall`] = r?.shortfall?.toStandard ?? null;
    }
    return row;
  });
}
