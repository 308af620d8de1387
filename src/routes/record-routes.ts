import type { FastifyInstance } from 'fastify';
import { Type, type TObject } from 'typebox';
import type { Database } from '../db/connection.js';
import { contextOf } from '../plugins/auth.js';
import { problemResponses } from '../schemas/common.js';
import type { Collection } from '../services/reference/collection.js';
import { deleteRecord, getRecord, keyRow, putRecord } from '../services/records.js';
import type { Row } from '../services/store/upsert.js';

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
}

/**
 * PUT (upsert by natural key: 201 created, 200 updated or unchanged), GET and DELETE (204; 409 when
 * other records depend on it) for one kind of record. The handlers stay thin: schema in, service call.
 */
export function recordRoutes<TItem>(app: FastifyInstance, o: RecordRoutesOptions<TItem>): void {
  const db = o.database.db;
  const toItem = o.toItem ?? ((params: Row, body: Row) => ({ ...body, ...params }) as TItem);

  app.put(
    o.path,
    {
      config: { scope: 'write' },
      schema: {
        tags: [o.tag],
        summary: `Create or replace a ${o.noun} by its natural key`,
        params: o.params,
        body: o.body,
        response: { 200: o.record, 201: o.record, ...problemResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const result = await putRecord(db, o.collection, toItem(request.params as Row, request.body as Row), contextOf(request));
      return reply.status(result.created ? 201 : 200).send(result.record);
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
        response: { 200: o.record, ...problemResponses(400, 404, 503) },
      },
    },
    async (request) => getRecord(db, o.collection, keyRow(o.collection, request.params as Row), contextOf(request).counties),
  );

  app.delete(
    o.path,
    {
      config: { scope: 'write' },
      schema: {
        tags: [o.tag],
        summary: `Delete a ${o.noun}; refused with 409 while other records depend on it`,
        params: o.params,
        response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(400, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      await deleteRecord(db, o.collection, keyRow(o.collection, request.params as Row), contextOf(request));
      return reply.status(204).send();
    },
  );
}
