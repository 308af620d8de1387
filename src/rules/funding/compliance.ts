// Funding compliance for auditors (docs/domain.md §7 last line, §5 B13/B14/B26): per school, allocated
// public funding against the entitlement (shortfall) and the three funding indicators; per county,
// totals and a verdict per check. Exact integer-fen comparisons throughout.

import { STAGES_BY_KIND } from '../vocabulary.js';
import type { FundingParams } from '../policies/funding-params.js';
import { ceilShareFen, formatFen, multiplyFen, sumFen, yuanToFen, type Fen } from './money.js';
import { compulsoryStudents, totalStudents, type FundingSchoolInput } from './inputs.js';
import { computeEntitlement, isRural, type SchoolEntitlement } from './entitlement.js';

export type ComplianceStatus = 'met' | 'not_met' | 'not_assessable';
export type ComplianceCheckId = 'allocation' | 'B13' | 'B14' | 'B26';

export interface ComplianceCheck {
  check: ComplianceCheckId;
  status: ComplianceStatus;
  /** What the school should have (fen), null when it cannot be computed. */
  requiredFen: Fen | null;
  /** What it has (fen), null when not declared. */
  actualFen: Fen | null;
  /** requiredFen − actualFen when positive, else 0; null when not assessable. */
  shortfallFen: Fen | null;
  /** Input fields that are missing when not assessable. */
  missing: string[];
  rule: string;
  explanation: string;
}

export interface SchoolCompliance {
  schoolCode: string;
  entitlement: SchoolEntitlement;
  /** The checks that apply to this school, in the order allocation, B13, B14, B26. */
  checks: ComplianceCheck[];
}

export interface CountyCheckVerdict {
  check: ComplianceCheckId;
  /** not_met if any school fails; else not_assessable if any lacks inputs; else met (also when none applies). */
  status: ComplianceStatus;
  schools: number;
  met: number;
  notMet: number;
  notAssessable: number;
  /** `schoolCode.field` for every missing input. */
  missing: string[];
  shortfallFen: Fen;
}

export interface CountyCompliance {
  schools: SchoolCompliance[];
  totals: {
    entitlementFen: Fen;
    /** Sum of declared allocations only. */
    allocatedFen: Fen;
    /** Sum of per-school shortfalls (a surplus at one school does not offset another's shortfall). */
    shortfallFen: Fen;
    schoolsWithShortfall: number;
    schoolsMissingAllocation: number;
  };
  verdicts: Record<ComplianceCheckId, CountyCheckVerdict>;
}

const ALLOCATION_RULE = 'docs/domain.md §7.8: allocated public funding (公用经费) vs entitlement';

function optionalFen(yuan: number | null | undefined): Fen | null {
  return yuan === undefined || yuan === null ? null : yuanToFen(yuan);
}

function judge(
  check: ComplianceCheckId,
  requiredFen: Fen | null,
  actualFen: Fen | null,
  missing: string[],
  rule: string,
  describe: (required: Fen, actual: Fen) => string,
): ComplianceCheck {
  if (requiredFen === null || actualFen === null || missing.length > 0) {
    return {
      check,
      status: 'not_assessable',
      requiredFen,
      actualFen,
      shortfallFen: null,
      missing,
      rule,
      explanation: `not assessable: missing ${missing.join(', ')}`,
    };
  }
  const met = actualFen >= requiredFen;
  return {
    check,
    status: met ? 'met' : 'not_met',
    requiredFen,
    actualFen,
    shortfallFen: met ? 0 : requiredFen - actualFen,
    missing: [],
    rule,
    explanation: describe(requiredFen, actualFen),
  };
}

function cmp(actual: Fen, required: Fen): string {
  return actual >= required ? '≥' : '<';
}

