// Comparison and trends on a small county built by hand, every difference worked out on paper:
//
//   A 2144980001 urban public primary school.
//     2023: classes 40 + 46 = 86 pupils (46 is over the primary limit of 45, not 大班额); 5 full-time bachelor
//           teachers; teaching area 300.1 m², equipment 100 000.10 yuan, allocation 50 000.30 yuan.
//     2024: classes 41 + 44 + 57 = 142 pupils (57 over the limit and 大班额 ≥ 56); 6 teachers; teaching area
//           300.3 m², equipment 100 000.30 yuan, allocation 50 000.10 yuan.
//     Differences: pupils +56, teachers +1, area +0.2 m² exactly (300.3 − 300.1 in floating point is
//     0.19999999999998863), equipment +0.20 yuan, allocation −0.20 yuan; B1 = 100 × 5 / 86 = 5.8140 →
//     100 × 6 / 142 = 4.2254, delta −1.5886; B12 大班额 0 → 1, over the limit 1 → 1.
//   B 2144980002 primary school with a 2023 school-year record but classes only in 2024: comparing it is 404.
//   T0 has a teacher-year in 2022 only: 2022 is a year holding data, without classes.

import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { fingerprint } from '../helpers/security.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const call = h.as((await h.makeKey({ scopes: ['read'] })).token);
const C = '441498';
const A = '2144980001';
const B = '2144980002';

const classes = (sizes: number[]) => sizes.map((students, i) => ({ classCode: `P${i + 1}`, stage: 'primary', grade: i + 1, students }));
const teacher = (staffCode: string, year: number, schoolCode = A) => ({
  staffCode,
  year,
  schoolCode,
  stage: 'primary',
  fullTime: true,
  education: 'bachelor',
  certified: true,
  backboneLevel: 'none',
  subject: 'math',
  trainingHours: 72,
  rotated: false,
});
const schoolYear = (over: Record<string, unknown>) => ({
  sportsAreaM2: 500,
  multimediaClassrooms: 2,
  musicRoomAreasM2: [96],
  artRoomAreasM2: [90],
  boarders: 0,
  inclusionStudents: 0,
  ...over,
});

