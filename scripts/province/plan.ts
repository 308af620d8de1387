// The plan of the synthetic province: counties, towns, schools with their kind, area type, classes per
// grade and teachers per stage. Pure and deterministic: the seed and the targets give the same plan, and
// the totals of schools, classes and teacher-years per year are exactly the targets. Counties and towns are
// Guangdong's real ones (./codes.ts); schools, classes and teachers are made up.
//
// The mix is modelled on Guangdong's compulsory-education statistics: districts of the big cities with
// large urban primary and junior schools, mountain counties with a few town-seat schools and many small
// village schools and teaching points (教学点), nine-year schools in the countryside, complete secondary
// and senior schools in the seats, about one special school per county and a few kindergartens.

import { CATEGORY_BY_KIND } from '../../src/demo/plan.js';
import { Rng } from '../../src/demo/prng.js';
import type { AreaType, Ownership, SchoolKind, Stage } from '../../src/rules/vocabulary.js';
import { provinceCounty, schoolCode } from './codes.js';
import type { ProvinceSpec } from './options.js';

export interface StagePlan {
  stage: Stage;
  /** Grade of `perGrade[0]`. */
  firstGrade: number;
  /** Classes per grade from `firstGrade` on (0 = the grade is not taught). */
  perGrade: number[];
  /** Mixed-grade classes (复式班), recorded with no grade. */
  mixed: number;
  /** Teachers of this stage (teacher-years per year). */
  teachers: number;
}

export interface SchoolPlan {
  schoolCode: string;
  name: string;
  countyCode: string;
  townCode: string;
  kind: SchoolKind;
  areaType: AreaType;
  ownership: Ownership;
  boarding: boolean;
  centralSchoolCode: string | null;
  stages: StagePlan[];
  /** How well the school is equipped, as a share of the standard (facilities are drawn around it). */
  quality: number;
}

export interface TownPlan {
  townCode: string;
  name: string;
}

export interface CountyPlan {
  countyCode: string;
  cityCode: string;
  name: string;
  /** 市辖区 (urban district) rather than 县 (county). */
  district: boolean;
  towns: TownPlan[];
  schools: SchoolPlan[];
}

export interface ProvincePlan {
  spec: ProvinceSpec;
  counties: CountyPlan[];
}

export const classesOf = (s: StagePlan): number => s.perGrade.reduce((a, b) => a + b, 0) + s.mixed;
export const schoolClasses = (s: SchoolPlan): number => s.stages.reduce((a, st) => a + classesOf(st), 0);
const schoolTeachers = (s: SchoolPlan): number => s.stages.reduce((a, st) => a + st.teachers, 0);

/** Share of schools by kind (special schools are added per county: one in every county of 40+ schools). */
const KIND_SHARES: Readonly<Record<'county' | 'district', readonly (readonly [SchoolKind, number])[]>> = {
  county: [
    ['primary', 0.46],
    ['teaching_point', 0.16],
    ['junior', 0.14],
    ['nine_year', 0.11],
    ['complete_secondary', 0.03],
    ['senior', 0.025],
    ['twelve_year', 0.01],
    ['kindergarten', 0.065],
  ],
  district: [
    ['primary', 0.56],
    ['teaching_point', 0.03],
    ['junior', 0.18],
    ['nine_year', 0.08],
    ['complete_secondary', 0.04],
    ['senior', 0.03],
    ['twelve_year', 0.02],
    ['kindergarten', 0.06],
  ],
};

const AREA_MIX: Readonly<Record<'county' | 'district', Readonly<Record<'compulsory' | 'nine' | 'seat', readonly (readonly [AreaType, number])[]>>>> = {
  county: {
    compulsory: [['urban', 0.2], ['town', 0.33], ['rural', 0.47]],
    nine: [['urban', 0.08], ['town', 0.3], ['rural', 0.62]],
    seat: [['urban', 0.6], ['town', 0.4]],
  },
  district: {
    compulsory: [['urban', 0.7], ['town', 0.2], ['rural', 0.1]],
    nine: [['urban', 0.45], ['town', 0.3], ['rural', 0.25]],
    seat: [['urban', 0.9], ['town', 0.1]],
  },
};

const KIND_LABEL: Readonly<Record<SchoolKind, string>> = {
  kindergarten: '幼儿园',
  primary: '小学',
  teaching_point: '教学点',
  junior: '中学',
  nine_year: '学校',
  twelve_year: '实验学校',
  complete_secondary: '完全中学',
  senior: '高级中学',
  special: '特殊教育学校',
};

