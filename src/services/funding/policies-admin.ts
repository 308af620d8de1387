// Custom policy profiles and county-year assignments. Custom profiles are immutable: there is no update
// or delete, so "never edited once a run used it" holds by construction (runs also keep a frozen copy).
// A custom profile is stored in the dated form whichever form it was sent in (docs/policies.md).

import { and, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/connection.js';
import { counties, countyYearPolicies, policyProfiles } from '../../db/schema/index.js';
import {
  applyExtends,
  definitionFromPlain,
  plainPolicyProblems,
  type PlainPolicy,
  type PolicyDefinition,
  type PolicyProblem,
} from '../../rules/policies/definition.js';
import { policyDefinitionProblems } from '../../rules/policies/resolve.js';
import type { CountyYearPolicyT, PolicyRecordT } from '../../schemas/policies.js';
import { appendAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { ServiceError, conflict, notFound, unprocessable } from '../errors.js';
import {
  activePolicyCatalog,
  defaultPolicyId,
  getPolicy,
  latestYear,
  listPolicies,
  resolveForYear,
  withRemediationDefaults,
  type PolicyRecord,
} from '../policies.js';

/** A record as the API shows it: its dated parameters, and its values resolved for `year` (default: its latest). */
function policyRecordJson(r: PolicyRecord, year?: number): PolicyRecordT {
  const d = r.definition;
  const resolved = resolveForYear(d, year ?? latestYear(d));
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    validFrom: d.validFrom,
    ...(d.extends !== undefined ? { extends: d.extends } : {}),
    parameters: d.parameters as PolicyRecordT['parameters'],
    resolvedYear: resolved.resolvedYear,
    resolvedAt: resolved.resolvedAt,
    indicators: resolved.indicators,
    funding: resolved.funding,
    remediationCosts: resolved.remediationCosts,
    builtin: r.builtin,
    createdAt: r.createdAt ? r.createdAt.toISOString() : null,
    createdBy: r.createdBy,
  };
}

export async function policyList(db: Queryable, page: { limit: number; offset: number }) {
  const all = await listPolicies(db);
  return { items: all.slice(page.offset, page.offset + page.limit).map((r) => policyRecordJson(r)), total: all.length, limit: page.limit, offset: page.offset };
}

export async function policyById(db: Queryable, policyId: string, year?: number): Promise<PolicyRecordT> {
  return policyRecordJson(await getPolicy(db, policyId), year);
}

const invalid = (problems: PolicyProblem[]) =>
  unprocessable(problems.map((p) => ({ ...p, in: 'body' as const })), 'the policy profile is not valid');

/**
 * The body as a complete definition: the dated form (its parent applied) or the plain form (values from
 * validFrom). Every problem at once (422); the body's shape was checked by the route's schema.
 */
async function definitionOf(db: Queryable, body: Record<string, unknown>): Promise<PolicyDefinition> {
  const dated = body.parameters !== undefined || body.extends !== undefined;
  const plain = body.indicators !== undefined || body.funding !== undefined;
  if (dated && plain) {
    throw invalid([{ pointer: '/', message: 'give either parameters (dated form, with extends if you like) or indicators and funding (plain form), not both' }]);
  }
  if (dated && body.remediationCosts !== undefined) {
    throw invalid([
      { pointer: '/remediationCosts', message: 'the dated form states remediation costs as parameters (remediationCosts.<action>), not as a remediationCosts object' },
    ]);
  }
  if (!dated && !plain) {
    throw invalid([{ pointer: '/parameters', message: 'a profile needs parameters (dated form) or indicators and funding (plain form)' }]);
  }
  if (plain) {
    const missing = (['indicators', 'funding'] as const).filter((k) => body[k] === undefined);
    if (missing.length > 0) throw invalid(missing.map((k) => ({ pointer: `/${k}`, message: `the plain form needs ${k}` })));
    const problems = plainPolicyProblems(body as unknown as PlainPolicy);
    if (problems.length > 0) throw invalid(problems);
    return definitionFromPlain(body as unknown as PlainPolicy);
  }
  const own: PolicyDefinition = {
    id: body.id as string,
    name: body.name as string,
    description: body.description as string,
    validFrom: body.validFrom as number,
    parameters: (body.parameters ?? {}) as PolicyDefinition['parameters'],
  };
  if (body.extends === undefined) return own;
  let parent: PolicyRecord;
  try {
    parent = await getPolicy(db, body.extends as string);
  } catch (err) {
    if (err instanceof ServiceError && err.status === 404) {
      throw invalid([{ pointer: '/extends', message: `policy ${String(body.extends)} does not exist` }]);
    }
    throw err;
  }
  return applyExtends(own, parent.definition);
}

/**
 * Adds a custom profile: schema problems are 400 (the route), every content problem at once 422, a file
 * profile's or an existing id 409. Stored in the dated form (a parent's parameters copied in, so it never
 * changes with the parent) and audited as a 'create' in the same transaction.
 */
export async function createPolicy(db: Db, body: unknown, ctx: RequestContext): Promise<PolicyRecordT> {
  const definition = withRemediationDefaults(await definitionOf(db, body as Record<string, unknown>));
  const problems = policyDefinitionProblems(definition);
  if (problems.length > 0) throw invalid(problems);
  if (activePolicyCatalog().byId.has(definition.id)) throw conflict(`policy ${definition.id} is a shipped profile (a policy file); choose another id`);
  const createdBy = ctx.keyId ?? 'anonymous';
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(policyProfiles)
      .values({ policyId: definition.id, name: definition.name, builtin: false, definition, createdBy })
      .onConflictDoNothing({ target: policyProfiles.policyId })
      .returning();
    if (!inserted) throw conflict(`policy ${definition.id} already exists; profiles are never changed, so choose a new id`);
    await appendAudit(tx, ctx, [
      {
        action: 'create',
        entity: 'policy-profile',
        entityKey: definition.id,
        countyCode: null,
        before: null,
        after: { ...inserted, createdAt: inserted.createdAt.toISOString() },
      },
    ]);
    return inserted;
  });
  return policyRecordJson({ definition, builtin: false, createdAt: row.createdAt, createdBy: row.createdBy });
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
  return assignmentJson(countyCode, year, row);
}

