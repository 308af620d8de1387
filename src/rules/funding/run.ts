// Calculation runs (docs/domain.md §8), the pure part: the normalized snapshot of inputs + policy, its
// sha256, the per-school lines and totals, a hash of the results (so a verify can say "same figures"
// by comparing two hashes), and the drift between frozen and live inputs. Who ran it and when are
// added by the service; they are not part of any hash.

import { parseFundingParams, type FundingParams } from '../policies/funding-params.js';
import { canonicalHash, canonicalJson } from './canonical.js';
import { assessCompliance, type CountyCompliance } from './compliance.js';
import { computeEntitlement, FUNDING_COMPONENTS, type FundingComponentId, type SchoolEntitlement } from './entitlement.js';
import { sumFen, type Fen } from './money.js';
import { INPUT_FIELDS, compareCodes, normalizeInputs, type FundingSchoolInput, type InputField } from './inputs.js';

/** The part of a policy profile the engine reads; the whole profile object is frozen and hashed. */
export interface FundingPolicyProfile {
  id: string;
  funding: FundingParams;
}

export interface RunSnapshot<P extends FundingPolicyProfile = FundingPolicyProfile> {
  /** Normalized inputs, sorted by schoolCode. */
  inputs: FundingSchoolInput[];
  policy: P;
}

export interface ComponentTotal {
  component: FundingComponentId;
  schools: number;
  quantity: number;
  amountFen: Fen;
}

export interface FundingTotals {
  schools: number;
  totalFen: Fen;
  /** Sum of the per-school training minimums (each rounded up to the fen). */
  trainingMinimumFen: Fen;
  /** Components present in at least one school, in FUNDING_COMPONENTS order. */
  byComponent: ComponentTotal[];
}

export interface FundingRun<P extends FundingPolicyProfile = FundingPolicyProfile> {
  engineVersion: string;
  policyId: string;
  snapshot: RunSnapshot<P>;
  /** sha256 of canonicalJson({ inputs, policy }). */
  inputsHash: string;
  /** Per-school lines, in schoolCode order. */
  lines: SchoolEntitlement[];
  totals: FundingTotals;
  compliance: CountyCompliance;
  /** sha256 of canonicalJson({ lines, totals, compliance }). */
  resultsHash: string;
}

/** Builds the normalized snapshot: inputs validated, normalized and sorted; policy as plain JSON data. */
function buildSnapshot<P extends FundingPolicyProfile>(
  policy: P,
  inputs: readonly FundingSchoolInput[],
): RunSnapshot<P> {
  parseFundingParams(policy.funding);
  // Round-trip through canonical JSON: a plain, detached copy without undefined properties.
  const frozenPolicy = JSON.parse(canonicalJson(policy)) as P;
  return { inputs: normalizeInputs(inputs), policy: frozenPolicy };
}

export function hashSnapshot(snapshot: RunSnapshot): string {
  return canonicalHash({ inputs: snapshot.inputs, policy: snapshot.policy });
}

export function sumTotals(lines: readonly SchoolEntitlement[]): FundingTotals {
  const byComponent: ComponentTotal[] = [];
  for (const id of FUNDING_COMPONENTS) {
    const parts = lines.flatMap((l) => l.components.filter((c) => c.component === id));
    if (parts.length === 0) continue;
    byComponent.push({
      component: id,
      schools: parts.length,
      quantity: parts.reduce((q, c) => q + c.quantity, 0),
      amountFen: sumFen(parts.map((c) => c.amountFen)),
    });
  }
  return {
    schools: lines.length,
    totalFen: sumFen(lines.map((l) => l.totalFen)),
    trainingMinimumFen: sumFen(lines.map((l) => l.trainingMinimumFen)),
    byComponent,
  };
}

