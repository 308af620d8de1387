// Builders for indicator-rule inputs used by the tests.

import type { CountyFactsInput, FacilitiesInput, SchoolInput, StageInput, TeacherCounts } from '../../../src/rules/indicators/inputs.js';
import type { ScorecardInput } from '../../../src/rules/indicators/scorecard.js';
import type { IndicatorParams } from '../../../src/rules/policies/indicator-params.js';
import { NATIONAL_2017_INDICATORS } from '../policies/shipped.js';

export const NATIONAL: IndicatorParams = NATIONAL_2017_INDICATORS;

export function params(over: Partial<IndicatorParams> = {}): IndicatorParams {
  return { ...structuredClone(NATIONAL_2017_INDICATORS), ...over };
}

export function teachers(over: Partial<TeacherCounts> = {}): TeacherCounts {
  return { fullTime: 0, qualified: 0, backbone: 0, artsPe: 0, certified: 0, ...over };
}

export function stage(students: number, classes: number, t: Partial<TeacherCounts> = {}): StageInput {
  return { students, classes, teachers: teachers(t) };
}

export function facilities(over: Partial<FacilitiesInput> = {}): FacilitiesInput {
  return {
    teachingAreaM2: 0,
    indoorSportsAreaM2: 0,
    sportsAreaM2: 0,
    equipmentValueYuan: 0,
    multimediaClassrooms: 0,
    musicRoomAreasM2: [],
    artRoomAreasM2: [],
    ...over,
  };
}

export function school(over: Partial<SchoolInput> & Pick<SchoolInput, 'schoolCode'>): SchoolInput {
  return {
    kind: 'primary',
    areaType: 'rural',
    ownership: 'public',
    facilities: facilities(),
    stages: {},
    ...over,
  };
}

/**
 * A primary school of 1000 students that meets every B1–B7 standard exactly:
 * B1 42 qualified (4.2), B2 10 backbone (1.0), B3 9 arts/PE (0.9), B4 4500 m² (4.5), B5 7500 m² (7.5),
 * B6 2 000 000 yuan (2000), B7 23 classrooms (2.3).
 */
export function exactPrimary(code: string, over: Partial<SchoolInput> = {}): SchoolInput {
  return school({
    schoolCode: code,
    kind: 'primary',
    stages: { primary: stage(1000, 24, { fullTime: 60, qualified: 42, backbone: 10, artsPe: 9, certified: 60 }) },
    facilities: facilities({
      teachingAreaM2: 4500,
      sportsAreaM2: 7500,
      equipmentValueYuan: 2_000_000,
      multimediaClassrooms: 23,
      musicRoomAreasM2: [96, 96],
      artRoomAreasM2: [90, 90],
    }),
    classes: Array.from({ length: 24 }, (_, i) => ({ classCode: `c${i}`, stage: 'primary' as const, students: i < 16 ? 42 : 41 })),
    ...over,
  });
}

/** A junior school of 1000 students exactly at every junior standard, 20 classes of 50. */
export function exactJunior(code: string): SchoolInput {
  return school({
    schoolCode: code,
    kind: 'junior',
    stages: { junior: stage(1000, 20, { fullTime: 80, qualified: 53, backbone: 10, artsPe: 9, certified: 80 }) },
    facilities: facilities({
      teachingAreaM2: 5800,
      sportsAreaM2: 10200,
      equipmentValueYuan: 2_500_000,
      multimediaClassrooms: 24,
      musicRoomAreasM2: [96, 96],
      artRoomAreasM2: [90, 90],
    }),
    classes: Array.from({ length: 20 }, (_, i) => ({ classCode: `j${i}`, stage: 'junior' as const, students: 50 })),
  });
}

export const FACTS: CountyFactsInput = {
  teacherAveragePayYuan: 96000,
  civilServantAveragePayYuan: 96000,
  nearbyEnrolmentPrimary: { numerator: 3050, denominator: 3050 },
  nearbyEnrolmentJunior: { numerator: 1406, denominator: 1480 }, // 95 % exactly
  qualityHighSchoolQuota: { numerator: 550, denominator: 1100 }, // 50 %
  migrantChildrenInPublic: { numerator: 430, denominator: 430 },
  juniorConsolidation: { graduates: 1455, grade7Entrants: 1490, transfersIn: 22, transfersOut: 31, deaths: 1 }, // 1455 / 1480
  disabledEnrolment: { numerator: 118, denominator: 120 }, // 98.33 %
  declared: ['B8', 'B9', 'B17', 'B25', 'B27', 'B28', 'B29', 'B30'].map((id) => ({ indicatorId: id, met: true, evidence: `${id} evidence` })),
  qualityMonitoring: [
    { subject: 'math', level: 3, betweenSchoolVarianceShare: 0.14 },
    { subject: 'chinese', level: 4, betweenSchoolVarianceShare: 0.1 },
  ],
};

/** B13, B14 and B26 decided met by the funding module. */
export const FUNDING = {
  B13: { met: true, detail: 'every rural school under 100 students funded as 100' },
  B14: { met: true, value: 6000, detail: 'special school 6000 yuan per student' },
  B26: { met: true, detail: 'every school budgets ≥ 5 % for training' },
};

/** A county meeting every indicator under the national profile (hand-worked in scorecard.test.ts). */
export const ALL_MET: ScorecardInput = {
  schools: [exactPrimary('p1'), exactPrimary('p2'), exactJunior('j1')],
  facts: FACTS,
  training: { fullTime: 200, completed: 200 },
  rotation: { rotated: 10, eligible: 100, rotatedBackbone: 2 },
  funding: FUNDING,
};
