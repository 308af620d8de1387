// Turns a county-year of the database into the indicator rules' inputs (`SchoolInput[]`), aggregating in
// SQL: one query for the schools and their facilities, one for class sums per school and stage, one for
// full-time teacher counts per school and stage (with the breakdowns by education, backbone level and
// subject that let the policy decide what counts), and, only when B12 needs it, one for the compact class
// list. No teacher row ever reaches JavaScript; the number of queries does not grow with the schools.
//
// Which schools take part: every school of the county with a school-year record or at least one class in
// the year. A school with a record but no class shows up as a 0-student unit (listed, not assessed), so a
// gap in the data is visible rather than silently dropped.

import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';
import type { ClassInput, FacilitiesInput, SchoolInput, StageInput, TeacherCounts } from '../../rules/indicators/index.js';
import {
  BACKBONE_LEVELS,
  EDUCATION_LEVELS,
  STAGES,
  type AreaType,
  type BackboneLevel,
  type EducationLevel,
  type Ownership,
  type SchoolKind,
  type Stage,
} from '../../rules/vocabulary.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import { ServiceError } from '../errors.js';
import { fenToYuan } from '../money.js';

/** What the answers need about a school beyond the rules' input (names, the raw facility totals). */
export interface SchoolMeta {
  schoolCode: string;
  name: string;
  kind: SchoolKind;
  townCode: string | null;
  boarding: boolean;
  /** The school has a school-year record for the year. */
  hasSchoolYear: boolean;
}

export interface IndicatorInputs {
  countyCode: string;
  year: number;
  /** Sorted by school code. */
  schools: SchoolInput[];
  meta: Map<string, SchoolMeta>;
  /** Classes of the county-year (every stage) and schools with a school-year record. */
  classCount: number;
  schoolYearCount: number;
}

export interface LoadOptions {
  /** Only these schools (the school view); default every school of the county. */
  schoolCodes?: readonly string[];
  /** Load full-time teacher counts (B1–B3, B19). Default true. */
  teachers?: boolean;
  /** Load the compact class list (B12). Default false: the class sums per stage are always loaded. */
  classList?: boolean;
  /**
   * The policy, when it is known before loading: teacher counts then come already filtered by it
   * (`qualified`, `backbone`, `artsPe`, which the rules accept in place of the breakdowns) from a single
   * GROUP BY, instead of the breakdowns by education, backbone level and subject (a second aggregate and a
   * JSON object per school and stage).
   */
  policy?: IndicatorParams;
  /**
   * Load the music and art room areas (B10). Default true; B1–B7 do not read them, and parsing two arrays
   * per school is a visible part of loading a province. Without them the facilities carry empty lists.
   */
  rooms?: boolean;
}

interface SchoolRow extends Record<string, unknown> {
  county_code: string;
  school_code: string;
  name: string;
  kind: SchoolKind;
  area_type: AreaType;
  ownership: Ownership;
  boarding: boolean;
  town_code: string | null;
  central_school_code: string | null;
  has_year: boolean;
  teaching_area_m2: number | null;
  indoor_sports_area_m2: number | null;
  sports_area_m2: number | null;
  equipment_value_fen: number | null;
  multimedia_classrooms: number | null;
  music_room_areas_m2: number[] | null;
  art_room_areas_m2: number[] | null;
}

interface ClassSumRow extends Record<string, unknown> {
  school_code: string;
  stage: Stage;
  students: number;
  classes: number;
}

interface ClassRow extends Record<string, unknown> {
  school_code: string;
  class_code: string;
  stage: Stage;
  grade: number | null;
  students: number;
}

type TeacherRow = Record<string, unknown> & {
  school_code: string;
  stage: Stage;
  full_time: number;
  certified: number;
  by_subject: string | Record<string, number> | null;
};

