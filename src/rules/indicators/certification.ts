// B19 certification (docs/domain.md §5): certified full-time teachers / full-time teachers = 100 %.

import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CertificationCounts, SchoolInput } from './inputs.js';
import { assessRate, type RateResult } from './rate.js';
import { UNIT_STAGES_BY_KIND } from './units.js';

/**
 * Certification counts summed over the compulsory stages of every school, public or private, whose kind
 * has a compulsory unit (docs/domain.md §5 counts the county's full-time teachers; the public-only scope of §2 is
 * for B1–B7). null when a school's count is missing. The scope does not depend on the policy; callers
 * pass it as to every other rule.
 */
export function certificationCountsFromSchools(
  schools: readonly SchoolInput[],
  _params: IndicatorParams,
): { counts: CertificationCounts | null; missing: string[] } {
  let fullTime = 0;
  let certified = 0;
  const missing: string[] = [];
  for (const s of schools) {
    for (const stage of UNIT_STAGES_BY_KIND[s.kind]) {
      const t = s.stages[stage]?.teachers;
      if (!t) continue;
      if (t.certified === undefined || t.certified === null) {
        if (t.fullTime > 0) missing.push(`certified teacher count of ${s.schoolCode}:${stage}`);
        continue;
      }
      fullTime += t.fullTime;
      certified += t.certified;
    }
  }
  return { counts: missing.length > 0 ? null : { fullTime, certified }, missing };
}

/** B19 rate: certified / full-time ≥ certificationRateMin (100 %). */
export function assessCertification(counts: CertificationCounts | null | undefined, params: IndicatorParams): RateResult {
  return assessRate({
    rule: 'docs/domain.md §5.7 B19',
    what: 'certification counts (fullTime, certified)',
    numerator: counts?.certified,
    denominator: counts?.fullTime,
    standard: params.certificationRateMin,
  });
}
