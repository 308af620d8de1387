import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
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
import { Paging, Strict } from '../schemas/common.js';
import { teacherCollection, teacherYearCollection } from '../services/reference/index.js';
import { teacherListFilter, teacherYearListFilter, yearsOfTeacherFilter } from '../services/reference/list-filters.js';
import { answerList, listOptions } from './list-route.js';
import { recordRoutes } from './record-routes.js';

const TAG = 'reference data';

export const teacherRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { database } = opts;
  recordRoutes(app, { database, path: '/teachers/:staffCode', tag: TAG, noun: 'teacher', collection: teacherCollection, params: TeacherKey, body: TeacherBody, record: Teacher });
  const teacherList = { database, collection: teacherCollection, record: Teacher };
  app.get(
    '/teachers',
    listOptions({ tag: TAG, summary: 'List teachers; schoolCode and year select those with a teacher-year there', query: TeacherListQuery, record: Teacher }),
    (request, reply) => answerList(request, reply, teacherList, teacherListFilter(database.db, request.query)),
  );

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
  const teacherYearList = { database, collection: teacherYearCollection, record: TeacherYear };
  app.get(
    '/teacher-years',
    listOptions({ tag: TAG, summary: 'List teacher-years, filtered by school, year and stage', query: TeacherYearListQuery, record: TeacherYear }),
    (request, reply) => answerList(request, reply, teacherYearList, teacherYearListFilter(request.query)),
  );
  app.get(
    '/teachers/:staffCode/years',
    listOptions({ tag: TAG, summary: "List a teacher's years", params: TeacherKey, query: Strict({ ...Paging }), record: TeacherYear }),
    (request, reply) => answerList(request, reply, teacherYearList, yearsOfTeacherFilter(request.params)),
  );
};
