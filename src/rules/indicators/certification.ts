// B19 certification (DOMAIN.md §5): certified full-time teachers / full-time teachers = 100 %.

import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CertificationCounts, SchoolInput } from './inputs.js';
import { assessRate, type RateResult } from './rate.js';
import { inAssessmentScope, UNIT_STAGES_BY_KIND } from './units.js';

/**
 * Certification counts summed over the compulsory stages of the schools in the assessment scope (public
 * unless assessPrivateSchools; kinds with a compulsory unit). null when a school's count is missing.
 */
export function certificationCountsFromSchools(
  schools: readonly SchoolInput[],
  params: IndicatorParams,
): { counts: CertificationCounts | null; missing: string[] } {
  let fullTime = 0;
  let certified = 0;
  const missing: string[] = [];
  for (const s of schools) {
    if (!inAssessmentScope(s, params)) continue;
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
    rule: 'DOMAIN §5 B19',
    what: 'certification counts (fullTime, certified)',
    numerator: counts?.certified,
    denominator: counts?.fullTime,
    standard: params.certificationRateMin,
  });
}
