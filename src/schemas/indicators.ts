// Request and response schemas of the indicator endpoints (docs/api.md "Indicators"). Responses are
// serialized by these schemas (fast-json-stringify), so every property the services send is listed here.

import { Type, type Static, type TSchema } from 'typebox';
import { COMPULSORY_STAGES, SCHOOL_KINDS } from '../rules/vocabulary.js';
import { CountyCode, FormatWithXlsx, SchoolCode, Strict, Year } from './common.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const NumberOrNull = Nullable(Type.Number());
const BoolOrNull = Nullable(Type.Boolean({ description: 'null when missing inputs leave it undecided' }));
const Strings = Type.Array(Type.String());
const Kind = Type.Enum(SCHOOL_KINDS);
const CompulsoryStage = Type.Enum(COMPULSORY_STAGES);
const Status = Type.Enum(['met', 'not_met', 'not_assessable']);

export const PolicyIdQuery = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,63}$',
  description: 'compute under this policy profile instead of the one that applies to the county-year (e.g. national-2017)',
});
const Format = Type.Enum(['json', 'csv'], { description: 'csv answers text/csv (as does Accept: text/csv)' });

// Requests -------------------------------------------------------------------------------------------
export const CountyYearParams = Strict({ countyCode: CountyCode, year: Year });
export const SchoolYearParams = Strict({ schoolCode: SchoolCode, year: Year });
export const CatalogueQuery = Strict({ policyId: Type.Optional(PolicyIdQuery), format: Type.Optional(Format) });
/** Class sizes and the scorecard, which also answer an Excel workbook. */
export const IndicatorQuery = Strict({ policyId: Type.Optional(PolicyIdQuery), format: Type.Optional(FormatWithXlsx) });
export const ResourceAllocationQuery = Strict({
  stage: Type.Optional(Type.Enum(COMPULSORY_STAGES, { description: 'one stage; both when absent' })),
  policyId: Type.Optional(PolicyIdQuery),
  failing: Type.Optional(Type.Boolean({ description: 'true: only the units that do not pass (`units`, JSON, CSV and xlsx); the county figures stay whole' })),
  format: Type.Optional(FormatWithXlsx),
});
export const SchoolIndicatorQuery = Strict({ policyId: Type.Optional(PolicyIdQuery) });

const PolicyFields = {
  policyId: Type.String(),
  policyName: Type.String(),
  policySource: Type.Enum(['override', 'assigned', 'default'], {
    description: 'override: ?policyId; assigned: PUT …/policy; default: the county default',
  }),
};
const CountyYearFields = { countyCode: CountyCode, countyName: Type.String(), year: Year, ...PolicyFields };

// Catalogue ------------------------------------------------------------------------------------------
export const IndicatorStandard = Type.Object({
  comparison: Type.Enum(['gte', 'lte', 'lt', 'declared']),
  primary: Type.Optional(Type.Number()),
  junior: Type.Optional(Type.Number()),
  value: Type.Optional(Type.Number()),
  byKind: Type.Optional(Type.Record(Type.String(), Type.Number())),
  unit: Type.String(),
  note: Type.Optional(Type.String()),
});

export const CatalogueEntry = Type.Object({
  id: Type.String({ examples: ['B1'] }),
  group: Type.Enum(['A1', 'A2', 'A3']),
  groupName: Type.String(),
  text: Type.String({ description: 'the indicator as worded in Appendix 1' }),
  responsibleUnits: Strings,
  source: Type.Enum(['unit', 'school', 'class', 'funding', 'county_fact', 'teacher', 'declared'], {
    description: 'how the indicator is decided',
  }),
  standard: Nullable(IndicatorStandard),
});

export const Catalogue = Type.Object({ ...PolicyFields, policySource: Type.Enum(['override', 'default']), indicators: Type.Array(CatalogueEntry) });

// Resource allocation ------------------------------------------------------------------------------
export const Shortfall = Type.Object({
  unit: Type.Enum(['teachers', 'm2', 'yuan', 'classrooms']),
  toStandard: Type.Number({ description: 'how many more to meet the standard' }),
  toFloor: Type.Number({ description: 'how many more to reach floorShare × standard' }),
});

export const ResourceIndicator = Type.Object({
  rule: Type.String(),
  value: Nullable(Type.Number({ description: 'scale × numerator / denominator, 4 decimals' })),
  numerator: Nullable(Type.Number({ description: 'qualifying teachers, m², yuan or classrooms (after apportioning)' })),
  denominator: Type.Integer({ description: 'students of the unit' }),
  scale: Type.Integer({ description: '100 for per-hundred-students indicators, else 1' }),
  standard: Type.Number(),
  floor: Type.Number({ description: 'floorShare × standard' }),
  met: BoolOrNull,
  atLeastFloor: BoolOrNull,
  ratioToStandard: NumberOrNull,
  shortfall: Nullable(Shortfall),
  missing: Strings,
  explanation: Type.String(),
});

