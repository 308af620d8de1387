// Excel answers (`?format=xlsx`) on the synthetic Jiaoling county (441427, 2024): each workbook is read back
// with exceljs and checked against the CSV and JSON answers of the same endpoint: sheet names, a bold and
// frozen header equal to the CSV's, every cell of the first sheet equal to the CSV's cell, numbers and
// booleans as typed cells, texts formula-safe. Bad formats, and xlsx where it is not offered, are 400.

import ExcelJS from 'exceljs';
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { wantsCsv } from '../../src/routes/csv.js';
import { wantsXlsx, xlsxCell } from '../../src/routes/xlsx.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { bearer, createTestApp, type Reply } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BASE = '/v1/counties/441427/years/2024';

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const token = (await h.makeKey({ scopes: ['read'] })).token;
const call = h.as(token);

// A school with classes over their limit appears in the units, the violations, the entitlement lines and the
// plan's actions: it is renamed to a text a spreadsheet would run as a formula.
const classSizes = await call('GET', `${BASE}/class-sizes`);
const RENAMED = classSizes.body.violations[0].schoolCode as string;
const FORMULA_NAME = '=cmd|"/C calc"!A0 蕉岭';
{
  const school = await h.call('GET', `/v1/schools/${RENAMED}`);
  const put = await h.call('PUT', `/v1/schools/${RENAMED}`, { ...school.body, name: FORMULA_NAME });
  if (put.status !== 200) throw new Error(`renaming ${RENAMED}: ${put.status} ${put.text}`);
}

interface Binary {
  status: number;
  headers: Record<string, unknown>;
  raw: Buffer;
}

async function fetchRaw(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Binary> {
  const res = await h.app.inject({
    method,
    url,
    headers: { ...bearer(token), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload };
}

async function workbookOf(t: Test, r: Binary): Promise<ExcelJS.Workbook> {
  t.equal(r.status, 200, r.status === 200 ? 'answers 200' : r.raw.toString('utf8').slice(0, 500));
  t.equal(r.headers['content-type'], XLSX, 'as an xlsx workbook');
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type; the bytes are what Node gave.
  await workbook.xlsx.load(r.raw as unknown as ArrayBuffer);
  return workbook;
}

/** RFC 4180 records of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}

type Cell = string | number | boolean | null;

/** The values of a sheet, row by row (header first), empty cells as null. */
function valuesOf(sheet: ExcelJS.Worksheet): Cell[][] {
  const width = sheet.getRow(1).cellCount;
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) cells.push((row.getCell(c).value ?? null) as Cell);
    rows.push(cells);
  });
  return rows;
}

/** How the CSV writes a cell: numbers as JS prints them, booleans spelled out, no value as empty. */
const asCsvText = (v: Cell): string => (v === null ? '' : String(v));

/** The column of a sheet by header name, data rows only. */
function column(sheet: ExcelJS.Worksheet, name: string): ExcelJS.Cell[] {
  const header = valuesOf(sheet)[0] ?? [];
  const index = header.indexOf(name);
  if (index < 0) throw new Error(`no column ${name} in ${sheet.name}`);
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) cells.push(row.getCell(index + 1));
  });
  return cells;
}

/**
 * What every Excel answer shares: the file name of the CSV with .xlsx, the sheets named, each with a bold
 * frozen header, and a first sheet holding exactly the CSV: the same header, rows and cells.
 */
async function checkWorkbook(
  t: Test,
  method: 'GET' | 'POST',
  url: string,
  sheets: string[],
  body?: unknown,
): Promise<{ workbook: ExcelJS.Workbook; first: ExcelJS.Worksheet; csvRows: string[][] }> {
  const joiner = url.includes('?') ? '&' : '?';
  const csv = await call(method, `${url}${joiner}format=csv`, body);
  t.equal(csv.status, 200, 'the CSV answers');
  const r = await fetchRaw(method, `${url}${joiner}format=xlsx`, body);
  const workbook = await workbookOf(t, r);
  const csvName = /filename="([^"]+)\.csv"/.exec(String(csv.headers['content-disposition']))?.[1];
  t.ok(csvName, 'the CSV names its file');
  t.equal(r.headers['content-disposition'], `attachment; filename="${csvName}.xlsx"`, 'the same base name as the CSV');
  t.same(
    workbook.worksheets.map((s) => s.name),
    sheets,
    'one sheet per table',
  );
  for (const sheet of workbook.worksheets) {
    t.match(sheet.views[0], { state: 'frozen', ySplit: 1 }, `${sheet.name}: the header row is frozen`);
    t.equal(sheet.getRow(1).font?.bold, true, `${sheet.name}: the header is bold`);
    t.ok(
      valuesOf(sheet)[0]?.every((v) => typeof v === 'string' && v !== ''),
      `${sheet.name}: every column is named`,
    );
    for (let c = 1; c <= sheet.getRow(1).cellCount; c++) {
      // exceljs leaves a column of its default width (9) out of the file, so it reads back without one.
      const width = sheet.getColumn(c).width ?? 9;
      if (width < 8 || width > 60) t.fail(`${sheet.name}: column ${c} is ${width} wide`);
    }
  }
  const first = workbook.worksheets[0] as ExcelJS.Worksheet;
  const csvRows = parseCsv(csv.text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
  const values = valuesOf(first);
  t.same(values[0], csvRows[0], 'the header is the CSV header');
  t.equal(values.length - 1, csvRows.length - 1, `as many rows as the CSV (${csvRows.length - 1})`);
  const differing = values.slice(1).flatMap((row, i) => row.flatMap((v, c) => (asCsvText(v) === csvRows[i + 1]?.[c] ? [] : [`${i + 2}:${c + 1} ${v}`])));
  t.same(differing.slice(0, 5), [], 'every cell is the CSV cell');
  return { workbook, first, csvRows };
}

