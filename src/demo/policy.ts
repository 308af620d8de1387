// The policy the demo county is generated against: Jiaoling's default profile (policies/defaults.json),
// resolved for each demo year. The generator reads every standard, weight, limit and rate from it and
// computes entitlements with the funding engine, so its deliberate strengths and weaknesses are the
// engines' own verdicts under the profile the county actually uses.

import { defaultPolicyFor } from '../rules/policies/defaults.js';
import type { PolicyProfile } from '../rules/policies/profiles.js';
import { resolvePolicyDefinition } from '../rules/policies/resolve.js';
import { shippedPolicyCatalog, type PolicyCatalog } from '../services/policy-files.js';
import { COUNTY, DEMO_YEARS, type DemoYear } from './plan.js';

export type DemoPolicies = Readonly<Record<DemoYear, PolicyProfile>>;

/** The demo county's default profile, resolved for each demo year, from `catalog` (default: the shipped files). */
export function demoPolicies(catalog: PolicyCatalog = shippedPolicyCatalog()): DemoPolicies {
  const id = defaultPolicyFor(catalog.defaults, COUNTY.countyCode);
  const definition = catalog.byId.get(id);
  if (!definition) throw new Error(`the demo county's default policy ${id} is not in ${catalog.dir}`);
  const out = {} as Record<DemoYear, PolicyProfile>;
  for (const year of DEMO_YEARS) out[year] = resolvePolicyDefinition(definition, year);
  return out;
}
