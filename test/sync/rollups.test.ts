// Roll-ups of a city and a province (GET /v1/cities/{cityCode}/years/{year}/summary, GET
// /v1/provinces/{provinceCode}/years/{year}/summary) over the demo county 441427 (city 441400, province 44)
// and a small hand-made county 441481 in the same city: every row equals the county's own resource
// allocation, class sizes, scorecard and entitlements answers; the hand-made county's figures are also
// known by construction; the totals are the sums over the rows; a key bound to counties sees only its
// rows; CSV and xlsx carry the same figures; bad codes are 400, a region without a visible county 404, a
// profile not in force in the year 422.

import ExcelJS from 'exceljs';
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { RESOURCE_INDICATOR_IDS } from '../../src/rules/indicators/resource.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { ROLLUP_CSV_COLUMNS } from '../../src/services/rollups/index.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const reader = (await h.makeKey({ scopes: ['read'] })).token;
const call = h.as(reader);

const Y = 2024;
const DEMO = '441427';
const HAND = '441481'; // 兴宁市, city 441400
const EMPTY = '441422'; // 大埔县, city 441400: the county only, no school
const OTHER_CITY = '440103'; // 荔湾区, city 440100: the county only
const OTHER_PROVINCE = '450102'; // 兴宁区, Nanning, province 45
const A = '2144810001'; // primary: classes of 46, 57, 67 and 40 (3 over 45, 2 大班额, 1 超大班额)
const B = '3144810002'; // junior: 42 classes of 50 = 2,100 pupils, over the B11 cap of 2,000

