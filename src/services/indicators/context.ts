// What every indicator answer starts from: the county (404 when it does not exist), the policy that
// applies (an override, the county-year's assignment, or the county's default; 404 for an unknown id;
// 422 when it is not in force for a year that has classes, 404 for a year without any) and, for the
// scorecard, the county facts.

import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { counties, countyFacts, countyYearPolicies, schools } from '../../db/schema/index.js';
import type { CountyFactsInput } from '../../rules/indicators/index.js';
import type { PolicyProfile } from '../../rules/policies/profiles.js';
import { ServiceError, notFound } from '../errors.js';
import { assertHasClasses, countyYearRecordCounts } from './inputs.js';
import { defaultPolicyId, policyForYear, resolvePolicy, type ResolvedPolicy } from '../policies.js';

export interface PolicyInfo {
  policyId: string;
  policyName: string;
  /** `override` (?policyId=), `assigned` to the county-year, or the county's `default`. */
  policySource: ResolvedPolicy['source'];
}

export interface CountyYearContext extends PolicyInfo {
  countyCode: string;
  countyName: string;
  year: number;
  profile: PolicyProfile;
}

const policyInfo = (resolved: ResolvedPolicy): PolicyInfo => ({
  policyId: resolved.profile.id,
  policyName: resolved.profile.name,
  policySource: resolved.source,
});

/** What every county-year indicator answer starts with: the county, the year and the policy applied. */
export const answerHeader = (ctx: CountyYearContext) => ({
  countyCode: ctx.countyCode,
  countyName: ctx.countyName,
  year: ctx.year,
  policyId: ctx.policyId,
  policyName: ctx.policyName,
  policySource: ctx.policySource,
});

export async function countyYearContext(db: Queryable, countyCode: string, year: number, policyId?: string): Promise<CountyYearContext> {
  const [county] = await db.select({ name: counties.name }).from(counties).where(eq(counties.countyCode, countyCode)).limit(1);
  if (!county) throw notFound(`county ${countyCode}`);
  let resolved: ResolvedPolicy;
  try {
    resolved = await resolvePolicy(db, countyCode, year, policyId);
  } catch (err) {
    // A year without classes has no answer under any policy: it is 404 (no data) whichever policy
    // applies, not 422 about a policy that could not change that. Counted only on this path, so an
    // answer that resolves its policy pays nothing for it.
    if (err instanceof ServiceError && err.slug === 'policy-not-in-force') assertHasClasses(await countyYearRecordCounts(db, countyCode, year), `county ${countyCode}`);
    throw err;
  }
  return { countyCode, countyName: county.name, year, profile: resolved.profile, ...policyInfo(resolved) };
}

/**
 * The policy of each county-year, as `resolvePolicy` decides it (an override for all, each county's
 * assignment, or its default), with one query for the assignments whatever the number of counties and
 * each distinct custom profile read once.
 */
export async function resolveCountyPolicies(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  override?: string,
): Promise<Map<string, ResolvedPolicy>> {
  const out = new Map<string, ResolvedPolicy>();
  if (override) {
    const profile = await policyForYear(db, override, year);
    for (const c of countyCodes) out.set(c, { profile, source: 'override' });
    return out;
  }
  const assigned = new Map<string, string>();
  for (let i = 0; i < countyCodes.length; i += 1000) {
    const rows = await db
      .select({ countyCode: countyYearPolicies.countyCode, policyId: countyYearPolicies.policyId })
      .from(countyYearPolicies)
      .where(and(eq(countyYearPolicies.year, year), inArray(countyYearPolicies.countyCode, countyCodes.slice(i, i + 1000))));
    for (const r of rows) assigned.set(r.countyCode, r.policyId);
  }
  const profiles = new Map<string, PolicyProfile>();
  for (const c of countyCodes) {
    const id = assigned.get(c) ?? defaultPolicyId(c);
    let profile = profiles.get(id);
    if (!profile) profiles.set(id, (profile = await policyForYear(db, id, year)));
    out.set(c, { profile, source: assigned.has(c) ? 'assigned' : 'default' });
  }
  return out;
}

/** `countyYearContext` of many counties in three queries; unknown counties are left out of the map. */
export async function countyYearContexts(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  policyId?: string,
): Promise<Map<string, CountyYearContext>> {
  const out = new Map<string, CountyYearContext>();
  if (countyCodes.length === 0) return out;
  const [names, policies] = await Promise.all([
    db.select({ countyCode: counties.countyCode, name: counties.name }).from(counties).where(inArray(counties.countyCode, [...countyCodes])),
    resolveCountyPolicies(db, countyCodes, year, policyId),
  ]);
  for (const n of names) {
    const resolved = policies.get(n.countyCode) as ResolvedPolicy;
    out.set(n.countyCode, { countyCode: n.countyCode, countyName: n.name, year, profile: resolved.profile, ...policyInfo(resolved) });
  }
  return out;
}

/** The county of a school, or 404 when the school does not exist. */
export async function schoolCounty(db: Queryable, schoolCode: string): Promise<{ countyCode: string; centralSchoolCode: string | null }> {
  const [row] = await db
    .select({ countyCode: schools.countyCode, centralSchoolCode: schools.centralSchoolCode })
    .from(schools)
    .where(eq(schools.schoolCode, schoolCode))
    .limit(1);
  if (!row) throw notFound(`school ${schoolCode}`);
  return row;
}

/** The county facts of a year (docs/domain.md §6), or null when none were recorded. */
export async function loadCountyFacts(db: Queryable, countyCode: string, year: number): Promise<CountyFactsInput | null> {
  const [row] = await db
    .select({ facts: countyFacts.facts })
    .from(countyFacts)
    .where(and(eq(countyFacts.countyCode, countyCode), eq(countyFacts.year, year)))
    .limit(1);
  if (!row) return null;
  const facts = typeof row.facts === 'string' ? JSON.parse(row.facts) : row.facts;
  return facts as CountyFactsInput;
}
