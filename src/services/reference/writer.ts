import { and, eq } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { getTableColumns } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { appendAudit, changesToAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { pgError } from '../db-errors.js';
import { conflict, notFound } from '../errors.js';
import { keyOf, upsertRows, type Row, type UpsertOutcome } from '../store/upsert.js';
import { issue, type Collection, type ItemIssue } from './collection.js';

export interface WriteOutcome extends UpsertOutcome {
  issues: ItemIssue[];
}

/**
 * Validates a batch of one collection and writes the items that passed, recording each change in the
 * audit trail. Items with problems are not written; the caller decides whether the batch as a whole
 * stands (a single PUT or a bulk load rolls back on any problem).
 */
export async function writeCollection<T>(
  db: Queryable,
  collection: Collection<T>,
  items: T[],
  ctx: RequestContext,
): Promise<WriteOutcome> {
  const issues = duplicateKeys(collection, items);
  issues.push(...(await collection.validate(db, items)));
  const bad = new Set(issues.map((i) => i.index));
  const rows = items.filter((_, i) => !bad.has(i)).map((item) => collection.toRow(item));
  const outcome = await upsertRows(db, collection.spec, rows);
  if (outcome.changes.length > 0) {
    const counties = await collection.counties(db, outcome.changes.map((c) => c.after));
    const entries = changesToAudit(collection.entity, outcome.changes, () => null).map((e, i) => ({
      ...e,
      countyCode: counties[i] ?? null,
    }));
    await appendAudit(db, ctx, entries);
  }
  return { ...outcome, issues };
}

function duplicateKeys<T>(collection: Collection<T>, items: T[]): ItemIssue[] {
  const first = new Map<string, number>();
  const issues: ItemIssue[] = [];
  items.forEach((item, index) => {
    const key = keyOf(collection.spec, collection.toRow(item)).join('/');
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else issues.push(issue(index, `/${collection.keyFields.at(-1)}`, `duplicate of item ${earlier} (${key})`));
  });
  return issues;
}

function keyCondition(collection: Collection<unknown>, key: Row) {
  const columns = getTableColumns(collection.spec.table) as Record<string, PgColumn>;
  return and(...collection.spec.keys.map((k) => eq(columns[k] as PgColumn, key[k])));
}

export async function readOne<T>(db: Queryable, collection: Collection<T>, key: Row): Promise<Row | undefined> {
  const rows = (await db
    .select()
    .from(collection.spec.table)
    .where(keyCondition(collection as Collection<unknown>, key))
    .limit(1)) as Row[];
  return rows[0];
}

const describeKey = (key: Row) => Object.values(key).join('/');

/** Deletes one record; 404 when absent, 409 naming the dependents when other records refer to it. */
export async function deleteOne<T>(db: Queryable, collection: Collection<T>, key: Row, ctx: RequestContext): Promise<void> {
  const before = await readOne(db, collection, key);
  if (!before) throw notFound(`${collection.entity} ${describeKey(key)}`);
  const [county] = await collection.counties(db, [before]);
  try {
    await db.transaction(async (tx) => {
      await tx.delete(collection.spec.table).where(keyCondition(collection as Collection<unknown>, key));
      await appendAudit(tx, ctx, [
        { action: 'delete', entity: collection.entity, entityKey: describeKey(key), countyCode: county ?? null, before, after: null },
      ]);
    });
  } catch (error) {
    const info = pgError(error);
    if (info?.code === '23503') {
      const dependent = /from table "([^"]+)"/.exec(info.detail ?? '')?.[1] ?? 'other records';
      throw conflict(`${collection.entity} ${describeKey(key)} is still referenced by ${dependent.replace(/_/g, ' ')}; delete or move those first`);
    }
    throw error;
  }
}
