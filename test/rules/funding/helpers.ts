// Shared builders for the funding tests (not a test file: no .test.ts suffix).
import type { FundingSchoolInput } from '../../../src/rules/funding/index.js';

export type SchoolOverrides = Partial<Omit<FundingSchoolInput, 'students'>> & {
  students?: Partial<FundingSchoolInput['students']>;
};

/** A public rural primary school with no students, overridden by `over`. */
export function school(over: SchoolOverrides): FundingSchoolInput {
  const { students, ...rest } = over;
  return {
    schoolCode: '2144000001',
    kind: 'primary',
    areaType: 'rural',
    ownership: 'public',
    boarding: false,
    boarders: 0,
    inclusionStudents: 0,
    ...rest,
    students: { preschool: 0, primary: 0, junior: 0, senior: 0, ...students },
  };
}
