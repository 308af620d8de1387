import { Readable, pipeline } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify';

/** CSV is chosen by `?format=csv` or an Accept header that prefers text/csv over JSON. */
export function wantsCsv(request: FastifyRequest): boolean {
  const query: unknown = request.query;
  const format = typeof query === 'object' && query !== null && 'format' in query ? query.format : undefined;
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

/**
 * A spreadsheet program may run a cell that starts with =, +, -, @, a tab or a carriage return as a formula:
 * such a text gets a leading apostrophe, so it is shown as the text it is (OWASP "CSV injection").
 * A plain number written as text ("-12.50", a difference in yuan) is no formula and stays as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const neutralized = (text: string): string => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);

/** One cell: empty for no value, arrays joined with `;`, objects as JSON, every text formula-safe. */
export function csvCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return neutralized(value.join(';'));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return neutralized(JSON.stringify(value));
  return neutralized(String(value));
}

/**
 * Every CSV answer: UTF-8 with a BOM (so spreadsheet programs read the Chinese text), a header of stable
 * column names in the given order, cells quoted where they hold a comma, quote or line break (csv-stringify)
 * and made formula-safe (`csvCell`). Rows may come from an async source (a run's lines read from the
 * database in chunks), so an answer of any size streams while the client downloads and never sits in memory.
 */
export function sendCsv<TRow extends object>(
  reply: FastifyReply,
  columns: readonly (keyof TRow & string)[],
  rows: Iterable<TRow> | AsyncIterable<TRow>,
  filename: string,
): FastifyReply {
  // Booleans are spelled out: csv-stringify would print false as an empty cell, the same as "no value".
  const csv = stringify({ header: true, columns: [...columns], bom: true, cast: { boolean: (v) => (v ? 'true' : 'false') } });
  async function* records() {
    for await (const row of rows) yield columns.map((c) => csvCell(row[c]));
  }
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.csv"`);
  // pipeline destroys the CSV stream when the source fails, so the answer is aborted, never truncated silently.
  return reply.send(pipeline(Readable.from(records(), { objectMode: true }), csv, () => {}));
}
