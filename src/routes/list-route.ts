import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TInteger, TObject } from 'typebox';
import type { Database } from '../db/connection.js';
import { contextOf } from '../plugins/auth.js';
import { Page, jsonOrCsv, problemResponses } from '../schemas/common.js';
import type { Collection } from '../services/reference/collection.js';
import { listRecords, type ListResult, type RecordFilter } from '../services/records.js';
import { contentTag } from '../plugins/conditional.js';
import { sendCsv, wantsCsv } from './csv.js';
import { representationOf, tagged } from './etag.js';

// A paged list is registered where its schemas are concrete: `app.get(path, listOptions(…), handler)`.
// The type provider then types the handler's query and path from those schemas, so the list's filter
// (src/services/reference/list-filters.ts) is checked against them; a helper that registered the route
// itself would see only its type parameters, which the provider cannot resolve.

/** A list's query string: at least the paging members (their defaults make them always present). */
type ListQuery = TObject<{ limit: TInteger; offset: TInteger }>;

export interface ListSchemas<TQuery extends ListQuery> {
  tag: string;
  summary: string;
  query: TQuery;
  /** The schema of one item; its members, in order, are the CSV columns. */
  record: TObject;
}

const listResponse = (record: TObject) => ({ ...jsonOrCsv(Page(record), 'one row per record of the page'), ...problemResponses(400, 503) });

/** A list route's options: read scope, its query (and path, if any) and the page or CSV it answers. */
export interface ListRouteOptions<TQuery extends ListQuery, TParams extends TObject | undefined> {
  config: { scope: 'read' };
  schema: { tags: string[]; summary: string; params: TParams; querystring: TQuery; response: ReturnType<typeof listResponse> };
}

export function listOptions<TQuery extends ListQuery>(o: ListSchemas<TQuery>): ListRouteOptions<TQuery, undefined>;
export function listOptions<TQuery extends ListQuery, TParams extends TObject>(
  o: ListSchemas<TQuery> & { params: TParams },
): ListRouteOptions<TQuery, TParams>;
export function listOptions<TQuery extends ListQuery, TParams extends TObject>(o: ListSchemas<TQuery> & { params?: TParams }) {
  return {
    config: { scope: 'read' as const },
    schema: {
      tags: [o.tag],
      summary: o.summary,
      // A list without path parameters declares none (no empty `params` schema in the OpenAPI document).
      ...(o.params ? { params: o.params } : {}),
      querystring: o.query,
      response: listResponse(o.record),
    },
  };
}

/** Where a list reads from: its collection and the schema of one item (for the CSV columns). */
export interface ListSource<TItem> {
  database: Database;
  collection: Collection<TItem>;
  record: TObject;
}

/**
 * The page a list route answers, in the `{ items, total, limit, offset }` envelope, or the same page as
 * CSV, with an ETag of its content. A county-bound key sees only its counties' rows: the list is filtered,
 * never refused.
 */
export async function answerList<TItem>(
  request: FastifyRequest & { query: { limit: number; offset: number } },
  reply: FastifyReply,
  source: ListSource<TItem>,
  filter: RecordFilter,
): Promise<ListResult | FastifyReply> {
  const { limit, offset } = request.query;
  const page = await listRecords(source.database.db, source.collection, filter, contextOf(request).counties, { limit, offset });
  return tagged(request, reply, contentTag(page, representationOf(request)), () => {
    if (wantsCsv(request)) return sendCsv(reply, Object.keys(source.record.properties), page.items, source.collection.name);
    return page;
  });
}
