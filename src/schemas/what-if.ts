// Request and response schemas of the what-if scenarios (docs/what-if.md). A change is one of six bodies
// told apart by `type`; the bodies of a new school, its school-year and its classes are those of the write
// routes, so a scenario's new school is checked as a real one would be.

import { Type, type Static, type TSchema } from 'typebox';
import { ACTION_UNITS, HIRE_SUBJECTS } from '../rules/planning/actions.js';
import { REMEDIATION_ACTIONS } from '../rules/policies/remediation-costs.js';
import { COMPULSORY_STAGES, SCHOOL_KINDS } from '../rules/vocabulary.js';
import { CountyCode, SchoolCode, Strict, Year } from './common.js';
import { EntitlementLine, FundingTotals } from './funding.js';
import { ClassViolation, PolicyIdQuery } from './indicators.js';
import { CostOverrides } from './planning.js';
import { Backbone, ClassBody, Education, SchoolBody, SchoolYearBody, Stage, Subject } from './reference.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const NumberOrNull = Nullable(Type.Number());
const IntOrNull = Nullable(Type.Integer());
const BoolOrNull = Nullable(Type.Boolean({ description: 'null when missing inputs leave it undecided' }));
const Kind = Type.Enum(SCHOOL_KINDS);
const CompulsoryStage = Type.Enum(COMPULSORY_STAGES);
const Status = Type.Enum(['met', 'not_met', 'not_assessable']);
const Codes = Type.Array(SchoolCode);

/** A number of students or teachers: 0 or less is refused as a change that makes no sense (422). */
const Quantity = (description: string) => Type.Integer({ maximum: 1_000_000, description: `${description}; at least 1 (0 or less: 422)` });

// Changes ----------------------------------------------------------------------------------------------
export const TeacherGroup = Strict({
  stage: Stage,
  count: Quantity('full-time (unless fullTime: false) teachers of this description'),
  education: Education,
  subject: Subject,
  backboneLevel: Type.With(Backbone, { default: 'none' }),
  certified: Type.Boolean({ default: true }),
  fullTime: Type.Boolean({ default: true }),
});

export const AddSchoolChange = Strict(
  {
    type: Type.Literal('add_school'),
    school: Strict({ schoolCode: SchoolCode, ...SchoolBody.properties }),
    schoolYear: SchoolYearBody,
    classes: Type.Array(ClassBody, { maxItems: 1000, description: 'its classes of the year (may be empty: move_students opens classes)' }),
    teachers: Type.Array(TeacherGroup, { maxItems: 1000, default: [] }),
  },
  { description: 'a new school with its school-year, classes and teachers (bodies of the write routes)' },
);

export const RemoveSchoolChange = Strict(
  { type: Type.Literal('remove_school'), schoolCode: SchoolCode },
  { description: 'the school and everything of its year leave the county: classes, teachers, facilities, funding' },
);

export const MoveStudentsChange = Strict(
  {
    type: Type.Literal('move_students'),
    fromSchoolCode: SchoolCode,
    toSchoolCode: SchoolCode,
    stage: CompulsoryStage,
    grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'only classes of this grade (a grade of the stage)' })),
    students: Quantity('students moved'),
  },
  {
    description:
      "taken from the source's largest classes of the stage, placed into the destination's smallest ones up to the class-size limit; " +
      'new classes are opened beyond it',
  },
);

export const AddTeachersChange = Strict(
  {
    type: Type.Literal('add_teachers'),
    schoolCode: SchoolCode,
    stage: Stage,
    count: Quantity('teachers added'),
    education: Type.Optional(Type.With(Education, { description: "default: the policy's required level for the stage (B1)" })),
    subject: Type.Optional(Type.With(Subject, { description: 'default: other' })),
    backboneLevel: Type.Optional(Type.With(Backbone, { description: 'default: none' })),
    certified: Type.Boolean({ default: true }),
    fullTime: Type.Boolean({ default: true }),
  },
  { description: 'teachers added to one stage of a school' },
);

const facilityFields = Object.fromEntries(
  Object.entries(SchoolYearBody.properties).map(([name, schema]) => [name, Type.Optional(schema as TSchema)]),
) as { [K in keyof typeof SchoolYearBody.properties]: Type.TOptional<(typeof SchoolYearBody.properties)[K]> };

export const SetFacilitiesChange = Type.With(
  Strict(
    { type: Type.Literal('set_facilities'), schoolCode: SchoolCode, ...facilityFields },
    { description: 'school-year fields replaced (the others kept); a school without a school-year record needs every required one' },
  ),
  { minProperties: 3 },
);

export const ApplyPlanChange = Strict(
  { type: Type.Literal('apply_plan'), costs: Type.Optional(CostOverrides) },
  {
    description:
      "the remediation plan of the scenario as it stands (every change before this one applied), both stages, with the policy's unit " +
      'costs or those given; its actions are applied and listed in the answer\'s `plans`',
  },
);