t.before(async () => {
  const put = async (url: string, body: unknown) => {
    const r = await h.call('PUT', url, body);
    if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${r.status} ${r.text}`);
  };
  await put(`/v1/counties/${C}`, { name: '对比县', cityCode: '441400', provinceCode: '44' });
  await put('/v1/counties/441481', { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
  const school = (name: string) => ({ name, countyCode: C, kind: 'primary', areaType: 'urban', ownership: 'public', boarding: false });
  await put(`/v1/schools/${A}`, school('对比县城东小学'));
  await put(`/v1/schools/${B}`, school('对比县城西小学'));
  await put(`/v1/schools/${A}/years/2023`, schoolYear({ teachingAreaM2: 300.1, equipmentValueYuan: 100000.1, publicFundingAllocatedYuan: 50000.3 }));
  await put(`/v1/schools/${A}/years/2024`, schoolYear({ teachingAreaM2: 300.3, equipmentValueYuan: 100000.3, publicFundingAllocatedYuan: 50000.1 }));
  await put(`/v1/schools/${B}/years/2023`, schoolYear({ teachingAreaM2: 200, equipmentValueYuan: 1000 }));
  await put(`/v1/schools/${A}/years/2023/classes`, classes([40, 46]));
  await put(`/v1/schools/${A}/years/2024/classes`, classes([41, 44, 57]));
  await put(`/v1/schools/${B}/years/2024/classes`, classes([30]));
  const teacherYears = [
    teacher('T0', 2022),
    ...['T1', 'T2', 'T3', 'T4', 'T5'].map((s) => teacher(s, 2023)),
    ...['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((s) => teacher(s, 2024)),
  ];
  const teachers = [...new Set(teacherYears.map((x) => x.staffCode))].map((staffCode) => ({ staffCode, name: `教师${staffCode}` }));
  const bulk = await h.call('POST', '/v1/bulk', { teachers, teacherYears });
  if (bulk.status !== 200) throw new Error(`bulk: ${bulk.status} ${bulk.text}`);
});

t.test('years: every year holding a record, with its counts', async (t) => {
  const r = await call('GET', `/v1/counties/${C}/years`);
  t.equal(r.status, 200);
  t.same(r.body, {
    countyCode: C,
    countyName: '对比县',
    items: [
      { year: 2022, schools: 1, schoolYears: 0, classes: 0, students: 0, teacherYears: 1, countyFacts: false },
      { year: 2023, schools: 2, schoolYears: 2, classes: 2, students: 86, teacherYears: 5, countyFacts: false },
      { year: 2024, schools: 2, schoolYears: 1, classes: 4, students: 172, teacherYears: 6, countyFacts: false },
    ],
  });
  const csv = await call('GET', `/v1/counties/${C}/years?format=csv`);
  t.equal(csv.status, 200);
  t.same(csv.text.replace('\uFEFF', '').trim().split(/\r?\n/), [
    'countyCode,year,schools,schoolYears,classes,students,teacherYears,countyFacts',
    `${C},2022,1,0,0,0,1,false`,
    `${C},2023,2,2,2,86,5,false`,
    `${C},2024,2,1,4,172,6,false`,
  ]);
  const empty = await call('GET', '/v1/counties/441481/years');
  t.same(empty.body.items, [], 'a county without records has no years');
  assertProblem(t, await call('GET', '/v1/counties/441400/years'), 404);
  assertProblem(t, await call('GET', '/v1/counties/44140/years'), 400);
});

t.test('school comparison: exact differences of inputs, indicators and money', async (t) => {
  const r = await call('GET', `/v1/schools/${A}/compare?from=2023&to=2024`);
  t.equal(r.status, 200, r.text.slice(0, 300));
  const b = r.body;
  t.match(b, { schoolCode: A, schoolName: '对比县城东小学', kind: 'primary', countyCode: C, from: 2023, to: 2024 });
  t.same(b.policies.from, { policyId: 'national-2017', policySource: 'default' });
  t.same(b.inputs['students.primary'], { from: 86, to: 142, delta: 56 });
  t.same(b.inputs.classes, { from: 2, to: 3, delta: 1 });
  t.same(b.inputs['teachers.fullTime'], { from: 5, to: 6, delta: 1 });
  t.same(b.inputs.teachingAreaM2, { from: 300.1, to: 300.3, delta: 0.2 }, 'the exact decimal difference, not 0.19999999999998863');
  t.same(b.inputs.equipmentValueYuan, { from: 100000.1, to: 100000.3, delta: 0.2 });
  t.same(b.inputs.publicFundingAllocatedYuan, { from: 50000.3, to: 50000.1, delta: -0.2 });
  t.same(b.inputs.trainingSpendYuan, { from: null, to: null, delta: null }, 'never declared: no value, no delta');
  t.same(b.inputs.sportsAreaM2, { from: 500, to: 500, delta: 0 });

  t.same(b.units, [
    {
      unitId: `${A}:primary`,
      schoolCode: A,
      stage: 'primary',
      students: { from: 86, to: 142, delta: 56 },
      metCount: b.units[0].metCount,
      passes: b.units[0].passes,
    },
  ]);
  const b1 = b.indicators.find((i: any) => i.id === 'B1');
  t.match(b1, { stage: 'primary', unitId: `${A}:primary`, status: { from: 'met', to: 'met', changed: false } });
  t.same(b1.figures.value, { from: 5.814, to: 4.2254, delta: -1.5886 });
  t.same(b1.figures.numerator, { from: 5, to: 6, delta: 1 });
  t.same(b1.figures.denominator, { from: 86, to: 142, delta: 56 });
  const b12 = b.indicators.find((i: any) => i.id === 'B12');
  t.same(b12.status, { from: 'not_met', to: 'not_met', changed: false });
  t.same(b12.figures.large, { from: 0, to: 1, delta: 1 });
  t.same(b12.figures.overLimit, { from: 1, to: 1, delta: 0 });
  t.same(
    b.indicators.map((i: any) => i.id),
    ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B10', 'B11', 'B12'],
  );

  // the money: each year's own entitlement answer, subtracted in fen
  const e23 = (await call('GET', `/v1/schools/${A}/years/2023/entitlement`)).body;
  const e24 = (await call('GET', `/v1/schools/${A}/years/2024/entitlement`)).body;
  const fen = (y: number) => Math.round(y * 100);
  t.same(b.entitlement.totalYuan, { from: e23.totalYuan, to: e24.totalYuan, delta: (fen(e24.totalYuan) - fen(e23.totalYuan)) / 100 });
  const base = b.entitlement.components.find((c: any) => c.component === 'base_primary');
  const rate = base.rateYuan.to;
  t.same(base.quantity, { from: 86, to: 142, delta: 56 });
  t.same(base.amountYuan, { from: (86 * fen(rate)) / 100, to: (142 * fen(rate)) / 100, delta: (56 * fen(rate)) / 100 });

  const csv = await call('GET', `/v1/schools/${A}/compare?from=2023&to=2024`, undefined, { accept: 'text/csv' });
  t.equal(csv.status, 200);
  t.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.text.replace('\uFEFF', '').trim().split(/\r?\n/);
  t.equal(lines[0], 'countyCode,schoolCode,fromYear,toYear,section,id,stage,unitId,figure,from,to,delta,changed');
  t.ok(lines.includes(`${C},${A},2023,2024,inputs,,,,teachingAreaM2,300.1,300.3,0.2,true`), 'an input row');
  t.ok(lines.includes(`${C},${A},2023,2024,indicators,B1,primary,${A}:primary,value,5.814,4.2254,-1.5886,true`), 'an indicator row');
  t.ok(lines.includes(`${C},${A},2023,2024,indicators,B12,,,status,not_met,not_met,,false`), 'a status row');
  t.ok(lines.includes(`${C},${A},2023,2024,inputs,,,,trainingSpendYuan,,,,false`), 'a figure without values');
});

t.test('county comparison: sums of the schools, scorecard and money', async (t) => {
  const r = await call('GET', `/v1/counties/${C}/compare?from=2023&to=2024`);
  t.equal(r.status, 200, r.text.slice(0, 300));
  const b = r.body;
  t.same(b.inputs['students.primary'], { from: 86, to: 172, delta: 86 });
  t.same(b.inputs.teachingAreaM2, { from: 500.1, to: 300.3, delta: -199.8 }, "B's 2023 record counts in 2023 only");
  const b12 = b.indicators.find((i: any) => i.id === 'B12');
  t.same(b12.figures.large, { from: 0, to: 1, delta: 1 });
  t.equal(b.indicators.length, 31, 'the whole scorecard');
  const card23 = (await call('GET', `/v1/counties/${C}/years/2023/scorecard`)).body;
  const card24 = (await call('GET', `/v1/counties/${C}/years/2024/scorecard`)).body;
  for (const i of b.indicators) {
    const x = card23.indicators.find((e: any) => e.id === i.id);
    const y = card24.indicators.find((e: any) => e.id === i.id);
    t.same(i.status, { from: x.status, to: y.status, changed: x.status !== y.status }, `${i.id}: each year's own status`);
  }
  const primary = b.resourceAllocation.stages.find((s: any) => s.stage === 'primary');
  t.same(primary.figures.unitsAssessed, { from: 1, to: 2, delta: 1 }, 'B is a unit from 2024, when it has classes');
  const money23 = (await call('GET', `/v1/counties/${C}/years/2023/entitlements`)).body.totals;
  const money24 = (await call('GET', `/v1/counties/${C}/years/2024/entitlements`)).body.totals;
  t.same(b.entitlement.schools, { from: 1, to: 2, delta: 1 });
  t.equal(b.entitlement.totalYuan.delta, (Math.round(money24.totalYuan * 100) - Math.round(money23.totalYuan * 100)) / 100);
  const csv = await call('GET', `/v1/counties/${C}/compare?from=2023&to=2024&format=csv`);
  t.ok(csv.text.includes(`${C},,2023,2024,inputs,,,,students.primary,86,172,86,true`));
});

