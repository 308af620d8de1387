// Every threshold, weight and option of DOMAIN.md §2–§6, as data (ARCHITECTURE: "policies are data,
// formulas are code"). The rules in src/rules/indicators/ read these and hard-code no number.
//
// Shares and rates are fractions (0.95 = 95 %). Every decimal is read exactly through its decimal
// string by src/rules/exact.ts, so 4.2 means 42/10.

import { Type, type Static } from 'typebox';
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

export const IndicatorParamsSchema = Type.Object(
  {
    /** B1–B7 standards per stage (DOMAIN §3): value must be ≥ the standard. */
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
    /** §4: cv ≤ cvMax per stage, for each of B1–B7. */
    cvMax: PerStage,
    /** §4: the 2012 composite rule (mean of the 7 cvs), reported for information only. */
    compositeCvMax: PerStage,
    /** §2: facility totals of a multi-stage school are split by students × these weights. */
    apportionWeights: Type.Object(
      { preschool: NonNegative, primary: NonNegative, junior: NonNegative, senior: NonNegative },
      { additionalProperties: false },
    ),
    /** §2: how teaching points (教学点) enter B1–B7. */
    teachingPoints: Type.Union([Type.Literal('separate'), Type.Literal('merge'), Type.Literal('exclude')]),
    /** §2: with `separate`, a teaching-point unit with fewer students than this is excluded. */
    teachingPointMinStudents: Type.Integer({ minimum: 0 }),
    /** §2: private schools are left out of the indicator assessment unless true. */
    assessPrivateSchools: Type.Boolean(),
    /** §2: when true, B4 uses teaching & auxiliary area minus the indoor sports area. */
    subtractIndoorSportsFromTeachingArea: Type.Boolean(),
    /** §3 B1: the lowest education level that counts as "above the required level", per stage. */
    qualifiedEducationMin: Type.Object(
      { primary: Education, junior: Education },
      { additionalProperties: false },
    ),
    /** §3 B2: backbone levels that count (县级以上). */
    backboneLevels: Type.Array(Backbone),
    /** §3 B3: subject codes of PE and arts teachers. */
    artsPeSubjects: Type.Array(Type.String({ minLength: 1 })),
    /** §5 B10. */
    specialRooms: Type.Object(
      {
        classesPerRoom: PositiveInteger,
        musicRoomMinAreaM2: NonNegative,
        artRoomMinAreaM2: NonNegative,
        exemptKinds: Type.Array(Kind),
      },
      { additionalProperties: false },
    ),
    /** §5 B11: compulsory students ≤ limit, per school kind; kinds not listed are not assessed. */
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
    /** §5 B12. */
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
    /** §5 B16. */
    training: Type.Object(
      {
        hoursPerYear: NonNegative,
        windowYears: PositiveInteger,
        /** Completion rate standard (1 = 100 %). */
        completionRateMin: Share,
      },
      { additionalProperties: false },
    ),
    /** §5 B18. */
    rotation: Type.Object(
      {
        rotatedShareMin: Share,
        backboneShareMin: Share,
        tenureYears: PositiveInteger,
      },
      { additionalProperties: false },
    ),
    /** §5 B19: certified / full-time teachers ≥ this (1 = 100 %). */
    certificationRateMin: Share,
    /** §5 B13: rural primary schools and teaching points under this many students are funded as this many. */
    smallSchoolFundedStudents: PositiveInteger,
    /** §5 B14: special-school public funding per student ≥ this, yuan. */
    specialSchoolFundingPerStudentYuan: NonNegative,
    /** §5 B26: training spend ≥ this share of the school's public-funding budget. */
    trainingBudgetShareMin: Share,
    /** §6 B15: teacher average pay ≥ this × civil-servant average pay. */
    teacherPayRatioMin: NonNegative,
    /** §6 B20: nearby enrolment share per stage (urban and town public schools, no boarding). */
    nearbyEnrolmentMin: Type.Object({ primary: Share, junior: Share }, { additionalProperties: false }),
    /** §6 B21: quality-high-school quota allocated to junior schools. */
    qualityHighSchoolQuotaMin: Share,
    /** §6 B22: eligible migrant children in public or government-purchased places. */
    migrantChildrenInPublicMin: Share,
    /** §6 B23: junior three-year consolidation rate. */
    juniorConsolidationMin: Share,
    /** §6 B24: disabled children enrolment rate. */
    disabledEnrolmentMin: Share,
    /** §6 B31: every subject at level ≥ minLevel (III = 3) and between-school variance share < varianceShareBelow. */
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

export type IndicatorParams = Static<typeof IndicatorParamsSchema>;

/** The national 2017 indicator defaults (MoE 县域义务教育优质均衡发展督导评估办法, DOMAIN.md §2–§6). */
export const NATIONAL_2017_INDICATORS: IndicatorParams = {
  resourceStandards: {
    B1: { primary: 4.2, junior: 5.3 },
    B2: { primary: 1.0, junior: 1.0 },
    B3: { primary: 0.9, junior: 0.9 },
    B4: { primary: 4.5, junior: 5.8 },
    B5: { primary: 7.5, junior: 10.2 },
    B6: { primary: 2000, junior: 2500 },
    B7: { primary: 2.3, junior: 2.4 },
  },
  minIndicatorsMet: 6,
  floorShare: 0.85,
  cvMax: { primary: 0.5, junior: 0.45 },
  compositeCvMax: { primary: 0.65, junior: 0.55 },
  // preschool is not in DOMAIN's list: children of attached kindergarten classes take no share.
  apportionWeights: { preschool: 0, primary: 1, junior: 1.1, senior: 1.32 },
  teachingPoints: 'separate',
  teachingPointMinStudents: 50,
  assessPrivateSchools: false,
  subtractIndoorSportsFromTeachingArea: false,
  qualifiedEducationMin: { primary: 'associate', junior: 'bachelor' },
  backboneLevels: ['county', 'city', 'province', 'national'],
  artsPeSubjects: ['pe', 'music', 'art'],
  specialRooms: {
    classesPerRoom: 12,
    musicRoomMinAreaM2: 96,
    artRoomMinAreaM2: 90,
    exemptKinds: ['teaching_point'],
  },
  schoolSizeMax: {
    primary: 2000,
    teaching_point: 2000,
    junior: 2000,
    complete_secondary: 2000,
    nine_year: 2500,
    twelve_year: 2500,
  },
  classSize: {
    max: { primary: 45, junior: 50 },
    largeMin: 56,
    superLargeMin: 66,
    exemptKinds: ['special'],
  },
  training: { hoursPerYear: 72, windowYears: 5, completionRateMin: 1 },
  rotation: { rotatedShareMin: 0.1, backboneShareMin: 0.2, tenureYears: 6 },
  certificationRateMin: 1,
  smallSchoolFundedStudents: 100,
  specialSchoolFundingPerStudentYuan: 6000,
  trainingBudgetShareMin: 0.05,
  teacherPayRatioMin: 1,
  nearbyEnrolmentMin: { primary: 1, junior: 0.95 },
  qualityHighSchoolQuotaMin: 0.5,
  migrantChildrenInPublicMin: 0.85,
  juniorConsolidationMin: 0.95,
  disabledEnrolmentMin: 0.95,
  qualityMonitoring: { minLevel: 3, varianceShareBelow: 0.15 },
};

/**
 * The seed plan's stricter county targets (蕉岭 2023–2025, 三(三)1, 2, 4): nine-year consolidation ≥ 96 %,
 * migrant children in public schools 100 %, disabled enrolment ≥ 98 %. Everything else is national.
 */
export const JIAOLING_COUNTY_TARGETS: IndicatorParams = {
  ...structuredClone(NATIONAL_2017_INDICATORS),
  juniorConsolidationMin: 0.96,
  migrantChildrenInPublicMin: 1,
  disabledEnrolmentMin: 0.98,
};
