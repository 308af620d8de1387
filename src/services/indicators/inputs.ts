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
import { ServiceError } from '../errors.js';

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
}

interface SchoolRow extends Record<string, unknown> {
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
function schoolFilter(alias: string, countyCode: string, schoolCodes: readonly string[] | undefined): SQL {
  const a = sql.raw(alias);
  const county = sql`${a}.county_code = ${countyCode}`;
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

function teacherQuery(countyCode: string, year: number, schoolCodes: readonly string[] | undefined): SQL {
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
        FROM teacher_years ty
       WHERE ty.school_code = ANY(ARRAY(SELECT s.school_code FROM schools s WHERE ${schoolFilter('s', countyCode, schoolCodes)}))
         AND ty.year = ${year} AND ty.full_time
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

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function facilitiesOf(r: SchoolRow): FacilitiesInput | null {
  if (!r.has_year) return null;
  const f: FacilitiesInput = {
    teachingAreaM2: num(r.teaching_area_m2),
    sportsAreaM2: num(r.sports_area_m2),
    // integer fen / 100 is the exact 2-decimal yuan amount (the rules read it back as hundredths)
    equipmentValueYuan: num(r.equipment_value_fen) / 100,
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
  const codes = options.schoolCodes;
  const inCounty = (alias: string) => schoolFilter(alias, countyCode, codes);

  const schoolsQ = db.execute<SchoolRow>(sql`
    SELECT s.school_code, s.name, s.kind::text AS kind, s.area_type::text AS area_type, s.ownership::text AS ownership,
           s.boarding, s.town_code, s.central_school_code,
           (sy.school_code IS NOT NULL) AS has_year,
           sy.teaching_area_m2::float8 AS teaching_area_m2,
           sy.indoor_sports_area_m2::float8 AS indoor_sports_area_m2,
           sy.sports_area_m2::float8 AS sports_area_m2,
           sy.equipment_value_fen::float8 AS equipment_value_fen,
           sy.multimedia_classrooms,
           sy.music_room_areas_m2::float8[] AS music_room_areas_m2,
           sy.art_room_areas_m2::float8[] AS art_room_areas_m2
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

  const teachersQ =
    options.teachers === false ? Promise.resolve({ rows: [] as TeacherRow[] }) : db.execute<TeacherRow>(teacherQuery(countyCode, year, codes));

  const classListQ = options.classList
    ? db.execute<ClassRow>(sql`
        SELECT c.school_code, c.class_code, c.stage::text AS stage, c.students
          FROM classes c
          JOIN schools s ON s.school_code = c.school_code
         WHERE ${inCounty('s')} AND c.year = ${year} AND c.stage IN ('primary', 'junior')
         ORDER BY c.school_code, c.class_code`)
    : Promise.resolve({ rows: [] as ClassRow[] });

  const [schoolRows, sumRows, teacherRows, classRows] = await Promise.all([schoolsQ, sumsQ, teachersQ, classListQ]);

  const stagesBySchool = new Map<string, Partial<Record<Stage, StageInput>>>();
  const stageOf = (school: string, stage: Stage): StageInput => {
    let stages = stagesBySchool.get(school);
    if (!stages) stagesBySchool.set(school, (stages = {}));
    let st = stages[stage];
    if (!st) stages[stage] = st = { students: 0, classes: 0 };
    return st;
  };
  let classCount = 0;
  for (const r of sumRows.rows) {
    const st = stageOf(r.school_code, r.stage);
    st.students = num(r.students);
    st.classes = num(r.classes);
    classCount += st.classes;
  }
  for (const r of teacherRows.rows) stageOf(r.school_code, r.stage).teachers = teacherCounts(r);

  const classesBySchool = new Map<string, ClassInput[]>();
  for (const r of classRows.rows) {
    let list = classesBySchool.get(r.school_code);
    if (!list) classesBySchool.set(r.school_code, (list = []));
    list.push({ classCode: r.class_code, stage: r.stage, students: num(r.students) });
  }

  const schools: SchoolInput[] = [];
  const meta = new Map<string, SchoolMeta>();
  let schoolYearCount = 0;
  for (const r of schoolRows.rows) {
    if (r.has_year) schoolYearCount++;
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
    schools.push(input);
    meta.set(r.school_code, {
      schoolCode: r.school_code,
      name: r.name,
      kind: r.kind,
      townCode: r.town_code,
      boarding: r.boarding === true,
      hasSchoolYear: r.has_year === true,
    });
  }
  return { countyCode, year, schools, meta, classCount, schoolYearCount };
}

/** A county-year without classes has no students, so no indicator can be computed: 404 naming what is missing. */
export function assertHasClasses(inputs: IndicatorInputs, what: string): void {
  if (inputs.classCount > 0) return;
  const years =
    inputs.schoolYearCount > 0
      ? ` (${inputs.schoolYearCount} school-year records exist, but students are the sum of class sizes)`
      : ' and no school-year records';
  throw new ServiceError(404, 'not-found', 'Not Found', `no classes recorded for ${what} in ${inputs.year}${years}`, [], {
    missing: inputs.schoolYearCount > 0 ? ['classes'] : ['classes', 'school-years'],
  });
}
