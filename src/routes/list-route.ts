import type { FastifyInstance } from 'fastify';
import type { SQL } from 'drizzle-orm';
import { and } from 'drizzle-orm';
import type { TObject } from 'typebox';
import type { Database } from '../db/connection.js';
import { Page, jsonOrCsv, problemResponses } from '../schemas/common.js';
import type { Collection } from '../services/reference/collection.js';
import { contextOf } from '../plugins/auth.js';
import { listRecords } from '../services/records.js';
import { visibleWhere } from '../services/visibility.js';
import { sendCsv, wantsCsv } from './csv.js';

export interface ListRouteOptions<TItem, TQuery> {
  database: Database;
  path: string;
  tag: string;
  summary: string;
  collection: Collection<TItem>;
  params?: TObject;
  query: TObject;
  record: TObject;
  where: (query: TQuery, params: Record<string, string>) => SQL | undefined;
}

/**
 * A paged list in the `{ items, total, limit, offset }` envelope, or the same page as CSV. A county-bound
 * key sees only its counties' rows: the list is filtered, never refused.
 */
export function listRoute<TItem, TQuery extends { limit: number; offset: number }>(
  app: FastifyInstance,
  o: ListRouteOptions<TItem, TQuery>,
): void {
  app.get(
    o.path,
    {
      config: { scope: 'read' },
      schema: {
        tags: [o.tag],
        summary: o.summary,
        ...(o.params ? { params: o.params } : {}),
        querystring: o.query,
        response: { ...jsonOrCsv(Page(o.record), 'one row per record of the page'), ...problemResponses(400, 503) },
      },
    },
    async (request, reply) => {
      const query = request.query as TQuery;
      const visible = visibleWhere(o.database.db, o.collection.name, contextOf(request).counties);
      const page = await listRecords(o.database.db, o.collection, and(o.where(query, request.params as Record<string, string>), visible), {
        limit: query.limit,
        offset: query.offset,
      });
      if (wantsCsv(request)) return sendCsv(reply, Object.keys(o.record.properties), page.items, o.collection.name);
      return page;
    },
  );
}
