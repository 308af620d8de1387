// Comparison and trends over the synthetic Jiaoling county (441427, 2023 and 2024): the figures are checked
// against each year's own answers (class sizes, school indicators, entitlements, resource allocation), and
// the known changes of the demo: 田家炳实验中学 falls from 2012 to 1986 junior pupils and so back under the
// 2000-pupil B11 limit, and the county's 大班额 classes go from 5 to 4.

import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { ALLOCATION_CSV_COLUMNS } from '../../src/services/indicators/index.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const call = h.as((await h.makeKey({ scopes: ['read'] })).token);
const TJB = '3144142706'; // 蕉岭县田家炳实验中学
const fen = (yuan: number) => Math.round(yuan * 100);
const csvLines = (text: string) => text.replace('\uFEFF', '').trim().split(/\r?\n/);

t.test('years: 2023 and 2024 with their counts', async (t) => {
  const r = await call('GET', '/v1/counties/441427/years');
  t.equal(r.status, 200);
  t.same(r.body.items.map((i: any) => i.year), [2023, 2024]);
  const schools = (await call('GET', '/v1/schools?countyCode=441427&limit=1000')).body.total;
  for (const item of r.body.items) {
    t.equal(item.schools, schools, `${item.year}: every school of the county has records`);
    t.equal(item.schoolYears, schools);
    t.equal(item.countyFacts, true);
  }
  const compare = (await call('GET', '/v1/counties/441427/compare?from=2023&to=2024')).body.inputs;
  const students = (side: 'from' | 'to') => ['preschool', 'primary', 'junior', 'senior'].reduce((a, s) => a + compare[`students.${s}`][side], 0);
  t.equal(r.body.items[0].students, students('from'), 'the same sums as the comparison');
  t.equal(r.body.items[1].students, students('to'));
  t.equal(r.body.items[0].classes, compare.classes.from);
  t.equal(r.body.items[1].teacherYears, compare.teacherYears.to);
});

t.test('school: 田家炳实验中学 from 2023 to 2024', async (t) => {
  const r = await call('GET', `/v1/schools/${TJB}/compare?from=2023&to=2024`);
  t.equal(r.status, 200);
  const b = r.body;
  t.equal(b.schoolName, '蕉岭县田家炳实验中学');
  t.same(b.inputs['students.junior'], { from: 2012, to: 1986, delta: -26 });
  const b11 = b.indicators.find((i: any) => i.id === 'B11');
  t.same(b11.status, { from: 'not_met', to: 'met', changed: true }, 'back under the size limit');
  t.same(b11.figures.compulsoryStudents, { from: 2012, to: 1986, delta: -26 });

  // every unit figure is the one each year's own answer gives
  const [y23, y24] = await Promise.all([2023, 2024].map(async (y) => (await call('GET', `/v1/schools/${TJB}/years/${y}/indicators`)).body));
  for (const i of b.indicators.filter((x: any) => x.unitId !== null)) {
    const a = y23.units.find((u: any) => u.unitId === i.unitId).indicators[i.id];
    const z = y24.units.find((u: any) => u.unitId === i.unitId).indicators[i.id];
    t.equal(i.figures.value.from, a.value, `${i.id} 2023 value`);
    t.equal(i.figures.value.to, z.value, `${i.id} 2024 value`);
    t.equal(Math.round(i.figures.value.delta * 1e4), Math.round(z.value * 1e4) - Math.round(a.value * 1e4), `${i.id} delta`);
  }
  const b12 = b.indicators.find((i: any) => i.id === 'B12');
  t.same(b12.figures.large, { from: y23.B12.large, to: y24.B12.large, delta: y24.B12.large - y23.B12.large });

  const [e23, e24] = await Promise.all([2023, 2024].map(async (y) => (await call('GET', `/v1/schools/${TJB}/years/${y}/entitlement`)).body));
  t.same(b.entitlement.totalYuan, { from: e23.totalYuan, to: e24.totalYuan, delta: (fen(e24.totalYuan) - fen(e23.totalYuan)) / 100 });
  t.same(b.entitlement.components.find((c: any) => c.component === 'base_junior').quantity, { from: 2012, to: 1986, delta: -26 });
});