/** The schools of the county, optionally narrowed to a list of codes. */
function schoolFilter(alias: string, countyCode: string | readonly string[], schoolCodes: readonly string[] | undefined): SQL {
  const a = sql.raw(alias);
  const county =
    typeof countyCode === 'string'
      ? sql`${a}.county_code = ${countyCode}`
      : countyCode.length === 0
        ? sql`false`
        : sql`${a}.county_code IN (${sql.join(
            countyCode.map((c) => sql`${c}`),
            sql`, `,
          )})`;
  if (!schoolCodes) return county;
  if (schoolCodes.length === 0) return sql`false`;
  return sql`${county} AND ${a}.school_code IN (${sql.join(
    schoolCodes.map((c) => sql`${c}`),
    sql`, `,
  )})`;
}

/** Education / backbone columns of the teacher query; the names come from the closed vocabularies. */
const EDUCATION_COLUMNS = EDUCATION_LEVELS.map((level) => ({ level, column: `e_${level}` }));
const BACKBONE_COLUMNS = BACKBONE_LEVELS.map((level) => ({ level, column: `b_${level}` }));

/**
 * The teacher-years of the schools in scope. For one county (or a list of schools), through an array of
 * their codes (see below); for many counties at once, through a join that PostgreSQL answers with one scan.
 */
function teacherScope(countyCode: string | readonly string[], schoolCodes: readonly string[] | undefined): { join: SQL; where: SQL } {
  if (typeof countyCode === 'string' || schoolCodes !== undefined) {
    return { join: sql``, where: sql`ty.school_code = ANY(ARRAY(SELECT s.school_code FROM schools s WHERE ${schoolFilter('s', countyCode, schoolCodes)}))` };
  }
  return { join: sql`JOIN schools s ON s.school_code = ty.school_code`, where: schoolFilter('s', countyCode, undefined) };
}

function teacherQuery(countyCode: string | readonly string[], year: number, schoolCodes: readonly string[] | undefined): SQL {
  const scope = teacherScope(countyCode, schoolCodes);
  const counts = [
    ...EDUCATION_COLUMNS.map((c) => sql.raw(`count(*) FILTER (WHERE t.education = '${c.level}')::int AS ${c.column}`)),
    ...BACKBONE_COLUMNS.map((c) => sql.raw(`count(*) FILTER (WHERE t.backbone = '${c.level}')::int AS ${c.column}`)),
  ];
  // `school_code = ANY(ARRAY(subquery))` rather than a join to schools: with a join, PostgreSQL
  // estimates a county's teacher-years far too high and scans all 700,000 of a province (~150 ms);
  // an array parameter of unknown length makes it read the county's rows through
  // teacher_years_school_year_idx (~8 ms).
  return sql`
    WITH t AS (
      SELECT ty.school_code, ty.stage::text AS stage, ty.education::text AS education,
             ty.backbone_level::text AS backbone, ty.subject, ty.certified
        FROM teacher_years ty ${scope.join}
       WHERE ${scope.where} AND ty.year = ${year} AND ty.full_time
    ),
    subj AS (
      SELECT school_code, stage, jsonb_object_agg(subject, n) AS by_subject
        FROM (SELECT school_code, stage, subject, count(*)::int AS n FROM t GROUP BY school_code, stage, subject) x
       GROUP BY school_code, stage
    ),
    main AS (
      SELECT t.school_code, t.stage, count(*)::int AS full_time,
             count(*) FILTER (WHERE t.certified)::int AS certified,
             ${sql.join(counts, sql`, `)}
        FROM t
       GROUP BY t.school_code, t.stage
    )
    SELECT main.*, subj.by_subject::text AS by_subject
      FROM main JOIN subj ON subj.school_code = main.school_code AND subj.stage = main.stage`;
}