t.test('indicator series: each year of the range with classes', async (t) => {
  const r = await call('GET', `/v1/counties/${C}/indicator-series?from=2022&to=2025`);
  t.equal(r.status, 200, r.text.slice(0, 300));
  t.match(r.body, { countyCode: C, from: 2022, to: 2025, years: [2023, 2024], yearsWithoutData: [2022, 2025] });
  t.equal(r.body.indicators.length, 31);
  const b12 = r.body.indicators.find((i: any) => i.id === 'B12');
  t.same(b12.points.map((p: any) => [p.year, p.status, p.figures.large, p.figures.overLimit]), [
    [2023, 'not_met', 0, 1],
    [2024, 'not_met', 1, 1],
  ]);
  const b1 = r.body.indicators.find((i: any) => i.id === 'B1');
  t.same(b1.points.map((p: any) => p.figures['primary.unitsMet']), [1, 1]);
  t.same(r.body.resourceAllocation.map((p: any) => p.primary.unitsAssessed), [1, 2]);
  const all = await call('GET', `/v1/counties/${C}/indicator-series`);
  t.match(all.body, { from: 2023, to: 2024, years: [2023, 2024], yearsWithoutData: [] }, 'the default range: first to last year with classes');
  const one = await call('GET', `/v1/counties/${C}/indicator-series?from=2024&to=2024`);
  t.same(one.body.years, [2024], 'a range of one year');
  const csv = await call('GET', `/v1/counties/${C}/indicator-series?format=csv`);
  const lines = csv.text.replace('\uFEFF', '').trim().split(/\r?\n/);
  t.equal(lines[0], 'countyCode,id,year,policyId,status,figure,value');
  t.ok(lines.includes(`${C},B12,2024,national-2017,not_met,large,1`));
  t.ok(lines.includes(`${C},resourceAllocation,2024,national-2017,${r.body.resourceAllocation[1].passes ? 'met' : 'not_met'},passes,${r.body.resourceAllocation[1].passes}`));
});

