import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Database } from '../db/connection.js';
import { schools, schoolYears } from '../db/schema/index.js';
import { jsonOrCsv, problemResponses } from '../schemas/common.js';
import {
  ClassBody,
  ClassList,
  ClassesPutBody,
  type ClassBodyT,
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
import { sendCsv, wantsCsv } from './csv.js';
import { listRoute } from './list-route.js';
import { recordRoutes } from './record-routes.js';
import { isRow, keyMismatches, rejectInvalid, writableOf } from './round-trip.js';

const TAG = 'reference data';

export async function schoolRoutes(app: FastifyInstance, opts: { database: Database }) {
  const { database } = opts;
  recordRoutes(app, { database, path: '/schools/:schoolCode', tag: TAG, noun: 'school', collection: schoolCollection, params: SchoolKey, body: SchoolBody, record: School });
  listRoute<unknown, Static<typeof SchoolListQuery>>(app, {
    database,
    path: '/schools',
    tag: TAG,
    summary: 'List schools, filtered by county, town, kind, area type and ownership',
    collection: schoolCollection,
    query: SchoolListQuery,
    record: School,
    where: (q) =>
      and(
        q.countyCode ? eq(schools.countyCode, q.countyCode) : undefined,
        q.townCode ? eq(schools.townCode, q.townCode) : undefined,
        q.kind ? eq(schools.kind, q.kind) : undefined,
        q.areaType ? eq(schools.areaType, q.areaType) : undefined,
        q.ownership ? eq(schools.ownership, q.ownership) : undefined,
      ),
  });

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
  listRoute<unknown, Static<typeof SchoolYearListQuery>>(app, {
    database,
    path: '/schools/:schoolCode/years',
    tag: TAG,
    summary: "List a school's years",
    collection: schoolYearCollection,
    params: SchoolKey,
    query: SchoolYearListQuery,
    record: SchoolYear,
    where: (_q, params) => eq(schoolYears.schoolCode, String(params.schoolCode)),
  });

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
        body: ClassesPutBody,
        response: { 200: ClassList, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request) => {
      const params = request.params as Static<typeof SchoolYearKey>;
      const sent: unknown = request.body;
      const wrapped = isRow(sent);
      const list: unknown[] = Array.isArray(sent) ? sent : wrapped && Array.isArray(sent.items) ? sent.items : [];
      const at = wrapped ? '/items' : '';
      rejectInvalid(request, list.flatMap((item, i) => keyMismatches(['schoolCode', 'year'], params, item, `${at}/${i}`)));
      const body = list.map((item) => writableOf(item as Record<string, unknown>, ClassBody)) as ClassBodyT[];
      return replaceClasses(database.db, params.schoolCode, params.year, body, contextOf(request), at);
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
      const { schoolCode, year } = request.params as Static<typeof SchoolYearKey>;
      const list = await listClasses(database.db, schoolCode, year, contextOf(request).counties);
      if (wantsCsv(request)) return sendCsv(reply, ['schoolCode', 'year', 'classCode', 'stage', 'grade', 'students'], list.items, `classes-${schoolCode}-${year}`);
      return list;
    },
  );
}
