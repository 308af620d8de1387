// B11 school size (docs/domain.md §5): compulsory students ≤ 2000 (primary, junior, teaching point, complete
// secondary's junior part), ≤ 2500 (nine-year, twelve-year compulsory part). The rule names kinds, not
// ownership: private schools are checked too (the public-only scope of §2 is for B1–B7 only).

import type { IndicatorParams } from '../policies/indicator-params.js';
import type { SchoolKind } from '../vocabulary.js';
import type { SchoolInput } from './inputs.js';

export interface SchoolSizeResult {
  schoolCode: string;
  kind: SchoolKind;
  rule: string;
  /** Primary + junior students (senior and preschool parts left out). */
  compulsoryStudents: number;
  limit: number;
  met: boolean;
  explanation: string;
}

type SizedKind = keyof IndicatorParams['schoolSizeMax'];

function isSizedKind(kind: SchoolKind, params: IndicatorParams): kind is SizedKind {
  return Object.hasOwn(params.schoolSizeMax, kind);
}

/** Compulsory students of a school: primary + junior. */
export function compulsoryStudents(school: Pick<SchoolInput, 'stages'>): number {
  return (school.stages.primary?.students ?? 0) + (school.stages.junior?.students ?? 0);
}

/** B11 for one school, public or private; null when its kind has no limit (special, kindergarten, senior). */
export function assessSchoolSize(school: SchoolInput, params: IndicatorParams): SchoolSizeResult | null {
  if (!isSizedKind(school.kind, params)) return null;
  const limit = params.schoolSizeMax[school.kind];
  const students = compulsoryStudents(school);
  const met = students <= limit;
  return {
    schoolCode: school.schoolCode,
    kind: school.kind,
    rule: 'docs/domain.md §5.3 B11',
    compulsoryStudents: students,
    limit,
    met,
    explanation: `B11 ${school.schoolCode} (${school.kind}): ${students} compulsory students ${met ? '≤' : '>'} ${limit}${met ? ': met' : ': not met'}`,
  };
}

export interface CountySchoolSize {
  schools: SchoolSizeResult[];
  notMet: string[];
  met: boolean | null;
  missing: string[];
}

/** B11 for a county: met only when every school meets it. */
export function assessSchoolSizeCounty(schools: readonly SchoolInput[], params: IndicatorParams): CountySchoolSize {
  const results = schools.map((s) => assessSchoolSize(s, params)).filter((r): r is SchoolSizeResult => r !== null);
  const notMet = results.filter((r) => !r.met).map((r) => r.schoolCode);
  return {
    schools: results,
    notMet,
    met: results.length === 0 ? null : notMet.length === 0,
    missing: results.length === 0 ? ['compulsory schools'] : [],
  };
}
