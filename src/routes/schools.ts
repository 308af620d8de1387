import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../db/connection.js';
import { jsonOrCsv, problemResponses } from '../schemas/common.js';
import {
  ClassBody,
  ClassList,
  ClassesPutBody,
  School,
  SchoolBody,
  SchoolKey,
  SchoolListQuery,
  SchoolYear,
  SchoolYearBody,
  SchoolYearKey,
  SchoolYearListQuery,
} from '../schemas/reference.js';
import { contextOf } from '../plugins/auth.js';
import { listClasses, replaceClasses } from '../services/classes.js';
import { schoolCollection, schoolYearCollection } from '../services/reference/index.js';
import { schoolListFilter, yearsOfSchoolFilter } from '../services/reference/list-filters.js';
import { contentTag, IfMatchHeaders, ifMatch } from '../plugins/conditional.js';
import { sendCsv, wantsCsv } from './csv.js';
import { representationOf, tagged } from './etag.js';
import { answerList, listOptions } from './list-route.js';
import { recordRoutes } from './record-routes.js';
import { isRow, keyMismatches, rejectInvalid, writableOf } from './round-trip.js';

const TAG = 'reference data';

export const schoolRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { database } = opts;
  recordRoutes(app, { database, path: '/schools/:schoolCode', tag: TAG, noun: 'school', collection: schoolCollection, params: SchoolKey, body: SchoolBody, record: School });
  const schoolList = { database, collection: schoolCollection, record: School };
  app.get(
    '/schools',
    listOptions({ tag: TAG, summary: 'List schools, filtered by county, town, kind, area type and ownership', query: SchoolListQuery, record: School }),
    (request, reply) => answerList(request, reply, schoolList, schoolListFilter(request.query)),
  );

  recordRoutes(app, {
    database,
    path: '/schools/:schoolCode/years/:year',
    tag: TAG,
    noun: 'school-year (facilities, boarders, funding of one school in one year)',
    collection: schoolYearCollection,
    params: SchoolYearKey,
    body: SchoolYearBody,
    record: SchoolYear,
  });
  const schoolYearList = { database, collection: schoolYearCollection, record: SchoolYear };
  app.get(
    '/schools/:schoolCode/years',
    listOptions({ tag: TAG, summary: "List a school's years", params: SchoolKey, query: SchoolYearListQuery, record: SchoolYear }),
    (request, reply) => answerList(request, reply, schoolYearList, yearsOfSchoolFilter(request.params)),
  );

  app.put(
    '/schools/:schoolCode/years/:year/classes',
    {
      config: { scope: 'write' },
      // Schema problems and a schoolCode or year that disagrees with the path are reported together.
      attachValidation: true,
      schema: {
        tags: [TAG],
        summary: 'Replace all classes of a school-year',
        description:
          'Classes not in the list are deleted; the whole replacement is one transaction. The body may be the GET answer ' +
          'sent back: its items may carry schoolCode and year (equal to the path), and its total is ignored.',
        params: SchoolYearKey,
        headers: IfMatchHeaders,
        body: ClassesPutBody,
        response: { 200: ClassList, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { params } = request;
      // Until rejectInvalid has run, the body may not match its schema (attachValidation): read it as unknown.
      const sent: unknown = request.body;
      const wrapped = isRow(sent);
      const list: unknown[] = Array.isArray(sent) ? sent : wrapped && Array.isArray(sent.items) ? sent.items : [];
      const at = wrapped ? '/items' : '';
      rejectInvalid(request, list.flatMap((item, i) => keyMismatches(['schoolCode', 'year'], params, item, `${at}/${i}`)));
      const body = request.body;
      const items = (Array.isArray(body) ? body : body.items).map((item) => writableOf(item, ClassBody));
      // the tag of the list read as JSON or as CSV
      const precondition = ifMatch(request, `the classes of school ${params.schoolCode} in ${params.year}`, (c) => [contentTag(c), contentTag(c, 'csv')]);
      const stored = await replaceClasses(database.db, params.schoolCode, params.year, items, contextOf(request), at, precondition);
      return reply.header('etag', contentTag(stored)).send(stored);
    },
  );
  app.get(
    '/schools/:schoolCode/years/:year/classes',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'List the classes of a school-year',
        params: SchoolYearKey,
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['json', 'csv'])) }, { additionalProperties: false }),
        response: { ...jsonOrCsv(ClassList, 'one row per class'), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { schoolCode, year } = request.params;
      const list = await listClasses(database.db, schoolCode, year, contextOf(request).counties);
      return tagged(request, reply, contentTag(list, representationOf(request)), () => {
        if (wantsCsv(request)) return sendCsv(reply, ['schoolCode', 'year', 'classCode', 'stage', 'grade', 'students'], list.items, `classes-${schoolCode}-${year}`);
        return list;
      });
    },
  );
};
