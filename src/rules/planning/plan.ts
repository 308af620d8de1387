// The least-cost remediation plan of a county-year (docs/planning.md): what to add, where, at what cost,
// so that the county passes B1–B7 (every unit and every cv), B10, B11 and B12. Pure: the inputs, the
// policy's thresholds and the unit costs in; the actions, their costs and the engines' verdict on the
// inputs with every action applied out.
//
// The steps, each reading the inputs as the previous ones leave them:
//   1. B11: students above a school's cap relocated (from its largest classes);
//   2. B12: classes above their limit split, per stage and grade;
//   3. B10: music and art rooms added (split classes may need more);
//   4. B1–B7: every assessed unit's least-cost option (unit-step.ts);
//   5. the actions so far merged (one per school, stage, action, subject and grade), applied to the
//      original inputs and judged by the engines; while a cv is above its limit, a round of dispersion
//      steps raises the lowest units to a common level (dispersion-step.ts) and the plan is judged again.
// The last judgement is the plan's `after`; then the actions are priced.

import { toHundredths } from '../exact.js';
import { classSizeApplies } from '../indicators/class-size.js';
import type { SchoolInput } from '../indicators/inputs.js';
import { RESOURCE_INDICATOR_IDS, assessUnit } from '../indicators/resource.js';
import { assessSpecialRoomsCounty } from '../indicators/special-rooms.js';
import { buildAssessmentUnits, type AssessmentUnit } from '../indicators/units.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import { REMEDIATION_ACTIONS, type RemediationAction } from '../policies/remediation-costs.js';
import { COMPULSORY_STAGES, type CompulsoryStage } from '../vocabulary.js';
import { applyPlanActions, designationLevel, HIRE_SUBJECTS, PlanActionError, type PlanAction } from './actions.js';
import { actionCostFen, costYuan, type PlanCosts } from './costs.js';
import { dispersionStep, type DispersionStepResult } from './dispersion-step.js';
import { artsPeHireSubjects, planUnit, type PlanUnit } from './needs.js';
import { reasonsEn } from './reason-en.js';
import { reasonsZh } from './reason-zh.js';
import { classSplitActions, relocationActions, roomActions } from './school-steps.js';
import { unitStep, type UnitChoice } from './unit-step.js';
import { judgePlan, type PlanJudgement, type PlanVerdict } from './verdict.js';

export interface PlanRequest {
  schools: readonly SchoolInput[];
  params: IndicatorParams;
  costs: PlanCosts;
  /** The stages whose B1–B7 units, cvs and B12 classes are planned (B10 and B11 are school-wide). */
  stages?: readonly CompulsoryStage[];
}

export interface PricedAction extends PlanAction {
  /** `reasons` in English (reason-en.ts) and in Chinese (reason-zh.ts). */
  reason: string;
  reasonZh: string;
  /** Yuan per unit of the quantity; null when the policy does not price the action. */
  unitCostYuan: number | null;
  /** quantity × unit cost, in integer fen rounded half up; null when not priced. */
  costFen: bigint | null;
}

export interface UnitOutcome {
  unitId: string;
  schoolCode: string;
  stage: CompulsoryStage;
  option: string;
  leftAtFloor: string[];
  optionsConsidered: number;
  before: { metCount: number; passes: boolean | null };
  after: { metCount: number; passes: boolean | null };
}

export interface DispersionPlan {
  /** Every dispersion step proved minimal and none had to be repeated (true when no step was needed). */
  minimal: boolean;
  /** Passes over the stages and indicators (0 when every cv met its limit after the unit step). */
  rounds: number;
  steps: DispersionStepResult[];
}

export interface PlanTotals {
  fen: bigint;
  byAction: Record<RemediationAction, bigint>;
  bySchool: { schoolCode: string; fen: bigint }[];
  /** Actions in the plan that the costs leave unpriced. */
  unpriced: RemediationAction[];
}

export interface RemediationPlan {
  /** Inputs the plan needs and does not have; when not empty, nothing is planned. */
  missing: string[];
  stages: CompulsoryStage[];
  actions: PricedAction[];
  totals: PlanTotals;
  units: UnitOutcome[];
  dispersion: DispersionPlan;
  before: PlanVerdict;
  after: PlanVerdict;
}

/** A plan whose `after` fails: a defect of the planner, never an answer. */
export class PlanVerificationError extends Error {
  override readonly name = 'PlanVerificationError';
  constructor(
    message: string,
    readonly after: PlanVerdict,
  ) {
    super(message);
  }
}

/** At most this many passes of the dispersion step: each only raises the lowest units of one figure. */
const MAX_DISPERSION_ROUNDS = 8;

