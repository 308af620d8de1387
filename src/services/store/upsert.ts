import { and, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';
import { canonicalJson } from '../../rules/funding/canonical.js';
import { insertUnnest } from './unnest.js';

export type Row = Record<string, unknown>;

/** How one table is keyed and compared; the columns named in `keys` form its natural key. */
export interface TableSpec {
  table: PgTable;
  /** Property names (drizzle's, camelCase) of the natural key, in order. */
  keys: readonly string[];
}

export interface RowChange {
  key: string[];
  before: Row | null;
  after: Row;
}

export interface UpsertOutcome {
  created: number;
  updated: number;
  unchanged: number;
  changes: RowChange[];
}

const CHUNK = 1000;
const BOOKKEEPING = new Set(['createdAt', 'updatedAt']);

function column(spec: TableSpec, name: string): PgColumn {
  const col = (getTableColumns(spec.table) as Record<string, PgColumn>)[name];
  if (!col) throw new Error(`no column ${name}`);
  return col;
}

export const keyOf = (spec: TableSpec, row: Row): string[] => spec.keys.map((k) => String(row[k]));
const keyString = (key: string[]) => key.join('\u0000');

/**
 * The data part of a row (bookkeeping columns left out), serialized so that equal rows compare equal
 * whatever their key order. Rows are flat apart from JSON columns, so a timestamp can only be a column.
 */
function dataOf(row: Row): string {
  const data: Row = {};
  for (const [k, v] of Object.entries(row)) if (!BOOKKEEPING.has(k)) data[k] = v instanceof Date ? v.toISOString() : (v ?? null);
  return canonicalJson(data);
}

/** Existing rows for the given keys, fetched in chunks with one query each. */
export async function fetchExisting(db: Queryable, spec: TableSpec, rows: Row[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // One IN list per key column narrows the search; the exact composite key is checked below.
    const conditions: SQL[] = spec.keys.map((k) => inArray(column(spec, k), [...new Set(chunk.map((r) => r[k]))]));
    const wanted = new Set(chunk.map((r) => keyString(keyOf(spec, r))));
    const existing = (await db
      .select()
      .from(spec.table)
      .where(and(...conditions))) as Row[];
    for (const row of existing) {
      const key = keyString(keyOf(spec, row));
      if (wanted.has(key)) found.set(key, row);
    }
  }
  return found;
}

/**
 * Inserts new rows and updates changed ones by natural key; rows equal to what is stored are left alone
 * (their `updatedAt` does not move). Rows must carry every column the API owns, with null for absent
 * optional fields, so that a PUT replaces the whole record.
 */
export async function upsertRows(db: Queryable, spec: TableSpec, rows: Row[]): Promise<UpsertOutcome> {
  const outcome: UpsertOutcome = { created: 0, updated: 0, unchanged: 0, changes: [] };
  if (rows.length === 0) return outcome;
  const existing = await fetchExisting(db, spec, rows);
  const toWrite: Row[] = [];
  for (const row of rows) {
    const key = keyOf(spec, row);
    const before = existing.get(keyString(key)) ?? null;
    if (before && dataOf(before) === dataOf({ ...before, ...row })) {
      outcome.unchanged++;
      continue;
    }
    if (before) outcome.updated++;
    else outcome.created++;
    toWrite.push(row);
    outcome.changes.push({ key, before, after: { ...(before ?? {}), ...row } });
  }
  await insertUnnest(db, spec.table, toWrite, { conflictKeys: spec.keys });
  return outcome;
}
