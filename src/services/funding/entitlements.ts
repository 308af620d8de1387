// Entitlements of one school-year and of a whole county-year (docs/domain.md §7), under the county-year's
// policy (assigned or default) or a what-if profile named by the caller.

import type { Queryable } from '../../db/connection.js';
import { computeEntitlement, parseFundingParams, sumTotals, type FundingParams } from '../../rules/funding/index.js';
import type { CountyEntitlementsT, SchoolEntitlementT } from '../../schemas/funding.js';
import { resolveCountyPolicies } from '../indicators/context.js';
import { resolvePolicy, type ResolvedPolicy } from '../policies.js';
import { loadCountiesInputs, loadCountyInputs, loadSchoolInput, type CountyYearInputs } from './inputs.js';
import { entitlementCoreJson, inputJson, entitlementLineJson, totalsJson } from './json.js';

export interface PolicyChoice {
  /** A profile to use instead of the county-year's own (what-if); unknown → 404 naming it. */
  policyId?: string | undefined;
}

export async function schoolEntitlement(
  db: Queryable,
  schoolCode: string,
  year: number,
  choice: PolicyChoice,
  visible: (countyCode: string) => void,
): Promise<SchoolEntitlementT> {
  const { countyCode, input, label } = await loadSchoolInput(db, schoolCode, year, visible);
  const policy = await resolvePolicy(db, countyCode, year, choice.policyId);
  const e = computeEntitlement(input, parseFundingParams(policy.profile.funding));
  return {
    schoolCode,
    schoolName: label.name,
    countyCode,
    year,
    policyId: policy.profile.id,
    policySource: policy.source,
    ...entitlementCoreJson(e),
    inputs: inputJson(input),
  };
}

export interface CountyCalculation {
  data: CountyYearInputs;
  policy: ResolvedPolicy;
}

/** Loads a county-year's inputs and the policy that applies (both 404 with what is missing). */
export async function countyCalculation(db: Queryable, countyCode: string, year: number, choice: PolicyChoice): Promise<CountyCalculation> {
  const data = await loadCountyInputs(db, countyCode, year);
  const policy = await resolvePolicy(db, countyCode, year, choice.policyId);
  return { data, policy };
}

export async function countyEntitlements(db: Queryable, countyCode: string, year: number, choice: PolicyChoice): Promise<CountyEntitlementsT> {
  const { data, policy } = await countyCalculation(db, countyCode, year, choice);
  return entitlementsAnswer(data, policy, parseFundingParams(policy.profile.funding));
}

export interface CountiesEntitlements {
  /** One answer per county with schools that have classes, in the order asked. */
  counties: CountyEntitlementsT[];
  /** Counties asked for without any school with classes that year (or unknown). */
  withoutData: string[];
}

/**
 * The entitlements of many counties of a year (a whole province) in one pass: one query for every school's
 * inputs, one for the policy assignments, each policy checked once; each county's answer is the one
 * `countyEntitlements` gives.
 */
export async function countiesEntitlements(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  choice: PolicyChoice,
): Promise<CountiesEntitlements> {
  const [inputs, policies] = await Promise.all([loadCountiesInputs(db, countyCodes, year), resolveCountyPolicies(db, countyCodes, year, choice.policyId)]);
  const params = new Map<ResolvedPolicy['profile'], FundingParams>();
  const counties: CountyEntitlementsT[] = [];
  const withoutData: string[] = [];
  for (const c of countyCodes) {
    const data = inputs.get(c);
    const policy = policies.get(c) as ResolvedPolicy;
    if (!data) {
      withoutData.push(c);
      continue;
    }
    let p = params.get(policy.profile);
    if (!p) params.set(policy.profile, (p = parseFundingParams(policy.profile.funding)));
    counties.push(entitlementsAnswer(data, policy, p));
  }
  return { counties, withoutData };
}

function entitlementsAnswer(data: CountyYearInputs, policy: ResolvedPolicy, params: FundingParams): CountyEntitlementsT {
  const { countyCode, year } = data;
  const lines = data.inputs.map((i) => computeEntitlement(i, params));
  return {
    countyCode,
    year,
    policyId: policy.profile.id,
    policySource: policy.source,
    schools: lines.map((e, n) => entitlementLineJson(e, data.inputs[n]!, data.labels.get(e.schoolCode))),
    totals: totalsJson(sumTotals(lines)),
    withoutClasses: data.withoutClasses,
  };
}

/** CSV rows of one school's entitlement: one per component. */
export function schoolEntitlementCsvRows(answer: SchoolEntitlementT): Record<string, unknown>[] {
  const { countyCode, year, policyId, schoolCode, schoolName } = answer;
  return answer.components.map((c) => ({ countyCode, year, policyId, schoolCode, schoolName, kind: answer.inputs.kind, ...c }));
}

/**
 * CSV rows of the county entitlements: one per school-component, then the county totals row (`component`
 * `total`, no school; its amount is the sum of every line above, to the fen) so a spreadsheet needs no sum.
 */
export function* entitlementCsvRows(answer: CountyEntitlementsT): Generator<Record<string, unknown>> {
  for (const s of answer.schools) {
    for (const c of s.components) {
      yield { countyCode: answer.countyCode, year: answer.year, policyId: answer.policyId, schoolCode: s.schoolCode, schoolName: s.schoolName, kind: s.kind, ...c };
    }
  }
  const t = answer.totals;
  yield {
    countyCode: answer.countyCode,
    year: answer.year,
    policyId: answer.policyId,
    component: 'total',
    amountYuan: t.totalYuan,
    explanation: `county total of ${t.schools} schools; training minimum ${t.trainingMinimumYuan} yuan`,
  };
}

export const ENTITLEMENT_CSV_COLUMNS = [
  'countyCode',
  'year',
  'policyId',
  'schoolCode',
  'schoolName',
  'kind',
  'component',
  'quantity',
  'rateYuan',
  'amountYuan',
  'rule',
  'explanation',
] as const;
