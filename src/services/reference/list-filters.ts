import { and, eq, exists, sql } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { Queryable } from '../../db/connection.js';
import { counties, schoolYears, schools, teachers, teacherYears, towns } from '../../db/schema/index.js';
import type {
  CountyListQuery,
  SchoolKey,
  SchoolListQuery,
  TeacherKey,
  TeacherListQuery,
  TeacherYearListQuery,
  TownListQuery,
} from '../../schemas/reference.js';
import type { RecordFilter } from '../records.js';

// What each list selects from its validated query string or path, before county visibility (listRecords
// adds it). Each takes the static type of its route's schema, so a filter and its schema cannot drift apart.

export const countyListFilter = (q: Static<typeof CountyListQuery>): RecordFilter =>
  and(q.provinceCode ? eq(counties.provinceCode, q.provinceCode) : undefined, q.cityCode ? eq(counties.cityCode, q.cityCode) : undefined);

export const townListFilter = (q: Static<typeof TownListQuery>): RecordFilter => (q.countyCode ? eq(towns.countyCode, q.countyCode) : undefined);

export const schoolListFilter = (q: Static<typeof SchoolListQuery>): RecordFilter =>
  and(
    q.countyCode ? eq(schools.countyCode, q.countyCode) : undefined,
    q.townCode ? eq(schools.townCode, q.townCode) : undefined,
    q.kind ? eq(schools.kind, q.kind) : undefined,
    q.areaType ? eq(schools.areaType, q.areaType) : undefined,
    q.ownership ? eq(schools.ownership, q.ownership) : undefined,
  );

/** The years of the school in the path. */
export const yearsOfSchoolFilter = (params: Static<typeof SchoolKey>): RecordFilter => eq(schoolYears.schoolCode, params.schoolCode);

/** Teachers with a teacher-year at the school and/or in the year asked for. */
export const teacherListFilter = (db: Queryable, q: Static<typeof TeacherListQuery>): RecordFilter =>
  q.schoolCode || q.year
    ? exists(
        db
          .select({ one: sql`1` })
          .from(teacherYears)
          .where(
            and(
              eq(teacherYears.staffCode, teachers.staffCode),
              q.schoolCode ? eq(teacherYears.schoolCode, q.schoolCode) : undefined,
              q.year ? eq(teacherYears.year, q.year) : undefined,
            ),
          ),
      )
    : undefined;

export const teacherYearListFilter = (q: Static<typeof TeacherYearListQuery>): RecordFilter =>
  and(
    q.schoolCode ? eq(teacherYears.schoolCode, q.schoolCode) : undefined,
    q.year ? eq(teacherYears.year, q.year) : undefined,
    q.stage ? eq(teacherYears.stage, q.stage) : undefined,
  );

/** The years of the teacher in the path. */
export const yearsOfTeacherFilter = (params: Static<typeof TeacherKey>): RecordFilter => eq(teacherYears.staffCode, params.staffCode);
