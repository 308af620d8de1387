// What every indicator answer starts from: the county (404 when it does not exist), the policy that
// applies (an override, the county-year's assignment, or the county's default; 404 for an unknown id)
// and, for the scorecard, the county facts.

import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { counties, countyFacts, schools } from '../../db/schema/index.js';
import type { CountyFactsInput } from '../../rules/indicators/index.js';
import type { PolicyProfile } from '../../rules/policies/profiles.js';
import { notFound } from '../errors.js';
import { resolvePolicy, type ResolvedPolicy } from '../policies.js';

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

export const policyInfo = (resolved: ResolvedPolicy): PolicyInfo => ({
  policyId: resolved.profile.id,
  policyName: resolved.profile.name,
  policySource: resolved.source,
});

export async function countyYearContext(db: Queryable, countyCode: string, year: number, policyId?: string): Promise<CountyYearContext> {
  const [county] = await db.select({ name: counties.name }).from(counties).where(eq(counties.countyCode, countyCode)).limit(1);
  if (!county) throw notFound(`county ${countyCode}`);
  const resolved = await resolvePolicy(db, countyCode, year, policyId);
  return { countyCode, countyName: county.name, year, profile: resolved.profile, ...policyInfo(resolved) };
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

/** The county facts of a year (DOMAIN §6), or null when none were recorded. */
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
