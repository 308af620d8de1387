// The remediation plan of a county-year (docs/planning.md): the county's inputs and policy, the unit
// costs (the policy's, or a request's), the pure planner, and the answer with every figure in yuan.
// Read-only: nothing is written or audited.

import type { Queryable } from '../../db/connection.js';
import {
  PlanVerificationError,
  costYuan,
  MAX_ANSWERED_FEN,
  fenToYuanExact,
  planCosts,
  planRemediation,
  type PlanVerdict,
  type RemediationPlan,
} from '../../rules/planning/index.js';
import { REMEDIATION_ACTIONS, type RemediationAction } from '../../rules/policies/remediation-costs.js';
import { COMPULSORY_STAGES, type CompulsoryStage } from '../../rules/vocabulary.js';
import type { CostOverridesT, RemediationPlanT } from '../../schemas/planning.js';
import { ServiceError } from '../errors.js';
import { answerHeader, countyYearContext } from '../indicators/context.js';
import { MAX_ANSWERED_YUAN_TEXT, costBoundIssues } from './cost-bound.js';
import { assertHasClasses, loadIndicatorInputs } from '../indicators/inputs.js';
import { scorecard } from '../indicators/scorecard.js';

/** The indicators a plan acts on; the scorecard's others are listed as not planned. */
const PLANNED = new Set(['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B10', 'B11', 'B12']);

export interface PlanOptions {
  stage?: CompulsoryStage | undefined;
  policyId?: string | undefined;
  costs?: CostOverridesT | undefined;
}

const fenYuan = fenToYuanExact;

function verdictJson(v: PlanVerdict): RemediationPlanT['after'] {
  return {
    passes: v.passes,
    resourceAllocation: v.resourceAllocation,
    classSizes: v.classSizes,
    schoolSize: v.schoolSize,
    rooms: v.rooms,
  };
}

/** The plan as the API answers it, with school names. */
export function planJson(
  plan: RemediationPlan,
  header: ReturnType<typeof answerHeader>,
  costs: ReturnType<typeof planCosts>,
  overridden: ReadonlySet<RemediationAction>,
  names: ReadonlyMap<string, string>,
  notPlanned: RemediationPlanT['notPlanned'],
): RemediationPlanT {
  const name = (code: string) => names.get(code) ?? '';
  const costsOut = {} as RemediationPlanT['costs'];
  const sources = {} as RemediationPlanT['costSources'];
  const byAction = {} as RemediationPlanT['totals']['byAction'];
  for (const a of REMEDIATION_ACTIONS) {
    costsOut[a] = costYuan(costs[a]);
    sources[a] = overridden.has(a) ? 'request' : 'policy';
    byAction[a] = fenYuan(plan.totals.byAction[a]);
  }
  const d = plan.dispersion;
  const proved = d.steps.filter((s) => s.provedMinimal).length;
  return {
    ...header,
    stages: plan.stages,
    costs: costsOut,
    costSources: sources,
    actions: plan.actions.map((a) => {
      const out: RemediationPlanT['actions'][number] = {
        schoolCode: a.schoolCode,
        schoolName: name(a.schoolCode),
        action: a.action,
        quantity: a.quantity,
        unit: a.unit,
        unitCostYuan: a.unitCostYuan,
        costYuan: a.costFen === null ? null : fenYuan(a.costFen),
        indicators: a.indicators,
        reason: a.reason,
        reasonZh: a.reasonZh,
      };
      if (a.stage !== undefined) out.stage = a.stage;
      if (a.grade !== undefined) out.grade = a.grade;
      if (a.subject !== undefined) out.subject = a.subject;
      return out;
    }),
    totals: {
      costYuan: fenYuan(plan.totals.fen),
      byAction,
      bySchool: plan.totals.bySchool.map((s) => ({ schoolCode: s.schoolCode, schoolName: name(s.schoolCode), costYuan: fenYuan(s.fen) })),
      unpriced: plan.totals.unpriced,
    },
    units: plan.units.map((u) => ({ ...u, schoolName: name(u.schoolCode) })),
    dispersion: {
      minimal: d.minimal,
      rounds: d.rounds,
      steps: d.steps,
      explanation:
        d.steps.length === 0
          ? 'every cv met its limit once each unit had its option: no dispersion step was needed'
          : `${d.steps.length} dispersion step(s) in ${d.rounds} round(s); ${proved} proved minimal` +
            (d.minimal ? '' : ' (a step not proved minimal, or a step repeated because another one moved its figure, leaves the total unproved)'),
    },
    notPlanned,
    before: verdictJson(plan.before),
    after: verdictJson(plan.after),
    explanation:
      `${plan.actions.length} action(s) costing ${fenYuan(plan.totals.fen)} yuan` +
      (plan.totals.unpriced.length > 0 ? ` (not priced: ${plan.totals.unpriced.join(', ')})` : '') +
      `; before: ${plan.before.passes ? 'passes' : 'fails'}, after every action: ${plan.after.passes ? 'passes' : 'fails'}`,
  };
}

