// The demo's facilities of a school-year: teaching and sports areas, equipment and multimedia classrooms
// (B4–B7) sized against the year's standards, and the music and art rooms (B10).
//
// A healthy school gets a comfortable margin over what its units need; a weakness of the plan is a share
// of the standard, so every seed shows the same mix of passing and failing units. Between the years a
// school keeps what it had unless that no longer shows what the plan wants.

import { toFloat } from '../rules/exact.js';
import { facilityShares } from '../rules/indicators/units.js';
import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import { COMPULSORY_STAGES, STAGES, type CompulsoryStage } from '../rules/vocabulary.js';
import type { Pupils } from './classes.js';
import type { DemoYear, Facility, SchoolPlan } from './plan.js';
import type { Rng } from './prng.js';
import { ceil2, floor2 } from './rounding.js';

export interface FacilityValues {
  teaching: number;
  sports: number;
  equipment: number;
  multimedia: number;
}

export interface RoomAreas {
  music: number[];
  art: number[];
}

/** The indicator (B4–B7) each facility is measured by. */
const FACILITY_INDICATOR: Readonly<Record<Facility, 'B4' | 'B5' | 'B6' | 'B7'>> = { teaching: 'B4', sports: 'B5', equipment: 'B6', multimedia: 'B7' };

/** A facility's standard per pupil of a compulsory stage (B7 is per 100 pupils). */
const perPupilStandard = (fac: Facility, stage: CompulsoryStage, params: IndicatorParams): number =>
  params.resourceStandards[FACILITY_INDICATOR[fac]][stage] / (fac === 'multimedia' ? 100 : 1);

/**
 * Facilities per pupil of a kindergarten or a senior school, which no indicator assesses: local norms that
 * only make those schools' figures plausible.
 */
const OTHER_FACILITY_NORM: Readonly<Record<Facility, Readonly<Record<'preschool' | 'senior', number>>>> = {
  teaching: { preschool: 7, senior: 6.6 },
  sports: { preschool: 4, senior: 11.5 },
  equipment: { preschool: 1200, senior: 3000 },
  multimedia: { preschool: 0.03, senior: 0.025 },
};

/**
 * What a school needs so that each of its compulsory units meets the standard once the engine has
 * apportioned the school's total between its stages (facilityShares, the policy's weights). A school
 * without compulsory pupils is held to the local norms instead.
 */
function required(fac: Facility, pupils: Pupils, params: IndicatorParams): number {
  const stages = Object.fromEntries(STAGES.map((s) => [s, { students: pupils[s], classes: 0 }]));
  const shares = facilityShares(stages, params.apportionWeights);
  let need = 0;
  for (const stage of COMPULSORY_STAGES) {
    const share = toFloat(shares[stage]);
    if (pupils[stage] <= 0 || share <= 0) continue;
    need = Math.max(need, (perPupilStandard(fac, stage, params) * pupils[stage]) / share);
  }
  if (need > 0) return need;
  return OTHER_FACILITY_NORM[fac].preschool * pupils.preschool + OTHER_FACILITY_NORM[fac].senior * pupils.senior;
}

function minimum(fac: Facility, classes: number): number {
  switch (fac) {
    case 'teaching':
      return 240 + 62 * classes;
    case 'sports':
      return 900 + 90 * classes;
    case 'equipment':
      return 60000 + 16000 * classes;
    case 'multimedia':
      return classes;
  }
}

const HEALTHY_FACTOR: Readonly<Record<Facility, readonly [number, number]>> = {
  teaching: [1.12, 1.45],
  sports: [1.1, 1.55],
  equipment: [1.12, 1.7],
  multimedia: [1.08, 1.4],
};

type Band = 'below' | 'short' | 'met';
/** Where a share of the standard falls: below the policy's floor (B1–B7 85 % rule), short of the standard, or met. */
const band = (share: number, params: IndicatorParams): Band => (share < params.floorShare ? 'below' : share < 1 ? 'short' : 'met');

function facilityValue(fac: Facility, req: number, classes: number, weak: number | undefined, rng: Rng): number {
  if (weak !== undefined) {
    const v = req * weak;
    return fac === 'multimedia' ? Math.max(0, Math.floor(v)) : floor2(v);
  }
  const [lo, hi] = HEALTHY_FACTOR[fac];
  const v = Math.max(req * rng.range(lo, hi), minimum(fac, classes));
  return fac === 'multimedia' ? Math.ceil(v) : ceil2(v);
}

