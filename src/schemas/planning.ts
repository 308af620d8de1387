// Request and response schemas of the remediation plan (docs/planning.md, docs/api.md "Planning").
// Responses are serialized by these schemas, so every property the service sends is listed here.

import { Type, type Static, type TSchema } from 'typebox';
import { HIRE_SUBJECTS } from '../rules/planning/actions.js';
import { REMEDIATION_ACTIONS } from '../rules/policies/remediation-costs.js';
import { COMPULSORY_STAGES } from '../rules/vocabulary.js';
import { CountyCode, SchoolCode, Strict, Year } from './common.js';
import { PolicyIdQuery } from './indicators.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Stage = Type.Enum(COMPULSORY_STAGES);
const Action = Type.Enum(REMEDIATION_ACTIONS);
const Format = Type.Enum(['json', 'csv', 'xlsx'], {
  description: 'csv answers text/csv (as does Accept: text/csv): one row per action; xlsx an Excel workbook (as does an Accept header preferring its media type)',
});
const ResourceIds = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'] as const;
const perIndicator = <T extends TSchema>(s: T) => Type.Object(Object.fromEntries(ResourceIds.map((id) => [id, s])) as Record<(typeof ResourceIds)[number], T>);
const perAction = <T extends TSchema>(s: T) => Type.Object(Object.fromEntries(REMEDIATION_ACTIONS.map((a) => [a, s])) as Record<(typeof REMEDIATION_ACTIONS)[number], T>);

// Requests -------------------------------------------------------------------------------------------

export const PlanParams = Strict({ countyCode: CountyCode, year: Year });

const StageQuery = Type.Enum(COMPULSORY_STAGES, {
  description: 'plan one stage: its B1–B7 units and cvs and its B12 classes (B10 rooms and B11 sizes are school-wide and always planned); both when absent',
});

export const PlanQuery = Strict({ stage: Type.Optional(StageQuery), policyId: Type.Optional(PolicyIdQuery), format: Type.Optional(Format) });

export const PlanPostQuery = Strict({ format: Type.Optional(Format) });

/** Yuan per unit of an action's quantity, at most 2 decimals. */
const UnitCost = Type.Number({ minimum: 0, maximum: 1e10, maxDecimals: 2, description: 'yuan per unit of the action\'s quantity' });

export const CostOverrides = Type.Object(
  Object.fromEntries(REMEDIATION_ACTIONS.map((a) => [a, Type.Optional(UnitCost)])) as Record<(typeof REMEDIATION_ACTIONS)[number], Type.TOptional<typeof UnitCost>>,
  { additionalProperties: false, description: 'unit costs in yuan that replace the policy\'s for this plan; actions left out keep the policy\'s' },
);

export const PlanBody = Strict(
  { costs: Type.Optional(CostOverrides), stage: Type.Optional(StageQuery), policyId: Type.Optional(PolicyIdQuery) },
  { description: 'the same plan as GET, with unit costs of the request' },
);

// Answers --------------------------------------------------------------------------------------------

const PlanActionSchema = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  stage: Type.Optional(Stage),
  grade: Type.Optional(Nullable(Type.Integer({ description: 'split_classes: the grade re-divided; null for classes recorded without a grade' }))),
  action: Action,
  subject: Type.Optional(Type.Enum(HIRE_SUBJECTS, { description: 'hire_teachers: pe, music or art count for B3 (and B1); other for B1 only' })),
  quantity: Type.Number({ description: 'whole teachers, classrooms, rooms, classes, students; m² and yuan with at most 2 decimals' }),
  unit: Type.Enum(['teachers', 'm2', 'yuan', 'classrooms', 'rooms', 'classes', 'students']),
  unitCostYuan: Nullable(Type.Number({ description: 'null: the action is not priced' })),
  costYuan: Nullable(Type.Number({ description: 'quantity × unit cost, to the fen; null when not priced' })),
  indicators: Type.Array(Type.String(), { description: 'the indicators the action serves' }),
  reason: Type.String({ description: 'why this action and this quantity: the figure now, the target, and how the quantity follows' }),
  reasonZh: Type.String({
    description: 'the same reason in Chinese, with the same figures (indicators named as on the county report; a policy share as a percentage)',
  }),
});

