// Custom policy profiles and county-year assignments. Custom profiles are immutable: there is no update
// or delete, so "never edited once a run used it" holds by construction (runs also keep a frozen copy).

import { and, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/connection.js';
import { counties, countyYearPolicies, policyProfiles } from '../../db/schema/index.js';
import { SHIPPED_PROFILES, defaultPolicyId, policyProblems, type PolicyProfile } from '../../rules/policies/profiles.js';
import type { CountyYearPolicyT, PolicyRecordT } from '../../schemas/policies.js';
import { appendAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { getPolicy, listPolicies, type PolicyRecord } from '../policies.js';

const SHIPPED_IDS = new Set(SHIPPED_PROFILES.map((p) => p.id));

export const policyRecordJson = (r: PolicyRecord): PolicyRecordT => ({
  ...r.profile,
  builtin: r.builtin,
  createdAt: r.createdAt ? r.createdAt.toISOString() : null,
  createdBy: r.createdBy,
});

export async function policyList(db: Queryable, page: { limit: number; offset: number }) {
  const all = await listPolicies(db);
  return { items: all.slice(page.offset, page.offset + page.limit).map(policyRecordJson), total: all.length, limit: page.limit, offset: page.offset };
}

export async function policyById(db: Queryable, policyId: string): Promise<PolicyRecordT> {
  return policyRecordJson(await getPolicy(db, policyId));
}

/**
 * Adds a custom profile: every problem of the schema and of the funding cross-field rules at once (422),
 * a shipped or existing id is 409. Audited as a 'create' in the same transaction.
 */
export async function createPolicy(db: Db, body: unknown, ctx: RequestContext): Promise<PolicyRecordT> {
  const problems = policyProblems(body);
  if (problems.length > 0) {
    throw unprocessable(problems.map((p) => ({ ...p, in: 'body' as const })), 'the policy profile is not valid');
  }
  const profile = body as PolicyProfile;
  if (SHIPPED_IDS.has(profile.id)) throw conflict(`policy ${profile.id} is a shipped profile; choose another id`);
  const createdBy = ctx.keyId ?? 'anonymous';
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(policyProfiles)
      .values({ policyId: profile.id, name: profile.name, builtin: false, definition: profile, createdBy })
      .onConflictDoNothing({ target: policyProfiles.policyId })
      .returning();
    if (!inserted) throw conflict(`policy ${profile.id} already exists; profiles are never changed, so choose a new id`);
    await appendAudit(tx, ctx, [
      {
        action: 'create',
        entity: 'policy_profile',
        entityKey: profile.id,
        countyCode: null,
        before: null,
        after: { ...inserted, createdAt: inserted.createdAt.toISOString() },
      },
    ]);
    return inserted;
  });
  return policyRecordJson({ profile, builtin: false, createdAt: row.createdAt, createdBy: row.createdBy });
}

async function assertCounty(db: Queryable, countyCode: string): Promise<void> {
  const [county] = await db.select({ countyCode: counties.countyCode }).from(counties).where(eq(counties.countyCode, countyCode)).limit(1);
  if (!county) throw notFound(`county ${countyCode}`);
}

export async function countyYearPolicy(db: Queryable, countyCode: string, year: number): Promise<CountyYearPolicyT> {
  await assertCounty(db, countyCode);
  const [row] = await db
    .select()
    .from(countyYearPolicies)
    .where(and(eq(countyYearPolicies.countyCode, countyCode), eq(countyYearPolicies.year, year)))
    .limit(1);
  const fallback = defaultPolicyId(countyCode);
  if (!row) return { countyCode, year, policyId: fallback, source: 'default', defaultPolicyId: fallback, updatedAt: null };
  return { countyCode, year, policyId: row.policyId, source: 'assigned', defaultPolicyId: fallback, updatedAt: row.updatedAt.toISOString() };
}

/**
 * Assigns a profile to a county-year (upsert: created → 201, changed → 200). An unknown county is 404;
 * an unknown profile is 422 (the body names a record that does not exist). Runs keep their own copy of
 * the policy they froze, so reassigning never changes a run.
 */
export async function assignPolicy(
  db: Db,
  countyCode: string,
  year: number,
  policyId: string,
  ctx: RequestContext,
): Promise<{ answer: CountyYearPolicyT; created: boolean }> {
  await assertCounty(db, countyCode);
  const [known] = await db.select({ policyId: policyProfiles.policyId }).from(policyProfiles).where(eq(policyProfiles.policyId, policyId)).limit(1);
  if (!known && !SHIPPED_IDS.has(policyId)) {
    throw unprocessable([{ pointer: '/policyId', in: 'body', message: `policy ${policyId} does not exist` }], 'the policy cannot be assigned');
  }
  const created = await db.transaction(async (tx) => {
    const key = and(eq(countyYearPolicies.countyCode, countyCode), eq(countyYearPolicies.year, year));
    const [before] = await tx.select().from(countyYearPolicies).where(key).limit(1).for('update');
    if (before && before.policyId === policyId) return false;
    const [after] = await tx
      .insert(countyYearPolicies)
      .values({ countyCode, year, policyId })
      .onConflictDoUpdate({ target: [countyYearPolicies.countyCode, countyYearPolicies.year], set: { policyId, updatedAt: new Date() } })
      .returning();
    await appendAudit(tx, ctx, [
      {
        action: before ? 'update' : 'create',
        entity: 'county_year_policy',
        entityKey: `${countyCode}/${year}`,
        countyCode,
        before: before ? { ...before, updatedAt: before.updatedAt.toISOString() } : null,
        after: after ? { ...after, updatedAt: after.updatedAt.toISOString() } : null,
      },
    ]);
    return !before;
  });
  return { answer: await countyYearPolicy(db, countyCode, year), created };
}
