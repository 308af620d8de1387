// Rows of the synthetic province as PostgreSQL COPY text (tab-separated, `\N` for null). Every random
// detail comes from a labelled sub-stream of the seed (per school-year, per county's staff), so a table can
// be produced on its own and twice in a row with the same result.

import { personName } from '../../src/demo/names.js';
import { Rng } from '../../src/demo/prng.js';
import { artsSubjects, generalSubjects } from '../../src/demo/subjects.js';
import { toFloat } from '../../src/rules/exact.js';
import { computeEntitlement, type FundingParams } from '../../src/rules/funding/index.js';
import { facilityShares } from '../../src/rules/indicators/units.js';
import type { IndicatorParams } from '../../src/rules/policies/indicator-params.js';
import { COMPULSORY_STAGES, STAGES, type BackboneLevel, type CompulsoryStage, type EducationLevel, type Stage } from '../../src/rules/vocabulary.js';
import { staffCode } from './codes.js';
import type { CountyPlan, ProvincePlan, SchoolPlan, StagePlan } from './plan.js';
import { countyPolicy } from './policy.js';

// ── COPY text ───────────────────────────────────────────────────────────────────────────────────────

const NULL = '\\N';

/** Escapes a text value for COPY's text format (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

type Cell = string | number | boolean | null | readonly number[];

/** One COPY line. Strings are escaped; numbers as they print; arrays of numbers as `{a,b}`. */
export function copyLine(cells: readonly Cell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (i > 0) out += '\t';
    if (c === null || c === undefined) out += NULL;
    else if (typeof c === 'string') out += copyText(c);
    else if (typeof c === 'boolean') out += c ? 't' : 'f';
    else if (typeof c === 'number') out += String(c);
    else out += `{${c.join(',')}}`;
  }
  return `${out}\n`;
}

// ── tables and their columns ────────────────────────────────────────────────────────────────────────

export const COLUMNS = {
  counties: ['county_code', 'name', 'city_code', 'province_code'],
  towns: ['town_code', 'county_code', 'name'],
  schools: ['school_code', 'name', 'county_code', 'town_code', 'kind', 'area_type', 'ownership', 'boarding', 'central_school_code'],
  school_years: [
    'school_code', 'year', 'teaching_area_m2', 'indoor_sports_area_m2', 'sports_area_m2', 'equipment_value_fen',
    'multimedia_classrooms', 'music_room_areas_m2', 'art_room_areas_m2', 'boarders', 'inclusion_students',
    'migrant_children', 'left_behind_children', 'designed_seats', 'public_funding_allocated_fen', 'training_spend_fen',
  ],
  classes: ['school_code', 'year', 'class_code', 'stage', 'grade', 'students'],
  teachers: ['staff_code', 'name', 'gender', 'birth_year'],
  teacher_years: [
    'staff_code', 'year', 'school_code', 'stage', 'full_time', 'education', 'certified', 'backbone_level', 'subject',
    'training_hours', 'rotated', 'rotation_eligible',
  ],
} as const;
export type TableName = keyof typeof COLUMNS;
/** FK order: every table after the ones it refers to. */
export const TABLE_ORDER: readonly TableName[] = ['counties', 'towns', 'schools', 'school_years', 'classes', 'teachers', 'teacher_years'];

// ── counties, towns, schools ────────────────────────────────────────────────────────────────────────

export const countyLine = (c: CountyPlan) => copyLine([c.countyCode, c.name, c.cityCode, '44']);
export const townLines = (c: CountyPlan) => c.towns.map((t) => copyLine([t.townCode, c.countyCode, t.name])).join('');
export const schoolLine = (s: SchoolPlan) =>
  copyLine([s.schoolCode, s.name, s.countyCode, s.townCode, s.kind, s.areaType, s.ownership, s.boarding, s.centralSchoolCode]);

// ── classes ─────────────────────────────────────────────────────────────────────────────────────────

const PREFIX: Readonly<Record<Stage, string>> = { preschool: 'K', primary: 'P', junior: 'J', senior: 'S' };

export interface ClassRow {
  classCode: string;
  stage: Stage;
  grade: number | null;
  students: number;
}