/** Computes a run from an already-normalized snapshot (what verify does). */
export function computeFromSnapshot<P extends FundingPolicyProfile>(
  snapshot: RunSnapshot<P>,
  engineVersion: string,
): FundingRun<P> {
  const params = parseFundingParams(snapshot.policy.funding);
  const inputs = normalizeInputs(snapshot.inputs);
  const lines = inputs.map((i) => computeEntitlement(i, params));
  const totals = sumTotals(lines);
  const compliance = assessCompliance(inputs, params);
  return {
    engineVersion,
    policyId: snapshot.policy.id,
    snapshot: { inputs, policy: snapshot.policy },
    inputsHash: hashSnapshot({ inputs, policy: snapshot.policy }),
    lines,
    totals,
    compliance,
    resultsHash: canonicalHash({ lines, totals, compliance }),
  };
}

/** Computes a county-year run: policy profile + school inputs + engine version → snapshot, hash, lines, totals. */
export function computeRun<P extends FundingPolicyProfile>(
  policy: P,
  inputs: readonly FundingSchoolInput[],
  engineVersion: string,
): FundingRun<P> {
  return computeFromSnapshot(buildSnapshot(policy, inputs), engineVersion);
}

export interface InputDrift {
  schoolCode: string;
  /** Changed input fields (dotted for students: `students.primary`), or ['added'] / ['removed']. */
  fields: (InputField | 'added' | 'removed')[];
}

/** The value of one input field (dotted for students), null for an undeclared amount. */
export function inputFieldValue(input: FundingSchoolInput, field: InputField): string | number | boolean | null {
  switch (field) {
    case 'students.preschool':
      return input.students.preschool;
    case 'students.primary':
      return input.students.primary;
    case 'students.junior':
      return input.students.junior;
    case 'students.senior':
      return input.students.senior;
    case 'publicFundingAllocatedYuan':
      return input.publicFundingAllocatedYuan ?? null;
    case 'trainingSpendYuan':
      return input.trainingSpendYuan ?? null;
    default:
      return input[field];
  }
}

/**
 * Drift between a run's frozen inputs and today's live inputs, by school: the changed fields,
 * 'added' for a school only in `live`, 'removed' for one only in `frozen`. Schools without change
 * are left out; the answer is sorted by schoolCode.
 */
export function diffInputs(
  frozen: readonly FundingSchoolInput[],
  live: readonly FundingSchoolInput[],
): InputDrift[] {
  const before = new Map(normalizeInputs(frozen).map((i) => [i.schoolCode, i]));
  const after = new Map(normalizeInputs(live).map((i) => [i.schoolCode, i]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort(compareCodes);
  const drift: InputDrift[] = [];
  for (const code of codes) {
    const a = before.get(code);
    const b = after.get(code);
    if (a === undefined) {
      drift.push({ schoolCode: code, fields: ['added'] });
    } else if (b === undefined) {
      drift.push({ schoolCode: code, fields: ['removed'] });
    } else {
      const fields = INPUT_FIELDS.filter((f) => !Object.is(inputFieldValue(a, f), inputFieldValue(b, f)));
      if (fields.length > 0) drift.push({ schoolCode: code, fields });
    }
  }
  return drift;
}

export interface RunVerification {
  /** Recomputing the frozen snapshot gives the frozen inputs hash and results hash. */
  reproducible: boolean;
  inputsHash: string;
  resultsHash: string;
  drift: InputDrift[];
}

/** Recomputes a frozen run from its own snapshot and reports drift of the live inputs. */
export function verifyRun(
  frozen: { snapshot: RunSnapshot; inputsHash: string; resultsHash: string },
  liveInputs: readonly FundingSchoolInput[],
  engineVersion: string,
): RunVerification {
  const again = computeFromSnapshot(frozen.snapshot, engineVersion);
  return {
    reproducible: again.inputsHash === frozen.inputsHash && again.resultsHash === frozen.resultsHash,
    inputsHash: again.inputsHash,
    resultsHash: again.resultsHash,
    drift: diffInputs(frozen.snapshot.inputs, liveInputs),
  };
}

