// The synthetic demo county: Jiaoling (蕉岭县, 441427), school years 2023 and 2024.
//
// `buildJiaolingDemo(seed)` is a pure function: the same seed gives a deep-equal bundle. It returns the
// body of `POST /v1/bulk`. The plan of schools (plan.ts) is fixed; the seed only moves the details
// (exact class sizes, areas, money, teachers' names and attributes). The deliberate weaknesses of the plan
// are counts and shares of the standard, so every seed shows the same mix of passing and failing units.
//
// Every standard, weight, limit and rate comes from the county's policy profile (policy.ts), one per year,
// and entitlements come from the funding engine: nothing here restates a policy number.

import { toFloat } from '../rules/exact.js';
import { computeEntitlement, fenToYuan, sumFen, type FundingParams, type FundingSchoolInput } from '../rules/funding/index.js';
import { facilityShares } from '../rules/indicators/units.js';
import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import {
  COMPULSORY_STAGES,
  EDUCATION_LEVELS,
  STAGES,
  type BackboneLevel,
  type CompulsoryStage,
  type EducationLevel,
  type Stage,
} from '../rules/vocabulary.js';
import { personName } from './names.js';
import {
  CATEGORY_BY_KIND,
  COUNTY,
  DEMO_YEARS,
  SCHOOL_PLANS,
  TOWNS,
  type DemoYear,
  type Facility,
  type SchoolPlan,
  type StagePlan,
} from './plan.js';
import { demoPolicies, type DemoPolicies } from './policy.js';
import { Rng } from './prng.js';
import type {
  DemoBundle,
  DemoClass,
  DemoCountyFacts,
  DemoSchool,
  DemoSchoolYear,
  DemoTeacher,
  DemoTeacherYear,
} from './types.js';
import { ARTS_SUBJECTS, GENERAL_SUBJECTS } from './subjects.js';

export type { DemoBundle } from './types.js';
export { DEMO_YEARS } from './plan.js';
export { demoPolicies, type DemoPolicies } from './policy.js';

export const JIAOLING_DEFAULT_SEED = 441427;

// ── small helpers ──────────────────────────────────────────────────────────────────────────────────

const round2 = (x: number): number => Math.round(x * 100) / 100;
const ceil2 = (x: number): number => Math.ceil(x * 100 - 1e-9) / 100;
const floor2 = (x: number): number => Math.floor(x * 100 + 1e-9) / 100;

const STAGE_PREFIX: Readonly<Record<Stage, string>> = { preschool: 'K', primary: 'P', junior: 'J', senior: 'S' };
/** Class caps of the stages no policy limits (generation only); primary and junior use the policy's B12 limits. */
const OTHER_CLASS_CAP: Readonly<Record<'preschool' | 'senior', number>> = { preschool: 35, senior: 55 };
const SPECIAL_CLASS_CAP = 12;

const classCap = (stage: Stage, params: IndicatorParams): number =>
  stage === 'primary' || stage === 'junior' ? params.classSize.max[stage] : OTHER_CLASS_CAP[stage];

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

type Pupils = Record<Stage, number>;
const noPupils = (): Pupils => ({ preschool: 0, primary: 0, junior: 0, senior: 0 });

/** Integers summing to `total`, each in [1, cap], near-equal with some jitter. */
function spread(total: number, n: number, cap: number, rng: Rng, jitter = 0.1): number[] {
  if (n === 0) {
    if (total !== 0) throw new Error(`cannot place ${total} pupils in no class`);
    return [];
  }
  if (total < n || total > n * cap) throw new Error(`cannot place ${total} pupils in ${n} classes of at most ${cap}`);
  const weights = Array.from({ length: n }, () => 1 - jitter + 2 * jitter * rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.min(cap, Math.max(1, Math.floor((total * w) / sum))));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  let i = rng.int(0, n - 1);
  while (diff !== 0) {
    const s = sizes[i] as number;
    if (diff > 0 && s < cap) {
      sizes[i] = s + 1;
      diff--;
    } else if (diff < 0 && s > 1) {
      sizes[i] = s - 1;
      diff++;
    }
    i = (i + 1) % n;
  }
  return sizes;
}

// ── classes ────────────────────────────────────────────────────────────────────────────────────────

function stageTotal(sp: StagePlan, year: DemoYear, rng: Rng): number {
  if (year === 2024) return sp.students;
  if (sp.students2023 !== undefined) return sp.students2023;
  const drift = rng.range(0.01, 0.05) * (rng.chance(0.55) ? 1 : -1);
  return Math.round(sp.students * (1 + drift));
}

