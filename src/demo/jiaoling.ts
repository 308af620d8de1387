// The synthetic demo county: Jiaoling (蕉岭县, 441427), school years 2023 and 2024.
//
// `buildJiaolingDemo(seed)` is a pure function: the same seed gives a deep-equal bundle. It returns the
// body of `POST /v1/bulk`. The plan of schools (plan.ts) is fixed; the seed only moves the details
// (exact class sizes, areas, money, teachers' names and attributes). The deliberate weaknesses of the plan
// are counts and shares of the standard, so every seed shows the same mix of passing and failing units.
//
// Every standard, weight, limit and rate comes from the county's policy profile (policy.ts), one per year,
// and entitlements come from the funding engine: nothing here restates a policy number.
//
// Each part has its own file and its own labelled random streams (prng.ts), so changing one part does not
// shift the others: schools.ts, classes.ts, school-years.ts (with facilities.ts and funding.ts),
// teachers.ts (with staff.ts and teacher-targets.ts) and county-facts.ts.

import { buildClasses } from './classes.js';
import { buildCountyFacts } from './county-facts.js';
import { COUNTY, TOWNS } from './plan.js';
import { demoPolicies, type DemoPolicies } from './policy.js';
import { Rng } from './prng.js';
import { buildSchoolYears } from './school-years.js';
import { buildSchools, codeLookup, schoolCodes } from './schools.js';
import { buildTeachers } from './teachers.js';
import type { DemoBundle } from './types.js';

export type { DemoBundle } from './types.js';
export { demoPolicies, type DemoPolicies } from './policy.js';

const JIAOLING_DEFAULT_SEED = 441427;

/**
 * The demo bundle for a seed, generated against `policies` (default: the county's default profile of the
 * shipped policy files, resolved for each year).
 */
export function buildJiaolingDemo(seed: number = JIAOLING_DEFAULT_SEED, policies: DemoPolicies = demoPolicies()): DemoBundle {
  const root = new Rng(seed, 'jiaoling');
  const codeOf = schoolCodes();
  const code = codeLookup(codeOf);
  const schools = buildSchools(code);
  const { classes, pupilsOf, classCountOf } = buildClasses(root, code, policies);
  const schoolYears = buildSchoolYears(root, code, pupilsOf, classCountOf, policies);
  const { teachers, teacherYears } = buildTeachers(root, codeOf, pupilsOf, classCountOf, policies);
  const countyFacts = buildCountyFacts(schools, schoolYears, classes);

  return {
    counties: [{ ...COUNTY }],
    towns: TOWNS.map((t) => ({ townCode: t.townCode, name: t.name, countyCode: COUNTY.countyCode })),
    schools,
    schoolYears,
    classes,
    teachers,
    teacherYears,
    countyFacts,
  };
}
