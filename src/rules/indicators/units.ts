// Assessment units for B1–B7 (docs/domain.md §2): one unit per compulsory stage a public school teaches.

import { EDUCATION_LEVELS, STAGES, type CompulsoryStage, type SchoolKind, type Stage } from '../vocabulary.js';
import { add, div, fromHundredths, mul, ONE, q, ZERO, type Rational } from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { FacilitiesInput, SchoolInput, TeacherCounts } from './inputs.js';

/** Which compulsory stages a school kind contributes a unit for (special, kindergarten, senior: none). */
export const UNIT_STAGES_BY_KIND: Readonly<Record<SchoolKind, readonly CompulsoryStage[]>> = {
  kindergarten: [],
  primary: ['primary'],
  teaching_point: ['primary'],
  junior: ['junior'],
  nine_year: ['primary', 'junior'],
  twelve_year: ['primary', 'junior'],
  complete_secondary: ['junior'],
  senior: [],
  special: [],
};

/** Teacher counts of a unit after the policy has been applied; null = the input was not given. */
export interface UnitTeachers {
  fullTime: number;
  qualified: number | null;
  backbone: number | null;
  artsPe: number | null;
  certified: number | null;
}

/** A unit's share of facility totals (exact; a multi-stage school's totals are apportioned). */
export interface UnitFacilities {
  teachingAreaM2: Rational;
  indoorSportsAreaM2: Rational;
  sportsAreaM2: Rational;
  equipmentValueYuan: Rational;
  multimediaClassrooms: Rational;
}

/** One school's contribution to a unit (more than one when teaching points are merged). */
export interface UnitContribution {
  schoolCode: string;
  kind: SchoolKind;
  students: number;
  /** Share of that school's facility totals taken by this stage (1 for a single-stage school). */
  facilityShare: Rational;
}

export interface AssessmentUnit {
  /** `${schoolCode}:${stage}` */
  unitId: string;
  schoolCode: string;
  kind: SchoolKind;
  stage: CompulsoryStage;
  students: number;
  classes: number;
  teachers: UnitTeachers;
  /** null when a contributing school has no facilities record. */
  facilities: UnitFacilities | null;
  contributions: UnitContribution[];
  /** false: listed but left out of the pass count and of dispersion (0 students, small teaching point). */
  assessed: boolean;
  notAssessedReason?: string;
  /** Inputs that are missing (named), e.g. "facilities of 2144000001". */
  missing: string[];
  explanation: string;
}

export interface ExcludedSchool {
  schoolCode: string;
  kind: SchoolKind;
  reason: string;
}

export interface AssessmentUnits {
  units: AssessmentUnit[];
  excluded: ExcludedSchool[];
}

/**
 * Whether the school can have a B1–B7 assessment unit (§2: public only unless assessPrivateSchools). The
 * other school and teacher indicators (B10, B11, B12, B16, B18, B19) count private schools as well.
 */
function inAssessmentScope(school: Pick<SchoolInput, 'ownership'>, params: IndicatorParams): boolean {
  return school.ownership === 'public' || params.assessPrivateSchools;
}

/**
 * Share of a school's facility totals per stage: students × apportionWeights[stage] over the school's
 * weighted students. 166 primary + 210 junior with weights 1 / 1.1 → primary 166/397, junior 231/397.
 * A school with no weighted students gives every stage 0.
 */
export function facilityShares(
  stages: SchoolInput['stages'],
  weights: IndicatorParams['apportionWeights'],
): Record<Stage, Rational> {
  // One stage with weighted students (most schools): it takes everything, exactly 1, with no arithmetic.
  let only: Stage | null = null;
  let count = 0;
  for (const s of STAGES) {
    if ((stages[s]?.students ?? 0) > 0 && weights[s] > 0) {
      only = s;
      count++;
    }
  }
  if (count <= 1) {
    const out = {} as Record<Stage, Rational>;
    for (const s of STAGES) out[s] = s === only ? ONE : ZERO;
    return out;
  }
  const weighted = {} as Record<Stage, Rational>;
  let total: Rational = ZERO;
  for (const s of STAGES) {
    const w = mul(stages[s]?.students ?? 0, weights[s]);
    weighted[s] = w;
    total = add(total, w);
  }
  const out = {} as Record<Stage, Rational>;
  for (const s of STAGES) out[s] = total.n === 0n ? ZERO : div(weighted[s], total);
  return out;
}

