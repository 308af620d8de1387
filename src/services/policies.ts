// Policy profiles as the service uses them: the profiles of the policy files (the catalog read at
// start-up), the custom ones added through the API (policy_profiles, builtin = false), each county's
// default, and a profile resolved for the school year asked (docs/policies.md).

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/connection.js';
import { countyYearPolicies, policyProfiles } from '../db/schema/index.js';
import { defaultPolicyFor } from '../rules/policies/defaults.js';
import { definitionFromPlain, withDefaultRemediationCosts, type PlainPolicy, type PolicyDefinition } from '../rules/policies/definition.js';
import type { PolicyProfile } from '../rules/policies/profiles.js';
import { PolicyNotInForceError, latestChangeYear, resolvePolicyDefinition } from '../rules/policies/resolve.js';
import { deepFreeze } from './deep-freeze.js';
import { ServiceError, notFound } from './errors.js';
import { PolicyFileError, shippedPolicyCatalog, type PolicyCatalog } from './policy-files.js';

let active: PolicyCatalog | undefined;
/** Resolved file profiles by `id@year`: they never change while the catalog is in use. */
let resolvedCache = new Map<string, PolicyProfile>();

/** Makes `catalog` the profiles and defaults the service uses (start-up does this with POLICIES_DIR's files). */
export function usePolicyCatalog(catalog: PolicyCatalog): void {
  active = catalog;
  resolvedCache = new Map();
}

/** The catalog in use: the one start-up chose, or the shipped files. */
export function activePolicyCatalog(): PolicyCatalog {
  active ??= shippedPolicyCatalog();
  return active;
}

/**
 * Writes the file profiles into policy_profiles (builtin = true) so assignments and runs can reference
 * them by key; a changed file updates its row. A file cannot take the id of a profile added through the
 * API: that stops start-up (PolicyFileError) instead of replacing the custom profile.
 */
export async function syncShippedPolicies(db: Queryable, catalog: PolicyCatalog = activePolicyCatalog()): Promise<void> {
  const ids = catalog.definitions.map((d) => d.id);
  if (ids.length === 0) return;
  const custom = await db
    .select({ policyId: policyProfiles.policyId, createdBy: policyProfiles.createdBy })
    .from(policyProfiles)
    .where(and(inArray(policyProfiles.policyId, ids), eq(policyProfiles.builtin, false)));
  if (custom.length > 0) {
    throw new PolicyFileError(
      catalog.dir,
      custom.map((c) => `${c.policyId}.json: policy ${c.policyId} was added through the API (by ${c.createdBy ?? 'unknown'}); a file cannot replace it: give the file another id`),
    );
  }
  for (const definition of catalog.definitions) {
    await db
      .insert(policyProfiles)
      .values({ policyId: definition.id, name: definition.name, builtin: true, definition, createdBy: 'system' })
      .onConflictDoUpdate({
        target: policyProfiles.policyId,
        set: { name: definition.name, definition, builtin: true },
        // An unchanged file writes nothing: every instance syncs at start-up, and a rewrite of the same row
        // would still raise the data version of every county-year (its answers and ETags would go stale).
        setWhere: sql`(${policyProfiles.name}, ${policyProfiles.definition}, ${policyProfiles.builtin}) IS DISTINCT FROM (excluded.name, excluded.definition, excluded.builtin)`,
      });
  }
}

export interface PolicyRecord {
  definition: PolicyDefinition;
  builtin: boolean;
  createdAt: Date | null;
  createdBy: string | null;
}

/**
 * The remediation plan's unit costs a custom definition leaves out, from the fallback profile of the
 * catalog in use (policies/defaults.json "*"): profiles stored before the costs existed plan with the
 * shipped assumptions (docs/planning.md).
 */
export function withRemediationDefaults(definition: PolicyDefinition): PolicyDefinition {
  const catalog = activePolicyCatalog();
  const fallback = catalog.byId.get(catalog.defaults.fallback);
  return fallback ? withDefaultRemediationCosts(definition, fallback) : definition;
}

/** A stored definition: the dated form, or a profile stored in the plain form before dated values existed. */
function storedDefinition(value: unknown): PolicyDefinition {
  const stored = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (stored !== null && typeof stored === 'object' && 'parameters' in stored) return withRemediationDefaults(stored as PolicyDefinition);
  return withRemediationDefaults(definitionFromPlain(stored as PlainPolicy));
}

