// The county plan's own projects as ready scenarios (docs/scenarios.md, docs/scenarios/*.json) run against
// the demo county: the new junior campus relieves 田家炳实验中学's large classes and its over-size in 2023;
// the new nine-year school relieves the urban schools' large classes (run on 2024, the latest demo year).

import { readFileSync } from 'node:fs';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const read = h.as((await h.makeKey({ scopes: ['read'], counties: ['441427'] })).token);
const scenario = (name: string) => JSON.parse(readFileSync(new URL(`../../docs/scenarios/${name}.json`, import.meta.url), 'utf8'));

const TJB = '3144142706';
const overAt = (state: any, code: string) => state.classSizes.violations.filter((v: any) => v.schoolCode === code);
const unitOf = (state: any, stage: string, code: string) => state.resourceAllocation[stage].units.find((u: any) => u.schoolCode === code);

t.test('蕉岭中学桂岭校区 (2023): 600 junior students leave 田家炳, its large classes and over-size go', async (t) => {
  const r = await read('POST', '/v1/counties/441427/years/2023/what-if', scenario('guiling-campus-2023'));
  t.equal(r.status, 200);
  const { before, after, delta } = r.body;
  t.equal(overAt(before, TJB).length, 5, '田家炳: five classes over 50 before');
  t.equal(overAt(after, TJB).length, 0, 'none after');
  t.equal(delta.classSizes.overLimit, -5);
  t.equal(delta.classSizes.large, -3, 'its three 大班额 classes (57, 59, 61) are gone');
  t.same(delta.schoolSizes.nowMet, [TJB]);
  t.same(delta.schoolSizes.students.find((s: any) => s.schoolCode === TJB), { schoolCode: TJB, before: 2012, after: 1412 });
  t.equal(after.schoolSizes.met, true, 'no school over its B11 limit');
  t.same(delta.scorecard.changed, [{ id: 'B11', before: 'not_met', after: 'met' }]);
  const campus = unitOf(after, 'junior', '3144142900');
  t.match(campus, { students: 600, classes: 12, assessed: true, passes: true, metCount: 7 }, 'the new campus: 12 classes of 50, every indicator met');
  t.equal(campus.indicators.B2.value, 1, 'B2 exactly at its standard (6 backbone teachers for 600 students) is met');
  t.equal(campus.indicators.B2.met, true);
  t.equal(unitOf(after, 'junior', TJB).metCount, 7, '田家炳 reaches B4 with fewer students');
  t.equal(delta.entitlements.totalYuan, 0, 'the students are funded at their new school: the county total is unchanged');
  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) t.equal(after.resourceAllocation.junior.dispersion[id].met, true, `junior ${id} cv within its limit`);
});

t.test('the new nine-year school (run on 2024): urban large classes fall, every dispersion stays within its limit', async (t) => {
  const r = await read('POST', '/v1/counties/441427/years/2024/what-if', scenario('nine-year-school-2025'));
  t.equal(r.status, 200);
  const { before, after, delta } = r.body;
  const school = '3144142903';
  t.match(unitOf(after, 'primary', school), { students: 750, classes: 17, passes: true });
  t.match(unitOf(after, 'junior', school), { students: 300, classes: 6, passes: true });
  t.equal(before.classSizes.overLimit, 9, '城东小学 4, 实验小学 1, 田家炳 4 classes over the limit before');
  t.equal(after.classSizes.overLimit, 0, 'none after: the moves come from the largest classes');
  t.equal(delta.classSizes.large, -before.classSizes.large, 'no 大班额 class left');
  t.equal(after.classSizes.superLarge, 0, 'the 超大班额 class of 67 is gone');
  t.same(delta.scorecard.changed, [{ id: 'B12', before: 'not_met', after: 'met' }]);
  t.same(overAt(after, school), [], 'the new school opens its classes within the limits');
  for (const stage of ['primary', 'junior'])
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) t.equal(after.resourceAllocation[stage].dispersion[id].met, true, `${stage} ${id} cv within its limit`);
});

t.test('each project followed by apply_plan: the plan adds what is still missing, and the county then passes', async (t) => {
  for (const [name, year] of [
    ['guiling-campus-2023', 2023],
    ['nine-year-school-2025', 2024],
  ] as const) {
    const body = scenario(name);
    const alone = (await read('POST', `/v1/counties/441427/years/${year}/remediation-plan`, {})).body;
    const r = await read('POST', `/v1/counties/441427/years/${year}/what-if`, { changes: [...body.changes, { type: 'apply_plan' }] });
    t.equal(r.status, 200, name);
    const [plan] = r.body.plans;
    t.equal(plan.change, `/changes/${body.changes.length}`);
    t.equal(r.body.after.resourceAllocation.passes, true, `${name}: B1–B7 pass`);
    t.equal(r.body.after.classSizes.overLimit, 0, `${name}: no class over its limit`);
    t.equal(r.body.after.schoolSizes.over, 0, `${name}: no school over its limit`);
    t.equal(r.body.after.rooms.short, 0, `${name}: no school short of a room`);
    const relieved = [TJB];
    t.notOk(
      plan.actions.some((a: any) => relieved.includes(a.schoolCode) && ['split_classes', 'relocate_students'].includes(a.action)),
      `${name}: 田家炳 needs no class split or relocation once the project is built`,
    );
    t.ok(
      alone.actions.some((a: any) => a.schoolCode === TJB && ['split_classes', 'relocate_students'].includes(a.action)),
      `${name}: which the plan without the project does need`,
    );
  }
});
