// Every threshold, weight and option the indicator engine reads (policies are data, formulas are code).
// The rules in src/rules/indicators/ read these and hard-code no number; the values themselves live in
// the policy files under policies/ (docs/policies.md), each with its unit, reference and dates.
//
// Shares and rates are fractions (0.95 = 95 %). Every decimal is read exactly through its decimal
// string by src/rules/exact.ts, so 4.2 means 42/10.

import { Type, type Static } from 'typebox';
import { fenToYuan } from '../funding/money.js';
import type { FundingParams } from './funding-params.js';
import { BACKBONE_LEVELS, EDUCATION_LEVELS, SCHOOL_KINDS } from '../vocabulary.js';

const NonNegative = Type.Number({ minimum: 0 });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const PositiveInteger = Type.Integer({ minimum: 1 });
const Kind = Type.Enum(SCHOOL_KINDS);
const Education = Type.Enum(EDUCATION_LEVELS);
const Backbone = Type.Enum(BACKBONE_LEVELS);

/** A per-compulsory-stage standard. */
const PerStage = Type.Object(
  { primary: NonNegative, junior: NonNegative },
  { additionalProperties: false },
);

/**
 * The indicator thresholds a policy states. B13, B14 and B26 are not here: their standards are the
 * funding rules' own values (`derivedIndicatorParams`), so a profile cannot state them twice.
 */