/** Pupils in one class: by stage, area and kind; urban schools have some 大班额 (56+) classes. */
function classSize(school: SchoolPlan, st: StagePlan, mixed: boolean, rng: Rng): number {
  if (school.kind === 'special') return rng.int(5, 12);
  if (school.kind === 'teaching_point') return rng.int(3, 15);
  if (mixed) return rng.int(5, 24);
  const area = school.areaType;
  switch (st.stage) {
    case 'preschool':
      return rng.int(18, 34);
    case 'primary':
      if (area === 'urban') return rng.chance(0.07) ? rng.int(46, 58) : rng.chance(0.005) ? rng.int(56, 68) : rng.int(38, 46);
      if (area === 'town') return rng.chance(0.03) ? rng.int(46, 55) : rng.int(30, 45);
      return rng.int(14, 40);
    case 'junior':
      if (area === 'urban') return rng.chance(0.08) ? rng.int(51, 60) : rng.int(44, 50);
      if (area === 'town') return rng.chance(0.04) ? rng.int(51, 57) : rng.int(38, 50);
      return rng.int(22, 46);
    case 'senior':
      return rng.int(42, 56);
  }
}

/** The classes of one school in one year, in class-code order within each stage. */
export function schoolClasses(plan: ProvincePlan, school: SchoolPlan, year: number): ClassRow[] {
  const rng = new Rng(plan.spec.seed, `classes:${school.schoolCode}:${year}`);
  const rows: ClassRow[] = [];
  for (const st of school.stages) {
    st.perGrade.forEach((n, i) => {
      const grade = st.firstGrade + i;
      for (let k = 1; k <= n; k++) {
        rows.push({ classCode: `${PREFIX[st.stage]}${grade}-${k}`, stage: st.stage, grade, students: classSize(school, st, false, rng) });
      }
    });
    for (let k = 1; k <= st.mixed; k++) {
      rows.push({ classCode: `${PREFIX[st.stage]}M-${k}`, stage: st.stage, grade: null, students: classSize(school, st, true, rng) });
    }
  }
  return rows;
}

export const classLines = (school: SchoolPlan, year: number, rows: ClassRow[]) =>
  rows.map((c) => copyLine([school.schoolCode, year, c.classCode, c.stage, c.grade, c.students])).join('');

// ── school-years ────────────────────────────────────────────────────────────────────────────────────

type Pupils = Record<Stage, number>;
type Facility = 'teaching' | 'sports' | 'equipment' | 'multimedia';
/** The indicator (B4–B7) each facility is measured by; B7 counts classrooms per 100 pupils. */
const FACILITY_INDICATOR: Readonly<Record<Facility, 'B4' | 'B5' | 'B6' | 'B7'>> = { teaching: 'B4', sports: 'B5', equipment: 'B6', multimedia: 'B7' };
const perPupilStandard = (f: Facility, stage: CompulsoryStage, params: IndicatorParams): number =>
  params.resourceStandards[FACILITY_INDICATOR[f]][stage] / (f === 'multimedia' ? 100 : 1);
/** Per pupil of the stages no indicator assesses (kindergartens, senior schools): local norms for plausible figures only. */
const OTHER_NORM: Readonly<Record<Facility, Readonly<Record<'preschool' | 'senior', number>>>> = {
  teaching: { preschool: 7, senior: 6.6 },
  sports: { preschool: 4, senior: 11.5 },
  equipment: { preschool: 1200, senior: 3000 },
  multimedia: { preschool: 0.03, senior: 0.025 },
};

/**
 * What the school needs so that each compulsory unit meets the policy's standard once the indicator engine
 * has split the school's total between its stages (facilityShares, the policy's weights); a school without
 * compulsory pupils is held to the local norms.
 */
function required(f: Facility, pupils: Pupils, params: IndicatorParams): number {
  const shares = facilityShares(Object.fromEntries(STAGES.map((s) => [s, { students: pupils[s], classes: 0 }])), params.apportionWeights);
  let need = 0;
  for (const stage of COMPULSORY_STAGES) {
    const share = toFloat(shares[stage]);
    if (pupils[stage] > 0 && share > 0) need = Math.max(need, (perPupilStandard(f, stage, params) * pupils[stage]) / share);
  }
  return need > 0 ? need : OTHER_NORM[f].preschool * pupils.preschool + OTHER_NORM[f].senior * pupils.senior;
}