/** Largest-remainder apportionment of `total` by `weights`, each part at least `min`. */
function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const free = total - min * n;
  if (free < 0) throw new RangeError(`cannot give ${min} to each of ${n} parts of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (free * w) / sum : free / n));
  const parts = exact.map((x) => Math.floor(x));
  let left = free - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]![1]]! += 1;
  return parts.map((p) => p + min);
}

const stochasticRound = (x: number, rng: Rng): number => {
  const f = Math.floor(x);
  return f + (rng.next() < x - f ? 1 : 0);
};

function graded(stage: Stage, firstGrade: number, perGrade: number[]): StagePlan {
  return { stage, firstGrade, perGrade, mixed: 0, teachers: 0 };
}
const grades = (n: number, per: () => number): number[] => Array.from({ length: n }, per);

/** Classes per grade before scaling to the target, by kind and area type. */
function rawStages(kind: SchoolKind, area: AreaType, rng: Rng): StagePlan[] {
  const jitter = (base: number) => () => Math.max(1, base + rng.int(-1, 1));
  const preschool = (p: number, max: number): StagePlan[] =>
    rng.chance(p) ? [graded('preschool', 1, [0, 0, rng.int(1, max)])] : [];
  switch (kind) {
    case 'primary': {
      if (area === 'urban') return [graded('primary', 1, grades(6, jitter(rng.int(4, 8))))];
      if (area === 'town') return [...preschool(0.3, 2), graded('primary', 1, grades(6, jitter(rng.int(2, 4))))];
      if (rng.chance(0.35)) {
        // a small village school: mixed-grade classes only
        return [...preschool(0.25, 1), { stage: 'primary', firstGrade: 1, perGrade: [0, 0, 0, 0, 0, 0], mixed: rng.int(2, 5), teachers: 0 }];
      }
      return [...preschool(0.3, 1), graded('primary', 1, grades(6, () => (rng.chance(0.2) ? 2 : 1)))];
    }
    case 'teaching_point':
      if (rng.chance(0.4)) return [{ stage: 'primary', firstGrade: 1, perGrade: [0, 0, 0, 0, 0, 0], mixed: rng.int(1, 2), teachers: 0 }];
    {
      const taught = rng.int(2, 4); // the lower grades only; older pupils go to the central school
      return [graded('primary', 1, [1, 2, 3, 4, 5, 6].map((g) => (g <= taught ? 1 : 0)))];
    }
    case 'junior': {
      const base = area === 'urban' ? rng.int(6, 14) : area === 'town' ? rng.int(3, 8) : rng.int(2, 4);
      return [graded('junior', 7, grades(3, jitter(base)))];
    }
    case 'nine_year': {
      const p = area === 'urban' ? rng.int(2, 5) : area === 'town' ? rng.int(2, 3) : rng.int(1, 2);
      const j = area === 'urban' ? rng.int(2, 5) : area === 'town' ? rng.int(2, 4) : rng.int(1, 2);
      return [
        ...(area === 'rural' ? preschool(0.25, 2) : []),
        graded('primary', 1, grades(6, jitter(p))),
        graded('junior', 7, grades(3, jitter(j))),
      ];
    }
    case 'twelve_year':
      return [
        graded('primary', 1, grades(6, jitter(rng.int(2, 4)))),
        graded('junior', 7, grades(3, jitter(rng.int(3, 6)))),
        graded('senior', 10, grades(3, jitter(rng.int(3, 6)))),
      ];
    case 'complete_secondary':
      return [graded('junior', 7, grades(3, jitter(rng.int(3, 8)))), graded('senior', 10, grades(3, jitter(rng.int(4, 12))))];
    case 'senior':
      return [graded('senior', 10, grades(3, jitter(rng.int(6, 16))))];
    case 'special':
      return [
        ...preschool(0.3, 1),
        graded('primary', 1, [1, 1, 1, 1, 1, 1]),
        graded('junior', 7, [1, 1, 1]),
      ];
    case 'kindergarten':
      return [graded('preschool', 1, grades(3, jitter(area === 'urban' ? rng.int(2, 5) : rng.int(1, 3))))];
  }
}

/** Teachers a stage would have before scaling to the target: per class, by stage, kind and area. */
function rawTeachers(school: SchoolPlan, st: StagePlan): number {
  const c = classesOf(st);
  if (c === 0) return 0;
  if (school.kind === 'special') return c * 3;
  if (school.kind === 'teaching_point') return Math.max(1, c * 1.2);
  switch (st.stage) {
    case 'preschool':
      return c * (school.kind === 'kindergarten' ? 2.2 : 1.5);
    case 'primary':
      return school.areaType === 'rural' ? Math.max(c + 1, c * 1.7) : c * (school.areaType === 'urban' ? 2.1 : 1.9);
    case 'junior':
      return c * (school.areaType === 'urban' ? 3.3 : school.areaType === 'town' ? 3.1 : 3.0);
    case 'senior':
      return c * 3.4;
  }
}

/** Scales graded classes (not teaching points, special schools or mixed classes) so the total is exact. */
function fitClasses(schools: SchoolPlan[], target: number, rng: Rng): void {
  const slots: { st: StagePlan; g: number }[] = [];
  let fixed = 0;
  let adjustable = 0;
  for (const s of schools) {
    for (const st of s.stages) {
      const canScale = s.kind !== 'teaching_point' && s.kind !== 'special';
      fixed += st.mixed;
      st.perGrade.forEach((c, g) => {
        if (c > 0 && canScale) {
          slots.push({ st, g });
          adjustable += c;
        } else fixed += c;
      });
    }
  }
  if (slots.length === 0) throw new RangeError('no school whose classes can be scaled');
  const factor = (target - fixed) / adjustable;
  for (const { st, g } of slots) st.perGrade[g] = Math.max(1, stochasticRound((st.perGrade[g] as number) * factor, rng));
  let diff = target - schools.reduce((a, s) => a + schoolClasses(s), 0);
  let misses = 0;
  while (diff !== 0) {
    const { st, g } = slots[rng.int(0, slots.length - 1)]!;
    const c = st.perGrade[g] as number;
    if (diff > 0) {
      st.perGrade[g] = c + 1;
      diff--;
    } else if (c > 1) {
      st.perGrade[g] = c - 1;
      diff++;
    } else if (++misses > 100 * slots.length) {
      throw new RangeError(`cannot fit ${target} classes into ${schools.length} schools: every grade is down to one class`);
    }
  }
}

/** Gives each stage with classes its teachers, scaled so the total is exactly the target. */
function fitTeachers(schools: SchoolPlan[], target: number, rng: Rng): void {
  const units: { st: StagePlan; raw: number }[] = [];
  for (const s of schools) for (const st of s.stages) if (classesOf(st) > 0) units.push({ st, raw: rawTeachers(s, st) });
  const factor = target / units.reduce((a, u) => a + u.raw, 0);
  for (const u of units) u.st.teachers = Math.max(1, Math.round(u.raw * factor));
  let diff = target - units.reduce((a, u) => a + u.st.teachers, 0);
  let misses = 0;
  while (diff !== 0) {
    const { st } = units[rng.int(0, units.length - 1)]!;
    if (diff > 0) {
      st.teachers++;
      diff--;
    } else if (st.teachers > 1) {
      st.teachers--;
      diff++;
    } else if (++misses > 100 * units.length) {
      throw new RangeError(`cannot give ${target} teachers to ${units.length} school stages: every stage is down to one teacher`);
    }
  }
}

function boardingFor(kind: SchoolKind, area: AreaType, rng: Rng): boolean {
  switch (kind) {
    case 'junior':
    case 'nine_year':
      return area === 'rural' ? rng.chance(0.5) : area === 'town' ? rng.chance(0.3) : rng.chance(0.05);
    case 'complete_secondary':
    case 'senior':
      return rng.chance(0.6);
    case 'twelve_year':
      return rng.chance(0.5);
    case 'special':
      return rng.chance(0.3);
    default:
      return false;
  }
}

function ownershipFor(kind: SchoolKind, rng: Rng): Ownership {
  const p: Partial<Record<SchoolKind, number>> = {
    primary: 0.05,
    junior: 0.07,
    nine_year: 0.08,
    twelve_year: 0.4,
    complete_secondary: 0.1,
    senior: 0.12,
    kindergarten: 0.35,
  };
  return rng.chance(p[kind] ?? 0) ? 'private' : 'public';
}

/** The whole plan. Throws a RangeError when the targets cannot be met (e.g. fewer classes than grades). */
export function planProvince(spec: ProvinceSpec): ProvincePlan {
  const { targets, seed } = spec;
  const root = new Rng(seed, 'province');
  const countyRng = root.fork('counties');
  const shapes = Array.from({ length: targets.counties }, (_, i) => {
    const real = provinceCounty(i);
    // districts of the big cities are fewer but larger; mountain counties vary most
    const weight = real.district ? countyRng.range(0.7, 1.5) : countyRng.range(0.4, 1.7);
    return { real, weight };
  });
  const schoolsPer = apportion(targets.schools, shapes.map((s) => s.weight), 1);

  let serial = 0;
  const counties: CountyPlan[] = shapes.map((shape, i) => {
    const { countyCode: code, name, cityCode } = shape.real;
    const rng = root.fork(`county:${code}`);
    const n = schoolsPer[i] as number;
    const mixKey = shape.real.district ? 'district' : 'county';
    const towns: TownPlan[] = shape.real.towns.map((t) => ({ townCode: t.townCode, name: t.name }));
    const special = n >= 40 ? 1 : 0;
    const shares = KIND_SHARES[mixKey];
    const kindCounts = apportion(n - special, shares.map(([, w]) => w));
    const kinds: SchoolKind[] = [];
    shares.forEach(([kind], k) => {
      for (let j = 0; j < (kindCounts[k] as number); j++) kinds.push(kind);
    });
    if (special) kinds.push('special');
    // teaching points last, so that their central schools come first in every listing and COPY
    kinds.sort((a, b) => Number(a === 'teaching_point') - Number(b === 'teaching_point'));

    const schools: SchoolPlan[] = [];
    // the seat: the county's first town by code (its first 街道, or in a county without any its first 镇, usually the seat)
    const seat = towns[0] as TownPlan;
    const others = towns.length > 1 ? towns.slice(1) : towns;
    const perKind = new Map<string, number>();
    for (const kind of kinds) {
      const areaType: AreaType =
        kind === 'teaching_point'
          ? 'rural'
          : kind === 'primary' || kind === 'junior'
            ? rng.weighted(AREA_MIX[mixKey].compulsory)
            : kind === 'nine_year'
              ? rng.weighted(AREA_MIX[mixKey].nine)
              : rng.weighted(AREA_MIX[mixKey].seat);
      const town = areaType === 'urban' ? seat : rng.pick(others);
      const k = (perKind.get(`${town.townCode}:${kind}`) ?? 0) + 1;
      perKind.set(`${town.townCode}:${kind}`, k);
      const label = kind === 'primary' && k === 1 && areaType !== 'rural' ? '中心小学' : KIND_LABEL[kind];
      const school: SchoolPlan = {
        schoolCode: schoolCode(CATEGORY_BY_KIND[kind], serial++),
        name: `${name}${town.name}${k > 1 ? `第${k}` : ''}${label}`,
        countyCode: code,
        townCode: town.townCode,
        kind,
        areaType,
        ownership: kind === 'teaching_point' || kind === 'special' ? 'public' : ownershipFor(kind, rng),
        boarding: boardingFor(kind, areaType, rng),
        centralSchoolCode: null,
        stages: rawStages(kind, areaType, rng),
        quality: rng.chance(0.12) ? rng.range(0.7, 0.95) : rng.range(0.95, 1.5),
      };
      if (kind === 'teaching_point') {
        const centrals = schools.filter((s) => s.kind === 'primary' || s.kind === 'nine_year' || s.kind === 'twelve_year');
        const near = centrals.filter((s) => s.townCode === town.townCode);
        const pool = near.length > 0 ? near : centrals;
        if (pool.length > 0) school.centralSchoolCode = rng.pick(pool).schoolCode;
      }
      schools.push(school);
    }
    return { countyCode: code, cityCode, name, district: shape.real.district, towns, schools };
  });

  const all = counties.flatMap((c) => c.schools);
  fitClasses(all, targets.classes, root.fork('fit-classes'));
  fitTeachers(all, targets.teachers, root.fork('fit-teachers'));
  return { spec, counties };
}

/** Totals of a plan, per year. */
export function planTotals(plan: ProvincePlan) {
  const schools = plan.counties.flatMap((c) => c.schools);
  return {
    counties: plan.counties.length,
    towns: plan.counties.reduce((a, c) => a + c.towns.length, 0),
    schools: schools.length,
    classes: schools.reduce((a, s) => a + schoolClasses(s), 0),
    teachers: schools.reduce((a, s) => a + schoolTeachers(s), 0),
  };
}