export const IndicatorThresholdsSchema = Type.Object(
  {
    /** B1–B7 standards per stage: value must be ≥ the standard. */
    resourceStandards: Type.Object(
      {
        B1: PerStage,
        B2: PerStage,
        B3: PerStage,
        B4: PerStage,
        B5: PerStage,
        B6: PerStage,
        B7: PerStage,
      },
      { additionalProperties: false },
    ),
    /** A unit passes when at least this many of B1–B7 meet their standard … */
    minIndicatorsMet: Type.Integer({ minimum: 0, maximum: 7 }),
    /** … and every one that does not is at least this share of its standard. */
    floorShare: Share,
    /** cv ≤ cvMax per stage, for each of B1–B7. */
    cvMax: PerStage,
    /** The 2012 composite rule (mean of the 7 cvs), reported for information only. */
    compositeCvMax: PerStage,
    /** Facility totals of a multi-stage school are split by students × these weights. */
    apportionWeights: Type.Object(
      { preschool: NonNegative, primary: NonNegative, junior: NonNegative, senior: NonNegative },
      { additionalProperties: false },
    ),
    /** How teaching points (教学点) enter B1–B7. */
    teachingPoints: Type.Union([Type.Literal('separate'), Type.Literal('merge'), Type.Literal('exclude')]),
    /** With `separate`, a teaching-point unit with fewer students than this is excluded. */
    teachingPointMinStudents: Type.Integer({ minimum: 0 }),
    /** Private schools are left out of the indicator assessment unless true. */
    assessPrivateSchools: Type.Boolean(),
    /** When true, B4 uses teaching & auxiliary area minus the indoor sports area. */
    subtractIndoorSportsFromTeachingArea: Type.Boolean(),
    /** B1: the lowest education level that counts as "above the required level", per stage. */
    qualifiedEducationMin: Type.Object(
      { primary: Education, junior: Education },
      { additionalProperties: false },
    ),
    /** B2: backbone levels that count (县级以上). */
    backboneLevels: Type.Array(Backbone),
    /** B3: subject codes of PE and arts teachers. */
    artsPeSubjects: Type.Array(Type.String({ minLength: 1 })),
    /** B10. */
    specialRooms: Type.Object(
      {
        classesPerRoom: PositiveInteger,
        musicRoomMinAreaM2: NonNegative,
        artRoomMinAreaM2: NonNegative,
        exemptKinds: Type.Array(Kind),
      },
      { additionalProperties: false },
    ),
    /** B11: compulsory students ≤ limit, per school kind; kinds not listed are not assessed. */
    schoolSizeMax: Type.Object(
      {
        primary: PositiveInteger,
        teaching_point: PositiveInteger,
        junior: PositiveInteger,
        complete_secondary: PositiveInteger,
        nine_year: PositiveInteger,
        twelve_year: PositiveInteger,
      },
      { additionalProperties: false },
    ),
    /** B12. */
    classSize: Type.Object(
      {
        max: Type.Object({ primary: PositiveInteger, junior: PositiveInteger }, { additionalProperties: false }),
        /** 大班额: a class with at least this many students. */
        largeMin: PositiveInteger,
        /** 超大班额. */
        superLargeMin: PositiveInteger,
        exemptKinds: Type.Array(Kind),
      },
      { additionalProperties: false },
    ),
    /** B16. */
    training: Type.Object(
      {
        hoursPerYear: NonNegative,
        windowYears: PositiveInteger,
        /** Completion rate standard (1 = 100 %). */
        completionRateMin: Share,
      },
      { additionalProperties: false },
    ),
    /** B18. */
    rotation: Type.Object(
      {
        rotatedShareMin: Share,
        backboneShareMin: Share,
        tenureYears: PositiveInteger,
      },
      { additionalProperties: false },
    ),
    /** B19: certified / full-time teachers ≥ this (1 = 100 %). */
    certificationRateMin: Share,
    /** B15: teacher average pay ≥ this × civil-servant average pay. */
    teacherPayRatioMin: NonNegative,
    /** B20: nearby enrolment share per stage (urban and town public schools, no boarding). */
    nearbyEnrolmentMin: Type.Object({ primary: Share, junior: Share }, { additionalProperties: false }),
    /** B21: quality-high-school quota allocated to junior schools. */
    qualityHighSchoolQuotaMin: Share,
    /** B22: eligible migrant children in public or government-purchased places. */
    migrantChildrenInPublicMin: Share,
    /** B23: junior three-year consolidation rate. */
    juniorConsolidationMin: Share,
    /** B24: disabled children enrolment rate. */
    disabledEnrolmentMin: Share,
    /** B31: every subject at level ≥ minLevel (III = 3) and between-school variance share < varianceShareBelow. */
    qualityMonitoring: Type.Object(
      {
        minLevel: Type.Integer({ minimum: 1, maximum: 4 }),
        varianceShareBelow: Share,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type IndicatorThresholds = Static<typeof IndicatorThresholdsSchema>;

/** The three standards the indicator engine shows for B13, B14 and B26, read from the funding rules. */
export const DerivedIndicatorParamsSchema = Type.Object(
  {
    /** B13: rural primary schools and teaching points under this many students are funded as this many (smallSchoolFloor.floorStudents). */
    smallSchoolFundedStudents: PositiveInteger,
    /** B14: special-school public funding per student ≥ this, yuan (specialSchoolMinimum). */
    specialSchoolFundingPerStudentYuan: NonNegative,
    /** B26: training spend ≥ this share of the school's public-funding budget (trainingMinimum). */
    trainingBudgetShareMin: Share,
  },
  { additionalProperties: false },
);
export type DerivedIndicatorParams = Static<typeof DerivedIndicatorParamsSchema>;

/** What the indicator engine reads: the policy's thresholds and the three standards derived from its funding rules. */
export const IndicatorParamsSchema = Type.Object(
  { ...IndicatorThresholdsSchema.properties, ...DerivedIndicatorParamsSchema.properties },
  { additionalProperties: false },
);
export type IndicatorParams = Static<typeof IndicatorParamsSchema>;

/** B13, B14 and B26 standards as the funding rules state them (one source: the funding parameters). */
export function derivedIndicatorParams(funding: FundingParams): DerivedIndicatorParams {
  return {
    smallSchoolFundedStudents: funding.smallSchoolFloor.floorStudents,
    specialSchoolFundingPerStudentYuan: fenToYuan(funding.specialSchoolMinimum.fen),
    trainingBudgetShareMin: funding.trainingMinimum.basisPoints / 10000,
  };
}

/** The indicator engine's parameters: thresholds plus the standards read from the funding rules. */
export function indicatorParams(thresholds: IndicatorThresholds, funding: FundingParams): IndicatorParams {
  return { ...thresholds, ...derivedIndicatorParams(funding) };
}