const fileRecord = (definition: PolicyDefinition): PolicyRecord => ({ definition, builtin: true, createdAt: null, createdBy: 'system' });

/** A profile by id: a file profile, else a stored one (custom, or a file profile whose file is gone). 404 when unknown. */
export async function getPolicy(db: Queryable, policyId: string): Promise<PolicyRecord> {
  const file = activePolicyCatalog().byId.get(policyId);
  if (file) return fileRecord(file);
  const [row] = await db.select().from(policyProfiles).where(eq(policyProfiles.policyId, policyId)).limit(1);
  if (!row) throw notFound(`policy ${policyId}`);
  return { definition: storedDefinition(row.definition), builtin: row.builtin, createdAt: row.createdAt, createdBy: row.createdBy };
}

/** The file profiles in catalog order, then every stored profile without a file, by id. */
export async function listPolicies(db: Queryable): Promise<PolicyRecord[]> {
  const catalog = activePolicyCatalog();
  const rows = await db.select().from(policyProfiles).orderBy(asc(policyProfiles.policyId));
  return [
    ...catalog.definitions.map(fileRecord),
    ...rows
      .filter((r) => !catalog.byId.has(r.policyId))
      .map((r) => ({ definition: storedDefinition(r.definition), builtin: r.builtin, createdAt: r.createdAt, createdBy: r.createdBy })),
  ];
}

/** A year before a profile's first school year: 422 naming both. */
function notInForce(err: PolicyNotInForceError): ServiceError {
  return new ServiceError(422, 'policy-not-in-force', 'Unprocessable Content', err.message, [], {
    policyId: err.policyId,
    validFrom: err.validFrom,
  });
}

/** A definition resolved for school year `year` (422 before its first year). */
export function resolveForYear(definition: PolicyDefinition, year: number): PolicyProfile {
  try {
    return resolvePolicyDefinition(definition, year);
  } catch (err) {
    if (err instanceof PolicyNotInForceError) throw notInForce(err);
    throw err;
  }
}

/** A profile resolved for school year `year`: 404 when unknown, 422 before its first year. */
export async function policyForYear(db: Queryable, policyId: string, year: number): Promise<PolicyProfile> {
  const catalog = activePolicyCatalog();
  const file = catalog.byId.get(policyId);
  if (!file) return resolveForYear((await getPolicy(db, policyId)).definition, year);
  const key = `${policyId}@${year}`;
  let profile = resolvedCache.get(key);
  if (!profile) resolvedCache.set(key, (profile = deepFreeze(resolveForYear(file, year))));
  return profile;
}


/** A profile with its current values: resolved for the last school year in which one of its values changes. */
export const latestYear = (definition: PolicyDefinition): number => latestChangeYear(definition);

/** The profile a county-year uses without an assignment (policies/defaults.json). */
export const defaultPolicyId = (countyCode: string): string => defaultPolicyFor(activePolicyCatalog().defaults, countyCode);

/** The profile of every county defaults.json does not name ("*"); also the catalogue's default. */
export const fallbackPolicyId = (): string => activePolicyCatalog().defaults.fallback;

export interface ResolvedPolicy {
  /** The profile resolved for the county-year's school year. */
  profile: PolicyProfile;
  /** `assigned` to the county-year, the county's `default`, or an `override` asked for by the caller. */
  source: 'assigned' | 'default' | 'override';
}

/** The profile that applies to a county-year (an explicit override, its assignment, or the default), resolved for the year. */
export async function resolvePolicy(db: Queryable, countyCode: string, year: number, override?: string): Promise<ResolvedPolicy> {
  if (override) return { profile: await policyForYear(db, override, year), source: 'override' };
  const [assigned] = await db
    .select({ policyId: countyYearPolicies.policyId })
    .from(countyYearPolicies)
    .where(and(eq(countyYearPolicies.countyCode, countyCode), eq(countyYearPolicies.year, year)))
    .limit(1);
  if (assigned) return { profile: await policyForYear(db, assigned.policyId, year), source: 'assigned' };
  return { profile: await policyForYear(db, defaultPolicyId(countyCode), year), source: 'default' };
}
