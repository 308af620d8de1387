// Engine results (integer fen) → API answers (yuan with at most 2 decimals). The only place the
// funding services convert money.

import {
  fenToYuan,
  type ComplianceCheck,
  type CountyCompliance,
  componentToJson,
  type FundingSchoolInput,
  type FundingTotals,
  type SchoolEntitlement,
} from '../../rules/funding/index.js';
import type {
  ComplianceTotalsT,
  ComplianceVerdictsT,
  EntitlementLineT,
  FundingInputJsonT,
  FundingTotalsT,
} from '../../schemas/funding.js';
import type { SchoolLabel } from './inputs.js';

const yuanOrNull = (fen: number | null): number | null => (fen === null ? null : fenToYuan(fen));


export function entitlementCoreJson(e: SchoolEntitlement) {
  return {
    entitled: e.entitled,
    totalYuan: fenToYuan(e.totalFen),
    trainingMinimumYuan: fenToYuan(e.trainingMinimumFen),
    trainingMinimumRule: e.trainingMinimumRule,
    ...(e.note !== undefined ? { note: e.note } : {}),
    components: e.components.map(componentToJson),
  };
}

export function entitlementLineJson(e: SchoolEntitlement, input: FundingSchoolInput, label: SchoolLabel | undefined): EntitlementLineT {
  if (e.note !== undefined) {
    return { schoolCode: e.schoolCode, schoolName: label?.name ?? '', kind: input.kind, ...entitlementCoreJson(e) };
  }
  // the common case as one literal (a spread per school is a slow copy at the size of a province)
  return {
    schoolCode: e.schoolCode,
    schoolName: label?.name ?? '',
    kind: input.kind,
    entitled: e.entitled,
    totalYuan: fenToYuan(e.totalFen),
    trainingMinimumYuan: fenToYuan(e.trainingMinimumFen),
    trainingMinimumRule: e.trainingMinimumRule,
    components: e.components.map(componentToJson),
  };
}

export const totalsJson = (t: FundingTotals): FundingTotalsT => ({
  schools: t.schools,
  totalYuan: fenToYuan(t.totalFen),
  trainingMinimumYuan: fenToYuan(t.trainingMinimumFen),
  byComponent: t.byComponent.map((c) => ({
    component: c.component,
    schools: c.schools,
    quantity: c.quantity,
    amountYuan: fenToYuan(c.amountFen),
  })),
});

export const checkJson = (c: ComplianceCheck) => ({
  check: c.check,
  status: c.status,
  requiredYuan: yuanOrNull(c.requiredFen),
  actualYuan: yuanOrNull(c.actualFen),
  shortfallYuan: yuanOrNull(c.shortfallFen),
  missing: c.missing,
  rule: c.rule,
  explanation: c.explanation,
});

export const complianceTotalsJson = (t: CountyCompliance['totals']): ComplianceTotalsT => ({
  entitlementYuan: fenToYuan(t.entitlementFen),
  allocatedYuan: fenToYuan(t.allocatedFen),
  shortfallYuan: fenToYuan(t.shortfallFen),
  schoolsWithShortfall: t.schoolsWithShortfall,
  schoolsMissingAllocation: t.schoolsMissingAllocation,
});

export function verdictsJson(v: CountyCompliance['verdicts']): ComplianceVerdictsT {
  const one = (x: CountyCompliance['verdicts']['allocation']) => ({
    check: x.check,
    status: x.status,
    schools: x.schools,
    met: x.met,
    notMet: x.notMet,
    notAssessable: x.notAssessable,
    missing: x.missing,
    shortfallYuan: fenToYuan(x.shortfallFen),
  });
  return { allocation: one(v.allocation), B13: one(v.B13), B14: one(v.B14), B26: one(v.B26) };
}

/** An engine input as JSON: an undeclared allocation or training spend is left out, never null. */
export function inputJson(i: FundingSchoolInput): FundingInputJsonT {
  const { publicFundingAllocatedYuan, trainingSpendYuan, ...rest } = i;
  return {
    ...rest,
    students: { ...i.students },
    ...(publicFundingAllocatedYuan !== undefined && publicFundingAllocatedYuan !== null ? { publicFundingAllocatedYuan } : {}),
    ...(trainingSpendYuan !== undefined && trainingSpendYuan !== null ? { trainingSpendYuan } : {}),
  };
}