function buildClasses(
  plan: SchoolPlan,
  schoolCode: string,
  sp: StagePlan,
  year: DemoYear,
  total: number,
  rng: Rng,
  params: IndicatorParams,
): DemoClass[] {
  const [g0, g1] = sp.grades;
  const codes: { code: string; grade: number }[] = [];
  for (let g = g0; g <= g1; g++) {
    const per = typeof sp.perGrade === 'number' ? sp.perGrade : (sp.perGrade[g - g0] ?? 1);
    for (let k = 1; k <= per; k++) codes.push({ code: `${STAGE_PREFIX[sp.stage]}${g}-${k}`, grade: g });
  }
  const fixed = sp.fixed?.[year] ?? {};
  for (const code of Object.keys(fixed)) {
    if (!codes.some((c) => c.code === code)) throw new Error(`${plan.key}: fixed class ${code} is not a class of the plan`);
  }
  const free = codes.filter((c) => fixed[c.code] === undefined);
  const fixedSum = Object.values(fixed).reduce((a, b) => a + b, 0);
  const cap = plan.kind === 'special' ? SPECIAL_CLASS_CAP : classCap(sp.stage, params);
  const sizes = spread(total - fixedSum, free.length, cap, rng);
  const bySize = new Map(free.map((c, i) => [c.code, sizes[i] as number]));
  return codes.map((c) => ({
    schoolCode,
    year,
    classCode: c.code,
    stage: sp.stage,
    grade: c.grade,
    students: fixed[c.code] ?? (bySize.get(c.code) as number),
  }));
}

// ── facilities ─────────────────────────────────────────────────────────────────────────────────────

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

interface FacilityValues {
  teaching: number;
  sports: number;
  equipment: number;
  multimedia: number;
}

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

function rooms(count: number, lo: number, hi: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => Math.round(rng.range(lo, hi) * 10) / 10);
}

// ── teachers ───────────────────────────────────────────────────────────────────────────────────────

type EduKey = Stage | 'special';
/** Levels for teachers with and without the education B1 asks for (primary: associate+, junior: bachelor+). */
const EDUCATION: Readonly<Record<EduKey, { qualified: readonly (readonly [EducationLevel, number])[]; other: EducationLevel }>> = {
  preschool: { qualified: [['associate', 55], ['bachelor', 45]], other: 'secondary' },
  primary: { qualified: [['associate', 40], ['bachelor', 57], ['master', 3]], other: 'secondary' },
  junior: { qualified: [['bachelor', 88], ['master', 12]], other: 'associate' },
  senior: { qualified: [['bachelor', 80], ['master', 19], ['doctorate', 1]], other: 'associate' },
  special: { qualified: [['associate', 35], ['bachelor', 60], ['master', 5]], other: 'secondary' },
};
const BACKBONE_LEVELS: readonly (readonly [BackboneLevel, number])[] = [['county', 62], ['city', 32], ['province', 6]];

/** The least education B1 counts for a stage (senior teachers are held to the junior level; no unit counts them). */
const qualifiedLevel = (stage: Stage, params: IndicatorParams): EducationLevel =>
  params.qualifiedEducationMin[stage === 'junior' || stage === 'senior' ? 'junior' : 'primary'];
const isQualified = (stage: Stage, e: EducationLevel, params: IndicatorParams): boolean =>
  EDUCATION_LEVELS.indexOf(e) >= EDUCATION_LEVELS.indexOf(qualifiedLevel(stage, params));
/** A teacher B3 counts. */
const isArts = (subject: string, params: IndicatorParams): boolean => params.artsPeSubjects.includes(subject);

interface Staff {
  staffCode: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  subject: string;
  education: EducationLevel;
  backbone: BackboneLevel;
  certified: boolean;
}

interface Post {
  staff: Staff;
  unit: string;
  fullTime: boolean;
  rotated: boolean;
}

interface Unit {
  id: string; // schoolCode|stage
  plan: SchoolPlan;
  schoolCode: string;
  stage: Stage;
  pupils: number;
  classes: number;
}

interface Targets {
  n: number;
  arts: number;
  artsExact: boolean;
  qualified: number;
  backboneMin: number;
  backboneMax: number;
}

const STUDENTS_PER_TEACHER: Readonly<Record<'primary' | 'junior', Readonly<Record<'urban' | 'town' | 'rural', number>>>> = {
  primary: { urban: 13.8, town: 12.6, rural: 11.5 },
  junior: { urban: 11.3, town: 10.6, rural: 9.8 },
};

