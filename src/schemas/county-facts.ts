import { Type, type Static } from 'typebox';
import { Count, CountyCode, Strict, Timestamp, Year, Yuan } from './common.js';

/** A share given as counts: the API never takes a precomputed percentage. */
export const Ratio = Strict({ numerator: Count, denominator: Count });

/** Indicators that are declared with evidence rather than computed (docs/domain.md §6). */
export const DECLARED_INDICATORS = ['B8', 'B9', 'B17', 'B25', 'B27', 'B28', 'B29', 'B30'] as const;

/** County-level inputs of docs/domain.md §6; every field optional, a missing one makes its indicator not assessable. */
export const CountyFactsBody = Strict({
  teacherAveragePayYuan: Type.Optional(Yuan),
  civilServantAveragePayYuan: Type.Optional(Yuan),
  nearbyEnrolmentPrimary: Type.Optional(Ratio),
  nearbyEnrolmentJunior: Type.Optional(Ratio),
  qualityHighSchoolQuota: Type.Optional(Ratio),
  migrantChildrenInPublic: Type.Optional(Ratio),
  juniorConsolidation: Type.Optional(
    Strict({ graduates: Count, grade7Entrants: Count, transfersIn: Count, transfersOut: Count, deaths: Count }),
  ),
  disabledEnrolment: Type.Optional(Ratio),
  declared: Type.Optional(
    Type.Array(
      Strict({
        indicatorId: Type.Enum(DECLARED_INDICATORS),
        met: Type.Boolean(),
        evidence: Type.String({ minLength: 1, maxLength: 4000 }),
      }),
      { maxItems: 50 },
    ),
  ),
  qualityMonitoring: Type.Optional(
    Type.Array(
      Strict({
        subject: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
        level: Type.Integer({ minimum: 1, maximum: 4, description: 'national monitoring level I–IV as 1–4' }),
        betweenSchoolVarianceShare: Type.Number({ minimum: 0, maximum: 1 }),
      }),
      { maxItems: 50 },
    ),
  ),
});
export const CountyFactsKey = Strict({ countyCode: CountyCode, year: Year });
export const CountyFacts = Type.Object({
  countyCode: CountyCode,
  year: Year,
  ...CountyFactsBody.properties,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CountyFactsBodyT = Static<typeof CountyFactsBody>;
