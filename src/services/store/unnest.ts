import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';

type Row = Record<string, unknown>;

const CHUNK = 5000;

/** One element of a PostgreSQL array literal: NULL, or a double-quoted string with `\` and `"` escaped. */
const element = (text: string | null) => (text === null ? 'NULL' : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);

/** A JS value as the text PostgreSQL reads for the column's type (cast from text in the statement). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((v) => element(asText(v))).join(',')}}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const arrayLiteral = (values: (string | null)[]) => `{${values.map(element).join(',')}}`;

export interface UnnestInsertOptions {
  /** Property names of the conflict target; with them the insert becomes an upsert. */
  conflictKeys?: readonly string[];
}

/**
 * Multi-row INSERT as `INSERT … SELECT FROM unnest($1::text[], …)`: one text-array parameter per column
 * instead of one parameter per value. Building and sending a 12,000-parameter statement costs far more
 * than the insert itself; this keeps a batch at a handful of parameters whatever its size. Every column
 * named in the rows is written; absent columns take their defaults. On conflict every written non-key
 * column is replaced and `updated_at` (when the table has one) set to now().
 */
export async function insertUnnest(db: Queryable, table: PgTable, rows: Row[], options: UnnestInsertOptions = {}): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const props = Object.keys(rows[0] as Row).filter((p) => columns[p] !== undefined);
  const names = props.map((p) => (columns[p] as PgColumn).name);
  const quoted = names.map((n) => `"${n}"`);
  const tableName = `"${getTableName(table)}"`;
  const keys = options.conflictKeys ?? [];
  let conflict = '';
  if (keys.length > 0) {
    const sets = props.filter((p) => !keys.includes(p)).map((p) => `"${(columns[p] as PgColumn).name}" = excluded."${(columns[p] as PgColumn).name}"`);
    if (columns.updatedAt && !props.includes('updatedAt')) sets.push(`"${columns.updatedAt.name}" = now()`);
    const target = keys.map((k) => `"${(columns[k] as PgColumn).name}"`).join(', ');
    conflict = sets.length > 0 ? ` ON CONFLICT (${target}) DO UPDATE SET ${sets.join(', ')}` : ` ON CONFLICT (${target}) DO NOTHING`;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: SQL[] = props.map((p) => sql`${arrayLiteral(chunk.map((r) => asText(r[p])))}::text[]`);
    const selectList = props.map((p, j) => sql.raw(`u.c${j}::${(columns[p] as PgColumn).getSQLType()}`));
    const aliases = props.map((_, j) => `c${j}`).join(', ');
    await db.execute(
      sql`${sql.raw(`INSERT INTO ${tableName} (${quoted.join(', ')}) SELECT `)}${sql.join(selectList, sql`, `)} FROM unnest(${sql.join(params, sql`, `)}) ${sql.raw(`AS u(${aliases})${conflict}`)}`,
    );
  }
}