function specialSchoolFacilities(pupils: number, rng: Rng): FacilityValues {
  return {
    teaching: ceil2(1800 + pupils * rng.range(8, 11)),
    sports: ceil2(2400 + pupils * rng.range(6, 9)),
    equipment: ceil2(650000 + pupils * rng.range(2500, 4000)),
    multimedia: 10 + rng.int(0, 3),
  };
}

/**
 * A school's facilities in a year. `prev` is what it had in 2023 when `year` is 2024: kept when it still
 * shows what the plan wants (equipment grows a little, now and then a multimedia classroom is added).
 */
export function yearFacilities(
  plan: SchoolPlan,
  year: DemoYear,
  pupils: Pupils,
  allClasses: number,
  prev: FacilityValues | undefined,
  rng: Rng,
  params: IndicatorParams,
): FacilityValues {
  const allPupils = pupils.preschool + pupils.primary + pupils.junior + pupils.senior;
  if (plan.kind === 'special') {
    return prev ? { ...prev, equipment: ceil2(prev.equipment * rng.range(1.01, 1.05)) } : specialSchoolFacilities(allPupils, rng);
  }
  const weakNow = plan.weakFacilities?.[year] ?? {};
  const weakBefore = year === 2024 ? (plan.weakFacilities?.[2023] ?? {}) : {};
  const values = {} as FacilityValues;
  for (const f of ['teaching', 'sports', 'equipment', 'multimedia'] as const) {
    const req = required(f, pupils, params);
    const weak = weakNow[f];
    const wanted: Band = weak === undefined ? 'met' : band(weak, params);
    let v: number | undefined;
    if (prev) {
      const before = prev[f];
      const grown =
        f === 'equipment'
          ? ceil2(before * (weak === undefined ? rng.range(1.01, 1.05) : 1))
          : f === 'multimedia'
            ? before + (weak === undefined && rng.chance(0.3) ? 1 : 0)
            : before;
      const share = req > 0 ? grown / req : Number.POSITIVE_INFINITY;
      const keep =
        weak === undefined
          ? weakBefore[f] === undefined && share >= 1.05
          : weakBefore[f] !== undefined && band(share, params) === wanted;
      if (keep) v = grown;
    }
    values[f] = v ?? facilityValue(f, req, allClasses, weak, rng);
  }
  return values;
}

function rooms(count: number, lo: number, hi: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => Math.round(rng.range(lo, hi) * 10) / 10);
}

/**
 * A school's music and art rooms in a year (B10): the plan's when it gives them; otherwise
 * ceil(compulsory classes / classesPerRoom) of each, most of standard size. `before` is the 2023 rooms when
 * `year` is 2024, kept while they are still enough.
 */
export function specialRooms(
  plan: SchoolPlan,
  year: DemoYear,
  pupils: Pupils,
  counts: Pupils,
  before: RoomAreas | undefined,
  rng: Rng,
  params: IndicatorParams,
): RoomAreas {
  const planned = plan.rooms?.[year];
  if (planned) return planned;
  const compulsory = pupils.primary + pupils.junior;
  const compulsoryClasses = counts.primary + counts.junior;
  const allClasses = counts.preschool + counts.primary + counts.junior + counts.senior;
  const { classesPerRoom, musicRoomMinAreaM2: musicMin, artRoomMinAreaM2: artMin } = params.specialRooms;
  if (plan.kind === 'teaching_point') return before ?? { music: compulsory >= 50 ? rooms(1, 48, 70, rng) : [], art: [] };
  if (plan.kind === 'kindergarten') return before ?? { music: rooms(1, 80, 130, rng), art: rooms(1, 60, 100, rng) };
  const teachingClasses = compulsoryClasses > 0 ? compulsoryClasses : allClasses;
  const need = Math.max(1, Math.ceil(teachingClasses / classesPerRoom));
  if (before && before.music.filter((a) => a >= musicMin).length >= need && before.art.filter((a) => a >= artMin).length >= need) {
    return before;
  }
  const music = rooms(need + (rng.chance(0.25) ? 1 : 0), musicMin, musicMin + 42, rng);
  const art = rooms(need + (rng.chance(0.25) ? 1 : 0), artMin, artMin + 40, rng);
  // and now and then one more room, too small to count
  if (rng.chance(0.25)) music.push(Math.round(rng.range(musicMin - 41, musicMin - 4) * 10) / 10);
  if (rng.chance(0.2)) art.push(Math.round(rng.range(artMin - 40, artMin - 4) * 10) / 10);
  return { music, art };
}
