// Builders for indicator-rule inputs used by the tests.

import type { FacilitiesInput, SchoolInput, StageInput, TeacherCounts } from '../../../src/rules/indicators/inputs.js';
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
