import { Type, type TObject } from 'typebox';
import type { Database } from '../db/connection.js';
import { contextOf } from '../plugins/auth.js';
import { contentTag, IfMatchHeaders, ifMatch } from '../plugins/conditional.js';
import { NoQuery, problemResponses } from '../schemas/common.js';
import type { Collection } from '../services/reference/collection.js';
import { deleteRecord, getRecord, keyRow, putRecord } from '../services/records.js';
import type { Row } from '../services/store/upsert.js';
import { roundTripBody } from '../schemas/round-trip.js';
import { tagged } from './etag.js';
import { keyMismatches, rejectInvalid, writableOf } from './round-trip.js';
import type { RouteApp } from './route-app.js';

export interface RecordRoutesOptions<TItem> {
  database: Database;
  /** Path with its key parameters, e.g. `/schools/:schoolCode`. */
  path: string;
  tag: string;
  /** Human name, e.g. "school". */
  noun: string;
  collection: Collection<TItem>;
  params: TObject;
  body: TObject;
  record: TObject;
  /** How path and body combine into the item the collection stores. */
  toItem?: (params: Row, body: Row) => TItem;
  /** A PUT may name county and town codes outside the division data (LOCAL_DIVISION_CODES). */
  localDivisionCodes?: boolean;
  /** What the PUT's description adds about this kind of record. */
  putNote?: string;
}

/**
 * PUT (upsert by natural key: 201 created, 200 updated or unchanged), GET and DELETE (204; 409 when
 * other records depend on it) for one kind of record. The handlers stay thin: schema in, service call.
 * GET and PUT answer the record's ETag (a hash of the record as answered); PUT and DELETE take If-Match
 * (src/plugins/conditional.ts), checked by the service on the record locked in the writing transaction.
 * A PUT takes back what the GET answered (`roundTripBody`): key members equal to the path, read-only
 * members ignored.
 */
export function recordRoutes<TItem>(app: RouteApp, o: RecordRoutesOptions<TItem>): void {
  const db = o.database.db;
  // The path and the body, each checked against its schema, make up the collection's item (its bulk row
  // without the read-only members); the options take plain TObject schemas, so nothing ties them to TItem.
  const toItem = o.toItem ?? ((params: Row, body: Row) => ({ ...body, ...params }) as TItem);
  // The path's members; a PUT body may repeat them (equal) and may carry the record's read-only ones.
  const keyFields = Object.keys(o.params.properties);
  const readOnly = Object.keys(o.record.properties).filter((name) => !(name in o.body.properties) && !keyFields.includes(name));
  const describe = (key: Row) => `${o.collection.entity} ${Object.values(key).join('/')}`;

  app.put(
    o.path,
    {
      config: { scope: 'write' },
      // Schema problems and a key that disagrees with the path are reported together (rejectInvalid).
      attachValidation: true,
      schema: {
        tags: [o.tag],
        summary: `Create or replace a ${o.noun} by its natural key`,
        description:
          `The body may be what GET answered: ${keyFields.join(' and ')}, when sent, must equal the path` +
          (readOnly.length > 0 ? `; ${readOnly.join(' and ')} are read-only and ignored.` : '.') +
          (o.putNote ? ` ${o.putNote}` : ''),
        params: o.params,
        headers: IfMatchHeaders,
        body: roundTripBody(o.body, o.record, keyFields),
        response: { 200: o.record, 201: o.record, ...problemResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const { params } = request;
      rejectInvalid(request, keyMismatches(keyFields, params, request.body));
      const item = toItem(params, writableOf(request.body, o.body));
      const precondition = ifMatch(request, describe(keyRow(o.collection, item as Row)));
      const result = await putRecord(db, o.collection, item, { ...contextOf(request), localDivisionCodes: o.localDivisionCodes === true }, precondition);
      // the tag a GET of the record answers now: the client's next If-Match
      return reply.status(result.created ? 201 : 200).header('etag', contentTag(result.record)).send(result.record);
    },
  );

  app.get(
    o.path,
    {
      config: { scope: 'read' },
      schema: {
        tags: [o.tag],
        summary: `Get a ${o.noun}`,
        params: o.params,
        querystring: NoQuery,
        response: { 200: o.record, ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const record = await getRecord(db, o.collection, keyRow(o.collection, request.params), contextOf(request).counties);
      return tagged(request, reply, contentTag(record), () => record);
    },
  );

  app.delete(
    o.path,
    {
      config: { scope: 'write' },
      schema: {
        tags: [o.tag],
        summary: `Delete a ${o.noun}; refused with 409 while other records depend on it`,
        params: o.params,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(400, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const key = keyRow(o.collection, request.params);
      await deleteRecord(db, o.collection, key, contextOf(request), ifMatch(request, describe(key)));
      // The 204 answer's schema is `null`; Fastify sends a 204 without a body or content-type whatever the payload.
      return reply.status(204).send(null);
    },
  );
}
