// Request and response schemas of the comparison and trend endpoints (docs/compare.md): the years that hold
// data, two years side by side with their differences, and each indicator over the years.

import { Type, type Static, type TSchema } from 'typebox';
import { COMPULSORY_STAGES, SCHOOL_KINDS } from '../rules/vocabulary.js';
import { PolicyIdQuery } from './indicators.js';
import { CountyCode, SchoolCode, Strict, Year } from './common.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const NumberOrNull = Nullable(Type.Number());
const Status = Type.Enum(['met', 'not_met', 'not_assessable']);
const Stage = Type.Enum(COMPULSORY_STAGES);
const Format = Type.Enum(['json', 'csv'], { description: 'csv answers text/csv (as does Accept: text/csv)' });

/** A year of the query, with its own description and the bounds of every year. */
const YEAR_BOUNDS = Year as unknown as { minimum: number; maximum: number };
const YearAs = (description: string) => Type.Integer({ minimum: YEAR_BOUNDS.minimum, maximum: YEAR_BOUNDS.maximum, description, examples: [2024] });

// Requests -------------------------------------------------------------------------------------------
export const CountyParams = Strict({ countyCode: CountyCode });
export const SchoolParams = Strict({ schoolCode: SchoolCode });
export const YearsQuery = Strict({ format: Type.Optional(Format) });
export const CompareQuery = Strict({
  from: YearAs('the earlier school year'),
  to: YearAs('the later school year; must be after `from`'),
  policyId: Type.Optional(PolicyIdQuery),
  format: Type.Optional(Format),
});
export const SeriesQuery = Strict({
  from: Type.Optional(YearAs('first year of the series (default: the first year with classes)')),
  to: Type.Optional(YearAs('last year of the series (default: the last year with classes); not before `from`')),
  policyId: Type.Optional(PolicyIdQuery),
  format: Type.Optional(Format),
});

// Years ----------------------------------------------------------------------------------------------
export const CountyYear = Type.Object({
  year: Year,
  schools: Type.Integer({ description: 'schools of the county with a school-year record, classes or teacher-years that year' }),
  schoolYears: Type.Integer(),
  classes: Type.Integer(),
  students: Type.Integer({ description: 'sum of the class sizes, every stage' }),
  teacherYears: Type.Integer(),
  countyFacts: Type.Boolean({ description: 'county facts (docs/domain.md §6) are recorded for the year' }),
});

export const CountyYears = Type.Object({
  countyCode: CountyCode,
  countyName: Type.String(),
  items: Type.Array(CountyYear, { description: 'every year holding any record of the county, oldest first' }),
});

// Two years side by side ------------------------------------------------------------------------------
export const NumberChange = Type.Object(
  {
    from: NumberOrNull,
    to: NumberOrNull,
    delta: Nullable(Type.Number({ description: 'to − from, the exact decimal difference of the figures as answered (money in fen, shown in yuan)' })),
  },
  { description: 'a figure in both years; null on a side without a value, and then no delta' },
);

export const StatusChange = Type.Object({ from: Nullable(Status), to: Nullable(Status), changed: Type.Boolean() });
export const FlagChange = Type.Object({ from: Nullable(Type.Boolean()), to: Nullable(Type.Boolean()), changed: Type.Boolean() });

const Figures = Type.Record(Type.String(), NumberChange, { description: 'named figures, each with both years and the delta' });

export const IndicatorChange = Type.Object({
  id: Type.String({ examples: ['B1'] }),
  stage: Nullable(Stage),
  unitId: Nullable(Type.String({ description: 'the assessment unit, for B1–B7 of a school' })),
  status: StatusChange,
  figures: Figures,
});

const YearPolicy = Type.Object({ policyId: Type.String(), policySource: Type.Enum(['override', 'assigned', 'default']) });
const Policies = Type.Object({ from: YearPolicy, to: YearPolicy }, { description: 'the policy each year was computed under' });

