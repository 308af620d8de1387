import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { getTableColumns } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { appendAudit, changesToAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { pgError } from '../db-errors.js';
import { conflict, notFound } from '../errors.js';
import { fetchExisting, keyOf, upsertRows, type Row, type UpsertOutcome } from '../store/upsert.js';
import { countyVisible, isUnbound, teacherReach } from '../visibility.js';
import { issue, type Collection, type ItemIssue } from './collection.js';
import { schoolFacts, townCounties } from './lookups.js';

/** A problem with an item; `hidden` names the record when the caller's key may not touch it (404 on a single write). */
export interface WriteIssue extends ItemIssue {
  hidden?: string;
}

export interface WriteOutcome extends UpsertOutcome {
  issues: WriteIssue[];
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
  const issues: WriteIssue[] = duplicateKeys(collection, items);
  // Items of a county the key may not touch are reported like missing records and checked no further,
  // so no other message can reveal what another county holds.
  const hidden = isUnbound(ctx.counties) ? [] : await countyIssues(db, collection, items.map((item) => collection.toRow(item)), ctx.counties);
  issues.push(...hidden);
  const hiddenItems = new Set(hidden.map((i) => i.index));
  const checked = items.map((_, i) => i).filter((i) => !hiddenItems.has(i));
  const found = await collection.validate(db, checked.map((i) => items[i] as T), ctx);
  issues.push(...found.map((f) => ({ ...f, index: checked[f.index] as number })));
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
    await collection.afterWrite?.(db, outcome.changes, ctx);
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

const missing = (index: number, pointer: string, what: string, self = false): WriteIssue => ({
  ...issue(index, pointer, `${what} does not exist`),
  ...(self ? { hidden: what } : {}),
});

/**
 * The county binding of a write by a county-bound key (docs/security.md): every county the item names or
 * reaches through a reference must be one of the key's, and so must the stored record it replaces.
 */
async function countyIssues<T>(db: Queryable, collection: Collection<T>, rows: Row[], counties: ReadonlySet<string>): Promise<WriteIssue[]> {
  const issues: WriteIssue[] = [];
  const sees = (countyCode: unknown) => countyVisible(counties, countyCode === null || countyCode === undefined ? null : String(countyCode));
  const str = (row: Row, field: string) => (row[field] === null || row[field] === undefined ? undefined : String(row[field]));
  const flagged = new Set<number>();
  const flag = (i: WriteIssue) => {
    issues.push(i);
    flagged.add(i.index);
  };

  // References to other records, each reported as the validator reports a missing one.
  const schoolRefs = ['schoolYears', 'classes', 'teacherYears'].includes(collection.name) ? rows.map((r) => str(r, 'schoolCode')) : [];
  const centralRefs = collection.name === 'schools' ? rows.map((r) => str(r, 'centralSchoolCode')) : [];
  const townRefs = collection.name === 'schools' ? rows.map((r) => str(r, 'townCode')) : [];
  const schoolsKnown = await schoolFacts(db, [...schoolRefs, ...centralRefs].filter((c): c is string => c !== undefined));
  const townsKnown = await townCounties(db, townRefs.filter((c): c is string => c !== undefined));
  const staff =
    collection.name === 'teacherYears' || collection.name === 'teachers'
      ? await teacherReach(db, rows.map((r) => String(r.staffCode)), counties)
      : new Map();

  rows.forEach((row, i) => {
    const countyCode = str(row, 'countyCode');
    if (collection.name === 'counties') {
      if (!sees(countyCode)) flag(missing(i, '/countyCode', `county ${countyCode}`, true));
      return;
    }
    if (countyCode !== undefined && !sees(countyCode)) flag(missing(i, '/countyCode', `county ${countyCode}`));
    const town = townRefs[i];
    if (town !== undefined && townsKnown.has(town) && !sees(townsKnown.get(town))) flag(missing(i, '/townCode', `town ${town}`));
    const central = centralRefs[i];
    if (central !== undefined && schoolsKnown.has(central) && !sees(schoolsKnown.get(central)?.countyCode))
      flag(missing(i, '/centralSchoolCode', `central school ${central}`));
    const school = schoolRefs[i];
    if (school !== undefined && schoolsKnown.has(school) && !sees(schoolsKnown.get(school)?.countyCode))
      flag(missing(i, '/schoolCode', `school ${school}`));
    if (collection.name === 'teacherYears') {
      const reach = staff.get(String(row.staffCode));
      if (reach && !reach.writable) flag(missing(i, '/staffCode', `teacher ${String(row.staffCode)}`));
    }
    if (collection.name === 'teachers') {
      const reach = staff.get(String(row.staffCode));
      if (reach && !reach.writable) flag(missing(i, '/staffCode', `teacher ${String(row.staffCode)}`, true));
    }
  });

  // The stored record an item would replace must be the key's too (a school moved in from another county).
  const open = rows.map((_, i) => i).filter((i) => !flagged.has(i));
  if (collection.name !== 'teachers' && open.length > 0) {
    const existing = await fetchExisting(db, collection.spec, open.map((i) => rows[i] as Row));
    const befores = open.flatMap((i) => {
      const before = existing.get(keyOf(collection.spec, rows[i] as Row).join('\u0000'));
      return before ? [{ i, before }] : [];
    });
    if (befores.length > 0) {
      const owners = await collection.counties(db, befores.map((b) => b.before));
      befores.forEach(({ i }, n) => {
        if (!sees(owners[n])) flag(missing(i, `/${collection.keyFields.at(-1)}`, `${collection.entity} ${describeKey(keyRowOf(collection, rows[i] as Row))}`, true));
      });
    }
  }
  return issues;
}

const keyRowOf = <T>(collection: Collection<T>, row: Row): Row => Object.fromEntries(collection.keyFields.map((k) => [k, row[k]]));

/** Can a caller bound to these counties see this stored record? (A county-free record: only when unbound.) */
export async function recordVisible<T>(db: Queryable, collection: Collection<T>, row: Row, counties: RequestContext['counties'], mode: 'read' | 'write'): Promise<boolean> {
  if (isUnbound(counties)) return true;
  if (collection.name === 'teachers') {
    const reach = (await teacherReach(db, [String(row.staffCode)], counties)).get(String(row.staffCode));
    return reach ? (mode === 'read' ? reach.readable : reach.writable) : false;
  }
  const [county] = await collection.counties(db, [row]);
  return countyVisible(counties, county);
}

/**
 * Reads by natural key through a prepared statement per collection and database: the single-record GET
 * is the hottest read, and building the query each time costs more than running it.
 */
const preparedReads = new WeakMap<object, Map<string, { execute(values: Row): Promise<unknown> }>>();

function preparedRead(db: Queryable, collection: Collection<unknown>) {
  let byName = preparedReads.get(db);
  if (!byName) preparedReads.set(db, (byName = new Map()));
  let prepared = byName.get(collection.name);
  if (!prepared) {
    const columns = getTableColumns(collection.spec.table) as Record<string, PgColumn>;
    prepared = db
      .select()
      .from(collection.spec.table)
      .where(and(...collection.spec.keys.map((k) => eq(columns[k] as PgColumn, sql.placeholder(k)))))
      .limit(1)
      .prepare(`read_${collection.name}`);
    byName.set(collection.name, prepared);
  }
  return prepared;
}

export async function readOne<T>(db: Queryable, collection: Collection<T>, key: Row): Promise<Row | undefined> {
  const rows = (await preparedRead(db, collection as Collection<unknown>).execute(key)) as Row[];
  return rows[0];
}

const describeKey = (key: Row) => Object.values(key).join('/');

/**
 * What a conditional write (If-Match) checks before it writes: called with the record as the API answers
 * it now, or undefined when there is none the caller may see; throws (412) when the write must not go on.
 */
export type Precondition = (current: Record<string, unknown> | undefined) => void;

async function lockRow<T>(tx: Queryable, collection: Collection<T>, key: Row): Promise<Row | undefined> {
  const rows = (await tx.select().from(collection.spec.table).where(keyCondition(collection as Collection<unknown>, key)).for('update')) as Row[];
  return rows[0];
}

/**
 * The stored record by its key as the API answers it, locked (FOR UPDATE) until the transaction ends, or
 * undefined when absent or of a county the caller may not see (answered alike). A concurrent writer of the
 * same record waits for the lock and then reads the record as the first one left it.
 */
export async function lockedRecord<T>(tx: Queryable, collection: Collection<T>, key: Row, counties: RequestContext['counties']): Promise<Record<string, unknown> | undefined> {
  const row = await lockRow(tx, collection, key);
  if (!row || !(await recordVisible(tx, collection, row, counties, 'read'))) return undefined;
  return collection.fromRow(row);
}

/**
 * Deletes one record; 404 when absent, 409 naming the dependents when other records refer to it. A
 * `precondition` (If-Match) is checked on the record locked in the deleting transaction; a record that is
 * not there is 404 with or without one.
 */
export async function deleteOne<T>(db: Queryable, collection: Collection<T>, key: Row, ctx: RequestContext, precondition?: Precondition): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const before = precondition ? await lockRow(tx, collection, key) : await readOne(tx, collection, key);
      if (!before || !(await recordVisible(tx, collection, before, ctx.counties, 'write'))) throw notFound(`${collection.entity} ${describeKey(key)}`);
      precondition?.(collection.fromRow(before));
      const [county] = await collection.counties(tx, [before]);
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