const area2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const rooms = (n: number, lo: number, hi: number, rng: Rng) =>
  Array.from({ length: n }, () => Math.round(rng.range(lo, hi) * 10) / 10);

/** The school's entitlement under the county's funding rules, in integer fen: the funding engine's total. */
function entitlementFen(school: SchoolPlan, pupils: Pupils, boarders: number, inclusion: number, funding: FundingParams): number {
  const e = computeEntitlement(
    {
      schoolCode: school.schoolCode,
      kind: school.kind,
      areaType: school.areaType,
      ownership: school.ownership,
      boarding: school.boarding,
      students: { ...pupils },
      boarders,
      inclusionStudents: inclusion,
    },
    funding,
  );
  return e.totalFen;
}

export function schoolYearLine(plan: ProvincePlan, school: SchoolPlan, year: number, classes: ClassRow[]): string {
  const rng = new Rng(plan.spec.seed, `school-year:${school.schoolCode}:${year}`);
  const policy = countyPolicy(school.countyCode, year);
  const params = policy.indicators;
  const pupils: Pupils = { preschool: 0, primary: 0, junior: 0, senior: 0 };
  const classCount: Pupils = { preschool: 0, primary: 0, junior: 0, senior: 0 };
  for (const c of classes) {
    pupils[c.stage] += c.students;
    classCount[c.stage]++;
  }
  const all = pupils.preschool + pupils.primary + pupils.junior + pupils.senior;
  const compulsory = pupils.primary + pupils.junior;
  const nClasses = classes.length;
  const compulsoryClasses = classCount.primary + classCount.junior;
  // facilities improve a little every year after the first
  const growth = 1 + 0.02 * (year - (plan.spec.years[0] ?? year));
  const q = school.quality * growth;
  let teaching: number;
  let sports: number;
  let equipment: number;
  let multimedia: number;
  if (school.kind === 'special') {
    teaching = 1800 + all * rng.range(8, 11);
    sports = 2400 + all * rng.range(6, 9);
    equipment = 650_000 + all * rng.range(2500, 4000);
    multimedia = 10 + rng.int(0, 3);
  } else {
    const draw = (f: Facility, min: number) => Math.max(min, required(f, pupils, params) * q * rng.range(0.88, 1.15));
    teaching = draw('teaching', 240 + 40 * nClasses);
    sports = draw('sports', 600 + 60 * nClasses);
    equipment = draw('equipment', 30_000 + 10_000 * nClasses);
    multimedia = Math.ceil(draw('multimedia', Math.min(nClasses, 1)));
  }
  const indoor =
    school.kind !== 'teaching_point' && (school.areaType !== 'rural' || school.boarding) && nClasses >= 12
      ? area2(Math.min(sports * 0.25, rng.range(480, 1600)))
      : null;
  let music: number[];
  let art: number[];
  if (school.kind === 'teaching_point') {
    music = rng.chance(0.3) ? rooms(1, 48, 80, rng) : [];
    art = [];
  } else if (school.kind === 'kindergarten') {
    music = rooms(1, 80, 130, rng);
    art = rooms(1, 60, 100, rng);
  } else {
    const { classesPerRoom, musicRoomMinAreaM2: musicMin, artRoomMinAreaM2: artMin } = params.specialRooms;
    const need = Math.max(1, Math.ceil((compulsoryClasses > 0 ? compulsoryClasses : nClasses) / classesPerRoom));
    const short = school.quality < 0.95 && rng.chance(0.5) ? 1 : 0;
    music = rooms(Math.max(0, need - short + (rng.chance(0.2) ? 1 : 0)), musicMin, musicMin + 42, rng);
    art = rooms(Math.max(0, need - short + (rng.chance(0.2) ? 1 : 0)), artMin, artMin + 40, rng);
    // now and then one more room, too small to count
    if (rng.chance(0.2)) music.push(Math.round(rng.range(musicMin - 41, musicMin - 4) * 10) / 10);
    if (rng.chance(0.15)) art.push(Math.round(rng.range(artMin - 40, artMin - 4) * 10) / 10);
  }
  const boarders = school.boarding
    ? Math.round(pupils.junior * rng.range(0.75, 0.92) + pupils.primary * rng.range(0.3, 0.55) + pupils.senior * rng.range(0.6, 0.9))
    : 0;
  const inclusion = compulsory > 0 && school.kind !== 'special' && rng.chance(0.35) ? rng.int(1, Math.max(1, Math.round(compulsory / 250))) : 0;
  let migrant: number | null = null;
  let leftBehind: number | null = null;
  if (compulsory > 0) {
    const m = school.ownership === 'private' ? rng.range(0.15, 0.35) : school.areaType === 'urban' ? rng.range(0.08, 0.3) : school.areaType === 'town' ? rng.range(0.03, 0.1) : rng.range(0.01, 0.04);
    const l = school.areaType === 'rural' ? rng.range(0.15, 0.35) : school.areaType === 'town' ? rng.range(0.08, 0.18) : rng.range(0.02, 0.06);
    migrant = Math.round(compulsory * m);
    leftBehind = Math.round(compulsory * l);
  }
  const seats = Math.ceil((all * rng.range(0.95, 1.25)) / 5) * 5;
  let allocatedFen: number | null = null;
  let trainingFen: number | null = null;
  if (school.ownership === 'public' && school.kind !== 'teaching_point') {
    const entitled = entitlementFen(school, pupils, boarders, inclusion, policy.funding);
    allocatedFen = Math.round(entitled * (rng.chance(0.08) ? rng.range(0.85, 0.99) : rng.range(1.0, 1.12)));
    // about one school in ten spends less on training than the policy's minimum share (B26)
    const minimum = policy.funding.trainingMinimum.basisPoints / 10000;
    trainingFen = Math.round(allocatedFen * minimum * (rng.chance(0.1) ? rng.range(0.4, 0.98) : rng.range(1.02, 1.8)));
  }
  return copyLine([
    school.schoolCode,
    year,
    area2(teaching),
    indoor,
    area2(sports),
    Math.round(equipment * 100),
    multimedia,
    music,
    art,
    boarders,
    inclusion,
    migrant,
    leftBehind,
    seats,
    allocatedFen,
    trainingFen,
  ]);
}