/** GET/POST /v1/counties/{countyCode}/years/{year}/remediation-plan */
export async function remediationPlan(db: Queryable, countyCode: string, year: number, options: PlanOptions = {}): Promise<RemediationPlanT> {
  const ctx = await countyYearContext(db, countyCode, year, options.policyId);
  const params = ctx.profile.indicators;
  const inputs = await loadIndicatorInputs(db, countyCode, year, { policy: params, classList: true });
  assertHasClasses(inputs, `county ${countyCode}`);
  const overrides = options.costs ?? {};
  const costs = planCosts(ctx.profile.remediationCosts, overrides);
  const stages: CompulsoryStage[] = options.stage ? [options.stage] : [...COMPULSORY_STAGES];
  let plan: RemediationPlan;
  try {
    plan = planRemediation({ schools: inputs.schools, params, costs, stages });
  } catch (err) {
    if (err instanceof PlanVerificationError) {
      // the engines reject the planner's own plan: a defect, reported as such rather than as an answer
      throw new ServiceError(500, 'plan-not-verified', 'Internal Server Error', err.message);
    }
    throw err;
  }
  if (plan.missing.length > 0) {
    throw new ServiceError(
      422,
      'plan-inputs-missing',
      'Unprocessable Content',
      `the plan for county ${countyCode} in ${year} needs inputs that are not recorded: ${plan.missing.length} problem(s)`,
      plan.missing.map((m) => ({ pointer: '', message: `missing ${m}` })),
      { missing: plan.missing },
    );
  }
  // Amounts a JSON number cannot carry to the fen are refused, never rounded: each names its action or
  // school, at the request's cost when it set that one.
  const tooLarge = costBoundIssues(plan, costs, ctx.policyId, (a) => (overrides[a] !== undefined ? { pointer: `/costs/${a}`, in: 'body' } : undefined));
  if (tooLarge.length > 0) {
    throw new ServiceError(
      422,
      'plan-cost-too-large',
      'Unprocessable Content',
      `the plan for county ${countyCode} in ${year} costs more than the ${MAX_ANSWERED_YUAN_TEXT} yuan answered exactly: ${tooLarge.length} problem(s)`,
      tooLarge,
      { maxYuan: fenToYuanExact(MAX_ANSWERED_FEN) },
    );
  }
  const card = await scorecard(db, countyCode, year, { policyId: options.policyId });
  const notPlanned = card.indicators.filter((e) => !PLANNED.has(e.id)).map((e) => ({ id: e.id, status: e.status }));
  const names = new Map([...inputs.meta.values()].map((m) => [m.schoolCode, m.name]));
  const overridden = new Set(REMEDIATION_ACTIONS.filter((a) => overrides[a] !== undefined));
  return planJson(plan, answerHeader(ctx), costs, overridden, names, notPlanned);
}

/** CSV columns of the plan: one row per action, stable names. */
export const PLAN_CSV_COLUMNS: readonly string[] = [
  'countyCode',
  'year',
  'policyId',
  'schoolCode',
  'schoolName',
  'stage',
  'grade',
  'action',
  'subject',
  'quantity',
  'unit',
  'unitCostYuan',
  'costYuan',
  'indicators',
  'reason',
  'reasonZh',
];

export function planCsvRows(answer: RemediationPlanT): Record<string, unknown>[] {
  return answer.actions.map((a) => ({
    countyCode: answer.countyCode,
    year: answer.year,
    policyId: answer.policyId,
    schoolCode: a.schoolCode,
    schoolName: a.schoolName,
    stage: a.stage ?? null,
    grade: a.grade ?? null,
    action: a.action,
    subject: a.subject ?? null,
    quantity: a.quantity,
    unit: a.unit,
    unitCostYuan: a.unitCostYuan,
    costYuan: a.costYuan,
    indicators: a.indicators,
    reason: a.reason,
    reasonZh: a.reasonZh,
  }));
}