const Totals = Type.Object({
  costYuan: Type.Number(),
  byAction: perAction(Type.Number()),
  bySchool: Type.Array(Type.Object({ schoolCode: SchoolCode, schoolName: Type.String(), costYuan: Type.Number() })),
  unpriced: Type.Array(Action, { description: 'actions in the plan that the costs leave unpriced (not in costYuan)' }),
});

const Judged = Type.Object({ metCount: Type.Integer(), passes: Nullable(Type.Boolean()) });

const UnitOutcome = Type.Object({
  unitId: Type.String(),
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  stage: Stage,
  option: Type.String({ description: '`all`: every indicator to its standard; otherwise the indicator(s) left at their floor, e.g. `B4`' }),
  leftAtFloor: Type.Array(Type.String()),
  optionsConsidered: Type.Integer(),
  before: Judged,
  after: Judged,
});

const DispersionStep = Type.Object({
  stage: Stage,
  indicator: Type.String(),
  cvMax: Type.Number(),
  cvBefore: Nullable(Type.Number()),
  cvAfter: Nullable(Type.Number()),
  level: Type.Number({ description: 'the common level the lowest units are raised to' }),
  unitsRaised: Type.Integer(),
  added: Type.Number(),
  unit: Type.String(),
  lowerBound: Type.Number({ description: 'every plan that meets this cv limit adds more than this (exact water-filling)' }),
  provedMinimal: Type.Boolean(),
  round: Type.Integer(),
  explanation: Type.String(),
});

const Dispersion = Type.Object({
  minimal: Type.Boolean({ description: 'every step proved minimal and none repeated (true when no step was needed)' }),
  rounds: Type.Integer(),
  steps: Type.Array(DispersionStep),
  explanation: Type.String(),
});

const StageVerdict = Type.Object({
  passes: Type.Boolean(),
  unitsAssessed: Type.Integer(),
  unitsPassing: Type.Integer(),
  cv: perIndicator(Nullable(Type.Number())),
  cvMet: perIndicator(Nullable(Type.Boolean())),
});

const Verdict = Type.Object({
  passes: Type.Boolean(),
  resourceAllocation: Type.Object({ primary: Type.Optional(StageVerdict), junior: Type.Optional(StageVerdict) }),
  classSizes: Type.Object({ overLimit: Type.Integer() }),
  schoolSize: Type.Object({ over: Type.Integer(), schools: Type.Array(Type.String()) }),
  rooms: Type.Object({ short: Type.Integer(), schools: Type.Array(Type.String()) }),
});

export const RemediationPlan = Type.Object(
  {
    countyCode: CountyCode,
    countyName: Type.String(),
    year: Year,
    policyId: Type.String(),
    policyName: Type.String(),
    policySource: Type.Enum(['override', 'assigned', 'default']),
    stages: Type.Array(Stage),
    costs: perAction(Nullable(Type.Number({ description: 'yuan per unit' }))),
    costSources: perAction(Type.Enum(['policy', 'request'])),
    actions: Type.Array(PlanActionSchema),
    totals: Totals,
    units: Type.Array(UnitOutcome),
    dispersion: Dispersion,
    notPlanned: Type.Array(Type.Object({ id: Type.String(), status: Type.Enum(['met', 'not_met', 'not_assessable']) })),
    before: Verdict,
    after: Verdict,
    explanation: Type.String(),
  },
  { description: 'The least-cost remediation plan of a county-year: actions, costs, per-unit options, dispersion steps, and the verdict with every action applied' },
);

export type RemediationPlanT = Static<typeof RemediationPlan>;
export type PlanActionT = Static<typeof PlanActionSchema>;
export type CostOverridesT = Static<typeof CostOverrides>;
