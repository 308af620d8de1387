// Unit costs as the planner reads them: exact yuan per unit of each action's quantity, or null for an
// action the policy does not price (docs/planning.md §4). The policy states fen; a request may override
// any of them in yuan.
//
// Amounts leave the service as yuan in JSON numbers (doubles), so a plan answers only amounts a double
// carries exactly to the fen: at most MAX_ANSWERED_FEN. A plan costing more is refused, never rounded.

import { mul, rat, fromDecimal, type Rational } from '../exact.js';
import { REMEDIATION_ACTIONS, type RemediationAction, type RemediationCosts } from '../policies/remediation-costs.js';
import type { PlanAction } from './actions.js';
import { actionQuantity } from './actions.js';

export type PlanCosts = Readonly<Record<RemediationAction, Rational | null>>;

/**
 * The largest amount a plan answers, in fen: 10^15 − 1 fen, 9,999,999,999,999.99 yuan. The nearest double to
 * a decimal of at most 15 significant digits always prints back as that decimal; with 16 it may not
 * (71651196871677.01 yuan prints as 71651196871677.02), so Number.MAX_SAFE_INTEGER fen (16 digits) would
 * still answer some amounts a fen off.
 */
export const MAX_ANSWERED_FEN = 999_999_999_999_999n;

/** Fen as "1234.05": exact at any size (for messages about amounts too large for a JSON number). */
export function fenText(fen: bigint): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/**
 * Fen as a yuan JSON number: exactly its 2 decimals. Throws beyond ±MAX_ANSWERED_FEN, where no double does
 * that; the services refuse such a plan first (costsBeyondBound), so the throw marks a missed check.
 */
export function fenToYuanExact(fen: bigint): number {
  if (fen > MAX_ANSWERED_FEN || fen < -MAX_ANSWERED_FEN) throw new RangeError(`${fenText(fen)} yuan cannot be answered exactly as a JSON number`);
  // an integer below 2^53 divided by 100: IEEE division gives the double nearest to the 2-decimal amount
  const yuan = Number(fen) / 100;
  return Object.is(yuan, -0) ? 0 : yuan;
}

/** The policy's costs (fen), with a request's overrides (yuan, at most 2 decimals) on top. */
export function planCosts(policy: RemediationCosts, overridesYuan: Partial<Record<RemediationAction, number>> = {}): PlanCosts {
  const out = {} as Record<RemediationAction, Rational | null>;
  for (const action of REMEDIATION_ACTIONS) {
    const override = overridesYuan[action];
    const fen = policy[action];
    out[action] = override !== undefined ? fromDecimal(override) : fen === null ? null : rat(fen, 100);
  }
  return out;
}

/** Yuan per unit as a JSON number (exactly its 2 decimals), null when not priced. */
export function costYuan(c: Rational | null): number | null {
  if (c === null) return null;
  const fen = mul(c, 100);
  // policy costs are whole fen and overrides have at most 2 decimals, so this is always a whole number of fen
  if (fen.d !== 1n) throw new RangeError(`a unit cost of ${fen.n}/${fen.d} fen is not a whole number of fen`);
  return fenToYuanExact(fen.n);
}

/** An action's cost in integer fen (quantity × unit cost, rounded half up to the fen); null when not priced. */
export function actionCostFen(action: Pick<PlanAction, 'action' | 'quantity'>, costs: PlanCosts): bigint | null {
  const unit = costs[action.action];
  if (unit === null) return null;
  const fen = mul(mul(actionQuantity(action), unit), 100);
  // half up on a non-negative amount
  return (fen.n * 2n + fen.d) / (2n * fen.d);
}

/** An amount of a plan above MAX_ANSWERED_FEN: one action, the actions of one kind, one school, or the plan. */
export type CostBeyondBound =
  | { kind: 'action'; index: number; action: RemediationAction; schoolCode: string; fen: bigint }
  | { kind: 'byAction'; action: RemediationAction; fen: bigint }
  | { kind: 'bySchool'; schoolCode: string; fen: bigint }
  | { kind: 'total'; fen: bigint };

interface PricedAmounts {
  actions: readonly { action: RemediationAction; schoolCode: string; costFen: bigint | null }[];
  totals: { fen: bigint; byAction: Readonly<Record<RemediationAction, bigint>>; bySchool: readonly { schoolCode: string; fen: bigint }[] };
}

/**
 * Every amount of a priced plan that cannot be answered exactly. A sum is named only when none of its
 * parts is (an action above the bound puts its school, its kind and the plan above it too): each problem
 * once, at its source.
 */
export function costsBeyondBound(plan: PricedAmounts): CostBeyondBound[] {
  const over = (fen: bigint) => fen > MAX_ANSWERED_FEN;
  const out: CostBeyondBound[] = [];
  const actionsOver = new Set<RemediationAction>();
  const schoolsOver = new Set<string>();
  plan.actions.forEach((a, index) => {
    if (a.costFen === null || !over(a.costFen)) return;
    out.push({ kind: 'action', index, action: a.action, schoolCode: a.schoolCode, fen: a.costFen });
    actionsOver.add(a.action);
    schoolsOver.add(a.schoolCode);
  });
  for (const action of REMEDIATION_ACTIONS) {
    const fen = plan.totals.byAction[action];
    if (over(fen) && !actionsOver.has(action)) out.push({ kind: 'byAction', action, fen });
  }
  for (const s of plan.totals.bySchool) if (over(s.fen) && !schoolsOver.has(s.schoolCode)) out.push({ kind: 'bySchool', schoolCode: s.schoolCode, fen: s.fen });
  if (out.length === 0 && over(plan.totals.fen)) out.push({ kind: 'total', fen: plan.totals.fen });
  return out;
}