/** The renamed school's name comes back formula-safe, as a text cell. */
function checkFormulaSafe(t: Test, sheet: ExcelJS.Worksheet, nameColumn = 'schoolName'): void {
  const names = column(sheet, nameColumn).filter((c) => String(c.value).includes('=cmd'));
  t.ok(names.length > 0, `${sheet.name} holds the renamed school`);
  for (const cell of names) {
    t.equal(cell.value, `'${FORMULA_NAME}`, `${sheet.name}: the name starts with an apostrophe`);
    t.equal(cell.type, ExcelJS.ValueType.String, 'as a text cell, not a formula');
  }
}

t.test('cells: numbers and booleans typed, nothing empty, texts as the CSV writes them', async (t) => {
  t.equal(xlsxCell(-12.5), -12.5);
  t.equal(xlsxCell(0), 0);
  t.equal(xlsxCell(false), false);
  t.equal(xlsxCell(null), null);
  t.equal(xlsxCell(undefined), null);
  t.equal(xlsxCell(Number.NaN), null, 'not a number is no value');
  t.equal(xlsxCell('=1+1'), "'=1+1");
  t.equal(xlsxCell('\t=1'), "'\t=1");
  t.equal(xlsxCell('-12.50'), '-12.50', 'a number written as text stays that text');
  t.equal(xlsxCell(['@a', 'b']), "'@a;b", 'arrays joined with ; then made safe');
  t.equal(xlsxCell('蕉岭县'), '蕉岭县');
});

t.test('the format is chosen by ?format, else by the Accept header', async (t) => {
  const request = (query: object, accept?: string) => ({ query, headers: accept === undefined ? {} : { accept } }) as never;
  t.equal(wantsXlsx(request({ format: 'xlsx' })), true);
  t.equal(wantsCsv(request({ format: 'xlsx' })), false, 'CSV does not claim xlsx');
  t.equal(wantsXlsx(request({ format: 'csv' }, XLSX)), false, 'the query wins over Accept');
  t.equal(wantsXlsx(request({}, XLSX)), true);
  t.equal(wantsXlsx(request({}, `application/json;q=0.5, ${XLSX}`)), true, 'rated above JSON');
  t.equal(wantsXlsx(request({}, `${XLSX};q=0.5, application/json`)), false, 'rated below JSON');
  t.equal(wantsXlsx(request({}, `${XLSX}, text/csv`)), false, 'a tie keeps the simpler answer');
  t.equal(wantsXlsx(request({}, `${XLSX};q=0`)), false, 'q=0 refuses it');
  t.equal(wantsXlsx(request({}, 'text/html,application/xhtml+xml,*/*;q=0.8')), false, 'a browser gets JSON');

  const accepted = await fetchRaw('GET', `${BASE}/scorecard`, undefined, { accept: XLSX });
  t.equal(accepted.headers['content-type'], XLSX, 'Accept alone answers the workbook');
  const json = await call('GET', `${BASE}/scorecard`, undefined, { accept: `${XLSX};q=0.5, application/json` });
  t.match(String(json.headers['content-type']), /^application\/json/);
});