/** Apply the policy to one stage's teacher counts (B1 qualified level, B2 backbone levels, B3 subjects). */
export function resolveTeachers(
  t: TeacherCounts | null | undefined,
  stage: CompulsoryStage,
  params: IndicatorParams,
): UnitTeachers {
  if (!t) return { fullTime: 0, qualified: 0, backbone: 0, artsPe: 0, certified: 0 };
  let qualified: number | null = t.qualified ?? null;
  if (t.byEducation) {
    const min = EDUCATION_LEVELS.indexOf(params.qualifiedEducationMin[stage]);
    qualified = 0;
    for (const [i, level] of EDUCATION_LEVELS.entries()) if (i >= min) qualified += t.byEducation[level] ?? 0;
  }
  let backbone: number | null = t.backbone ?? null;
  if (t.byBackboneLevel) {
    backbone = 0;
    for (const level of params.backboneLevels) backbone += t.byBackboneLevel[level] ?? 0;
  }
  let artsPe: number | null = t.artsPe ?? null;
  if (t.bySubject) {
    artsPe = 0;
    for (const subject of params.artsPeSubjects) artsPe += t.bySubject[subject] ?? 0;
  }
  return { fullTime: t.fullTime, qualified, backbone, artsPe, certified: t.certified ?? null };
}

