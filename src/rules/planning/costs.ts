// Unit costs as the planner reads them: exact yuan per unit of each action's quantity, or null for an
// action the policy does not price (docs/planning.md §4). The policy states fen; a request may override
// any of them in yuan.

import { mul, rat, toNumber, fromDecimal, type Rational } from '../exact.js';
import { REMEDIATION_ACTIONS, type RemediationAction, type RemediationCosts } from '../policies/remediation-costs.js';
import type { PlanAction } from './actions.js';
import { actionQuantity } from './actions.js';

export type PlanCosts = Readonly<Record<RemediationAction, Rational | null>>;

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

/** Yuan per unit as a JSON number (at most 2 decimals), null when not priced. */
export const costYuan = (c: Rational | null): number | null => (c === null ? null : toNumber(c, 2));

/** An action's cost in integer fen (quantity × unit cost, rounded half up to the fen); null when not priced. */
export function actionCostFen(action: Pick<PlanAction, 'action' | 'quantity'>, costs: PlanCosts): bigint | null {
  const unit = costs[action.action];
  if (unit === null) return null;
  const fen = mul(mul(actionQuantity(action), unit), 100);
  // half up on a non-negative amount
  return (fen.n * 2n + fen.d) / (2n * fen.d);
}