t.test('scorecard: indicators and summary', async (t) => {
  const json = (await call('GET', `${BASE}/scorecard`)).body;
  const { workbook, first } = await checkWorkbook(t, 'GET', `${BASE}/scorecard`, ['indicators', 'summary']);
  const values = column(first, 'value');
  const withValue = json.indicators.findIndex((e: { value?: number }) => typeof e.value === 'number');
  t.ok(withValue >= 0, 'some indicator has a county value');
  t.equal(values[withValue]?.type, ExcelJS.ValueType.Number, 'a value is a numeric cell');
  t.equal(values[withValue]?.value, json.indicators[withValue].value, 'equal to the JSON value');
  const summary = workbook.getWorksheet('summary') as ExcelJS.Worksheet;
  t.equal(summary.rowCount, 2, 'one summary row');
  t.equal(column(summary, 'met')[0]?.value, json.summary.met);
  t.equal(column(summary, 'notMet')[0]?.value, json.summary.notMet);
  t.equal(column(summary, 'resourceAllocationPasses')[0]?.value, json.resourceAllocation.passes, 'the verdict as a boolean cell');
});

t.test('resource allocation: units, county figures per stage, excluded; failing=true keeps the failing units', async (t) => {
  const json = (await call('GET', `${BASE}/resource-allocation`)).body;
  const { workbook, first } = await checkWorkbook(t, 'GET', `${BASE}/resource-allocation`, ['units', 'county', 'excluded']);
  const students = column(first, 'students');
  t.equal(students[0]?.type, ExcelJS.ValueType.Number);
  t.same(
    students.map((c) => c.value),
    json.units.map((u: { students: number }) => u.students),
    'students of every unit, as numbers',
  );
  const passes = column(first, 'passes');
  t.equal(passes.find((c) => c.value !== null)?.type, ExcelJS.ValueType.Boolean, 'a verdict is a boolean cell');
  checkFormulaSafe(t, first);

  const county = valuesOf(workbook.getWorksheet('county') as ExcelJS.Worksheet);
  const header = county[0] as Cell[];
  const at = (row: Cell[] | undefined, name: string) => row?.[header.indexOf(name)];
  t.same(
    county.slice(1).map((r) => at(r, 'stage')),
    ['primary', 'junior', 'all'],
    'one row per stage, then the county',
  );
  t.equal(at(county[1], 'B1_cv'), json.stages.primary.dispersion.B1.cv, 'the primary B1 cv');
  t.equal(at(county[2], 'composite_cv'), json.stages.junior.composite.cv, 'the junior composite cv');
  t.equal(at(county[3], 'passes'), json.passes, 'the county verdict');
  const excluded = workbook.getWorksheet('excluded') as ExcelJS.Worksheet;
  t.equal(excluded.rowCount - 1, json.excluded.length, 'every excluded school');

  const failingUrl = `${BASE}/resource-allocation?failing=true`;
  const failing = await checkWorkbook(t, 'GET', failingUrl, ['units', 'county', 'excluded']);
  const failingUnits = json.units.filter((u: { passes: boolean | null }) => u.passes === false);
  t.ok(failingUnits.length > 0 && failingUnits.length < json.units.length, 'the demo has some failing units');
  t.same(
    column(failing.first, 'unitId').map((c) => c.value),
    failingUnits.map((u: { unitId: string }) => u.unitId),
    'only the failing units',
  );
  t.same(valuesOf(failing.workbook.getWorksheet('county') as ExcelJS.Worksheet), county, 'the county figures stay whole');

  const junior = await checkWorkbook(t, 'GET', `${BASE}/resource-allocation?stage=junior`, ['units', 'county', 'excluded']);
  const juniorCounty = valuesOf(junior.workbook.getWorksheet('county') as ExcelJS.Worksheet);
  t.same(
    juniorCounty.slice(1).map((r) => at(r, 'stage')),
    ['junior'],
    'one stage asked: its row alone',
  );
});

t.test('class sizes: violations and summary', async (t) => {
  const json = classSizes.body;
  const { workbook, first } = await checkWorkbook(t, 'GET', `${BASE}/class-sizes`, ['violations', 'summary']);
  t.equal(first.rowCount - 1, json.violations.length, 'one row per violation');
  const students = column(first, 'students');
  t.equal(students[0]?.type, ExcelJS.ValueType.Number);
  t.equal(students[0]?.value, json.violations[0].students);
  t.equal(column(first, 'large')[0]?.type, ExcelJS.ValueType.Boolean);
  checkFormulaSafe(t, first);
  const summary = workbook.getWorksheet('summary') as ExcelJS.Worksheet;
  t.equal(column(summary, 'overLimit')[0]?.value, json.overLimit);
  t.equal(column(summary, 'largeShare')[0]?.value, json.largeShare);
  t.equal(column(summary, 'limitPrimary')[0]?.value, json.limits.primary);
});