const inList = (column: string, values: readonly string[]): SQL =>
  values.length === 0 ? sql`false` : sql`${sql.raw(column)} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;

type FilteredTeacherRow = Record<string, unknown> & {
  school_code: string;
  stage: Stage;
  full_time: number;
  certified: number;
  qualified: number;
  backbone: number;
  arts_pe: number;
};

/** Full-time teacher counts per school and stage, filtered by the policy (B1 level per stage, B2 levels, B3 subjects). */
function filteredTeacherQuery(
  countyCode: string | readonly string[],
  year: number,
  schoolCodes: readonly string[] | undefined,
  params: IndicatorParams,
): SQL {
  const scope = teacherScope(countyCode, schoolCodes);
  const levels = (stage: 'primary' | 'junior') => EDUCATION_LEVELS.slice(EDUCATION_LEVELS.indexOf(params.qualifiedEducationMin[stage]));
  return sql`
    SELECT ty.school_code, ty.stage::text AS stage, count(*)::int AS full_time,
           count(*) FILTER (WHERE ty.certified)::int AS certified,
           count(*) FILTER (WHERE CASE ty.stage WHEN 'primary' THEN ${inList('ty.education::text', levels('primary'))}
                                                WHEN 'junior' THEN ${inList('ty.education::text', levels('junior'))}
                                                ELSE false END)::int AS qualified,
           count(*) FILTER (WHERE ${inList('ty.backbone_level::text', params.backboneLevels)})::int AS backbone,
           count(*) FILTER (WHERE ${inList('ty.subject', params.artsPeSubjects)})::int AS arts_pe
      FROM teacher_years ty ${scope.join}
     WHERE ${scope.where} AND ty.year = ${year} AND ty.full_time
     GROUP BY ty.school_code, ty.stage`;
}

function filteredTeacherCounts(r: FilteredTeacherRow): TeacherCounts {
  const compulsory = r.stage === 'primary' || r.stage === 'junior';
  return {
    fullTime: num(r.full_time),
    certified: num(r.certified),
    qualified: compulsory ? num(r.qualified) : null,
    backbone: num(r.backbone),
    artsPe: num(r.arts_pe),
  };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function facilitiesOf(r: SchoolRow): FacilitiesInput | null {
  if (!r.has_year) return null;
  const f: FacilitiesInput = {
    teachingAreaM2: num(r.teaching_area_m2),
    sportsAreaM2: num(r.sports_area_m2),
    // integer fen / 100 is the exact 2-decimal yuan amount (the rules read it back as hundredths)
    equipmentValueYuan: fenToYuan(num(r.equipment_value_fen)),
    multimediaClassrooms: num(r.multimedia_classrooms),
    musicRoomAreasM2: (r.music_room_areas_m2 ?? []).map(Number),
    artRoomAreasM2: (r.art_room_areas_m2 ?? []).map(Number),
  };
  if (r.indoor_sports_area_m2 !== null && r.indoor_sports_area_m2 !== undefined) f.indoorSportsAreaM2 = Number(r.indoor_sports_area_m2);
  return f;
}

function teacherCounts(r: TeacherRow): TeacherCounts {
  const byEducation: Partial<Record<EducationLevel, number>> = {};
  for (const c of EDUCATION_COLUMNS) {
    const n = num(r[c.column]);
    if (n > 0) byEducation[c.level] = n;
  }
  const byBackboneLevel: Partial<Record<BackboneLevel, number>> = {};
  for (const c of BACKBONE_COLUMNS) {
    const n = num(r[c.column]);
    if (n > 0) byBackboneLevel[c.level] = n;
  }
  const raw = r.by_subject;
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Record<string, unknown>;
  const bySubject: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) bySubject[k] = Number(v);
  return { fullTime: num(r.full_time), certified: num(r.certified), byEducation, byBackboneLevel, bySubject };
}

/**
 * The rules' inputs of a county-year. Does not check that the county exists or has data: see
 * `assertHasClasses` and the county context.
 */
export async function loadIndicatorInputs(
  db: Queryable,
  countyCode: string,
  year: number,
  options: LoadOptions = {},
): Promise<IndicatorInputs> {
  const byCounty = await loadInputs(db, countyCode, year, options);
  return byCounty.get(countyCode) ?? { countyCode, year, schools: [], meta: new Map(), classCount: 0, schoolYearCount: 0 };
}

/**
 * The inputs of many counties of a year (a province) with the same four queries as one county: one scan
 * of each table instead of one index probe per county. Counties with no school in the year get empty
 * inputs (classCount 0).
 */
export async function loadIndicatorInputsOfCounties(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  options: Omit<LoadOptions, 'schoolCodes'> = {},
): Promise<Map<string, IndicatorInputs>> {
  const byCounty = await loadInputs(db, countyCodes, year, options);
  const out = new Map<string, IndicatorInputs>();
  for (const c of countyCodes) out.set(c, byCounty.get(c) ?? { countyCode: c, year, schools: [], meta: new Map(), classCount: 0, schoolYearCount: 0 });
  return out;
}

async function loadInputs(
  db: Queryable,
  countyCode: string | readonly string[],
  year: number,
  options: LoadOptions,
): Promise<Map<string, IndicatorInputs>> {
  const codes = options.schoolCodes;
  const rooms = options.rooms !== false;
  const inCounty = (alias: string) => schoolFilter(alias, countyCode, codes);

  const schoolsQ = db.execute<SchoolRow>(sql`
    SELECT s.county_code, s.school_code, s.name, s.kind::text AS kind, s.area_type::text AS area_type, s.ownership::text AS ownership,
           s.boarding, s.town_code, s.central_school_code,
           (sy.school_code IS NOT NULL) AS has_year,
           sy.teaching_area_m2::float8 AS teaching_area_m2,
           sy.indoor_sports_area_m2::float8 AS indoor_sports_area_m2,
           sy.sports_area_m2::float8 AS sports_area_m2,
           sy.equipment_value_fen::float8 AS equipment_value_fen,
           sy.multimedia_classrooms,
           ${rooms ? sql`sy.music_room_areas_m2::float8[]` : sql`NULL::float8[]`} AS music_room_areas_m2,
           ${rooms ? sql`sy.art_room_areas_m2::float8[]` : sql`NULL::float8[]`} AS art_room_areas_m2
      FROM schools s
      LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = ${year}
     WHERE ${inCounty('s')}
       AND (sy.school_code IS NOT NULL
            OR EXISTS (SELECT 1 FROM classes c WHERE c.school_code = s.school_code AND c.year = ${year}))
     ORDER BY s.school_code`);

  const sumsQ = db.execute<ClassSumRow>(sql`
    SELECT c.school_code, c.stage::text AS stage, sum(c.students)::int AS students, count(*)::int AS classes
      FROM classes c
      JOIN schools s ON s.school_code = c.school_code
     WHERE ${inCounty('s')} AND c.year = ${year}
     GROUP BY c.school_code, c.stage`);

  const policy = options.policy;
  const teachersQ =
    options.teachers === false || policy !== undefined
      ? Promise.resolve({ rows: [] as TeacherRow[] })
      : db.execute<TeacherRow>(teacherQuery(countyCode, year, codes));
  const filteredQ =
    options.teachers === false || policy === undefined
      ? Promise.resolve({ rows: [] as FilteredTeacherRow[] })
      : db.execute<FilteredTeacherRow>(filteredTeacherQuery(countyCode, year, codes, policy));

  const classListQ = options.classList
    ? db.execute<ClassRow>(sql`
        SELECT c.school_code, c.class_code, c.stage::text AS stage, c.grade::int AS grade, c.students
          FROM classes c
          JOIN schools s ON s.school_code = c.school_code
         WHERE ${inCounty('s')} AND c.year = ${year} AND c.stage IN ('primary', 'junior')
         ORDER BY c.school_code, c.class_code`)
    : Promise.resolve({ rows: [] as ClassRow[] });

  // The queries are lazy until awaited. A transaction holds one connection, which runs one query at a time
  // (docs/data-model.md), so inside one they are awaited in turn; on the pool they run side by side.
  const [schoolRows, sumRows, teacherRows, filteredRows, classRows] =
    db instanceof PgTransaction
      ? [await schoolsQ, await sumsQ, await teachersQ, await filteredQ, await classListQ]
      : await Promise.all([schoolsQ, sumsQ, teachersQ, filteredQ, classListQ]);

  const out = new Map<string, IndicatorInputs>();
  const countyOf = new Map<string, IndicatorInputs>();
  for (const r of schoolRows.rows) {
    let inputs = out.get(r.county_code);
    if (!inputs) out.set(r.county_code, (inputs = { countyCode: r.county_code, year, schools: [], meta: new Map(), classCount: 0, schoolYearCount: 0 }));
    countyOf.set(r.school_code, inputs);
  }
  const stagesBySchool = new Map<string, Partial<Record<Stage, StageInput>>>();
  const stageOf = (school: string, stage: Stage): StageInput => {
    let stages = stagesBySchool.get(school);
    if (!stages) stagesBySchool.set(school, (stages = {}));
    let st = stages[stage];
    if (!st) stages[stage] = st = { students: 0, classes: 0 };
    return st;
  };
  for (const r of sumRows.rows) {
    const st = stageOf(r.school_code, r.stage);
    st.students = num(r.students);
    st.classes = num(r.classes);
    const inputs = countyOf.get(r.school_code);
    if (inputs) inputs.classCount += st.classes;
  }
  for (const r of teacherRows.rows) stageOf(r.school_code, r.stage).teachers = teacherCounts(r);
  for (const r of filteredRows.rows) stageOf(r.school_code, r.stage).teachers = filteredTeacherCounts(r);

  const classesBySchool = new Map<string, ClassInput[]>();
  for (const r of classRows.rows) {
    let list = classesBySchool.get(r.school_code);
    if (!list) classesBySchool.set(r.school_code, (list = []));
    list.push({ classCode: r.class_code, stage: r.stage, grade: r.grade === null || r.grade === undefined ? null : Number(r.grade), students: num(r.students) });
  }

  for (const r of schoolRows.rows) {
    const inputs = countyOf.get(r.school_code) as IndicatorInputs;
    if (r.has_year) inputs.schoolYearCount++;
    const stages = stagesBySchool.get(r.school_code) ?? {};
    // Stage order is fixed so equal data gives equal inputs.
    const ordered: Partial<Record<Stage, StageInput>> = {};
    for (const s of STAGES) if (stages[s]) ordered[s] = stages[s];
    const input: SchoolInput = {
      schoolCode: r.school_code,
      kind: r.kind,
      areaType: r.area_type,
      ownership: r.ownership,
      centralSchoolCode: r.central_school_code,
      facilities: facilitiesOf(r),
      stages: ordered,
    };
    if (options.classList) input.classes = classesBySchool.get(r.school_code) ?? [];
    inputs.schools.push(input);
    inputs.meta.set(r.school_code, {
      schoolCode: r.school_code,
      name: r.name,
      kind: r.kind,
      townCode: r.town_code,
      boarding: r.boarding === true,
      hasSchoolYear: r.has_year === true,
    });
  }
  return out;
}

/** A county-year without classes has no students, so no indicator can be computed: 404 naming what is missing. */
export function assertHasClasses(inputs: Pick<IndicatorInputs, 'year' | 'classCount' | 'schoolYearCount'>, what: string): void {
  if (inputs.classCount > 0) return;
  const years =
    inputs.schoolYearCount > 0
      ? ` (${inputs.schoolYearCount} school-year records exist, but students are the sum of class sizes)`
      : ' and no school-year records';
  throw new ServiceError(404, 'not-found', 'Not Found', `no classes recorded for ${what} in ${inputs.year}${years}`, [], {
    missing: inputs.schoolYearCount > 0 ? ['classes'] : ['classes', 'school-years'],
  });
}

/**
 * The classes and school-year records of a county-year, counted without the policy the full inputs need:
 * for telling "no data" (404) apart from a policy that cannot be applied before any input is loaded.
 */
export async function countyYearRecordCounts(db: Queryable, countyCode: string, year: number): Promise<Pick<IndicatorInputs, 'year' | 'classCount' | 'schoolYearCount'>> {
  const { rows } = await db.execute<{ classes: number; school_years: number }>(sql`
    SELECT (SELECT count(*)::int FROM classes c JOIN schools s ON s.school_code = c.school_code
             WHERE s.county_code = ${countyCode} AND c.year = ${year}) AS classes,
           (SELECT count(*)::int FROM school_years sy JOIN schools s ON s.school_code = sy.school_code
             WHERE s.county_code = ${countyCode} AND sy.year = ${year}) AS school_years`);
  const row = rows[0];
  return { year, classCount: Number(row?.classes ?? 0), schoolYearCount: Number(row?.school_years ?? 0) };
}