const ResourceIndicatorMap = Type.Object({
  B1: ResourceIndicator,
  B2: ResourceIndicator,
  B3: ResourceIndicator,
  B4: ResourceIndicator,
  B5: ResourceIndicator,
  B6: ResourceIndicator,
  B7: ResourceIndicator,
});

const FacilityFigures = Type.Object({
  teachingAreaM2: Type.Number(),
  indoorSportsAreaM2: Type.Number(),
  sportsAreaM2: Type.Number(),
  equipmentValueYuan: Type.Number(),
  multimediaClassrooms: Type.Number(),
});

export const UnitInputs = Type.Object(
  {
    teachers: Type.Object({
      fullTime: Type.Integer(),
      qualified: Nullable(Type.Integer()),
      backbone: Nullable(Type.Integer()),
      artsPe: Nullable(Type.Integer()),
      certified: Nullable(Type.Integer()),
    }),
    facilities: Nullable(FacilityFigures),
    contributions: Type.Array(
      Type.Object({
        schoolCode: SchoolCode,
        schoolName: Type.String(),
        kind: Kind,
        students: Type.Integer(),
        facilityShare: Type.Number({ description: "share of the school's facility totals taken by this unit (6 decimals)" }),
        facilityShareExact: Type.String({ description: 'the same share as an exact fraction, e.g. 166/397' }),
        schoolStudents: Type.Record(Type.String(), Type.Integer(), { description: "the school's students per stage" }),
        schoolFacilities: Nullable(FacilityFigures),
      }),
    ),
  },
  { description: "what the unit's figures are computed from: its full-time teacher counts after the policy, its (apportioned) facilities, and each contributing school" },
);

export const AllocationUnit = Type.Object({
  unitId: Type.String(),
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  kind: Kind,
  stage: CompulsoryStage,
  students: Type.Integer(),
  classes: Type.Integer(),
  assessed: Type.Boolean(),
  notAssessedReason: Type.Optional(Type.String()),
  memberSchools: Strings,
  indicators: Nullable(ResourceIndicatorMap),
  metCount: Type.Integer(),
  belowFloor: Strings,
  passes: BoolOrNull,
  missing: Strings,
  explanation: Type.String(),
  inputs: UnitInputs,
});

export const Dispersion = Type.Object({
  rule: Type.String(),
  units: Type.Integer(),
  students: Type.Integer(),
  total: NumberOrNull,
  scale: Type.Integer(),
  mean: NumberOrNull,
  sd: NumberOrNull,
  cv: NumberOrNull,
  max: Type.Number({ description: 'the cv limit of the stage (policy cvMax)' }),
  met: BoolOrNull,
  missing: Strings,
  explanation: Type.String(),
});

const DispersionMap = Type.Object({
  B1: Dispersion,
  B2: Dispersion,
  B3: Dispersion,
  B4: Dispersion,
  B5: Dispersion,
  B6: Dispersion,
  B7: Dispersion,
});

export const Composite = Type.Object({ cv: NumberOrNull, max: Type.Number(), met: BoolOrNull, explanation: Type.String() });

export const StageAllocation = Type.Object({
  stage: CompulsoryStage,
  dispersion: DispersionMap,
  composite: Composite,
  units: Type.Integer(),
  unitsAssessed: Type.Integer(),
  schoolsPassing: Type.Integer({ description: 'assessed units that pass the unit rule' }),
  passes: BoolOrNull,
  missing: Strings,
  explanation: Type.String(),
});

const Excluded = Type.Object({ schoolCode: SchoolCode, schoolName: Type.String(), kind: Kind, reason: Type.String() });

export const ResourceAllocation = Type.Object({
  ...CountyYearFields,
  stage: Type.Optional(CompulsoryStage),
  units: Type.Array(AllocationUnit),
  dispersion: Type.Optional(DispersionMap),
  composite: Type.Optional(Composite),
  unitsAssessed: Type.Integer(),
  schoolsPassing: Type.Integer(),
  passes: BoolOrNull,
  stages: Type.Object({ primary: Type.Optional(StageAllocation), junior: Type.Optional(StageAllocation) }),
  excluded: Type.Array(Excluded),
  explanation: Type.String(),
});

