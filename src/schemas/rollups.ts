// Request and response schemas of the roll-ups of a city or a province (docs/rollups.md): one row per
// county with the county's figures as its own answers give them, and totals over the rows.

import { Type, type Static, type TSchema } from 'typebox';
import { RESOURCE_INDICATOR_IDS } from '../rules/indicators/resource.js';
import { CityCode, CountyCode, FormatWithXlsx, ProvinceCode, Strict, Year } from './common.js';
import { PolicyIdQuery } from './indicators.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Verdict = Nullable(Type.Boolean({ description: 'null when missing inputs leave it undecided' }));
const Count = Type.Integer({ minimum: 0 });
const perIndicator = <T extends TSchema>(schema: T) =>
  Type.Object(Object.fromEntries(RESOURCE_INDICATOR_IDS.map((id) => [id, schema])) as Record<(typeof RESOURCE_INDICATOR_IDS)[number], T>);

// Requests -------------------------------------------------------------------------------------------
export const ProvinceYearParams = Strict({ provinceCode: ProvinceCode, year: Year });
export const CityYearParams = Strict({ cityCode: CityCode, year: Year });
export const RollupQuery = Strict({
  policyId: Type.Optional(PolicyIdQuery),
  format: Type.Optional(FormatWithXlsx),
});

// Rows -----------------------------------------------------------------------------------------------
export const RollupStage = Type.Object({
  passes: Verdict,
  units: Count,
  unitsAssessed: Count,
  failingUnits: Type.Integer({ minimum: 0, description: 'units that do not pass the unit rule (`passes` false), as `failing=true` lists them' }),
  cv: perIndicator(Nullable(Type.Number())),
  cvMet: perIndicator(Verdict),
});

export const RollupRow = Type.Object({
  countyCode: CountyCode,
  countyName: Type.String(),
  cityCode: Nullable(CityCode),
  year: Year,
  policyId: Type.String(),
  policySource: Type.Enum(['override', 'assigned', 'default']),
  hasClasses: Type.Boolean({ description: 'false: no class recorded in the year, so every figure below is null (the county answers 404)' }),
  resourceAllocation: Nullable(
    Type.Object(
      {
        passes: Verdict,
        primary: RollupStage,
        junior: RollupStage,
      },
      { description: 'B1–B7 as GET /v1/counties/{countyCode}/years/{year}/resource-allocation answers it' },
    ),
  ),
  classSizes: Nullable(
    Type.Object(
      {
        classes: Count,
        overLimit: Type.Integer({ minimum: 0, description: 'B12: classes above their stage limit' }),
        large: Type.Integer({ minimum: 0, description: '大班额: classes of at least largeMin (56) students' }),
        superLarge: Type.Integer({ minimum: 0, description: '超大班额: classes of at least superLargeMin (66) students' }),
        met: Verdict,
      },
      { description: 'as GET …/class-sizes answers it' },
    ),
  ),
  schoolSize: Nullable(
    Type.Object(
      {
        schools: Type.Integer({ minimum: 0, description: 'schools B11 applies to' }),
        overCap: Type.Integer({ minimum: 0, description: 'B11: schools above their cap' }),
        met: Verdict,
      },
      { description: 'B11 as the scorecard decides it' },
    ),
  ),
  entitlement: Nullable(
    Type.Object(
      {
        schools: Count,
        totalFen: Type.Integer({ minimum: 0 }),
        totalYuan: Type.Number({ minimum: 0 }),
      },
      { description: 'the county total of GET …/entitlements' },
    ),
  ),
  scorecard: Nullable(
    Type.Object({ met: Count, notMet: Count, notAssessable: Count }, { description: 'the `summary` of GET …/scorecard (B1–B31)' }),
  ),
});

// Totals ---------------------------------------------------------------------------------------------
const StageTotals = Type.Object({
  countiesPassing: Count,
  countiesNotPassing: Count,
  countiesUndecided: Count,
  units: Count,
  unitsAssessed: Count,
  failingUnits: Count,
  countiesCvMet: perIndicator(Count),
});

export const RollupTotals = Type.Object({
  counties: Type.Integer({ minimum: 0, description: 'rows of the answer' }),
  countiesWithClasses: Count,
  resourceAllocation: Type.Object({
    countiesPassing: Count,
    countiesNotPassing: Count,
    countiesUndecided: Count,
    primary: StageTotals,
    junior: StageTotals,
  }),
  classSizes: Type.Object({ classes: Count, overLimit: Count, large: Count, superLarge: Count, countiesMet: Count }),
  schoolSize: Type.Object({ schools: Count, overCap: Count, countiesMet: Count }),
  entitlement: Type.Object({ schools: Count, totalFen: Type.Integer({ minimum: 0 }), totalYuan: Type.Number({ minimum: 0 }) }),
  scorecard: Type.Object(
    { met: Count, notMet: Count, notAssessable: Count },
    { description: 'indicators met, not met and not assessable, summed over the counties' },
  ),
});

export const RegionSummary = Type.Object({
  level: Type.Enum(['province', 'city']),
  provinceCode: Nullable(ProvinceCode),
  cityCode: Nullable(CityCode),
  year: Year,
  restricted: Type.Boolean({
    description: 'true for a key bound to counties: only its counties are rows, and the totals are over them',
  }),
  items: Type.Array(RollupRow, { description: 'one row per county, by county code' }),
  totals: RollupTotals,
});

export type RollupStageT = Static<typeof RollupStage>;
export type RollupRowT = Static<typeof RollupRow>;
export type RollupTotalsT = Static<typeof RollupTotals>;
export type RegionSummaryT = Static<typeof RegionSummary>;
