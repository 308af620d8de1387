// The problems of a plan whose amounts are too large to answer exactly (docs/planning.md §4): shared by
// the remediation plan and a what-if scenario's apply_plan, which point at different parts of a request.

import { MAX_ANSWERED_FEN, costsBeyondBound, fenText, type PlanCosts, type RemediationPlan } from '../../rules/planning/index.js';
import type { RemediationAction } from '../../rules/policies/remediation-costs.js';
import type { Issue } from '../errors.js';

/** Where an issue points. */
type Place = Omit<Issue, 'message'>;

export const MAX_ANSWERED_YUAN_TEXT = fenText(MAX_ANSWERED_FEN);

/** The exact yuan text of a unit cost (whole fen, costYuan). */
const unitText = (c: PlanCosts[RemediationAction]): string => (c === null ? 'unpriced' : fenText((c.n * 100n) / c.d));

/**
 * One issue per amount above the bound, naming the action or school and the bound. `at(action)` is where
 * the request set that action's unit cost, or undefined when it is the policy's; `base` points at what
 * asked for the plan (the what-if change, or nothing for the plan route).
 */
export function costBoundIssues(
  plan: RemediationPlan,
  costs: PlanCosts,
  policyId: string,
  at: (action: RemediationAction) => Place | undefined,
  base: Place = { pointer: '' },
): Issue[] {
  const bound = `the ${MAX_ANSWERED_YUAN_TEXT} yuan up to which a plan's amounts are answered exactly`;
  const source = (action: RemediationAction) => (at(action) ? 'of the request' : `of policy ${policyId}`);
  return costsBeyondBound(plan).map((o): Issue => {
    if (o.kind === 'action') {
      const a = plan.actions[o.index]!;
      const where = `${a.schoolCode}${a.stage ? ` (${a.stage})` : ''}`;
      return {
        ...(at(o.action) ?? base),
        message:
          `${o.action} at school ${where}: ${a.quantity} ${a.unit} at the unit cost ${source(o.action)}, ${unitText(costs[o.action])} yuan, ` +
          `costs ${fenText(o.fen)} yuan, above ${bound}`,
      };
    }
    if (o.kind === 'byAction') return { ...(at(o.action) ?? base), message: `the ${o.action} actions together cost ${fenText(o.fen)} yuan, above ${bound}` };
    if (o.kind === 'bySchool') return { ...base, message: `the actions at school ${o.schoolCode} together cost ${fenText(o.fen)} yuan, above ${bound}` };
    return { ...base, message: `the plan costs ${fenText(o.fen)} yuan in all, above ${bound}` };
  });
}
