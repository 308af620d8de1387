import type { Workbook } from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { XLSX_MEDIA_TYPE } from '../schemas/common.js';
import { csvCell } from './csv.js';

/** One table of a workbook: its columns (the CSV's, where the table is the CSV answer) and its rows. */
export interface Sheet {
  name: string;
  columns: readonly string[];
  rows: Iterable<Record<string, unknown>>;
}

/** The q-value the Accept header gives `type` itself (wildcards left aside); 0 when it is not listed. */
function quality(accept: string, type: string): number {
  for (const range of accept.split(',')) {
    const [name, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (name !== type) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

/**
 * A workbook is chosen by `?format=xlsx`, or without `format` by an Accept header that rates the xlsx media
 * type above JSON and CSV. Wildcards do not count and a tie keeps the simpler answer, so a browser's Accept
 * header still gets JSON.
 */
export function wantsXlsx(request: FastifyRequest): boolean {
  const query: unknown = request.query;
  const format = typeof query === 'object' && query !== null && 'format' in query ? query.format : undefined;
  if (format) return format === 'xlsx';
  const accept = request.headers.accept ?? '';
  const xlsx = quality(accept, XLSX_MEDIA_TYPE);
  return xlsx > 0 && xlsx > quality(accept, 'application/json') && xlsx > quality(accept, 'text/csv');
}

/**
 * One cell: JS numbers and booleans keep their type (a numeric or boolean cell a spreadsheet can sum or
 * filter), no value is an empty cell, and everything else is the CSV's text, formula-safe the same way
 * (`csvCell`): the workbook stores texts as shared strings, never as formulas, but a cell copied out of it
 * into another sheet is run again.
 */
export function xlsxCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  return String(csvCell(value));
}

/** Display width of a text: CJK characters take two columns. */
const displayWidth = (text: string): number => [...text].reduce((w, c) => w + ((c.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1), 0);
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

function addSheet(workbook: Workbook, sheet: Sheet): void {
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = sheet.columns.map((c) => displayWidth(c));
  worksheet.addRow([...sheet.columns]).font = { bold: true };
  for (const row of sheet.rows) {
    const cells = sheet.columns.map((c) => xlsxCell(row[c]));
    cells.forEach((cell, i) => {
      if (cell !== null) widths[i] = Math.max(widths[i] ?? 0, displayWidth(String(cell)));
    });
    worksheet.addRow(cells);
  }
  // Wide enough for the longest cell plus a margin, within bounds so one long explanation does not hide the rest.
  widths.forEach((w, i) => {
    worksheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
}

/**
 * An Excel answer: one sheet per table, each with a bold, frozen header row of stable column names (the
 * CSV's) and one row per record. The workbook is built whole before it is sent: these answers are one
 * county-year's tables, a few thousand rows at most. The writer is loaded on the first workbook asked for,
 * so starting the service does not pay for it.
 */
export async function sendXlsx(reply: FastifyReply, sheets: readonly Sheet[], filename: string): Promise<FastifyReply> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) addSheet(workbook, sheet);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${filename}.xlsx"`);
  return reply.send(buffer);
}
