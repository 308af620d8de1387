import { and, asc, count, getTableColumns, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/connection.js';
import type { RequestContext } from './context.js';
import { unprocessable, notFound } from './errors.js';
import type { Collection } from './reference/collection.js';
import { deleteOne, lockedRecord, readOne, recordVisible, writeCollection, type Precondition } from './reference/writer.js';
import type { Row } from './store/upsert.js';
import { visibleWhere } from './visibility.js';

export interface PutResult {
  created: boolean;
  record: Record<string, unknown>;
}

/**
 * Upserts one record by its natural key in its own transaction: 201 semantics when created, 200 when
 * updated or unchanged. Problems name the field; key fields come from the path. A `precondition` (If-Match)
 * is checked first, on the stored record locked until the write commits, so of two writers sent with the
 * same tag only the first can pass it.
 */
export async function putRecord<T>(db: Db, collection: Collection<T>, item: T, ctx: RequestContext, precondition?: Precondition): Promise<PutResult> {
  return db.transaction(async (tx) => {
    if (precondition) precondition(await lockedRecord(tx, collection, keyRow(collection, item as Row), ctx.counties));
    const outcome = await writeCollection(tx, collection, [item], ctx);
    // A record of a county the key may not touch is answered like a missing one.
    const hidden = outcome.issues.find((i) => i.hidden);
    if (hidden?.hidden) throw notFound(hidden.hidden);
    if (outcome.issues.length > 0) {
      throw unprocessable(
        outcome.issues.map((i) => {
          const field = i.pointer.split('/')[1] ?? '';
          return { pointer: i.pointer, message: i.message, in: collection.keyFields.includes(field) ? 'path' : 'body' };
        }),
        `${collection.entity} cannot be stored`,
      );
    }
    const key = keyRow(collection, item as Row);
    const stored = await readOne(tx, collection, key);
    if (!stored) throw new Error(`${collection.entity} vanished after its write`);
    return { created: outcome.created === 1, record: collection.fromRow(stored) };
  });
}

/** One record by its key; 404 when absent or of a county the caller may not see. */
export async function getRecord<T>(db: Db, collection: Collection<T>, key: Row, counties: RequestContext['counties']): Promise<Record<string, unknown>> {
  const row = await readOne(db, collection, key);
  if (!row || !(await recordVisible(db, collection, row, counties, 'read'))) throw notFound(`${collection.entity} ${Object.values(key).join('/')}`);
  return collection.fromRow(row);
}

export const deleteRecord = <T>(db: Db, collection: Collection<T>, key: Row, ctx: RequestContext, precondition?: Precondition) =>
  deleteOne(db, collection, key, ctx, precondition);

export const keyRow = <T>(collection: Collection<T>, item: Row): Row =>
  Object.fromEntries(collection.keyFields.map((k) => [k, item[k]]));

export interface ListResult {
  items: Record<string, unknown>[];
  total: number;
  limit: number;
  offset: number;
}

/** What a list selects (`./reference/list-filters.ts`); undefined selects every row. */
export type RecordFilter = SQL | undefined;

/**
 * A filtered, ordered page of one collection, with the total count of matches. A county-bound key sees
 * only its counties' rows: the list is filtered, never refused.
 */
export async function listRecords<T>(
  db: Db,
  collection: Collection<T>,
  filter: RecordFilter,
  counties: RequestContext['counties'],
  page: { limit: number; offset: number },
): Promise<ListResult> {
  const where = and(filter, visibleWhere(db, collection.name, counties));
  const columns = getTableColumns(collection.spec.table) as Record<string, PgColumn>;
  const order = collection.spec.keys.map((k) => asc(columns[k] as PgColumn));
  const [rows, [counted]] = await Promise.all([
    db.select().from(collection.spec.table).where(where).orderBy(...order).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(collection.spec.table).where(where),
  ]);
  return { items: (rows as Row[]).map((r) => collection.fromRow(r)), total: counted?.total ?? 0, ...page };
}