/** A county-year's policy as answered, from its assignment row (none: the default). */
function assignmentJson(countyCode: string, year: number, row: { policyId: string; updatedAt: Date } | undefined): CountyYearPolicyT {
  const fallback = defaultPolicyId(countyCode);
  if (!row) return { countyCode, year, policyId: fallback, source: 'default', defaultPolicyId: fallback, updatedAt: null };
  return { countyCode, year, policyId: row.policyId, source: 'assigned', defaultPolicyId: fallback, updatedAt: row.updatedAt.toISOString() };
}

/**
 * Assigns a profile to a county-year (upsert: created → 201, changed → 200). An unknown county is 404;
 * an unknown profile, or one not yet in force that school year, is 422 (the body names a profile that
 * cannot apply). Runs keep their own copy of the policy they froze, so reassigning never changes a run.
 * A `precondition` (If-Match) is given the county-year's policy as answered before the write (the default
 * one when none is assigned), inside the writing transaction.
 */
export async function assignPolicy(
  db: Db,
  countyCode: string,
  year: number,
  policyId: string,
  ctx: RequestContext,
  precondition?: (current: CountyYearPolicyT) => void,
): Promise<{ answer: CountyYearPolicyT; created: boolean }> {
  await assertCounty(db, countyCode);
  let record: PolicyRecord;
  try {
    record = await getPolicy(db, policyId);
  } catch (err) {
    if (err instanceof ServiceError && err.status === 404) {
      throw unprocessable([{ pointer: '/policyId', in: 'body', message: `policy ${policyId} does not exist` }], 'the policy cannot be assigned');
    }
    throw err;
  }
  if (year < record.definition.validFrom) {
    throw unprocessable(
      [{ pointer: '/policyId', in: 'body', message: `policy ${policyId} is in force from school year ${record.definition.validFrom}; it cannot apply to ${year}` }],
      'the policy cannot be assigned',
    );
  }
  const created = await db.transaction(async (tx) => {
    const key = and(eq(countyYearPolicies.countyCode, countyCode), eq(countyYearPolicies.year, year));
    // A county-year without an assignment has no row to lock: writers of the county's assignments take
    // turns on the county row instead, so a condition on the default answer holds until the write commits.
    await tx.select({ countyCode: counties.countyCode }).from(counties).where(eq(counties.countyCode, countyCode)).for('no key update');
    const [before] = await tx.select().from(countyYearPolicies).where(key).limit(1).for('update');
    precondition?.(assignmentJson(countyCode, year, before));
    if (before && before.policyId === policyId) return false;
    const [after] = await tx
      .insert(countyYearPolicies)
      .values({ countyCode, year, policyId })
      .onConflictDoUpdate({ target: [countyYearPolicies.countyCode, countyYearPolicies.year], set: { policyId, updatedAt: new Date() } })
      .returning();
    await appendAudit(tx, ctx, [
      {
        action: before ? 'update' : 'create',
        entity: 'county-year-policy',
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