t.test('bad requests: 400 (422 for years out of order) with every problem, 404 naming what is missing, nothing written', async (t) => {
  const before = await fingerprint(h.database.db);
  const same = await call('GET', `/v1/schools/${A}/compare?from=2024&to=2024`);
  assertProblem(t, same, 422);
  t.same(same.body.errors.map((e: any) => [e.in, e.pointer]), [['query', '/from'], ['query', '/to']]);
  const backwards = await call('GET', `/v1/counties/${C}/compare?from=2024&to=2023`);
  assertProblem(t, backwards, 422);
  t.match(backwards.body.errors[0].message, /to \(2023\) must be a later year than from \(2024\)/);
  const missing = await call('GET', `/v1/counties/${C}/compare`);
  assertProblem(t, missing, 400);
  t.equal(missing.body.errors.length, 2, 'from and to both missing, both named');
  const bad = await call('GET', `/v1/schools/${A}/compare?from=20x&to=1999&extra=1`);
  assertProblem(t, bad, 400);
  t.same(bad.body.errors.map((e: any) => e.pointer).sort(), ['/extra', '/from', '/to'].sort());
  assertProblem(t, await call('GET', `/v1/schools/12345/compare?from=2023&to=2024`), 400);
  const series = await call('GET', `/v1/counties/${C}/indicator-series?from=2025&to=2023`);
  assertProblem(t, series, 422);
  t.equal(series.body.errors.length, 2);

  const noClasses = await call('GET', `/v1/schools/${B}/compare?from=2023&to=2024`);
  assertProblem(t, noClasses, 404);
  t.same(noClasses.body.errors.map((e: any) => e.pointer), ['/from'], 'names the year without classes');
  t.match(noClasses.body.errors[0].message, /school 2144980002 has no classes in 2023 \(a school-year record exists/);
  const neither = await call('GET', `/v1/counties/${C}/compare?from=2020&to=2021`);
  assertProblem(t, neither, 404);
  t.same(neither.body.errors.map((e: any) => e.pointer), ['/from', '/to'], 'both years named');
  assertProblem(t, await call('GET', `/v1/schools/2144989999/compare?from=2023&to=2024`), 404);
  assertProblem(t, await call('GET', '/v1/counties/441400/compare?from=2023&to=2024'), 404);
  const none = await call('GET', `/v1/counties/${C}/indicator-series?from=2010&to=2012`);
  assertProblem(t, none, 404);
  t.match(none.body.detail, /no classes in 2010–2012/);
  assertProblem(t, await call('GET', '/v1/counties/441481/indicator-series'), 404);
  t.equal(await fingerprint(h.database.db), before, 'nothing was written');
});

t.test('a key bound to another county: 404, as if nothing existed', async (t) => {
  const other = h.as((await h.makeKey({ scopes: ['read'], counties: ['441481'] })).token);
  for (const url of [
    `/v1/counties/${C}/years`,
    `/v1/schools/${A}/compare?from=2023&to=2024`,
    `/v1/counties/${C}/compare?from=2023&to=2024`,
    `/v1/counties/${C}/indicator-series`,
  ]) {
    const r = await other('GET', url);
    assertProblem(t, r, 404);
    t.notMatch(r.text, /对比县/, `${url}: nothing of the county in the answer`);
  }
});
