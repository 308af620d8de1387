// B12 class size (docs/domain.md §5): every primary class ≤ 45, every junior class ≤ 50, in every school but
// special ones; also 大班额 (≥ 56) and 超大班额 (≥ 66) counts and shares of all those compulsory classes.
// "Every school" includes private ones: the public-only scope of §2 (assessPrivateSchools) belongs to the
// B1–B7 assessment units, and a private school's large class is part of the county's class-size count.

import { div, q, toNumber } from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CompulsoryStage } from '../vocabulary.js';
import type { ClassInput, SchoolInput } from './inputs.js';
import { UNIT_STAGES_BY_KIND } from './units.js';

export interface ClassViolation {
  schoolCode: string;
  classCode: string;
  stage: CompulsoryStage;
  students: number;
  limit: number;
}

export interface ClassSizeSummary {
  rule: string;
  /** Compulsory classes looked at. */
  classes: number;
  /** Classes above the stage limit (45 / 50). */
  overLimit: number;
  /** 大班额: classes with ≥ largeMin students (includes the 超大班额 ones). */
  large: number;
  /** 超大班额: classes with ≥ superLargeMin students. */
  superLarge: number;
  /** large / classes (4 decimals); 0 when there is no class. */
  largeShare: number;
  superLargeShare: number;
  violations: ClassViolation[];
  /** Every class within its limit; null when some school's class list is missing or no class at all. */
  met: boolean | null;
  missing: string[];
  explanation: string;
}

function isCompulsory(c: ClassInput): c is ClassInput & { stage: CompulsoryStage } {
  return c.stage === 'primary' || c.stage === 'junior';
}

/** Whether one class is within its stage's limit (不超过: the bound is allowed): 45 ok, 46 not, in primary. */
export function classWithinLimit(stage: CompulsoryStage, students: number, params: IndicatorParams): boolean {
  return students <= params.classSize.max[stage];
}

/**
 * Whether B12 looks at this school's classes: a kind with a compulsory stage that is not exempt (special
 * by default), whatever the ownership (public and private alike).
 */
export function classSizeApplies(school: SchoolInput, params: IndicatorParams): boolean {
  return UNIT_STAGES_BY_KIND[school.kind].length > 0 && !params.classSize.exemptKinds.includes(school.kind);
}

/** B12 over a set of schools (one school for the school view, all schools for the county). */
export function assessClassSizes(schools: readonly SchoolInput[], params: IndicatorParams): ClassSizeSummary {
  const p = params.classSize;
  let classes = 0;
  let large = 0;
  let superLarge = 0;
  const violations: ClassViolation[] = [];
  const missing: string[] = [];
  for (const school of schools) {
    if (!classSizeApplies(school, params)) continue;
    if (school.classes === undefined || school.classes === null) {
      missing.push(`classes of ${school.schoolCode}`);
      continue;
    }
    for (const c of school.classes) {
      if (!isCompulsory(c)) continue;
      classes++;
      if (c.students >= p.largeMin) large++;
      if (c.students >= p.superLargeMin) superLarge++;
      if (!classWithinLimit(c.stage, c.students, params)) {
        violations.push({
          schoolCode: school.schoolCode,
          classCode: c.classCode,
          stage: c.stage,
          students: c.students,
          limit: p.max[c.stage],
        });
      }
    }
  }
  const share = (n: number): number => (classes === 0 ? 0 : toNumber(div(q(n), classes), 4));
  const met = violations.length > 0 ? false : missing.length > 0 || classes === 0 ? null : true;
  return {
    rule: 'docs/domain.md §5.4 B12',
    classes,
    overLimit: violations.length,
    large,
    superLarge,
    largeShare: share(large),
    superLargeShare: share(superLarge),
    violations,
    met,
    missing: classes === 0 && missing.length === 0 ? ['compulsory classes'] : missing,
    explanation:
      `B12: ${violations.length} of ${classes} compulsory classes above ${p.max.primary} (primary) / ${p.max.junior} (junior); ` +
      `大班额 (≥ ${p.largeMin}) ${large}, 超大班额 (≥ ${p.superLargeMin}) ${superLarge}` +
      (missing.length > 0 ? `; missing ${missing.join(', ')}` : ''),
  };
}