/** Compliance checks of one school. */
export function assessSchoolCompliance(input: FundingSchoolInput, params: FundingParams): SchoolCompliance {
  const entitlement = computeEntitlement(input, params);
  const checks: ComplianceCheck[] = [];
  if (!entitlement.entitled) return { schoolCode: input.schoolCode, entitlement, checks };

  const allocatedFen = optionalFen(input.publicFundingAllocatedYuan);
  const missingAllocation = allocatedFen === null ? ['publicFundingAllocatedYuan'] : [];

  checks.push(
    judge('allocation', entitlement.totalFen, allocatedFen, missingAllocation, ALLOCATION_RULE, (req, act) =>
      `allocated ${formatFen(act)} ${cmp(act, req)} entitlement ${formatFen(req)}`,
    ),
  );

  // B13: a small rural primary school or teaching point must be funded as at least `floorStudents`
  // students at the primary rate. Judged against the indicator's standard even when a policy switches
  // the entitlement floor off.
  const floor = params.smallSchoolFloor;
  const n = compulsoryStudents(input);
  if (isRural(input.areaType, params) && floor.kinds.includes(input.kind) && n > 0 && n < floor.floorStudents) {
    const rate = params.baseRate.primary.fen;
    const required = multiplyFen(floor.floorStudents, rate);
    checks.push(
      judge('B13', required, allocatedFen, missingAllocation, floor.clause, (req, act) =>
        `${input.areaType} school with ${n} students must be funded as ${floor.floorStudents}: allocated ${formatFen(act)} ${cmp(act, req)} ${floor.floorStudents} × ${formatFen(rate)} = ${formatFen(req)}`,
      ),
    );
  }

  // B14: special-school public funding per student ≥ minimum, compared as allocated ≥ students × minimum.
  if (input.kind === 'special') {
    const students = totalStudents(input);
    const min = params.specialSchoolMinimum;
    const missing = [...missingAllocation];
    if (students === 0) missing.push('students');
    const required = students > 0 ? multiplyFen(students, min.fen) : null;
    checks.push(
      judge('B14', required, allocatedFen, missing, min.clause, (req, act) =>
        `special school with ${students} students: allocated ${formatFen(act)} ${cmp(act, req)} ${students} × ${formatFen(min.fen)} = ${formatFen(req)}`,
      ),
    );
  }

  // B26: schools of compulsory education (kinds teaching primary or junior, special included):
  // training spend ≥ share of the school's public-funding budget (its allocation), to the fen, rounded up.
  const stages = STAGES_BY_KIND[input.kind];
  if (stages.includes('primary') || stages.includes('junior')) {
    const spendFen = optionalFen(input.trainingSpendYuan);
    const missing = [...missingAllocation];
    if (spendFen === null) missing.push('trainingSpendYuan');
    const bp = params.trainingMinimum.basisPoints;
    const required = allocatedFen === null ? null : ceilShareFen(allocatedFen, bp);
    checks.push(
      judge('B26', required, spendFen, missing, params.trainingMinimum.clause, (req, act) =>
        `training spend ${formatFen(act)} ${cmp(act, req)} ${bp / 100}% of budget ${formatFen(allocatedFen ?? 0)} = ${formatFen(req)}`,
      ),
    );
  }

  return { schoolCode: input.schoolCode, entitlement, checks };
}

function verdict(check: ComplianceCheckId, schools: readonly SchoolCompliance[]): CountyCheckVerdict {
  let met = 0;
  let notMet = 0;
  let notAssessable = 0;
  const missing: string[] = [];
  const shortfalls: Fen[] = [];
  for (const s of schools) {
    for (const c of s.checks) {
      if (c.check !== check) continue;
      if (c.status === 'met') met++;
      else if (c.status === 'not_met') notMet++;
      else notAssessable++;
      for (const m of c.missing) missing.push(`${s.schoolCode}.${m}`);
      if (c.shortfallFen !== null) shortfalls.push(c.shortfallFen);
    }
  }
  const status: ComplianceStatus = notMet > 0 ? 'not_met' : notAssessable > 0 ? 'not_assessable' : 'met';
  return {
    check,
    status,
    schools: met + notMet + notAssessable,
    met,
    notMet,
    notAssessable,
    missing,
    shortfallFen: sumFen(shortfalls),
  };
}

/** Compliance of every school of a county-year, with county totals and verdicts. */
export function assessCompliance(inputs: readonly FundingSchoolInput[], params: FundingParams): CountyCompliance {
  const schools = inputs.map((i) => assessSchoolCompliance(i, params));
  const allocations = schools.flatMap((s) => s.checks.filter((c) => c.check === 'allocation'));
  const totals = {
    entitlementFen: sumFen(schools.map((s) => s.entitlement.totalFen)),
    allocatedFen: sumFen(allocations.map((c) => c.actualFen ?? 0)),
    shortfallFen: sumFen(allocations.map((c) => c.shortfallFen ?? 0)),
    schoolsWithShortfall: allocations.filter((c) => c.status === 'not_met').length,
    schoolsMissingAllocation: allocations.filter((c) => c.status === 'not_assessable').length,
  };
  const verdicts = {
    allocation: verdict('allocation', schools),
    B13: verdict('B13', schools),
    B14: verdict('B14', schools),
    B26: verdict('B26', schools),
  };
  return { schools, totals, verdicts };
}
