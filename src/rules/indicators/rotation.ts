// B18 teacher rotation (docs/domain.md §5).

import type { IndicatorParams } from '../policies/indicator-params.js';
import type { RotationCounts } from './inputs.js';
import { allOf, assessRate, type RateResult } from './rate.js';

export interface PostingHistory {
  /** The school of the teacher's teacher-year, keyed by year (one school per year). */
  schoolByYear: Readonly<Record<number, string>>;
}

export interface TenureResult {
  /** Consecutive years ending with Y at Y's school, counting Y. */
  consecutiveYears: number;
  tenureYears: number;
  eligible: boolean;
}

/**
 * The tenure rule used when a teacher-year has no explicit `rotationEligible`: eligible in year Y when the
 * records show the teacher at Y's school in each of the years Y−(tenureYears−1) … Y, i.e. 6 consecutive
 * years at the same school, counting Y (records 2019–2024 at one school → eligible in 2024). A gap year
 * or another school breaks the run.
 */
export function tenureAtSchool(history: PostingHistory, year: number, params: IndicatorParams): TenureResult {
  const tenureYears = params.rotation.tenureYears;
  const school = history.schoolByYear[year];
  let consecutiveYears = 0;
  if (school !== undefined) {
    for (let y = year; history.schoolByYear[y] === school; y--) consecutiveYears++;
  }
  return { consecutiveYears, tenureYears, eligible: consecutiveYears >= tenureYears };
}

/**
 * Whether a teacher-year of Y counts as eligible (the denominator of B18): rotated, or rotationEligible,
 * or (rotationEligible not given) the tenure rule.
 */
export function rotationEligible(
  teacherYear: { rotated: boolean; rotationEligible?: boolean | null },
  history: PostingHistory,
  year: number,
  params: IndicatorParams,
): boolean {
  if (teacherYear.rotated) return true;
  if (teacherYear.rotationEligible !== undefined && teacherYear.rotationEligible !== null) return teacherYear.rotationEligible;
  return tenureAtSchool(history, year, params).eligible;
}

export interface RotationResult {
  rule: string;
  /** rotated / eligible ≥ rotatedShareMin (10 %). */
  rotatedShare: RateResult;
  /** rotated backbone / rotated ≥ backboneShareMin (20 %). */
  backboneShare: RateResult;
  met: boolean | null;
  missing: string[];
  explanation: string;
}

/** B18 for a county-year from counts. */
export function assessRotation(counts: RotationCounts | null | undefined, params: IndicatorParams): RotationResult {
  const rotatedShare = assessRate({
    rule: 'docs/domain.md §5.6 B18 rotated share',
    what: 'rotation counts (rotated, eligible)',
    numerator: counts?.rotated,
    denominator: counts?.eligible,
    standard: params.rotation.rotatedShareMin,
  });
  const backboneShare = assessRate({
    rule: 'docs/domain.md §5.6 B18 backbone share',
    what: counts && counts.rotated === 0 ? 'rotated teachers (none rotated)' : 'rotation counts (rotatedBackbone, rotated)',
    numerator: counts?.rotatedBackbone,
    denominator: counts?.rotated,
    standard: params.rotation.backboneShareMin,
  });
  // With nobody rotated the backbone share has no denominator, but the rotated share already fails.
  const met = rotatedShare.met === false ? false : allOf([rotatedShare.met, backboneShare.met]);
  const missing = met === false ? [] : [...new Set([...rotatedShare.missing, ...backboneShare.missing])];
  return {
    rule: 'docs/domain.md §5.6 B18',
    rotatedShare,
    backboneShare,
    met,
    missing,
    explanation: `${rotatedShare.explanation}; ${backboneShare.explanation}`,
  };
}
