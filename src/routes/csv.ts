import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify';

/** CSV is chosen by `?format=csv` or an Accept header that prefers text/csv over JSON. */
export function wantsCsv(request: FastifyRequest): boolean {
  const format = (request.query as { format?: string } | undefined)?.format;
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

const cell = (value: unknown): string | number | boolean => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
};

/**
 * Streams rows as UTF-8 CSV with a BOM (so spreadsheet programs read the Chinese text) and a header of
 * stable column names, in the given order.
 */
export function sendCsv(
  reply: FastifyReply,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>>,
  filename: string,
): FastifyReply {
  // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
  // Booleans are spelled out: csv-stringify would print false as an empty cell, the same as "no value".
  const stream = stringify({ header: true, columns: [...columns], bom: true, cast: { boolean: (v) => (v ? 'true' : 'false') } });
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.csv"`);
  setImmediate(() => {
    for (const row of rows) stream.write(columns.map((c) => cell(row[c])));
    stream.end();
  });
  return reply.send(stream);
}
