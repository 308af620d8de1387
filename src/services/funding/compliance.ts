// Funding compliance for auditors (docs/domain.md §7 last line): per school, allocated public funding
// against the entitlement (shortfall), B13, B14 and B26; county totals and a verdict per check.

import type { Queryable } from '../../db/connection.js';
import { assessCompliance, fenToYuan, parseFundingParams, yuanToFen } from '../../rules/funding/index.js';
import type { CountyComplianceT } from '../../schemas/funding.js';
import { countyCalculation, type PolicyChoice } from './entitlements.js';
import { checkJson, complianceTotalsJson, verdictsJson } from './json.js';

export async function countyCompliance(db: Queryable, countyCode: string, year: number, choice: PolicyChoice): Promise<CountyComplianceT> {
  const { data, policy } = await countyCalculation(db, countyCode, year, choice);
  const result = assessCompliance(data.inputs, parseFundingParams(policy.profile.funding));
  return {
    countyCode,
    year,
    policyId: policy.profile.id,
    policySource: policy.source,
    schools: result.schools.map((s, n) => {
      const input = data.inputs[n]!;
      const allocation = s.checks.find((c) => c.check === 'allocation');
      const allocatedFen = input.publicFundingAllocatedYuan === undefined || input.publicFundingAllocatedYuan === null ? null : yuanToFen(input.publicFundingAllocatedYuan);
      // A school not entitled has no allocation check: its shortfall is 0 when an allocation is declared.
      const shortfallFen = allocation ? allocation.shortfallFen : allocatedFen === null ? null : 0;
      return {
        schoolCode: s.schoolCode,
        schoolName: data.labels.get(s.schoolCode)?.name ?? '',
        kind: input.kind,
        entitled: s.entitlement.entitled,
        entitlementYuan: fenToYuan(s.entitlement.totalFen),
        allocatedYuan: allocatedFen === null ? null : fenToYuan(allocatedFen),
        shortfallYuan: shortfallFen === null ? null : fenToYuan(shortfallFen),
        checks: s.checks.map(checkJson),
      };
    }),
    totals: complianceTotalsJson(result.totals),
    verdicts: verdictsJson(result.verdicts),
    withoutClasses: data.withoutClasses,
  };
}

export const COMPLIANCE_CSV_COLUMNS = [
  'countyCode',
  'year',
  'policyId',
  'schoolCode',
  'schoolName',
  'kind',
  'entitlementYuan',
  'allocatedYuan',
  'shortfallYuan',
  'allocationStatus',
  'b13Status',
  'b13RequiredYuan',
  'b14Status',
  'b14RequiredYuan',
  'b26Status',
  'b26RequiredYuan',
  'trainingSpendYuan',
] as const;

/** One CSV row per school; a check that does not apply to the school leaves its cells empty. */
export function* complianceCsvRows(answer: CountyComplianceT): Generator<Record<string, unknown>> {
  for (const s of answer.schools) {
    const check = (id: string) => s.checks.find((c) => c.check === id);
    const b26 = check('B26');
    yield {
      countyCode: answer.countyCode,
      year: answer.year,
      policyId: answer.policyId,
      schoolCode: s.schoolCode,
      schoolName: s.schoolName,
      kind: s.kind,
      entitlementYuan: s.entitlementYuan,
      allocatedYuan: s.allocatedYuan,
      shortfallYuan: s.shortfallYuan,
      allocationStatus: check('allocation')?.status,
      b13Status: check('B13')?.status,
      b13RequiredYuan: check('B13')?.requiredYuan,
      b14Status: check('B14')?.status,
      b14RequiredYuan: check('B14')?.requiredYuan,
      b26Status: b26?.status,
      b26RequiredYuan: b26?.requiredYuan,
      trainingSpendYuan: b26?.actualYuan,
    };
  }
}