// ── teachers and teacher-years ──────────────────────────────────────────────────────────────────────

const ARTS_SHARE: Readonly<Record<Stage | 'special', number>> = { preschool: 0.2, primary: 0.12, junior: 0.1, senior: 0.09, special: 0.12 };
/**
 * Education by stage (made-up): the share of teachers with a degree, the degrees they hold and the level of
 * the others. Which levels B1 counts is the county's policy (`indicators.qualifiedEducationMin`), not this table.
 */
const EDUCATION: Readonly<Record<Stage | 'special', { share: number; qualified: readonly (readonly [EducationLevel, number])[]; other: EducationLevel }>> = {
  preschool: { share: 0.85, qualified: [['associate', 55], ['bachelor', 45]], other: 'secondary' },
  primary: { share: 0.93, qualified: [['associate', 35], ['bachelor', 60], ['master', 5]], other: 'secondary' },
  junior: { share: 0.88, qualified: [['bachelor', 88], ['master', 12]], other: 'associate' },
  senior: { share: 0.96, qualified: [['bachelor', 80], ['master', 19], ['doctorate', 1]], other: 'associate' },
  special: { share: 0.92, qualified: [['associate', 35], ['bachelor', 60], ['master', 5]], other: 'secondary' },
};
/** How common each backbone title is among titled teachers (made-up). */
const TITLE_MIX: Readonly<Partial<Record<BackboneLevel, number>>> = { county: 62, city: 30, province: 7, national: 1 };
/** The titles B2 counts under the policy, weighted by how common each is (every counted title alike if none is in the mix). */
function countedTitles(params: IndicatorParams): readonly (readonly [BackboneLevel, number])[] {
  const levels = params.backboneLevels.filter((level) => level !== 'none');
  const mixed = levels.filter((level) => (TITLE_MIX[level] ?? 0) > 0).map((level) => [level, TITLE_MIX[level] as number] as const);
  return mixed.length > 0 ? mixed : levels.map((level) => [level, 1] as const);
}
/** Share of teachers replaced between two consecutive years (retirement, transfer out of the province). */
const TURNOVER = 0.06;