// Class sizes ----------------------------------------------------------------------------------------
export const ClassViolation = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  classCode: Type.String(),
  stage: CompulsoryStage,
  students: Type.Integer(),
  limit: Type.Integer(),
  large: Type.Boolean({ description: '大班额' }),
  superLarge: Type.Boolean({ description: '超大班额' }),
});

const ClassSizeFigures = {
  rule: Type.String(),
  classes: Type.Integer({ description: 'compulsory classes looked at' }),
  overLimit: Type.Integer(),
  large: Type.Integer({ description: '大班额: classes at or above largeMin (超大班额 included)' }),
  superLarge: Type.Integer(),
  largeShare: Type.Number(),
  superLargeShare: Type.Number(),
  met: BoolOrNull,
  missing: Strings,
  explanation: Type.String(),
  violations: Type.Array(ClassViolation),
};

export const ClassSizes = Type.Object({
  ...CountyYearFields,
  ...ClassSizeFigures,
  limits: Type.Object({
    primary: Type.Integer(),
    junior: Type.Integer(),
    largeMin: Type.Integer(),
    superLargeMin: Type.Integer(),
    exemptKinds: Type.Array(Kind),
  }),
});

// Scorecard ------------------------------------------------------------------------------------------
const PerStageNumber = Type.Object({ primary: NumberOrNull, junior: NumberOrNull });

export const ScorecardIndicator = Type.Object({
  id: Type.String(),
  group: Type.Enum(['A1', 'A2', 'A3']),
  text: Type.String(),
  status: Status,
  value: Type.Optional(Type.Number()),
  valueByStage: Type.Optional(PerStageNumber),
  standard: Type.Optional(Type.Number()),
  standardByStage: Type.Optional(Type.Object({ primary: Type.Number(), junior: Type.Number() })),
  missing: Type.Optional(Strings),
  responsibleUnits: Strings,
  rule: Type.String(),
  explanation: Type.String(),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'the figures behind the status' })),
});

export const Scorecard = Type.Object({
  ...CountyYearFields,
  indicators: Type.Array(ScorecardIndicator),
  resourceAllocation: Type.Object(
    { primary: BoolOrNull, junior: BoolOrNull, passes: BoolOrNull, explanation: Type.String() },
    { description: 'the overall B1–B7 verdict (docs/domain.md §4): every assessed unit passes and every cv meets, per stage' },
  ),
  summary: Type.Object({ met: Type.Integer(), notMet: Type.Integer(), notAssessable: Type.Integer() }),
});

// One school ------------------------------------------------------------------------------------------
const RoomCount = Type.Object({ rooms: Type.Integer(), counting: Type.Integer(), minAreaM2: Type.Number() });

export const SpecialRooms = Type.Object({
  rule: Type.String(),
  status: Status,
  compulsoryClasses: Type.Integer(),
  classesPerRoom: Type.Integer(),
  required: Type.Integer(),
  music: Nullable(RoomCount),
  art: Nullable(RoomCount),
  met: BoolOrNull,
  missing: Strings,
  explanation: Type.String(),
});

export const SchoolSize = Type.Object({
  rule: Type.String(),
  status: Status,
  compulsoryStudents: Type.Integer(),
  limit: Type.Integer(),
  met: Type.Boolean(),
  explanation: Type.String(),
});

export const SchoolClassSizes = Type.Object({ status: Status, ...ClassSizeFigures });

export const SchoolIndicators = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  kind: Kind,
  countyCode: CountyCode,
  year: Year,
  ...PolicyFields,
  students: Type.Record(Type.String(), Type.Integer(), { description: 'students per stage (sums of class sizes)' }),
  units: Type.Array(AllocationUnit),
  B10: Nullable(SpecialRooms),
  B11: Nullable(SchoolSize),
  B12: Nullable(SchoolClassSizes),
  notes: Strings,
});

export type CatalogueT = Static<typeof Catalogue>;
export type ResourceIndicatorT = Static<typeof ResourceIndicator>;
export type AllocationUnitT = Static<typeof AllocationUnit>;
export type DispersionT = Static<typeof Dispersion>;
export type StageAllocationT = Static<typeof StageAllocation>;
export type ResourceAllocationT = Static<typeof ResourceAllocation>;
export type ClassSizesT = Static<typeof ClassSizes>;
export type ClassViolationT = Static<typeof ClassViolation>;
export type ScorecardT = Static<typeof Scorecard>;
export type ScorecardIndicatorT = Static<typeof ScorecardIndicator>;
export type SchoolIndicatorsT = Static<typeof SchoolIndicators>;

