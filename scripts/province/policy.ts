// The policy each synthetic county is generated against: its default profile (policies/defaults.json of
// the policy files in use), resolved for the school year. Facilities are drawn around that profile's
// standards, split between stages by the indicator engine's own apportionment, and allocations around
// the funding engine's entitlement, so the generated figures fit the profile the service will apply.

import { defaultPolicyFor } from '../../src/rules/policies/defaults.js';
import type { PolicyProfile } from '../../src/rules/policies/profiles.js';
import { resolvePolicyDefinition } from '../../src/rules/policies/resolve.js';
import { activePolicyCatalog } from '../../src/services/policies.js';

const resolved = new Map<string, PolicyProfile>();

/**
 * The county's default profile for `year`. A year before the profile's first school year takes the
 * values of that first year: the service refuses such a year, but its rows are still worth generating.
 */
export function countyPolicy(countyCode: string, year: number): PolicyProfile {
  const catalog = activePolicyCatalog();
  const id = defaultPolicyFor(catalog.defaults, countyCode);
  const definition = catalog.byId.get(id);
  if (!definition) throw new Error(`the default policy ${id} of county ${countyCode} is not in ${catalog.dir}`);
  const asOf = Math.max(year, definition.validFrom);
  const key = `${catalog.dir}|${id}|${asOf}`;
  let profile = resolved.get(key);
  if (!profile) resolved.set(key, (profile = resolvePolicyDefinition(definition, asOf)));
  return profile;
}