function plannedUnits(units: readonly AssessmentUnit[], params: IndicatorParams, stages: readonly CompulsoryStage[]): PlanUnit[] {
  const out: PlanUnit[] = [];
  for (const unit of units) {
    if (!unit.assessed || unit.students <= 0 || !stages.includes(unit.stage)) continue;
    const u = planUnit(unit, params);
    if (u) out.push(u);
  }
  return out;
}

/** What the plan cannot do without: unit inputs, facilities for B10, class lists for B12, a policy that allows a hire to count. */
export function planMissingInputs(
  schools: readonly SchoolInput[],
  params: IndicatorParams,
  stages: readonly CompulsoryStage[],
  units: readonly AssessmentUnit[] = buildAssessmentUnits(schools, params).units,
): string[] {
  const missing = new Set<string>();
  for (const unit of units) {
    if (!unit.assessed || unit.students <= 0 || !stages.includes(unit.stage)) continue;
    if (planUnit(unit, params) !== null) continue;
    const named = assessUnit(unit, params).missing;
    if (named.length > 0) for (const m of named) missing.add(m);
    else missing.add(`a contributing school of ${unit.unitId} with a share of its facilities`);
  }
  for (const m of assessSpecialRoomsCounty(schools, params).schools.flatMap((r) => r.missing)) missing.add(m);
  for (const s of schools) if (classSizeApplies(s, params) && !s.classes) missing.add(`classes of ${s.schoolCode}`);
  if (artsPeHireSubjects(params).length === 0) missing.add('a B3 subject among pe, music and art in the policy (artsPeSubjects)');
  try {
    designationLevel(params);
  } catch (err) {
    if (err instanceof PlanActionError) missing.add('a backbone level the policy counts for B2 (backboneLevels)');
    else throw err;
  }
  return [...missing];
}

const actionKey = (a: PlanAction): string => `${a.schoolCode}|${a.stage ?? ''}|${a.action}|${a.subject ?? ''}|${a.grade ?? ''}`;

const indicatorOrder = (id: string): number => Number(id.slice(1));

/**
 * One action per school, stage, action, subject and grade: quantities added, indicators and reasons joined.
 * A reason whose English text the joined text already holds is not repeated.
 */
export function mergeActions(actions: readonly PlanAction[]): PlanAction[] {
  const merged = new Map<string, PlanAction>();
  for (const a of actions) {
    const key = actionKey(a);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...a, indicators: [...a.indicators], reasons: [...a.reasons] });
      continue;
    }
    seen.quantity = Number(toHundredths(seen.quantity) + toHundredths(a.quantity)) / 100;
    for (const id of a.indicators) if (!seen.indicators.includes(id)) seen.indicators.push(id);
    if (!reasonsEn(seen.reasons).includes(reasonsEn(a.reasons))) seen.reasons.push(...a.reasons);
  }
  const stageOrder = (s: CompulsoryStage | undefined) => (s === undefined ? -1 : COMPULSORY_STAGES.indexOf(s));
  return [...merged.values()]
    .map((a) => ({ ...a, indicators: [...a.indicators].sort((x, y) => indicatorOrder(x) - indicatorOrder(y)) }))
    .sort(
      (a, b) =>
        (a.schoolCode < b.schoolCode ? -1 : a.schoolCode > b.schoolCode ? 1 : 0) ||
        REMEDIATION_ACTIONS.indexOf(a.action) - REMEDIATION_ACTIONS.indexOf(b.action) ||
        stageOrder(a.stage) - stageOrder(b.stage) ||
        HIRE_SUBJECTS.indexOf(a.subject ?? 'other') - HIRE_SUBJECTS.indexOf(b.subject ?? 'other') ||
        (a.grade ?? 0) - (b.grade ?? 0),
    );
}

function priced(actions: readonly PlanAction[], costs: PlanCosts): { actions: PricedAction[]; totals: PlanTotals } {
  const byAction = {} as Record<RemediationAction, bigint>;
  for (const a of REMEDIATION_ACTIONS) byAction[a] = 0n;
  const bySchool = new Map<string, bigint>();
  const unpriced = new Set<RemediationAction>();
  let fen = 0n;
  const out = actions.map((a): PricedAction => {
    const cost = actionCostFen(a, costs);
    if (cost === null) unpriced.add(a.action);
    else {
      fen += cost;
      byAction[a.action] += cost;
      bySchool.set(a.schoolCode, (bySchool.get(a.schoolCode) ?? 0n) + cost);
    }
    return { ...a, reason: reasonsEn(a.reasons), reasonZh: reasonsZh(a.reasons), unitCostYuan: costYuan(costs[a.action]), costFen: cost };
  });
  const schools = [...bySchool.entries()]
    .map(([schoolCode, f]) => ({ schoolCode, fen: f }))
    .sort((a, b) => (a.fen > b.fen ? -1 : a.fen < b.fen ? 1 : a.schoolCode < b.schoolCode ? -1 : 1));
  return { actions: out, totals: { fen, byAction, bySchool: schools, unpriced: [...unpriced] } };
}

