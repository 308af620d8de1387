import { and, eq, exists, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Database } from '../db/connection.js';
import { teachers, teacherYears } from '../db/schema/index.js';
import {
  Teacher,
  TeacherBody,
  TeacherKey,
  TeacherListQuery,
  TeacherYear,
  TeacherYearBody,
  TeacherYearKey,
  TeacherYearListQuery,
} from '../schemas/reference.js';
import { Strict } from '../schemas/common.js';
import { teacherCollection, teacherYearCollection } from '../services/reference/index.js';
import { listRoute } from './list-route.js';
import { recordRoutes } from './record-routes.js';
import { Paging } from '../schemas/common.js';

const TAG = 'reference data';

export async function teacherRoutes(app: FastifyInstance, opts: { database: Database }) {
  const { database } = opts;
  recordRoutes(app, { database, path: '/teachers/:staffCode', tag: TAG, noun: 'teacher', collection: teacherCollection, params: TeacherKey, body: TeacherBody, record: Teacher });
  listRoute<unknown, Static<typeof TeacherListQuery>>(app, {
    database,
    path: '/teachers',
    tag: TAG,
    summary: 'List teachers; schoolCode and year select those with a teacher-year there',
    collection: teacherCollection,
    query: TeacherListQuery,
    record: Teacher,
    where: (q) =>
      q.schoolCode || q.year
        ? exists(
            database.db
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
        : undefined,
  });

  recordRoutes(app, {
    database,
    path: '/teachers/:staffCode/years/:year',
    tag: TAG,
    noun: "teacher-year (a teacher's school, stage, qualifications and training in one year)",
    collection: teacherYearCollection,
    params: TeacherYearKey,
    body: TeacherYearBody,
    record: TeacherYear,
  });
  listRoute<unknown, Static<typeof TeacherYearListQuery>>(app, {
    database,
    path: '/teacher-years',
    tag: TAG,
    summary: 'List teacher-years, filtered by school, year and stage',
    collection: teacherYearCollection,
    query: TeacherYearListQuery,
    record: TeacherYear,
    where: (q) =>
      and(
        q.schoolCode ? eq(teacherYears.schoolCode, q.schoolCode) : undefined,
        q.year ? eq(teacherYears.year, q.year) : undefined,
        q.stage ? eq(teacherYears.stage, q.stage) : undefined,
      ),
  });
  listRoute<unknown, { limit: number; offset: number }>(app, {
    database,
    path: '/teachers/:staffCode/years',
    tag: TAG,
    summary: "List a teacher's years",
    collection: teacherYearCollection,
    params: TeacherKey,
    query: Strict({ ...Paging }),
    record: TeacherYear,
    where: (_q, params) => eq(teacherYears.staffCode, String(params.staffCode)),
  });
}