function addNullable(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

function addTeachers(a: UnitTeachers, b: UnitTeachers): UnitTeachers {
  return {
    fullTime: a.fullTime + b.fullTime,
    qualified: addNullable(a.qualified, b.qualified),
    backbone: addNullable(a.backbone, b.backbone),
    artsPe: addNullable(a.artsPe, b.artsPe),
    certified: addNullable(a.certified, b.certified),
  };
}

function shareOf(f: FacilitiesInput, share: Rational): UnitFacilities {
  if (share.n === share.d) {
    return {
      teachingAreaM2: fromHundredths(f.teachingAreaM2),
      indoorSportsAreaM2: fromHundredths(f.indoorSportsAreaM2 ?? 0),
      sportsAreaM2: fromHundredths(f.sportsAreaM2),
      equipmentValueYuan: fromHundredths(f.equipmentValueYuan),
      multimediaClassrooms: q(f.multimediaClassrooms),
    };
  }
  return {
    teachingAreaM2: mul(fromHundredths(f.teachingAreaM2), share),
    indoorSportsAreaM2: mul(fromHundredths(f.indoorSportsAreaM2 ?? 0), share),
    sportsAreaM2: mul(fromHundredths(f.sportsAreaM2), share),
    equipmentValueYuan: mul(fromHundredths(f.equipmentValueYuan), share),
    multimediaClassrooms: mul(q(f.multimediaClassrooms), share),
  };
}

function addFacilities(a: UnitFacilities | null, b: UnitFacilities | null): UnitFacilities | null {
  if (a === null || b === null) return null;
  return {
    teachingAreaM2: add(a.teachingAreaM2, b.teachingAreaM2),
    indoorSportsAreaM2: add(a.indoorSportsAreaM2, b.indoorSportsAreaM2),
    sportsAreaM2: add(a.sportsAreaM2, b.sportsAreaM2),
    equipmentValueYuan: add(a.equipmentValueYuan, b.equipmentValueYuan),
    multimediaClassrooms: add(a.multimediaClassrooms, b.multimediaClassrooms),
  };
}

function shareText(r: Rational): string {
  return r.d === 1n ? String(r.n) : `${r.n}/${r.d}`;
}

function makeUnit(school: SchoolInput, stage: CompulsoryStage, params: IndicatorParams): AssessmentUnit {
  const st = school.stages[stage];
  const students = st?.students ?? 0;
  const share = facilityShares(school.stages, params.apportionWeights)[stage];
  const missing: string[] = [];
  if (school.facilities === null) missing.push(`facilities of ${school.schoolCode}`);
  const multi = STAGES.filter((s) => (school.stages[s]?.students ?? 0) > 0 && params.apportionWeights[s] > 0).length > 1;
  return {
    unitId: `${school.schoolCode}:${stage}`,
    schoolCode: school.schoolCode,
    kind: school.kind,
    stage,
    students,
    classes: st?.classes ?? 0,
    teachers: resolveTeachers(st?.teachers, stage, params),
    facilities: school.facilities === null ? null : shareOf(school.facilities, share),
    contributions: [{ schoolCode: school.schoolCode, kind: school.kind, students, facilityShare: share }],
    assessed: true,
    missing,
    explanation: multi
      ? `${stage} unit of ${school.kind} school ${school.schoolCode}: ${students} students; takes ${shareText(share)} of the school's facilities (students weighted by apportionWeights)`
      : `${stage} unit of ${school.kind} school ${school.schoolCode}: ${students} students`,
  };
}

/**
 * Build the B1–B7 assessment units of a county-year (docs/domain.md §2).
 *
 * - public schools only unless `assessPrivateSchools`; special, kindergarten and senior schools have no unit
 *   (they are listed in `excluded` with the reason);
 * - teaching points by `teachingPoints`: `separate` (own unit, not assessed under `teachingPointMinStudents`),
 *   `merge` (added to the central school's primary unit; a teaching point whose central school is not among
 *   the assessed schools stays separate and says so), `exclude`;
 * - a unit with 0 students is listed but not assessed.
 */
export function buildAssessmentUnits(schools: readonly SchoolInput[], params: IndicatorParams): AssessmentUnits {
  const units: AssessmentUnit[] = [];
  const excluded: ExcludedSchool[] = [];
  const byId = new Map<string, AssessmentUnit>();
  const teachingPoints: SchoolInput[] = [];

  for (const school of schools) {
    if (!inAssessmentScope(school, params)) {
      excluded.push({ schoolCode: school.schoolCode, kind: school.kind, reason: 'private school (assessPrivateSchools: false)' });
      continue;
    }
    const stages = UNIT_STAGES_BY_KIND[school.kind];
    if (stages.length === 0) {
      excluded.push({ schoolCode: school.schoolCode, kind: school.kind, reason: `${school.kind} school: no compulsory assessment unit` });
      continue;
    }
    if (school.kind === 'teaching_point') {
      if (params.teachingPoints === 'exclude') {
        excluded.push({ schoolCode: school.schoolCode, kind: school.kind, reason: 'teaching point (teachingPoints: exclude)' });
        continue;
      }
      if (params.teachingPoints === 'merge') {
        teachingPoints.push(school); // merged below, once every central school's unit exists
        continue;
      }
    }
    for (const stage of stages) {
      const unit = makeUnit(school, stage, params);
      units.push(unit);
      byId.set(unit.unitId, unit);
    }
  }

  for (const tp of teachingPoints) {
    const central = tp.centralSchoolCode ? byId.get(`${tp.centralSchoolCode}:primary`) : undefined;
    const own = makeUnit(tp, 'primary', params);
    if (!central) {
      own.explanation += `; central school ${tp.centralSchoolCode ?? '(none given)'} has no assessed primary unit, so assessed separately`;
      units.push(own);
      byId.set(own.unitId, own);
      continue;
    }
    central.students += own.students;
    central.classes += own.classes;
    central.teachers = addTeachers(central.teachers, own.teachers);
    central.facilities = addFacilities(central.facilities, own.facilities);
    central.contributions.push(...own.contributions);
    central.missing.push(...own.missing);
    central.explanation += `; merged teaching point ${tp.schoolCode} (${own.students} students, its teachers and facilities)`;
  }

  for (const unit of units) {
    if (unit.students <= 0) {
      unit.assessed = false;
      unit.notAssessedReason = '0 students';
    } else if (
      unit.kind === 'teaching_point' &&
      unit.contributions.length === 1 &&
      unit.students < params.teachingPointMinStudents
    ) {
      unit.assessed = false;
      unit.notAssessedReason = `teaching point with ${unit.students} students, fewer than teachingPointMinStudents ${params.teachingPointMinStudents}`;
    }
  }
  return { units, excluded };
}
