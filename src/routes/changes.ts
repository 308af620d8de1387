import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { contextOf } from '../plugins/auth.js';
import { ChangesPage, ChangesQuery } from '../schemas/changes.js';
import { problemResponses } from '../schemas/common.js';
import { readChanges } from '../services/changes.js';

const TAG = 'sync';

/** GET /v1/changes: the change feed (docs/changes.md). */
export const changeRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;

  app.get(
    '/changes',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'Every committed create, update and delete, in order, from a cursor',
        description:
          'Follow `nextCursor` (pass it as `since`) to see every committed change exactly once, whatever writers run at the same ' +
          'time: an answer holds only changes of transactions that have finished, and none that commits later can sort before ' +
          'them. `upsert` means created or changed: read the record for its current state (404: it has been deleted since). ' +
          'A county-bound key sees its counties\' changes (records that moved out of them too), teachers with a teacher-year in ' +
          'them, and custom policy profiles. ' +
          '`entity` takes a collection name (another is 400); a cursor this database does not hold is 410 (docs/changes.md).',
        querystring: ChangesQuery,
        response: { 200: ChangesPage, ...problemResponses(400, 410, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      return readChanges(db, { since: q.since, limit: q.limit, countyCode: q.countyCode, entity: q.entity }, contextOf(request).counties);
    },
  );
};
