import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/connection.js';
import { countyYearPolicies, policyProfiles } from '../db/schema/index.js';
import { SHIPPED_PROFILES, defaultPolicyId, type PolicyProfile } from '../rules/policies/profiles.js';
import { notFound } from './errors.js';

const SHIPPED = new Map(SHIPPED_PROFILES.map((p) => [p.id, p]));

/**
 * Writes the shipped profiles into policy_profiles so assignments and runs can reference them by key.
 * The code is their source of truth; runs keep their own frozen copy of whatever profile they used.
 */
export async function syncShippedPolicies(db: Queryable): Promise<void> {
  for (const profile of SHIPPED_PROFILES) {
    await db
      .insert(policyProfiles)
      .values({ policyId: profile.id, name: profile.name, builtin: true, definition: profile, createdBy: 'system' })
      .onConflictDoUpdate({ target: policyProfiles.policyId, set: { name: profile.name, definition: profile, builtin: true } });
  }
}

export interface PolicyRecord {
  profile: PolicyProfile;
  builtin: boolean;
  createdAt: Date | null;
  createdBy: string | null;
}

export async function getPolicy(db: Queryable, policyId: string): Promise<PolicyRecord> {
  const shipped = SHIPPED.get(policyId);
  if (shipped) return { profile: shipped, builtin: true, createdAt: null, createdBy: 'system' };
  const [row] = await db.select().from(policyProfiles).where(eq(policyProfiles.policyId, policyId)).limit(1);
  if (!row) throw notFound(`policy ${policyId}`);
  return { profile: row.definition as PolicyProfile, builtin: row.builtin, createdAt: row.createdAt, createdBy: row.createdBy };
}

export async function listPolicies(db: Queryable): Promise<PolicyRecord[]> {
  const rows = await db.select().from(policyProfiles).where(eq(policyProfiles.builtin, false)).orderBy(asc(policyProfiles.policyId));
  return [
    ...SHIPPED_PROFILES.map((profile) => ({ profile, builtin: true, createdAt: null, createdBy: 'system' })),
    ...rows.map((r) => ({ profile: r.definition as PolicyProfile, builtin: false, createdAt: r.createdAt, createdBy: r.createdBy })),
  ];
}

export interface ResolvedPolicy {
  profile: PolicyProfile;
  /** `assigned` to the county-year, the county's `default`, or an `override` asked for by the caller. */
  source: 'assigned' | 'default' | 'override';
}

/** The profile that applies to a county-year: an explicit override, its assignment, or the default. */
export async function resolvePolicy(db: Queryable, countyCode: string, year: number, override?: string): Promise<ResolvedPolicy> {
  if (override) return { profile: (await getPolicy(db, override)).profile, source: 'override' };
  const [assigned] = await db
    .select({ policyId: countyYearPolicies.policyId })
    .from(countyYearPolicies)
    .where(and(eq(countyYearPolicies.countyCode, countyCode), eq(countyYearPolicies.year, year)))
    .limit(1);
  if (assigned) return { profile: (await getPolicy(db, assigned.policyId)).profile, source: 'assigned' };
  return { profile: (await getPolicy(db, defaultPolicyId(countyCode))).profile, source: 'default' };
}