function unitTargets(u: Unit, year: DemoYear, rng: Rng, params: IndicatorParams): Targets {
  const { plan, stage, pupils: p, classes: c } = u;
  const weak = plan.weakTeachers?.[year]?.[stage];
  let n: number;
  let arts: number;
  let backbone: number;
  let qualified: number;
  if (plan.kind === 'special') {
    n = Math.ceil(p / 3.2);
    arts = Math.max(1, Math.round(n * 0.15));
    backbone = Math.max(1, Math.round(n * 0.12));
    qualified = Math.round(n * 0.95);
  } else if (stage === 'preschool') {
    n = plan.kind === 'kindergarten' ? Math.ceil(c * 1.8) : c;
    arts = Math.max(1, Math.round(n * 0.2));
    backbone = Math.round(n * 0.1);
    qualified = Math.round(n * 0.9);
  } else if (stage === 'senior') {
    n = Math.max(Math.round(p / 12.5), Math.ceil(c * 2.5));
    arts = Math.max(1, Math.round(n * 0.09));
    backbone = Math.round(n * 0.15);
    qualified = Math.round(n * 0.98);
  } else {
    const ratio = STUDENTS_PER_TEACHER[stage][plan.areaType];
    const floor =
      plan.kind === 'teaching_point'
        ? Math.max(2, c - 1)
        : stage === 'junior'
          ? Math.ceil(c * 2.8)
          : plan.areaType === 'rural'
            ? c
            : Math.ceil(c * 1.5);
    n = Math.max(Math.round(p / ratio), floor);
    const standard = (id: 'B1' | 'B2' | 'B3') => params.resourceStandards[id][stage];
    arts = Math.max(1, Math.ceil(((p * standard('B3')) / 100) * rng.range(1.12, 1.45)));
    backbone = Math.max(1, Math.ceil(((p * standard('B2')) / 100) * rng.range(1.25, 2.0)));
    const share = stage === 'primary' ? rng.range(0.9, 0.97) : rng.range(0.84, 0.93);
    qualified = Math.max(Math.ceil(((p * standard('B1')) / 100) * 1.15), Math.round(n * share));
  }
  const artsExact = weak?.arts !== undefined;
  if (weak?.arts !== undefined) arts = weak.arts;
  let backboneMax = Number.POSITIVE_INFINITY;
  if (weak?.backbone !== undefined) {
    backbone = weak.backbone;
    backboneMax = weak.backbone;
  }
  arts = Math.min(arts, n);
  backbone = Math.min(backbone, Math.floor(n / 2));
  qualified = Math.min(qualified, n);
  return { n, arts, artsExact, qualified, backboneMin: backbone, backboneMax };
}

// ── funding: the funding engine under the year's profile ──────────────────────────────────────────

/**
 * The school's entitlement in yuan, as the funding engine computes it. `actualOnly` leaves out the
 * small-school floor and tiers: what a school funded on its actual pupils gets (a B13 breach).
 */
function entitlementYuan(
  plan: SchoolPlan,
  schoolCode: string,
  pupils: Pupils,
  boarders: number,
  inclusion: number,
  funding: FundingParams,
  actualOnly = false,
): number {
  const input: FundingSchoolInput = {
    schoolCode,
    kind: plan.kind,
    areaType: plan.areaType,
    ownership: plan.ownership ?? 'public',
    boarding: plan.boarding ?? false,
    students: { ...pupils },
    boarders,
    inclusionStudents: inclusion,
  };
  const e = computeEntitlement(input, funding);
  const small = new Set(['small_school_floor', 'small_school_tier']);
  return fenToYuan(actualOnly ? sumFen(e.components.filter((c) => !small.has(c.component)).map((c) => c.amountFen)) : e.totalFen);
}

// ── the bundle ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The demo bundle for a seed, generated against `policies` (default: the county's default profile of the
 * shipped policy files, resolved for each year).
 */
