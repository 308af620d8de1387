// The shipped profiles (policies/*.json) resolved for their first school year, for rule tests that
// need a real parameter set without a database.

import type { FundingParams } from '../../../src/rules/policies/funding-params.js';
import type { IndicatorParams } from '../../../src/rules/policies/indicator-params.js';
import type { PolicyProfile } from '../../../src/rules/policies/profiles.js';
import { resolvePolicyDefinition } from '../../../src/rules/policies/resolve.js';
import { shippedPolicyCatalog } from '../../../src/services/policy-files.js';

/** A shipped profile resolved for school year `year` (default: its first). */
export function shippedProfile(id: string, year?: number): PolicyProfile {
  const definition = shippedPolicyCatalog().byId.get(id);
  if (!definition) throw new Error(`no shipped policy ${id}`);
  return resolvePolicyDefinition(definition, year ?? definition.validFrom);
}

export const NATIONAL_2017: PolicyProfile = shippedProfile('national-2017');
export const GUANGDONG_2018: PolicyProfile = shippedProfile('guangdong-2018');
export const JIAOLING_2023: PolicyProfile = shippedProfile('jiaoling-2023');

export const NATIONAL_2017_INDICATORS: IndicatorParams = NATIONAL_2017.indicators;
/** The national thresholds with Jiaoling's stricter targets (consolidation 96 %, migrant children 100 %, disabled 98 %). */
export const JIAOLING_COUNTY_TARGETS: IndicatorParams = JIAOLING_2023.indicators;

export const NATIONAL_2017_FUNDING: FundingParams = NATIONAL_2017.funding;
export const GUANGDONG_2018_FUNDING: FundingParams = GUANGDONG_2018.funding;
export const JIAOLING_2023_FUNDING: FundingParams = JIAOLING_2023.funding;