export const CHANGE_TYPES = ['add_school', 'remove_school', 'move_students', 'add_teachers', 'set_facilities', 'apply_plan'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

const CHANGE_SCHEMAS: Record<ChangeType, TSchema> = {
  add_school: AddSchoolChange,
  remove_school: RemoveSchoolChange,
  move_students: MoveStudentsChange,
  add_teachers: AddTeachersChange,
  set_facilities: SetFacilitiesChange,
  apply_plan: ApplyPlanChange,
};

export type AddSchoolChangeT = Static<typeof AddSchoolChange>;
export type RemoveSchoolChangeT = Static<typeof RemoveSchoolChange>;
export type MoveStudentsChangeT = Static<typeof MoveStudentsChange>;
export type AddTeachersChangeT = Static<typeof AddTeachersChange>;
export type SetFacilitiesChangeT = Static<typeof SetFacilitiesChange>;
export type ApplyPlanChangeT = Static<typeof ApplyPlanChange>;
export type WhatIfChangeT =
  | AddSchoolChangeT
  | RemoveSchoolChangeT
  | MoveStudentsChangeT
  | AddTeachersChangeT
  | SetFacilitiesChangeT
  | ApplyPlanChangeT;

/**
 * One change: `type` picks the body it is checked against (an if/then chain, so a faulty change gets the
 * problems of its own body only, not of all six).
 */
function byType(types: readonly ChangeType[]): Record<string, unknown> {
  const [first, ...rest] = types;
  if (first === undefined) return {};
  return {
    if: { properties: { type: { const: first } }, required: ['type'] },
    then: CHANGE_SCHEMAS[first],
    ...(rest.length > 0 ? { else: byType(rest) } : {}),
  };
}

export const WhatIfChange = Type.Unsafe<WhatIfChangeT>({
  type: 'object',
  required: ['type'],
  properties: { type: Type.Enum(CHANGE_TYPES) },
  description: `one change; \`type\` is one of ${CHANGE_TYPES.join(', ')} and decides the other fields`,
  ...byType(CHANGE_TYPES),
});

export const WhatIfBody = Strict({
  changes: Type.Array(WhatIfChange, { maxItems: 1000, description: 'applied in order to a copy of the county-year; nothing is written' }),
});
export type WhatIfBodyT = Static<typeof WhatIfBody>;

export const WhatIfQuery = Strict({ policyId: Type.Optional(PolicyIdQuery) });

// Answer -----------------------------------------------------------------------------------------------
/** One entry per indicator B1–B7. */
const byIndicator = <T extends TSchema>(s: T) => Type.Object({ B1: s, B2: s, B3: s, B4: s, B5: s, B6: s, B7: s });

const UnitIndicator = Type.Object({
  value: NumberOrNull,
  standard: Type.Number(),
  met: BoolOrNull,
  atLeastFloor: BoolOrNull,
});

export const WhatIfUnit = Type.Object({
  unitId: Type.String(),
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  students: Type.Integer(),
  classes: Type.Integer(),
  assessed: Type.Boolean(),
  metCount: Type.Integer(),
  passes: BoolOrNull,
  indicators: Nullable(byIndicator(UnitIndicator)),
});

const StageFigures = Type.Object({
  passes: BoolOrNull,
  unitsAssessed: Type.Integer(),
  schoolsPassing: Type.Integer(),
  units: Type.Array(WhatIfUnit),
  dispersion: byIndicator(Type.Object({ cv: NumberOrNull, max: Type.Number(), met: BoolOrNull })),
});

const ClassSizeFigures = Type.Object({
  classes: Type.Integer({ description: 'compulsory classes looked at' }),
  overLimit: Type.Integer(),
  large: Type.Integer({ description: '大班额' }),
  superLarge: Type.Integer({ description: '超大班额' }),
  largeShare: Type.Number(),
  superLargeShare: Type.Number(),
  met: BoolOrNull,
  violations: Type.Array(ClassViolation),
});

const SchoolSizeFigures = Type.Object({
  met: BoolOrNull,
  over: Type.Integer({ description: 'schools above their B11 limit' }),
  schools: Type.Array(
    Type.Object({
      schoolCode: SchoolCode,
      schoolName: Type.String(),
      kind: Kind,
      compulsoryStudents: Type.Integer(),
      limit: Type.Integer(),
      met: Type.Boolean(),
    }),
  ),
});

const RoomFigures = Type.Object({
  met: BoolOrNull,
  short: Type.Integer({ description: 'schools that lack a B10 room' }),
  schools: Type.Array(
    Type.Object({
      schoolCode: SchoolCode,
      schoolName: Type.String(),
      kind: Kind,
      compulsoryClasses: Type.Integer(),
      required: Type.Integer({ description: 'music rooms needed, and as many art rooms' }),
      musicRooms: IntOrNull,
      artRooms: IntOrNull,
      met: BoolOrNull,
    }),
  ),
});

const ScorecardFigures = Type.Object({
  statuses: Type.Record(Type.String({ pattern: '^B[0-9]{1,2}$' }), Status),
  resourceAllocation: Type.Object({ primary: BoolOrNull, junior: BoolOrNull, passes: BoolOrNull }),
  summary: Type.Object({ met: Type.Integer(), notMet: Type.Integer(), notAssessable: Type.Integer() }),
});

export const WhatIfState = Type.Object({
  resourceAllocation: Type.Object({ passes: BoolOrNull, primary: StageFigures, junior: StageFigures }),
  classSizes: ClassSizeFigures,
  schoolSizes: SchoolSizeFigures,
  rooms: RoomFigures,
  scorecard: ScorecardFigures,
  entitlements: Type.Object({ schools: Type.Array(EntitlementLine), totals: FundingTotals, withoutClasses: Codes }),
});

const Was = <T extends TSchema>(s: T) => Type.Object({ before: s, after: s });
const Diff = Type.Integer({ description: 'after − before' });

const StageDelta = Type.Object({
  passes: Was(BoolOrNull),
  unitsAssessed: Diff,
  schoolsPassing: Diff,
  dispersion: byIndicator(Type.Object({ cv: Was(NumberOrNull), change: NumberOrNull, met: Was(BoolOrNull) })),
  units: Type.Array(
    Type.Object({
      unitId: Type.String(),
      schoolCode: SchoolCode,
      schoolName: Type.String(),
      change: Type.Enum(['added', 'removed', 'changed']),
      students: Was(IntOrNull),
      metCount: Was(IntOrNull),
      passes: Was(BoolOrNull),
    }),
    { description: 'units whose students, met count or verdict differ, and units added or removed' },
  ),
});

export const WhatIfDelta = Type.Object({
  resourceAllocation: Type.Object({ passes: Was(BoolOrNull), primary: StageDelta, junior: StageDelta }),
  classSizes: Type.Object({ classes: Diff, overLimit: Diff, large: Diff, superLarge: Diff, met: Was(BoolOrNull) }),
  schoolSizes: Type.Object({
    over: Diff,
    met: Was(BoolOrNull),
    nowMet: Codes,
    nowNotMet: Codes,
    students: Type.Array(Type.Object({ schoolCode: SchoolCode, before: IntOrNull, after: IntOrNull }), {
      description: 'schools whose compulsory students changed',
    }),
  }),
  rooms: Type.Object({ short: Diff, met: Was(BoolOrNull), nowMet: Codes, nowNotMet: Codes }),
  scorecard: Type.Object({
    changed: Type.Array(Type.Object({ id: Type.String(), before: Status, after: Status })),
    summary: Type.Object({ met: Diff, notMet: Diff, notAssessable: Diff }),
  }),
  entitlements: Type.Object({
    totalYuan: Type.Number({ description: 'after − before, yuan' }),
    trainingMinimumYuan: Type.Number(),
    schools: Type.Array(
      Type.Object({ schoolCode: SchoolCode, schoolName: Type.String(), beforeYuan: NumberOrNull, afterYuan: NumberOrNull, changeYuan: Type.Number() }),
      { description: 'schools whose entitlement changed (null: not funded on that side)' },
    ),
  }),
});

/** The units of the actions' quantities (teachers, m2, yuan, …). */
const REMEDIATION_UNITS = [...new Set(Object.values(ACTION_UNITS))];

/** The actions an `apply_plan` change applied, as the remediation plan lists them. */
export const AppliedPlan = Type.Object({
  change: Type.String({ description: 'JSON pointer of the apply_plan change, e.g. /changes/2' }),
  costYuan: Type.Number({ description: 'the priced actions together, yuan' }),
  unpriced: Type.Array(Type.Enum(REMEDIATION_ACTIONS), { description: 'actions applied that the costs leave unpriced' }),
  actions: Type.Array(
    Type.Object({
      schoolCode: SchoolCode,
      stage: Type.Optional(CompulsoryStage),
      grade: Type.Optional(IntOrNull),
      action: Type.Enum(REMEDIATION_ACTIONS),
      subject: Type.Optional(Type.Enum(HIRE_SUBJECTS)),
      quantity: Type.Number(),
      unit: Type.Enum(REMEDIATION_UNITS),
      costYuan: NumberOrNull,
      indicators: Type.Array(Type.String()),
      reason: Type.String(),
      reasonZh: Type.String({ description: 'the reason in Chinese, as the remediation plan gives it' }),
    }),
  ),
});

export const WhatIf = Type.Object({
  countyCode: CountyCode,
  countyName: Type.String(),
  year: Year,
  policyId: Type.String(),
  policyName: Type.String(),
  policySource: Type.Enum(['override', 'assigned', 'default']),
  changes: Type.Integer({ description: 'changes applied' }),
  plans: Type.Array(AppliedPlan, { description: 'one entry per apply_plan change, in order' }),
  before: WhatIfState,
  after: WhatIfState,
  delta: WhatIfDelta,
});

export type WhatIfStateT = Static<typeof WhatIfState>;
export type WhatIfDeltaT = Static<typeof WhatIfDelta>;
export type WhatIfT = Static<typeof WhatIf>;
export type WhatIfUnitT = Static<typeof WhatIfUnit>;
export type AppliedPlanT = Static<typeof AppliedPlan>;