t.test('county: scorecard, allocation and money of both years', async (t) => {
  const r = await call('GET', '/v1/counties/441427/compare?from=2023&to=2024');
  t.equal(r.status, 200);
  const b = r.body;
  const [c23, c24] = await Promise.all([2023, 2024].map(async (y) => (await call('GET', `/v1/counties/441427/years/${y}/class-sizes`)).body));
  const b12 = b.indicators.find((i: any) => i.id === 'B12');
  t.same(b12.figures.large, { from: 5, to: 4, delta: -1 }, 'one 大班额 class fewer');
  t.same(b12.figures.large, { from: c23.large, to: c24.large, delta: c24.large - c23.large }, 'as the class-size answers say');
  t.same(b12.figures.overLimit, { from: c23.overLimit, to: c24.overLimit, delta: c24.overLimit - c23.overLimit });

  const [a23, a24] = await Promise.all([2023, 2024].map(async (y) => (await call('GET', `/v1/counties/441427/years/${y}/resource-allocation`)).body));
  t.same(b.resourceAllocation.passes, { from: a23.passes, to: a24.passes, changed: a23.passes !== a24.passes });
  for (const stage of b.resourceAllocation.stages) {
    t.equal(stage.figures.schoolsPassing.from, a23.stages[stage.stage].schoolsPassing, `${stage.stage} 2023 units passing`);
    t.equal(stage.figures.schoolsPassing.to, a24.stages[stage.stage].schoolsPassing, `${stage.stage} 2024 units passing`);
    for (const d of stage.dispersion) t.equal(d.figures.cv.to, a24.stages[stage.stage].dispersion[d.id].cv, `${stage.stage} ${d.id} cv`);
  }
  const [m23, m24] = await Promise.all([2023, 2024].map(async (y) => (await call('GET', `/v1/counties/441427/years/${y}/entitlements`)).body.totals));
  t.equal(b.entitlement.totalYuan.delta, (fen(m24.totalYuan) - fen(m23.totalYuan)) / 100);
  const componentsFen = b.entitlement.components.reduce((a: number, c: any) => a + fen(c.amountYuan.delta ?? 0), 0);
  t.equal(componentsFen, fen(b.entitlement.totalYuan.delta), 'the component deltas add up to the total delta, to the fen');

  const csv = await call('GET', '/v1/counties/441427/compare?from=2023&to=2024', undefined, { accept: 'text/csv' });
  t.ok(csvLines(csv.text).includes('441427,,2023,2024,indicators,B12,,,large,5,4,-1,true'));
});

t.test('indicator series: B1–B7 cv per stage and the county rates', async (t) => {
  const r = await call('GET', '/v1/counties/441427/indicator-series');
  t.equal(r.status, 200);
  t.same(r.body.years, [2023, 2024]);
  const allocation = await Promise.all([2023, 2024].map(async (y) => (await call('GET', `/v1/counties/441427/years/${y}/resource-allocation`)).body));
  const b5 = r.body.indicators.find((i: any) => i.id === 'B5');
  b5.points.forEach((p: any, n: number) => {
    const a = allocation[n];
    t.equal(p.figures['primary.cv'], a.stages.primary.dispersion.B5.cv, `${p.year} primary cv`);
    t.equal(p.figures['junior.cv'], a.stages.junior.dispersion.B5.cv, `${p.year} junior cv`);
    const met = a.units.filter((u: any) => u.stage === 'primary' && u.assessed && u.indicators.B5.met === true).length;
    t.equal(p.figures['primary.unitsMet'], met, `${p.year} primary units meeting B5`);
  });
  t.same(
    r.body.resourceAllocation.map((p: any) => [p.year, p.primary.schoolsPassing, p.junior.schoolsPassing]),
    allocation.map((a) => [a.year, a.stages.primary.schoolsPassing, a.stages.junior.schoolsPassing]),
  );
  const b12 = r.body.indicators.find((i: any) => i.id === 'B12');
  t.same(b12.points.map((p: any) => p.figures.large), [5, 4]);
  const b18 = r.body.indicators.find((i: any) => i.id === 'B18');
  const card = (await call('GET', '/v1/counties/441427/years/2024/scorecard')).body.indicators.find((e: any) => e.id === 'B18');
  t.match(b18.points[1], { year: 2024, status: card.status, figures: { value: card.value, standard: card.standard } }, 'a county rate');
});

t.test('resource allocation: failing units only, and the floor and shortfall columns', async (t) => {
  const all = (await call('GET', '/v1/counties/441427/years/2024/resource-allocation')).body;
  const failing = await call('GET', '/v1/counties/441427/years/2024/resource-allocation?failing=true');
  t.equal(failing.status, 200);
  const expected = all.units.filter((u: any) => u.passes === false).map((u: any) => u.unitId);
  t.ok(expected.length > 0, 'the demo has failing units');
  t.same(failing.body.units.map((u: any) => u.unitId), expected);
  t.equal(failing.body.schoolsPassing, all.schoolsPassing, 'the county figures stay whole');
  const csv = await call('GET', '/v1/counties/441427/years/2024/resource-allocation?failing=true&format=csv');
  const lines = csvLines(csv.text).map((l) => l.split(','));
  const header = lines[0] as string[];
  t.same(header, [...ALLOCATION_CSV_COLUMNS]);
  for (const name of ['B1_floor', 'B1_shortfall', 'B7_shortfall', 'belowFloor']) t.ok(header.includes(name), `${name} column`);
  t.equal(lines.length - 1, expected.length, 'one row per failing unit');
  const unit = failing.body.units[0];
  const row = lines[1] as string[];
  const col = (name: string) => row[header.indexOf(name)];
  t.equal(col('belowFloor'), unit.belowFloor.join(';'));
  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) {
    t.equal(Number(col(`${id}_floor`)), unit.indicators[id].floor, `${id} floor`);
    const shortfall = unit.indicators[id].shortfall;
    t.equal(col(`${id}_shortfall`), shortfall === null ? '' : String(shortfall.toStandard), `${id} shortfall`);
  }
  const bad = await call('GET', '/v1/counties/441427/years/2024/resource-allocation?failing=maybe');
  t.equal(bad.status, 400);
});