function unitOutcomes(before: PlanJudgement, after: PlanJudgement, choices: readonly UnitChoice[]): UnitOutcome[] {
  return choices.map((c) => ({
    unitId: c.unitId,
    schoolCode: c.schoolCode,
    stage: c.stage,
    option: c.option,
    leftAtFloor: [...c.leftAtFloor],
    optionsConsidered: c.optionsConsidered,
    before: before.byUnit.get(c.unitId) ?? { metCount: 0, passes: null },
    after: after.byUnit.get(c.unitId) ?? { metCount: 0, passes: null },
  }));
}

const emptyTotals = (): PlanTotals => {
  const byAction = {} as Record<RemediationAction, bigint>;
  for (const a of REMEDIATION_ACTIONS) byAction[a] = 0n;
  return { fen: 0n, byAction, bySchool: [], unpriced: [] };
};

/**
 * The plan. With missing inputs it plans nothing and says what is missing. Throws PlanVerificationError
 * when the engines' verdict on the inputs with every action applied does not pass: that is a defect.
 */
export function planRemediation(request: PlanRequest): RemediationPlan {
  const { schools, params, costs } = request;
  const stages = [...(request.stages ?? COMPULSORY_STAGES)];
  const judgedBefore = judgePlan(schools, params, stages);
  const before = judgedBefore.verdict;
  const missing = planMissingInputs(schools, params, stages, judgedBefore.units);
  if (missing.length > 0) {
    return {
      missing,
      stages,
      actions: [],
      totals: emptyTotals(),
      units: [],
      dispersion: { minimal: true, rounds: 0, steps: [] },
      before,
      after: before,
    };
  }

  const relocations = relocationActions(schools, params);
  const s1 = applyPlanActions(schools, relocations, params);
  const splits = classSplitActions(s1, params, stages);
  const s2 = applyPlanActions(s1, splits, params);
  const rooms = roomActions(s2, params);
  const s3 = applyPlanActions(s2, rooms, params);

  const units = unitStep(plannedUnits(buildAssessmentUnits(s3, params).units, params, stages), s3, params, costs);
  // The inputs with the actions so far applied, judged by the engines: when every cv is within its limit
  // (the usual case) that judgement is already the plan's `after`; otherwise a round of dispersion steps
  // runs on its units and the plan is judged again.
  const planned = (inputs: readonly SchoolInput[]) => plannedUnits(buildAssessmentUnits(inputs, params).units, params, stages);
  const cvOver = (j: PlanJudgement) => stages.some((st) => RESOURCE_INDICATOR_IDS.some((id) => j.verdict.resourceAllocation[st]?.cvMet[id] === false));
  const steps: DispersionStepResult[] = [];
  const dispersionActions: PlanAction[] = [];
  let rounds = 0;
  let merged = mergeActions([...relocations, ...splits, ...rooms, ...units.actions]);
  let final = applyPlanActions(schools, merged, params);
  let judgedAfter = judgePlan(final, params, stages);
  for (let round = 1; round <= MAX_DISPERSION_ROUNDS && cvOver(judgedAfter); round++) {
    let state = final;
    let stateUnits = plannedUnits(judgedAfter.units, params, stages);
    let moved = false;
    for (const stage of stages) {
      for (const id of RESOURCE_INDICATOR_IDS) {
        const step = dispersionStep(stateUnits.filter((u) => u.stage === stage), id, stage, state, params, round);
        if (!step) continue;
        moved = true;
        steps.push(step.result);
        dispersionActions.push(...step.actions);
        state = applyPlanActions(state, step.actions, params);
        stateUnits = planned(state);
      }
    }
    if (!moved) break;
    rounds = round;
    merged = mergeActions([...relocations, ...splits, ...rooms, ...units.actions, ...dispersionActions]);
    final = applyPlanActions(schools, merged, params);
    judgedAfter = judgePlan(final, params, stages);
  }

  const after = judgedAfter.verdict;
  if (!after.passes) {
    throw new PlanVerificationError(
      `the remediation plan does not pass once applied (${merged.length} actions): ${JSON.stringify({ ...after, resourceAllocation: undefined })}`,
      after,
    );
  }
  const { actions, totals } = priced(merged, costs);
  return {
    missing: [],
    stages,
    actions,
    totals,
    units: unitOutcomes(judgedBefore, judgedAfter, units.choices),
    dispersion: { minimal: steps.every((s) => s.provedMinimal) && rounds <= 1, rounds, steps },
    before,
    after,
  };
}