export function buildJiaolingDemo(seed: number = JIAOLING_DEFAULT_SEED, policies: DemoPolicies = demoPolicies()): DemoBundle {
  const root = new Rng(seed, 'jiaoling');

  // schools
  const codeOf = new Map<string, string>();
  SCHOOL_PLANS.forEach((plan, i) => {
    codeOf.set(plan.key, `${CATEGORY_BY_KIND[plan.kind]}44${String(142700 + (i + 1) * 3).padStart(6, '0')}`);
  });
  const code = (key: string): string => {
    const c = codeOf.get(key);
    if (!c) throw new Error(`unknown school key ${key}`);
    return c;
  };
  const schools: DemoSchool[] = SCHOOL_PLANS.map((plan) => {
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

  // classes
  const classes: DemoClass[] = [];
  const pupilsOf = new Map<string, Pupils>(); // `${schoolCode}|${year}`
  const classCountOf = new Map<string, Pupils>();
  for (const plan of SCHOOL_PLANS) {
    const schoolCode = code(plan.key);
    const totalsRng = root.fork(`totals:${plan.key}`);
    const totals = new Map<Stage, number>();
    for (const sp of plan.stages) totals.set(sp.stage, stageTotal(sp, 2023, totalsRng));
    for (const year of DEMO_YEARS) {
      const pupils = noPupils();
      const counts = noPupils();
      const rng = root.fork(`classes:${plan.key}:${year}`);
      for (const sp of plan.stages) {
        const total = year === 2023 ? (totals.get(sp.stage) as number) : sp.students;
        const made = buildClasses(plan, schoolCode, sp, year, total, rng, policies[year].indicators);
        classes.push(...made);
        pupils[sp.stage] += made.reduce((a, c) => a + c.students, 0);
        counts[sp.stage] += made.length;
      }
      pupilsOf.set(`${schoolCode}|${year}`, pupils);
      classCountOf.set(`${schoolCode}|${year}`, counts);
    }
  }

  // school-years: facilities, rooms, pupils with special needs, funding
  const schoolYears: DemoSchoolYear[] = [];
  const facilitiesOf = new Map<string, FacilityValues>();
  const roomsOf = new Map<string, { music: number[]; art: number[] }>();
  const boardersOf = new Map<string, number>();
  for (const plan of SCHOOL_PLANS) {
    const schoolCode = code(plan.key);
    const rng = root.fork(`facilities:${plan.key}`);
    for (const year of DEMO_YEARS) {
      const params = policies[year].indicators;
      const key = `${schoolCode}|${year}`;
      const pupils = pupilsOf.get(key) as Pupils;
      const counts = classCountOf.get(key) as Pupils;
      const allClasses = counts.preschool + counts.primary + counts.junior + counts.senior;
      const compulsoryClasses = counts.primary + counts.junior;
      const compulsory = pupils.primary + pupils.junior;
      const allPupils = compulsory + pupils.preschool + pupils.senior;
      const prev = year === 2024 ? facilitiesOf.get(`${schoolCode}|2023`) : undefined;
      const weakNow = plan.weakFacilities?.[year] ?? {};
      const weakBefore = year === 2024 ? (plan.weakFacilities?.[2023] ?? {}) : {};

      let fac: FacilityValues;
      if (plan.kind === 'special') {
        fac = prev
          ? { ...prev, equipment: ceil2(prev.equipment * rng.range(1.01, 1.05)) }
          : specialSchoolFacilities(allPupils, rng);
      } else {
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
        fac = values;
      }
      facilitiesOf.set(key, fac);

      // special rooms (B10): ceil(compulsory classes / classesPerRoom) of each, most of standard size
      const { classesPerRoom, musicRoomMinAreaM2: musicMin, artRoomMinAreaM2: artMin } = params.specialRooms;
      let room = plan.rooms?.[year];
      if (!room) {
        const before = year === 2024 ? roomsOf.get(`${schoolCode}|2023`) : undefined;
        if (plan.kind === 'teaching_point') {
          room = before ?? { music: compulsory >= 50 ? rooms(1, 48, 70, rng) : [], art: [] };
        } else if (plan.kind === 'kindergarten') {
          room = before ?? { music: rooms(1, 80, 130, rng), art: rooms(1, 60, 100, rng) };
        } else {
          const teachingClasses = compulsoryClasses > 0 ? compulsoryClasses : allClasses;
          const need = Math.max(1, Math.ceil(teachingClasses / classesPerRoom));
          if (before && before.music.filter((a) => a >= musicMin).length >= need && before.art.filter((a) => a >= artMin).length >= need) {
            room = before;
          } else {
            const music = rooms(need + (rng.chance(0.25) ? 1 : 0), musicMin, musicMin + 42, rng);
            const art = rooms(need + (rng.chance(0.25) ? 1 : 0), artMin, artMin + 40, rng);
            // and now and then one more room, too small to count
            if (rng.chance(0.25)) music.push(Math.round(rng.range(musicMin - 41, musicMin - 4) * 10) / 10);
            if (rng.chance(0.2)) art.push(Math.round(rng.range(artMin - 40, artMin - 4) * 10) / 10);
            room = { music, art };
          }
        }
      }
      roomsOf.set(key, room);

      const boarders = plan.boarding
        ? Math.round(pupils.junior * rng.range(0.82, 0.9) + pupils.primary * rng.range(0.42, 0.55))
        : 0;
      boardersOf.set(key, boarders);
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
        sy.migrantChildren = Math.round(compulsory * migrant);
        sy.leftBehindChildren = Math.round(compulsory * leftBehind);
      }
      sy.designedSeats =
        plan.designedSeats ?? Math.ceil((allPupils * rng.range(1.03, 1.2)) / 5) * 5;

      if ((plan.ownership ?? 'public') === 'public' && plan.kind !== 'teaching_point') {
        const funding = policies[year].funding;
        const entitled = entitlementYuan(plan, schoolCode, pupils, boarders, inclusion, funding);
        const allocated = plan.fundedOnActualPupils
          ? entitlementYuan(plan, schoolCode, pupils, boarders, inclusion, funding, true)
          : round2(entitled * (plan.fundingShare ?? rng.range(1.0, 1.12)));
        sy.publicFundingAllocatedYuan = allocated;
        const trainingShareMin = funding.trainingMinimum.basisPoints / 10000;
        sy.trainingSpendYuan = plan.lowTrainingShare
          ? floor2(allocated * plan.lowTrainingShare)
          : ceil2(Math.max(allocated, entitled) * trainingShareMin * rng.range(1.04, 1.7));
      }
      schoolYears.push(sy);
    }
  }

  // teachers
  const { teachers, teacherYears } = buildTeachers(root, codeOf, pupilsOf, classCountOf, policies);

  // county facts
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

function buildTeachers(
  root: Rng,
  codeOf: Map<string, string>,
  pupilsOf: Map<string, Pupils>,
  classCountOf: Map<string, Pupils>,
  policies: DemoPolicies,
): { teachers: DemoTeacher[]; teacherYears: DemoTeacherYear[] } {
  const rng = root.fork('teachers');
  const p2023 = policies[2023].indicators;
  const p2024 = policies[2024].indicators;
  const names = new Set<string>();
  const staffList: Staff[] = [];
  const eduKey = (u: Unit): EduKey => (u.plan.kind === 'special' ? 'special' : u.stage);

  const newStaff = (u: Unit, arts: boolean, qualified: boolean, year: DemoYear, hire: boolean): Staff => {
    const femaleShare = u.stage === 'preschool' ? 0.97 : u.stage === 'primary' ? 0.74 : 0.55;
    const gender = rng.chance(femaleShare) ? 'female' : 'male';
    const birthYear = hire ? year - rng.int(22, 30) : rng.int(1965, year - 24);
    const key = eduKey(u);
    const subject = arts ? rng.weighted(ARTS_SUBJECTS) : rng.weighted(GENERAL_SUBJECTS[key]);
    const education = qualified ? rng.weighted(EDUCATION[key].qualified) : EDUCATION[key].other;
    const staff: Staff = {
      staffCode: `T441427${String(staffList.length + 1).padStart(4, '0')}`,
      name: personName(rng, gender, names),
      gender,
      birthYear,
      subject,
      education,
      backbone: 'none',
      certified: true,
    };
    staffList.push(staff);
    return staff;
  };

  const unitsOf = (year: DemoYear): Unit[] => {
    const units: Unit[] = [];
    for (const plan of SCHOOL_PLANS) {
      const schoolCode = codeOf.get(plan.key) as string;
      const pupils = pupilsOf.get(`${schoolCode}|${year}`) as Pupils;
      const counts = classCountOf.get(`${schoolCode}|${year}`) as Pupils;
      for (const stage of ['preschool', 'primary', 'junior', 'senior'] as const) {
        if (pupils[stage] > 0) {
          units.push({ id: `${schoolCode}|${stage}`, plan, schoolCode, stage, pupils: pupils[stage], classes: counts[stage] });
        }
      }
    }
    return units;
  };

  const promote = (roster: Post[], t: Targets, unit: Unit, params: IndicatorParams) => {
    // education: upgrade the youngest unqualified until the target is reached
    let qualified = roster.filter((p) => isQualified(unit.stage, p.staff.education, params)).length;
    for (const p of roster.slice().sort((a, b) => b.staff.birthYear - a.staff.birthYear)) {
      if (qualified >= t.qualified) break;
      if (!isQualified(unit.stage, p.staff.education, params)) {
        p.staff.education = qualifiedLevel(unit.stage, params);
        qualified++;
      }
    }
    // backbone: keep titles, add to the most experienced, drop the newest titles above a cap
    let backbone = roster.filter((p) => p.staff.backbone !== 'none').length;
    for (const p of roster.slice().sort((a, b) => a.staff.birthYear - b.staff.birthYear)) {
      if (backbone >= t.backboneMin) break;
      if (p.staff.backbone === 'none' && p.staff.birthYear <= 1992) {
        p.staff.backbone = rng.weighted(BACKBONE_LEVELS);
        backbone++;
      }
    }
    for (const p of roster.slice().sort((a, b) => b.staff.birthYear - a.staff.birthYear)) {
      if (backbone <= t.backboneMax) break;
      if (p.staff.backbone !== 'none') {
        p.staff.backbone = 'none';
        backbone--;
      }
    }
  };

  // ── 2023: staff every unit to its targets ──
  const posts2023: Post[] = [];
  const units2023 = unitsOf(2023);
  for (const u of units2023) {
    const t = unitTargets(u, 2023, root.fork(`targets:${u.id}:2023`), p2023);
    const order = rng.shuffle(Array.from({ length: t.n }, (_, i) => i));
    const qualifiedSlots = new Set(order.slice(0, t.qualified));
    const roster: Post[] = [];
    for (let i = 0; i < t.n; i++) {
      const staff = newStaff(u, i < t.arts, qualifiedSlots.has(i), 2023, false);
      roster.push({ staff, unit: u.id, fullTime: true, rotated: false });
    }
    promote(roster, t, u, p2023);
    posts2023.push(...roster);
  }

  // 2023 part-time teachers (兼职), mostly pe/music/art from the community
  const compulsoryUnits2023 = units2023.filter((u) => u.stage === 'primary' || u.stage === 'junior');
  for (const u of rng.shuffle(compulsoryUnits2023).slice(0, 24)) {
    const staff = newStaff(u, rng.chance(0.7), rng.chance(0.8), 2023, false);
    staff.certified = rng.chance(0.6);
    posts2023.push({ staff, unit: u.id, fullTime: false, rotated: false });
  }

  // 2023: four newly hired full-time teachers still waiting for their certificate (B19 not met in 2023)
  const young = posts2023.filter((p) => p.fullTime && p.staff.birthYear >= 1998 && p.unit.endsWith('|primary'));
  for (const p of rng.shuffle(young).slice(0, 4)) p.staff.certified = false;

  // 2023: a few teachers are in their rotation year (rotated into rural and town schools)
  const isRuralOrTown = (unitId: string): boolean => {
    const schoolCode = unitId.split('|')[0];
    const plan = SCHOOL_PLANS.find((p) => codeOf.get(p.key) === schoolCode);
    return plan !== undefined && plan.areaType !== 'urban' && (plan.ownership ?? 'public') === 'public';
  };
  const compulsoryPost = (p: Post): boolean => p.fullTime && (p.unit.endsWith('|primary') || p.unit.endsWith('|junior'));
  {
    const pool = rng.shuffle(posts2023.filter((p) => compulsoryPost(p) && isRuralOrTown(p.unit) && !isArts(p.staff.subject, p2023)));
    const backbone = pool.filter((p) => p.staff.backbone !== 'none').slice(0, 4);
    const others = pool.filter((p) => p.staff.backbone === 'none').slice(0, 12);
    for (const p of [...backbone, ...others]) p.rotated = true;
  }

  const records: DemoTeacherYear[] = [];
  const emit = (year: DemoYear, posts: Post[], yrng: Rng) => {
    const hours = Math.ceil(policies[year].indicators.training.hoursPerYear);
    const under = Math.max(0, hours - 1);
    for (const p of posts) {
      const schoolCode = p.unit.split('|')[0] as string;
      const stage = p.unit.split('|')[1] as Stage;
      const lowHours = yrng.chance(0.04);
      const rec: DemoTeacherYear = {
        staffCode: p.staff.staffCode,
        year,
        schoolCode,
        stage,
        fullTime: p.fullTime,
        education: p.staff.education,
        certified: p.staff.certified,
        backboneLevel: p.staff.backbone,
        subject: p.staff.subject,
        trainingHours: p.fullTime ? (lowHours ? yrng.int(Math.min(40, under), under) : yrng.int(hours, Math.max(hours, 110))) : yrng.int(40, 80),
        rotated: p.rotated,
      };
      if (stage === 'primary' || stage === 'junior') rec.rotationEligible = p.rotated || yrng.chance(0.06);
      records.push(rec);
    }
  };
  emit(2023, posts2023, rng.fork('emit:2023'));

  // ── 2024: people stay, retire, rotate; units hire to their new targets ──
  const units2024 = unitsOf(2024);
  const unitById = new Map(units2024.map((u) => [u.id, u]));
  // newly certified
  for (const p of posts2023) if (p.fullTime && !p.staff.certified) p.staff.certified = true;

  const leaving = new Set<Post>();
  for (const p of posts2023) {
    if (!p.fullTime) {
      if (rng.chance(0.15)) leaving.add(p);
    } else if (p.staff.birthYear <= 1965 ? rng.chance(0.5) : rng.chance(0.012)) {
      leaving.add(p);
    }
  }

  // rotation: urban and town teachers to rural schools of the same stage; one backbone teacher to 白马小学
  const moves = new Map<Post, string>();
  {
    const ruralUnits = units2024.filter(
      (u) => u.plan.areaType === 'rural' && u.plan.kind !== 'special' && (u.stage === 'primary' || u.stage === 'junior') && u.pupils >= 100,
    );
    const sources = rng.shuffle(
      posts2023.filter(
        (p) =>
          compulsoryPost(p) &&
          !leaving.has(p) &&
          !isArts(p.staff.subject, p2024) &&
          !p.rotated &&
          (() => {
            const sc = p.unit.split('|')[0];
            const plan = SCHOOL_PLANS.find((q) => codeOf.get(q.key) === sc);
            return plan !== undefined && plan.areaType !== 'rural' && (plan.ownership ?? 'public') === 'public';
          })(),
      ),
    );
    const bb = sources.filter((p) => p.staff.backbone !== 'none');
    const plain = sources.filter((p) => p.staff.backbone === 'none');
    const baima = `${codeOf.get('r150')}|primary`;
    const first = bb.find((p) => p.unit.endsWith('|primary'));
    if (first) moves.set(first, baima);
    const movers = [...bb.filter((p) => p !== first).slice(0, 4), ...plain.slice(0, 10)];
    for (const p of movers) {
      const stage = p.unit.split('|')[1];
      const dest = rng.pick(ruralUnits.filter((u) => u.stage === stage && u.id !== baima));
      moves.set(p, dest.id);
    }
  }

  const rosters = new Map<string, Post[]>();
  const partTime2024: Post[] = [];
  for (const p of posts2023) {
    if (leaving.has(p)) continue;
    const dest = moves.get(p);
    const post: Post = { staff: p.staff, unit: dest ?? p.unit, fullTime: p.fullTime, rotated: dest !== undefined };
    if (!p.fullTime) {
      partTime2024.push(post);
      continue;
    }
    if (!unitById.has(post.unit)) continue; // the unit closed (not in this plan, but kept safe)
    const list = rosters.get(post.unit) ?? [];
    list.push(post);
    rosters.set(post.unit, list);
  }

  const posts2024: Post[] = [];
  for (const u of units2024) {
    const t = unitTargets(u, 2024, root.fork(`targets:${u.id}:2024`), p2024);
    let roster = rosters.get(u.id) ?? [];
    const arts = roster.filter((p) => isArts(p.staff.subject, p2024)).length;
    const artsNeeded = Math.max(0, t.arts - arts);
    const room = t.n - artsNeeded;
    if (roster.length > room) {
      // too many for the unit: the oldest non-arts, non-backbone, non-rotated leave (retire or transfer out)
      const removable = roster
        .filter((p) => !p.rotated && !isArts(p.staff.subject, p2024) && p.staff.backbone === 'none')
        .sort((a, b) => a.staff.birthYear - b.staff.birthYear);
      const drop = new Set(removable.slice(0, roster.length - room));
      roster = roster.filter((p) => !drop.has(p));
    }
    const hires = Math.max(0, t.n - roster.length);
    for (let i = 0; i < hires; i++) {
      const staff = newStaff(u, i < artsNeeded, rng.chance(0.95), 2024, true);
      roster.push({ staff, unit: u.id, fullTime: true, rotated: false });
    }
    // never more arts teachers than the exact weak target
    if (t.artsExact) {
      let extra = roster.filter((p) => isArts(p.staff.subject, p2024)).length - t.arts;
      for (const p of roster) {
        if (extra <= 0) break;
        if (isArts(p.staff.subject, p2024) && !p.rotated) {
          p.staff.subject = rng.weighted(GENERAL_SUBJECTS[eduKey(u)]);
          extra--;
        }
      }
    }
    promote(roster, t, u, p2024);
    posts2024.push(...roster);
  }
  // part-time: those who stayed, plus a few new ones
  posts2024.push(...partTime2024.filter((p) => unitById.has(p.unit)));
  const compulsoryUnits2024 = units2024.filter((u) => u.stage === 'primary' || u.stage === 'junior');
  for (const u of rng.shuffle(compulsoryUnits2024).slice(0, 5)) {
    if (posts2024.some((p) => !p.fullTime && p.unit === u.id)) continue;
    const staff = newStaff(u, rng.chance(0.7), rng.chance(0.8), 2024, false);
    staff.certified = rng.chance(0.6);
    posts2024.push({ staff, unit: u.id, fullTime: false, rotated: false });
  }
  emit(2024, posts2024, rng.fork('emit:2024'));

  // the 2023 records were emitted before the 2024 changes touched the shared Staff objects: good.
  const teachers: DemoTeacher[] = staffList.map((s) => ({
    staffCode: s.staffCode,
    name: s.name,
    gender: s.gender,
    birthYear: s.birthYear,
  }));
  return { teachers, teacherYears: records };
}

function buildCountyFacts(schools: DemoSchool[], schoolYears: DemoSchoolYear[], classes: DemoClass[]): DemoCountyFacts[] {
  const schoolByCode = new Map(schools.map((s) => [s.schoolCode, s]));
  const out: DemoCountyFacts[] = [];
  for (const year of DEMO_YEARS) {
    // B20: pupils of urban and town public schools, boarding schools excluded
    let primary = 0;
    let junior = 0;
    for (const c of classes) {
      if (c.year !== year) continue;
      const s = schoolByCode.get(c.schoolCode);
      if (!s || s.ownership !== 'public' || s.boarding || s.areaType === 'rural' || s.kind === 'special') continue;
      if (c.stage === 'primary') primary += c.students;
      if (c.stage === 'junior') junior += c.students;
    }
    // B22: migrant children in public schools, plus half of those in private schools on purchased places
    let migrantPublic = 0;
    let migrantPrivate = 0;
    for (const sy of schoolYears) {
      if (sy.year !== year) continue;
      const s = schoolByCode.get(sy.schoolCode);
      if (!s) continue;
      if (s.ownership === 'public') migrantPublic += sy.migrantChildren ?? 0;
      else migrantPrivate += sy.migrantChildren ?? 0;
    }
    const purchased = Math.floor(migrantPrivate / 2);
    const unplaced = year === 2023 ? 14 : 9; // eligible but in private schools without purchased places

    const facts: DemoCountyFacts = {
      countyCode: COUNTY.countyCode,
      year,
      // B15: met in 2023, not in 2024 (civil-servant pay rose faster)
      teacherAveragePayYuan: year === 2023 ? 98650 : 100120,
      civilServantAveragePayYuan: year === 2023 ? 97280 : 101460,
      // B20 primary: 100 % needed; 2023 twelve pupils placed outside their zone (not met)
      nearbyEnrolmentPrimary: { numerator: year === 2023 ? primary - 12 : primary, denominator: primary },
      nearbyEnrolmentJunior: { numerator: Math.floor(junior * (year === 2023 ? 0.972 : 0.981)), denominator: junior },
      qualityHighSchoolQuota: year === 2023 ? { numerator: 566, denominator: 1080 } : { numerator: 598, denominator: 1100 },
      migrantChildrenInPublic: {
        numerator: migrantPublic + purchased,
        denominator: migrantPublic + purchased + (migrantPrivate - purchased) + unplaced,
      },
      // B23: 2023 at 94.6 % (not met), 2024 at 98.1 %
      juniorConsolidation:
        year === 2023
          ? { graduates: 1381, grade7Entrants: 1470, transfersIn: 18, transfersOut: 27, deaths: 1 }
          : { graduates: 1452, grade7Entrants: 1490, transfersIn: 22, transfersOut: 31, deaths: 1 },
      // B24: met nationally (95 %) both years; the county's own 98 % target only in 2024
      disabledEnrolment: year === 2023 ? { numerator: 126, denominator: 130 } : { numerator: 131, denominator: 133 },
      declared: [
        { indicatorId: 'B8', met: true, evidence: '《蕉岭县中小学校布局专项规划（2021—2035年）》经县政府批准实施，学校布局符合国家规定要求。' },
        { indicatorId: 'B9', met: true, evidence: '城乡义务教育学校建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准全县统一执行。' },
        { indicatorId: 'B17', met: true, evidence: '县教育局在县委编办核定的教职工编制总额和岗位总量内统筹分配各校编制和岗位，实行“县管校聘”。' },
        { indicatorId: 'B25', met: true, evidence: '全县中小学校均已制定章程并经核准，校园网和教育管理信息系统全覆盖。' },
        { indicatorId: 'B27', met: true, evidence: `${year}年度信息化教学应用抽查：教师熟练运用信息化手段组织教学，多媒体教室使用率达到较高水平。` },
        { indicatorId: 'B28', met: true, evidence: '德育工作和校园文化建设督导评估，所有学校达到良好以上等级。' },
        { indicatorId: 'B29', met: true, evidence: '课程开齐开足，综合实践活动、劳动教育按课时落实，教学秩序规范。' },
        { indicatorId: 'B30', met: true, evidence: '落实“双减”要求，作业总量和时长调控到位，校外培训治理专项检查无违规。' },
      ],
    };
    if (year !== 2023) {
      // B31: 2023 has no national monitoring report, so B31 is not assessable that year
      facts.qualityMonitoring = [
        { subject: 'chinese', level: 3, betweenSchoolVarianceShare: 0.11 },
        { subject: 'math', level: 3, betweenSchoolVarianceShare: 0.13 },
        { subject: 'science', level: 4, betweenSchoolVarianceShare: 0.09 },
      ];
    }
    out.push(facts);
  }
  return out;
}
