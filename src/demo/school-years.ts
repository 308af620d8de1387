// The demo's school-year records: facilities and rooms (facilities.ts), boarders and pupils with special
// needs, migrant and left-behind children, designed seats and, for public schools, funding (funding.ts).

import { DEMO_YEARS, SCHOOL_PLANS, type SchoolPlan } from './plan.js';
import type { DemoPolicies } from './policy.js';
import type { Rng } from './prng.js';
import { schoolYearKey, type Pupils } from './classes.js';
import { specialRooms, yearFacilities, type FacilityValues, type RoomAreas } from './facilities.js';
import { fundingFigures } from './funding.js';
import { ceil2, floor2 } from './rounding.js';
import type { DemoSchoolYear } from './types.js';

/** Shares of compulsory pupils who are migrant and left-behind children: more migrants in town, more left behind in the country. */
function childrenShares(plan: SchoolPlan, rng: Rng): { migrant: number; leftBehind: number } {
  const migrant =
    plan.ownership === 'private'
      ? rng.range(0.16, 0.24)
      : plan.areaType === 'urban'
        ? rng.range(0.06, 0.12)
        : plan.areaType === 'town'
          ? rng.range(0.03, 0.06)
          : rng.range(0.01, 0.03);
  const leftBehind =
    plan.areaType === 'rural' ? rng.range(0.15, 0.3) : plan.areaType === 'town' ? rng.range(0.08, 0.15) : rng.range(0.03, 0.06);
  return { migrant, leftBehind };
}

/** Every school's records of both years, from the pupils and classes the classes made. */
export function buildSchoolYears(
  root: Rng,
  code: (key: string) => string,
  pupilsOf: ReadonlyMap<string, Pupils>,
  classCountOf: ReadonlyMap<string, Pupils>,
  policies: DemoPolicies,
): DemoSchoolYear[] {
  const schoolYears: DemoSchoolYear[] = [];
  const facilitiesOf = new Map<string, FacilityValues>();
  const roomsOf = new Map<string, RoomAreas>();
  for (const plan of SCHOOL_PLANS) {
    const schoolCode = code(plan.key);
    const rng = root.fork(`facilities:${plan.key}`);
    for (const year of DEMO_YEARS) {
      const params = policies[year].indicators;
      const key = schoolYearKey(schoolCode, year);
      const pupils = pupilsOf.get(key) as Pupils;
      const counts = classCountOf.get(key) as Pupils;
      const allClasses = counts.preschool + counts.primary + counts.junior + counts.senior;
      const compulsory = pupils.primary + pupils.junior;
      const allPupils = compulsory + pupils.preschool + pupils.senior;

      const prev = year === 2024 ? facilitiesOf.get(schoolYearKey(schoolCode, 2023)) : undefined;
      const fac = yearFacilities(plan, year, pupils, allClasses, prev, rng, params);
      facilitiesOf.set(key, fac);
      const roomsBefore = year === 2024 ? roomsOf.get(schoolYearKey(schoolCode, 2023)) : undefined;
      const room = specialRooms(plan, year, pupils, counts, roomsBefore, rng, params);
      roomsOf.set(key, room);

      const boarders = plan.boarding
        ? Math.round(pupils.junior * rng.range(0.82, 0.9) + pupils.primary * rng.range(0.42, 0.55))
        : 0;
      const inclusion = plan.inclusion ? plan.inclusion[year === 2023 ? 0 : 1] : 0;

      const sy: DemoSchoolYear = {
        schoolCode,
        year,
        teachingAreaM2: fac.teaching,
        sportsAreaM2: fac.sports,
        equipmentValueYuan: fac.equipment,
        multimediaClassrooms: fac.multimedia,
        musicRoomAreasM2: room.music.slice(),
        artRoomAreasM2: room.art.slice(),
        boarders,
        inclusionStudents: inclusion,
      };
      if (plan.kind !== 'teaching_point' && (plan.areaType !== 'rural' || plan.boarding) && allClasses >= 12) {
        // a gymnasium or covered court, part of the sports area
        const prevIndoor = schoolYears.find((y) => y.schoolCode === schoolCode && y.year === 2023)?.indoorSportsAreaM2;
        sy.indoorSportsAreaM2 = prevIndoor ?? Math.min(floor2(fac.sports * 0.25), ceil2(rng.range(480, 1600)));
      }
      if (compulsory > 0) {
        const { migrant, leftBehind } = childrenShares(plan, rng);
        sy.migrantChildren = Math.round(compulsory * migrant);
        sy.leftBehindChildren = Math.round(compulsory * leftBehind);
      }
      sy.designedSeats = plan.designedSeats ?? Math.ceil((allPupils * rng.range(1.03, 1.2)) / 5) * 5;

      if ((plan.ownership ?? 'public') === 'public' && plan.kind !== 'teaching_point') {
        Object.assign(sy, fundingFigures(plan, schoolCode, pupils, boarders, inclusion, policies[year].funding, rng));
      }
      schoolYears.push(sy);
    }
  }
  return schoolYears;
}