const put = async (path: string, body: unknown) => {
  const r = await h.call('PUT', path, body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text}`);
};
const classes = (prefix: string, stage: string, sizes: number[]) => sizes.map((students, i) => ({ classCode: `${prefix}${i + 1}`, stage, students }));
const schoolYear = (over: Record<string, unknown> = {}) => ({
  teachingAreaM2: 2250,
  sportsAreaM2: 3750,
  equipmentValueYuan: 1000000,
  multimediaClassrooms: 12,
  musicRoomAreasM2: [96],
  artRoomAreasM2: [90],
  boarders: 0,
  inclusionStudents: 1,
  publicFundingAllocatedYuan: 400000,
  trainingSpendYuan: 20000,
  ...over,
});
const teacherYear = (staffCode: string, schoolCode: string, stage: string, over: Record<string, unknown> = {}) => ({
  staffCode,
  year: Y,
  schoolCode,
  stage,
  fullTime: true,
  education: 'bachelor',
  certified: true,
  backboneLevel: 'none',
  subject: 'math',
  trainingHours: 72,
  rotated: false,
  ...over,
});

t.before(async () => {
  await put(`/v1/counties/${HAND}`, { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
  await put(`/v1/counties/${EMPTY}`, { name: '大埔县', cityCode: '441400', provinceCode: '44' });
  await put(`/v1/counties/${OTHER_CITY}`, { name: '荔湾区', cityCode: '440100', provinceCode: '44' });
  await put(`/v1/counties/${OTHER_PROVINCE}`, { name: '兴宁区', cityCode: '450100', provinceCode: '45' });
  const school = (name: string, kind: string) => ({ name, countyCode: HAND, kind, areaType: 'urban', ownership: 'public', boarding: false });
  await put(`/v1/schools/${A}`, school('兴宁市测试小学', 'primary'));
  await put(`/v1/schools/${B}`, school('兴宁市测试中学', 'junior'));
  await put(`/v1/schools/${A}/years/${Y}`, schoolYear());
  await put(`/v1/schools/${B}/years/${Y}`, schoolYear({ teachingAreaM2: 12000, sportsAreaM2: 20000, multimediaClassrooms: 42, publicFundingAllocatedYuan: 3000000 }));
  await put(`/v1/schools/${A}/years/${Y}/classes`, classes('P', 'primary', [46, 57, 67, 40]));
  await put(`/v1/schools/${B}/years/${Y}/classes`, classes('J', 'junior', Array.from({ length: 42 }, () => 50)));
  const rows = [
    ...Array.from({ length: 12 }, (_, i) => teacherYear(`XA${i + 1}`, A, 'primary', { trainingHours: i < 8 ? 72 : 30, rotated: i === 0 })),
    ...Array.from({ length: 150 }, (_, i) => teacherYear(`XB${i + 1}`, B, 'junior', { subject: i < 20 ? 'pe' : 'math', backboneLevel: i < 10 ? 'county' : 'none' })),
  ];
  const staff = rows.map((r) => ({ staffCode: r.staffCode, name: `教师${r.staffCode}` }));
  const bulk = await h.call('POST', '/v1/bulk', { teachers: staff, teacherYears: rows });
  if (bulk.status !== 200) throw new Error(`bulk: ${bulk.status} ${bulk.text}`);
});

/** The county's own answers, which its row must repeat. */
async function ownAnswers(countyCode: string, year: number, query = '') {
  const base = `/v1/counties/${countyCode}/years/${year}`;
  const [allocation, classSizes, scorecard, entitlements] = await Promise.all(
    ['resource-allocation', 'class-sizes', 'scorecard', 'entitlements'].map((p) => call('GET', `${base}/${p}${query}`)),
  );
  for (const r of [allocation, classSizes, scorecard, entitlements]) if (r?.status !== 200) throw new Error(`${countyCode}: ${r?.status} ${r?.text}`);
  return { allocation: allocation!.body, classSizes: classSizes!.body, scorecard: scorecard!.body, entitlements: entitlements!.body };
}

/** Every figure of a row against the county's own answers. */
async function checkRow(t: Test, row: any, year: number, query = '') {
  const own = await ownAnswers(row.countyCode, year, query);
  t.equal(row.hasClasses, true, `${row.countyCode}: has classes`);
  t.equal(row.policyId, own.scorecard.policyId, 'the policy of the county-year');
  t.equal(row.policySource, own.scorecard.policySource);
  t.equal(row.countyName, own.scorecard.countyName);
  const ra = row.resourceAllocation;
  t.equal(ra.passes, own.allocation.passes, 'B1–B7 verdict overall');
  for (const stage of ['primary', 'junior']) {
    const s = own.allocation.stages[stage];
    const units = own.allocation.units.filter((u: any) => u.stage === stage);
    t.equal(ra[stage].passes, s.passes, `${stage}: verdict`);
    t.equal(ra[stage].units, s.units, `${stage}: units`);
    t.equal(ra[stage].unitsAssessed, s.unitsAssessed, `${stage}: units assessed`);
    t.equal(ra[stage].failingUnits, units.filter((u: any) => u.passes === false).length, `${stage}: failing units`);
    for (const id of RESOURCE_INDICATOR_IDS) {
      t.equal(ra[stage].cv[id], s.dispersion[id].cv, `${stage} ${id}: cv`);
      t.equal(ra[stage].cvMet[id], s.dispersion[id].met, `${stage} ${id}: cv met`);
    }
  }
  const c = own.classSizes;
  t.same(row.classSizes, { classes: c.classes, overLimit: c.overLimit, large: c.large, superLarge: c.superLarge, met: c.met }, 'B12 class sizes');
  const b11 = own.scorecard.indicators.find((i: any) => i.id === 'B11');
  t.same(
    row.schoolSize,
    { schools: b11.detail.schools, overCap: b11.detail.notMet.length, met: b11.status === 'not_assessable' ? null : b11.status === 'met' },
    'B11 as the scorecard decides it',
  );
  t.same(row.scorecard, own.scorecard.summary, 'scorecard met / not met / not assessable');
  const e = own.entitlements.totals;
  t.same(row.entitlement, { schools: e.schools, totalFen: Math.round(e.totalYuan * 100), totalYuan: e.totalYuan }, 'total entitlement');
}

const summary = (region: string, year = Y, query = '') => call('GET', `/v1/${region}/years/${year}/summary${query}`);
const codesOf = (body: any): string[] => body.items.map((r: any) => r.countyCode);

/** The totals recomputed from the rows. */
function checkTotals(t: Test, body: any) {
  const rows = body.items as any[];
  const withData = rows.filter((r) => r.hasClasses);
  const sum = (f: (r: any) => number) => withData.reduce((a, r) => a + f(r), 0);
  const count = (f: (r: any) => boolean) => withData.filter(f).length;
  const tt = body.totals;
  t.equal(tt.counties, rows.length, 'counties: the rows');
  t.equal(tt.countiesWithClasses, withData.length);
  t.equal(tt.resourceAllocation.countiesPassing, count((r) => r.resourceAllocation.passes === true));
  t.equal(tt.resourceAllocation.countiesNotPassing, count((r) => r.resourceAllocation.passes === false));
  for (const stage of ['primary', 'junior']) {
    const s = tt.resourceAllocation[stage];
    t.equal(s.failingUnits, sum((r) => r.resourceAllocation[stage].failingUnits), `${stage}: failing units summed`);
    t.equal(s.units, sum((r) => r.resourceAllocation[stage].units));
    t.equal(s.countiesPassing, count((r) => r.resourceAllocation[stage].passes === true));
    for (const id of RESOURCE_INDICATOR_IDS) t.equal(s.countiesCvMet[id], count((r) => r.resourceAllocation[stage].cvMet[id] === true), `${stage} ${id}: counties whose cv meets`);
  }
  for (const k of ['classes', 'overLimit', 'large', 'superLarge']) t.equal(tt.classSizes[k], sum((r) => r.classSizes[k]), `class sizes: ${k}`);
  t.equal(tt.schoolSize.overCap, sum((r) => r.schoolSize.overCap), 'B11: schools over the cap');
  t.equal(tt.entitlement.totalFen, sum((r) => r.entitlement.totalFen), 'entitlement in fen');
  t.equal(tt.entitlement.totalYuan, tt.entitlement.totalFen / 100, 'and in yuan');
  t.equal(tt.entitlement.schools, sum((r) => r.entitlement.schools));
  for (const k of ['met', 'notMet', 'notAssessable']) t.equal(tt.scorecard[k], sum((r) => r.scorecard[k]), `scorecard: ${k}`);
}

t.test('city 441400: one row per county, each equal to its own answers', async (t) => {
  const r = await summary('cities/441400');
  t.equal(r.status, 200, r.text.slice(0, 300));
  t.match(r.body, { level: 'city', provinceCode: '44', cityCode: '441400', year: Y, restricted: false });
  t.same(codesOf(r.body), [EMPTY, DEMO, HAND], 'the counties of the city, by code');
  await checkRow(t, r.body.items[1], Y);
  await checkRow(t, r.body.items[2], Y);
  t.same(
    r.body.items[0],
    { countyCode: EMPTY, countyName: '大埔县', cityCode: '441400', year: Y, policyId: 'national-2017', policySource: 'default', hasClasses: false, resourceAllocation: null, classSizes: null, schoolSize: null, entitlement: null, scorecard: null },
    'a county without classes: its row, without figures',
  );
  checkTotals(t, r.body);
  t.equal(r.body.totals.counties, 3);
  t.equal(r.body.totals.countiesWithClasses, 2);
});

t.test('the hand-made county: figures known by construction', async (t) => {
  const row = (await summary('cities/441400')).body.items.find((x: any) => x.countyCode === HAND);
  t.same(row.classSizes, { classes: 46, overLimit: 3, large: 2, superLarge: 1, met: false }, 'B12: 46, 57 and 67 over 45; 57 and 67 大班额; 67 超大班额');
  t.same(row.schoolSize, { schools: 2, overCap: 1, met: false }, 'B11: the junior school of 2,100 pupils');
  t.equal(row.entitlement.schools, 2);
  t.ok(row.entitlement.totalFen > 0 && Number.isInteger(row.entitlement.totalFen), 'entitlement in whole fen');
  t.equal(row.resourceAllocation.primary.units + row.resourceAllocation.junior.units, 2, 'one unit per school');
  t.equal(row.scorecard.met + row.scorecard.notMet + row.scorecard.notAssessable, 31, 'B1–B31');
});

t.test('province 44: every county of the province, the same rows as the city', async (t) => {
  const r = await summary('provinces/44');
  t.equal(r.status, 200, r.text.slice(0, 300));
  t.match(r.body, { level: 'province', provinceCode: '44', cityCode: null, restricted: false });
  t.same(codesOf(r.body), [OTHER_CITY, EMPTY, DEMO, HAND], 'every county of province 44, none of province 45');
  const city = (await summary('cities/441400')).body;
  for (const row of city.items) t.same(r.body.items.find((x: any) => x.countyCode === row.countyCode), row, `${row.countyCode}: the same row`);
  checkTotals(t, r.body);
  t.same(r.body.totals.entitlement, city.totals.entitlement, 'the counties without classes add nothing');
  const other = await summary('provinces/45');
  t.equal(other.status, 200);
  t.same(codesOf(other.body), [OTHER_PROVINCE]);
});

t.test('another year, and one policy for all', async (t) => {
  const r = await summary('cities/441400', 2023);
  t.equal(r.status, 200);
  const rows = r.body.items;
  t.same(rows.map((x: any) => x.hasClasses), [false, true, false], 'only the demo county has 2023 classes');
  await checkRow(t, rows[1], 2023);
  checkTotals(t, r.body);

  const o = await summary('cities/441400', Y, '?policyId=national-2017');
  t.equal(o.status, 200);
  const demo = o.body.items.find((x: any) => x.countyCode === DEMO);
  t.equal(demo.policySource, 'override');
  await checkRow(t, demo, Y, '?policyId=national-2017');
  assertProblem(t, await summary('cities/441400', Y, '?policyId=no-such-policy'), 404);
});

t.test('a key bound to counties sees only its rows', async (t) => {
  const own = h.as((await h.makeKey({ scopes: ['read'], counties: [DEMO] })).token);
  const r = await own('GET', `/v1/provinces/44/years/${Y}/summary`);
  t.equal(r.status, 200);
  t.equal(r.body.restricted, true, 'says the rows are limited to its counties');
  t.same(codesOf(r.body), [DEMO], 'the other counties are left out');
  const whole = (await summary('provinces/44')).body;
  t.same(r.body.items[0], whole.items.find((x: any) => x.countyCode === DEMO), 'its row is the same');
  checkTotals(t, r.body);
  t.equal(r.body.totals.counties, 1, 'the totals are over its rows only');

  const two = h.as((await h.makeKey({ scopes: ['read'], counties: [HAND, OTHER_CITY] })).token);
  t.same(codesOf((await two('GET', `/v1/cities/441400/years/${Y}/summary`)).body), [HAND]);
  t.same(codesOf((await two('GET', `/v1/provinces/44/years/${Y}/summary`)).body), [OTHER_CITY, HAND]);

  const elsewhere = h.as((await h.makeKey({ scopes: ['read'], counties: [OTHER_PROVINCE] })).token);
  const none = await elsewhere('GET', `/v1/cities/441400/years/${Y}/summary`);
  assertProblem(t, none, 404);
  const missing = await summary('cities/441300');
  t.equal(none.body.detail, missing.body.detail.replace('441300', '441400'), 'the same 404 as a city without counties');
  assertProblem(t, await elsewhere('GET', `/v1/provinces/44/years/${Y}/summary`), 404);
  t.equal((await elsewhere('GET', `/v1/provinces/45/years/${Y}/summary`)).status, 200);

  const noScope = h.as((await h.makeKey({ scopes: ['audit'] })).token);
  assertProblem(t, await noScope('GET', `/v1/provinces/44/years/${Y}/summary`), 403);
  assertProblem(t, await h.as(null)('GET', `/v1/provinces/44/years/${Y}/summary`), 401);
});

const csvLines = (text: string) => text.replace('\uFEFF', '').trim().split(/\r?\n/);

t.test('CSV: one row per county, the columns of the JSON', async (t) => {
  const json = (await summary('cities/441400')).body;
  const r = await call('GET', `/v1/cities/441400/years/${Y}/summary?format=csv`);
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /^text\/csv/);
  t.match(String(r.headers['content-disposition']), /summary-city-441400-2024\.csv/);
  t.ok(r.text.startsWith('\uFEFF'), 'with a byte-order mark');
  const lines = csvLines(r.text);
  t.same(lines[0]?.split(','), [...ROLLUP_CSV_COLUMNS], 'header: the stable columns');
  t.equal(lines.length, 1 + json.items.length, 'one line per county');
  const cell = (line: number, column: string) => (lines[line] as string).split(',')[ROLLUP_CSV_COLUMNS.indexOf(column)];
  const hand = json.items.findIndex((x: any) => x.countyCode === HAND) + 1;
  t.equal(cell(hand, 'countyName'), '兴宁市');
  t.equal(cell(hand, 'entitlementFen'), String(json.items[hand - 1].entitlement.totalFen));
  t.equal(cell(hand, 'classesOverLimit'), '3');
  t.equal(cell(hand, 'largeClasses'), '2');
  t.equal(cell(hand, 'superLargeClasses'), '1');
  t.equal(cell(hand, 'b11SchoolsOverCap'), '1');
  t.equal(cell(hand, 'primaryB1Cv'), String(json.items[hand - 1].resourceAllocation.primary.cv.B1 ?? ''));
  t.equal(cell(hand, 'passes'), String(json.items[hand - 1].resourceAllocation.passes));
  t.equal(cell(1, 'hasClasses'), 'false', 'the county without classes');
  t.equal(cell(1, 'entitlementFen'), '', 'has empty figure cells');
  const viaAccept = await call('GET', `/v1/cities/441400/years/${Y}/summary`, undefined, { accept: 'text/csv' });
  t.equal(viaAccept.text, r.text, 'Accept: text/csv answers the same');
});

t.test('xlsx: sheets counties and totals', async (t) => {
  const json = (await summary('provinces/44')).body;
  const res = await h.app.inject({ method: 'GET', url: `/v1/provinces/44/years/${Y}/summary?format=xlsx`, headers: bearer(reader) });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.match(String(res.headers['content-disposition']), /summary-province-44-2024\.xlsx/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  t.same(workbook.worksheets.map((s) => s.name), ['counties', 'totals']);
  const counties = workbook.getWorksheet('counties') as ExcelJS.Worksheet;
  const header = (counties.getRow(1).values as unknown[]).slice(1);
  t.same(header, [...ROLLUP_CSV_COLUMNS], 'the CSV header');
  t.equal(counties.rowCount, 1 + json.items.length, 'one row per county');
  const col = (name: string) => ROLLUP_CSV_COLUMNS.indexOf(name) + 1;
  json.items.forEach((item: any, i: number) => {
    const row = counties.getRow(i + 2);
    t.equal(row.getCell(col('countyCode')).value, item.countyCode);
    t.equal(row.getCell(col('entitlementFen')).value, item.entitlement?.totalFen ?? null, `${item.countyCode}: entitlement, a number cell`);
    t.equal(row.getCell(col('hasClasses')).value, item.hasClasses, 'a boolean cell');
  });
  const totals = workbook.getWorksheet('totals') as ExcelJS.Worksheet;
  t.equal(totals.rowCount, 2, 'one row of totals');
  const names = (totals.getRow(1).values as unknown[]).slice(1) as string[];
  const value = (name: string) => totals.getRow(2).getCell(names.indexOf(name) + 1).value;
  t.equal(value('counties'), json.totals.counties);
  t.equal(value('entitlementFen'), json.totals.entitlement.totalFen);
  t.equal(value('classesOverLimit'), json.totals.classSizes.overLimit);
  t.equal(value('primaryFailingUnits'), json.totals.resourceAllocation.primary.failingUnits);
  t.equal(value('scorecardNotAssessable'), json.totals.scorecard.notAssessable);
});

t.test('bad requests: 400; no county: 404', async (t) => {
  for (const path of [
    '/v1/provinces/4/years/2024/summary',
    '/v1/provinces/4a/years/2024/summary',
    '/v1/provinces/440/years/2024/summary',
    '/v1/cities/4414/years/2024/summary',
    '/v1/cities/44140x/years/2024/summary',
    '/v1/cities/441400/years/1999/summary',
    '/v1/provinces/44/years/abc/summary',
    '/v1/provinces/44/years/2024/summary?format=pdf',
    '/v1/provinces/44/years/2024/summary?stage=primary',
    '/v1/provinces/44/years/2024/summary?policyId=Bad_Id',
  ]) {
    assertProblem(t, await call('GET', path), 400);
  }
  const none = await call('GET', '/v1/provinces/46/years/2024/summary');
  assertProblem(t, none, 404);
  t.match(none.body.detail, /province 46/);
  assertProblem(t, await call('GET', '/v1/cities/441300/years/2024/summary'), 404);
  const early = await call('GET', '/v1/cities/441400/years/2010/summary?policyId=national-2017');
  assertProblem(t, early, 422);
  t.equal(early.body.type.endsWith('policy-not-in-force'), true, 'a profile not in force in the year, as for one county');
});