export const UnitChange = Type.Object({
  unitId: Type.String(),
  schoolCode: SchoolCode,
  stage: Stage,
  students: NumberChange,
  metCount: NumberChange,
  passes: FlagChange,
});

export const SchoolComponentChange = Type.Object({
  component: Type.String(),
  quantity: NumberChange,
  rateYuan: NumberChange,
  amountYuan: NumberChange,
});

export const SchoolComparison = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  kind: Type.Enum(SCHOOL_KINDS),
  countyCode: CountyCode,
  from: Year,
  to: Year,
  policies: Policies,
  inputs: Figures,
  units: Type.Array(UnitChange, { description: 'the B1–B7 units the school belongs to in either year' }),
  indicators: Type.Array(IndicatorChange, { description: 'B1–B7 per unit, then B10, B11 and B12' }),
  entitlement: Type.Object({
    entitled: FlagChange,
    totalYuan: NumberChange,
    trainingMinimumYuan: NumberChange,
    components: Type.Array(SchoolComponentChange, { description: 'every component of either year; an absent one is null' }),
  }),
});

export const CountyComponentChange = Type.Object({
  component: Type.String(),
  schools: NumberChange,
  quantity: NumberChange,
  amountYuan: NumberChange,
});

export const StageChange = Type.Object({
  stage: Stage,
  passes: FlagChange,
  figures: Figures,
  dispersion: Type.Array(IndicatorChange, { description: 'B1–B7 inter-school dispersion: cv against its limit' }),
});

export const CountyComparison = Type.Object({
  countyCode: CountyCode,
  countyName: Type.String(),
  from: Year,
  to: Year,
  policies: Policies,
  inputs: Figures,
  indicators: Type.Array(IndicatorChange, { description: 'the scorecard, B1–B31' }),
  resourceAllocation: Type.Object({ passes: FlagChange, stages: Type.Array(StageChange) }),
  entitlement: Type.Object({
    schools: NumberChange,
    totalYuan: NumberChange,
    trainingMinimumYuan: NumberChange,
    components: Type.Array(CountyComponentChange),
  }),
});

// Series ---------------------------------------------------------------------------------------------
const PointFigures = Type.Record(Type.String(), NumberOrNull, { description: 'the county-level figures of the year, by name' });

export const SeriesPoint = Type.Object({ year: Year, policyId: Type.String(), status: Status, figures: PointFigures });

export const IndicatorSeriesEntry = Type.Object({
  id: Type.String(),
  group: Type.Enum(['A1', 'A2', 'A3']),
  text: Type.String(),
  responsibleUnits: Type.Array(Type.String()),
  points: Type.Array(SeriesPoint, { description: 'one per year of `years`' }),
});

const StageFigures = Type.Object({
  passes: Nullable(Type.Boolean()),
  unitsAssessed: Type.Integer(),
  schoolsPassing: Type.Integer({ description: 'assessed units passing the unit rule' }),
  compositeCv: NumberOrNull,
});

export const AllocationPoint = Type.Object({
  year: Year,
  policyId: Type.String(),
  passes: Nullable(Type.Boolean()),
  primary: StageFigures,
  junior: StageFigures,
});

export const IndicatorSeries = Type.Object({
  countyCode: CountyCode,
  countyName: Type.String(),
  from: Year,
  to: Year,
  years: Type.Array(Year, { description: 'years of the range with classes, oldest first' }),
  yearsWithoutData: Type.Array(Year, { description: 'years of the range without classes: no figures' }),
  indicators: Type.Array(IndicatorSeriesEntry),
  resourceAllocation: Type.Array(AllocationPoint, { description: 'the overall B1–B7 verdict per year' }),
});

export type NumberChangeT = Static<typeof NumberChange>;
export type IndicatorChangeT = Static<typeof IndicatorChange>;
export type CountyYearsT = Static<typeof CountyYears>;
export type SchoolComparisonT = Static<typeof SchoolComparison>;
export type CountyComparisonT = Static<typeof CountyComparison>;
export type IndicatorSeriesT = Static<typeof IndicatorSeries>;
