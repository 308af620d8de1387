// The demo's schools: one per plan entry, with a made-up national school code (学校标识码) derived from
// its position in the plan, so codes stay the same from seed to seed.

import { CATEGORY_BY_KIND, COUNTY, SCHOOL_PLANS } from './plan.js';
import type { DemoSchool } from './types.js';

/** The school code of each plan key. */
export function schoolCodes(): Map<string, string> {
  const codeOf = new Map<string, string>();
  SCHOOL_PLANS.forEach((plan, i) => {
    codeOf.set(plan.key, `${CATEGORY_BY_KIND[plan.kind]}44${String(142700 + (i + 1) * 3).padStart(6, '0')}`);
  });
  return codeOf;
}

/** The school code of a plan key; throws for a key that is not in the plan. */
export function codeLookup(codeOf: ReadonlyMap<string, string>): (key: string) => string {
  return (key) => {
    const c = codeOf.get(key);
    if (!c) throw new Error(`unknown school key ${key}`);
    return c;
  };
}

export function buildSchools(code: (key: string) => string): DemoSchool[] {
  return SCHOOL_PLANS.map((plan) => {
    const s: DemoSchool = {
      schoolCode: code(plan.key),
      name: plan.name,
      countyCode: COUNTY.countyCode,
      townCode: plan.townCode,
      kind: plan.kind,
      areaType: plan.areaType,
      ownership: plan.ownership ?? 'public',
      boarding: plan.boarding ?? false,
    };
    if (plan.central) s.centralSchoolCode = code(plan.central);
    return s;
  });
}