t.test('entitlements: lines with the total row, totals per component, schools without classes', async (t) => {
  const json = (await call('GET', `${BASE}/entitlements`)).body;
  const { workbook, first } = await checkWorkbook(t, 'GET', `${BASE}/entitlements`, ['lines', 'totals', 'withoutClasses']);
  const lines = json.schools.reduce((n: number, s: { components: unknown[] }) => n + s.components.length, 0);
  t.equal(first.rowCount - 1, lines + 1, 'every component line, then the total');
  const amounts = column(first, 'amountYuan');
  t.equal(amounts.at(-1)?.type, ExcelJS.ValueType.Number);
  t.equal(amounts.at(-1)?.value, json.totals.totalYuan, 'the total row holds the county total');
  t.equal(column(first, 'component').at(-1)?.value, 'total');
  checkFormulaSafe(t, first);
  const totals = valuesOf(workbook.getWorksheet('totals') as ExcelJS.Worksheet);
  const header = totals[0] as Cell[];
  t.equal(totals.length - 1, json.totals.byComponent.length + 1, 'one row per component, then the total');
  t.equal(totals[1]?.[header.indexOf('amountYuan')], json.totals.byComponent[0].amountYuan);
  t.equal(totals.at(-1)?.[header.indexOf('trainingMinimumYuan')], json.totals.trainingMinimumYuan);
  t.equal((workbook.getWorksheet('withoutClasses') as ExcelJS.Worksheet).rowCount - 1, json.withoutClasses.length);
});

t.test('remediation plan (GET and POST): actions, summary, schools, units, dispersion', async (t) => {
  const sheets = ['actions', 'summary', 'schools', 'units', 'dispersion'];
  const url = `${BASE}/remediation-plan`;
  const json = (await call('GET', url)).body;
  const { workbook, first } = await checkWorkbook(t, 'GET', url, sheets);
  t.equal(first.rowCount - 1, json.actions.length, 'one row per action');
  const quantities = column(first, 'quantity');
  t.equal(quantities[0]?.type, ExcelJS.ValueType.Number);
  t.equal(quantities[0]?.value, json.actions[0].quantity);
  checkFormulaSafe(t, first);
  const summary = workbook.getWorksheet('summary') as ExcelJS.Worksheet;
  t.equal(column(summary, 'costYuan')[0]?.value, json.totals.costYuan, 'the total cost');
  t.equal(column(summary, 'actions')[0]?.value, json.actions.length);
  t.equal(column(summary, 'after_passes')[0]?.value, true, 'the verdict after the plan passes');
  t.equal(column(summary, 'before_passes')[0]?.value, json.before.passes);
  t.equal((workbook.getWorksheet('schools') as ExcelJS.Worksheet).rowCount - 1, json.totals.bySchool.length);
  t.equal((workbook.getWorksheet('units') as ExcelJS.Worksheet).rowCount - 1, json.units.length);
  t.equal((workbook.getWorksheet('dispersion') as ExcelJS.Worksheet).rowCount - 1, json.dispersion.steps.length);
  checkFormulaSafe(t, workbook.getWorksheet('schools') as ExcelJS.Worksheet);

  const body = { costs: { add_sports_area: 512.5 } };
  const posted = (await call('POST', url, body)).body;
  t.not(posted.totals.costYuan, json.totals.costYuan, 'the request costs change the plan');
  const post = await checkWorkbook(t, 'POST', url, sheets, body);
  t.equal(column(post.workbook.getWorksheet('summary') as ExcelJS.Worksheet, 'costYuan')[0]?.value, posted.totals.costYuan, 'the costs of the request');
  const sports = posted.actions.findIndex((a: { action: string }) => a.action === 'add_sports_area');
  t.ok(sports >= 0, 'the plan adds sports area');
  t.equal(column(post.first, 'unitCostYuan')[sports]?.value, 512.5, 'at the unit cost of the request');
});

t.test('a bad format is 400; xlsx where it is not offered is 400', async (t) => {
  for (const path of ['scorecard', 'resource-allocation', 'class-sizes', 'entitlements', 'remediation-plan']) {
    const r: Reply = await call('GET', `${BASE}/${path}?format=pdf`);
    assertProblem(t, r, 400);
  }
  assertProblem(t, await call('POST', `${BASE}/remediation-plan?format=pdf`, {}), 400);
  const school = RENAMED;
  for (const url of [
    '/v1/indicators?format=xlsx',
    `/v1/schools/${school}/years/2024/entitlement?format=xlsx`,
    `${BASE}/funding-compliance?format=xlsx`,
    '/v1/schools?format=xlsx',
    '/v1/counties/441427/compare?from=2023&to=2024&format=xlsx',
  ]) {
    const r = await call('GET', url);
    assertProblem(t, r, 400);
    t.match(JSON.stringify(r.body.errors), /format/, `${url}: the format is named`);
  }
});