export interface Teacher {
  staffCode: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  subject: string;
  education: EducationLevel;
  backbone: BackboneLevel;
  certified: boolean;
  fullTime: boolean;
}

function newTeacher(county: CountyPlan, serial: number, school: SchoolPlan, st: StagePlan, year: number, taken: Set<string>, rng: Rng): Teacher {
  const key = school.kind === 'special' ? 'special' : st.stage;
  const params = countyPolicy(county.countyCode, year).indicators;
  const femaleShare = st.stage === 'preschool' ? 0.95 : st.stage === 'primary' ? 0.7 : 0.55;
  const gender = rng.chance(femaleShare) ? 'female' : 'male';
  const edu = EDUCATION[key];
  return {
    staffCode: staffCode(county.countyCode, serial),
    name: personName(rng, gender, taken),
    gender,
    birthYear: Math.min(2015, year - rng.int(22, 59)),
    subject: rng.chance(ARTS_SHARE[key]) ? rng.weighted(artsSubjects(params)) : rng.weighted(generalSubjects(key, params)),
    education: rng.chance(edu.share) ? rng.weighted(edu.qualified) : edu.other,
    backbone: rng.chance(0.13) ? rng.weighted(countedTitles(params)) : 'none',
    certified: rng.chance(0.97),
    fullTime: rng.chance(0.96),
  };
}

export interface PostYear {
  year: number;
  school: SchoolPlan;
  stage: Stage;
  trainingHours: number;
  rotated: boolean;
  rotationEligible: boolean | null;
}

export interface StaffSink {
  teacher?(t: Teacher): void;
  teacherYear?(t: Teacher, post: PostYear): void;
}

/**
 * Walks one county's teaching posts year by year: each post keeps its teacher from one year to the next
 * except for a 6 % turnover, when a new teacher takes it. Calls `teacher` once per teacher and
 * `teacherYear` once per post and year, in the same order and with the same draws every time, whatever
 * the sink wants.
 */
export function walkStaff(plan: ProvincePlan, county: CountyPlan, sink: StaffSink): void {
  const rng = new Rng(plan.spec.seed, `staff:${county.countyCode}`);
  const years = plan.spec.years;
  let serial = 0;
  for (const school of county.schools) {
    const taken = new Set<string>();
    for (const st of school.stages) {
      for (let k = 0; k < st.teachers; k++) {
        let t = newTeacher(county, ++serial, school, st, years[0] as number, taken, rng);
        sink.teacher?.(t);
        for (let y = 0; y < years.length; y++) {
          const year = years[y] as number;
          if (y > 0 && rng.chance(TURNOVER)) {
            t = newTeacher(county, ++serial, school, st, year, taken, rng);
            sink.teacher?.(t);
          }
          // B16 asks the policy's hours a year on average over its window; most teachers do more
          const hours = Math.ceil(countyPolicy(county.countyCode, year).indicators.training.hoursPerYear);
          const under = Math.max(0, hours - 1);
          const trainingHours = rng.chance(0.8)
            ? rng.int(hours, hours + 68)
            : rng.chance(0.75)
              ? rng.int(Math.min(30, under), under)
              : rng.int(0, Math.min(29, under));
          const rotated = rng.chance(0.03);
          const rotationEligible = rng.chance(0.3) ? rng.chance(0.4) : null;
          sink.teacherYear?.(t, { year, school, stage: st.stage, trainingHours, rotated, rotationEligible });
        }
      }
    }
  }
}

export const teacherLine = (t: Teacher) => copyLine([t.staffCode, t.name, t.gender, t.birthYear]);

export const teacherYearLine = (t: Teacher, p: PostYear) =>
  copyLine([
    t.staffCode,
    p.year,
    p.school.schoolCode,
    p.stage,
    t.fullTime,
    t.education,
    t.certified,
    t.backbone,
    t.subject,
    p.trainingHours,
    p.rotated,
    p.rotationEligible,
  ]);
