// The remediation plan over HTTP on the synthetic Jiaoling county (441427): the 2024 plan fixes its failing
// units and class sizes and `after` passes; the CSV of the actions; costs from the policy and the request;
// problems (unknown county, bad costs, a year without data) and county binding.

import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { fingerprint } from '../helpers/security.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const call = h.as((await h.makeKey({ scopes: ['read'] })).token);
// the policy's plan of 2024, asked once and read by several tests below
const planned = await call('GET', '/v1/counties/441427/years/2024/remediation-plan');

t.test('the 2024 plan of the demo county fixes what fails and passes once applied', async (t) => {
  const before = await call('GET', '/v1/counties/441427/years/2024/resource-allocation');
  t.equal(before.status, 200);
  const classes = await call('GET', '/v1/counties/441427/years/2024/class-sizes');
  const r = planned;
  t.equal(r.status, 200, r.text.slice(0, 2000));
  const plan = r.body;
  t.equal(plan.countyCode, '441427');
  t.equal(plan.policyId, 'jiaoling-2023');
  t.equal(plan.before.passes, false, 'the county fails in 2024');
  t.equal(plan.after.passes, true, 'and passes with every action applied');
  t.ok(classes.body.overLimit > 0, 'the demo has classes above their limit');
  t.equal(plan.before.classSizes.overLimit, classes.body.overLimit, 'before counts the same classes as the class-size answer');
  t.equal(plan.after.classSizes.overLimit, 0);
  // every class over its limit is in a grade the plan re-divides
  for (const v of classes.body.violations) {
    t.ok(
      plan.actions.some((a: any) => a.action === 'split_classes' && a.schoolCode === v.schoolCode && a.stage === v.stage),
      `${v.classCode} of ${v.schoolCode} (${v.students} students) is split`,
    );
  }
  const failing = before.body.units.filter((u: any) => u.assessed && u.passes === false);
  t.same(failing.map((u: any) => u.unitId).sort(), ['2144142796:primary', '2144142814:primary'], 'the demo has two failing units');
  for (const u of failing) {
    const outcome = plan.units.find((o: any) => o.unitId === u.unitId);
    t.ok(outcome, `${u.unitId} is planned`);
    t.equal(outcome.before.passes, false);
    t.equal(outcome.after.passes, true, `${u.unitId} passes after the plan`);
    const lifting = plan.actions.filter((a: any) => a.schoolCode === u.schoolCode && a.indicators.some((id: string) => u.belowFloor.includes(id)));
    t.ok(lifting.length > 0, `an action at ${u.schoolCode} lifts what is below its floor (${u.belowFloor.join(', ')})`);
  }
  t.same(plan.after.rooms, { short: 0, schools: [] });
  t.same(plan.after.schoolSize, { over: 0, schools: [] });
  const total = plan.actions.reduce((sum: number, a: any) => sum + Math.round((a.costYuan ?? 0) * 100), 0);
  t.equal(Math.round(plan.totals.costYuan * 100), total, 'the total is the sum of the actions, to the fen');
});

t.test('CSV of the actions, with a BOM and stable columns', async (t) => {
  const json = planned;
  const r = await call('GET', '/v1/counties/441427/years/2024/remediation-plan?format=csv');
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /^text\/csv/);
  t.ok(r.text.startsWith('\uFEFF'));
  const lines = r.text.replace('\uFEFF', '').trim().split(/\r?\n/);
  t.equal(lines[0], 'countyCode,year,policyId,schoolCode,schoolName,stage,grade,action,subject,quantity,unit,unitCostYuan,costYuan,indicators,reason,reasonZh');
  t.equal(lines.length, json.body.actions.length + 1, 'one row per action');
  json.body.actions.forEach((a: any, i: number) => {
    t.ok(lines[i + 1]?.startsWith(`441427,2024,jiaoling-2023,${a.schoolCode},${a.schoolName},`), `row ${i + 1} is action ${i + 1}`);
    t.ok(lines[i + 1]?.includes(`,${a.action},`), `row ${i + 1} names ${a.action}`);
  });
});

t.test('costs: the policy\'s, or the request\'s', async (t) => {
  const base = planned;
  t.equal(base.body.costs.hire_teachers, 150000, 'the shipped assumption, in yuan');
  t.equal(base.body.costs.relocate_students, null, 'relocations are not priced');
  t.equal(base.body.costSources.add_equipment, 'policy');
  const cheap = await call('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs: { add_equipment: 0.5, add_music_room: 100000 } });
  t.equal(cheap.status, 200, cheap.text.slice(0, 500));
  t.equal(cheap.body.costs.add_equipment, 0.5);
  t.equal(cheap.body.costSources.add_equipment, 'request');
  t.equal(cheap.body.costSources.hire_teachers, 'policy');
  t.equal(cheap.body.after.passes, true);
  const eq = (b: any) => b.actions.filter((a: any) => a.action === 'add_equipment').reduce((s: number, a: any) => s + a.costYuan, 0);
  const qty = (b: any) => b.actions.filter((a: any) => a.action === 'add_equipment').reduce((s: number, a: any) => s + a.quantity, 0);
  t.equal(eq(cheap.body), Math.round(qty(cheap.body) * 0.5 * 100) / 100, 'equipment priced at the request\'s 0.5 yuan per yuan');
  t.equal(cheap.body.totals.byAction.add_music_room, 100000 * cheap.body.actions.filter((a: any) => a.action === 'add_music_room').reduce((s: number, a: any) => s + a.quantity, 0));
  const sum = cheap.body.actions.reduce((s: number, a: any) => s + (a.costYuan ?? 0), 0);
  t.equal(cheap.body.totals.costYuan, Math.round(sum * 100) / 100, 'the total is the sum of the actions');
  const one = await call('GET', '/v1/counties/441427/years/2024/remediation-plan?stage=junior');
  t.equal(one.status, 200);
  t.same(one.body.stages, ['junior']);
  t.same(Object.keys(one.body.after.resourceAllocation), ['junior']);
  t.notOk(one.body.actions.some((a: any) => a.stage === 'primary'), 'no action on the primary stage');
});

t.test('bad input: unknown county, bad costs, a year without data, a policy not in force', async (t) => {
  assertProblem(t, await call('GET', '/v1/counties/441499/years/2024/remediation-plan'), 404);
  const bad = await call('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs: { hire_teachers: -1, add_equipment: 1.234, paint_walls: 3 } });
  assertProblem(t, bad, 400);
  t.same(bad.body.errors.map((e: any) => e.pointer).sort(), ['/costs/add_equipment', '/costs/hire_teachers', '/costs/paint_walls'], 'every problem at once');
  const noData = await call('GET', '/v1/counties/441427/years/2030/remediation-plan');
  assertProblem(t, noData, 404);
  t.match(noData.body.detail, /no classes recorded/);
  assertProblem(t, await call('GET', '/v1/counties/441427/years/2024/remediation-plan?stage=senior'), 400);
  assertProblem(t, await call('GET', '/v1/counties/441427/years/2024/remediation-plan?policyId=no-such-policy'), 404);
  // 2020 has no classes: 404 whatever the policy (a year with classes and no policy in force is 422, below)
  const early = await call('GET', '/v1/counties/441427/years/2020/remediation-plan?policyId=jiaoling-2023');
  assertProblem(t, early, 404);
  t.match(early.body.detail, /no classes recorded/);
});

t.test('scope: a county-bound key cannot plan another county; nothing is written', async (t) => {
  await h.call('PUT', '/v1/counties/441481', { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
  const bound = h.as((await h.makeKey({ scopes: ['read'], counties: ['441481'] })).token);
  const other = await bound('GET', '/v1/counties/441427/years/2024/remediation-plan');
  assertProblem(t, other, 404);
  t.notMatch(other.text, /蕉岭/, 'nothing about the other county');
  assertProblem(t, await bound('POST', '/v1/counties/441427/years/2024/remediation-plan', {}), 404);
  const writer = h.as((await h.makeKey({ scopes: ['write'] })).token);
  assertProblem(t, await writer('GET', '/v1/counties/441427/years/2024/remediation-plan'), 403);
  const before = await fingerprint(h.database.db);
  t.equal((await call('POST', '/v1/counties/441427/years/2024/remediation-plan', {})).status, 200);
  t.equal((await call('GET', '/v1/counties/441427/years/2024/remediation-plan')).status, 200);
  t.equal(await fingerprint(h.database.db), before, 'nothing written');
});

t.test('a custom profile without remediation costs plans with the defaults', async (t) => {
  const profile = await h.call('GET', '/v1/policies/jiaoling-2023');
  const parameters = Object.fromEntries(Object.entries(profile.body.parameters).filter(([k]) => !k.startsWith('remediationCosts.')));
  const created = await h.call('POST', '/v1/policies', { id: 'county-no-costs', name: 'no costs', description: 'x', validFrom: 2023, parameters });
  t.equal(created.status, 201, created.text.slice(0, 500));
  t.equal(created.body.remediationCosts.hire_teachers, 15000000, 'the default in fen');
  t.match(created.body.parameters['remediationCosts.hire_teachers'].note, /default of profile national-2017/);
  const plan = await call('GET', '/v1/counties/441427/years/2024/remediation-plan?policyId=county-no-costs');
  t.equal(plan.status, 200);
  t.equal(plan.body.costs.hire_teachers, 150000);
  // a profile's own unit costs are validated like every other parameter: all problems at once, nothing stored
  const bad = {
    ...parameters,
    'remediationCosts.hire_teachers': { unit: 'fen per teacher per year', reference: 'x', values: [{ from: '2023-09-01', value: -1 }] },
    'remediationCosts.add_equipment': { unit: 'fen per yuan', reference: 'x', values: [{ from: '2023-09-01', value: 1.5 }] },
  };
  const refused = await h.call('POST', '/v1/policies', { id: 'county-bad-costs', name: 'bad costs', description: 'x', validFrom: 2023, parameters: bad });
  t.ok(refused.status === 400 || refused.status === 422, `refused with ${refused.status}`);
  t.match(String(refused.headers['content-type']), /application\/problem\+json/);
  const pointers = (refused.body.errors ?? []).map((e: any) => e.pointer).join(' ');
  t.match(pointers, /remediationCosts\.hire_teachers/, 'the negative cost is named');
  t.match(pointers, /remediationCosts\.add_equipment/, 'and the fractional fen in the same answer');
  t.equal((await h.call('GET', '/v1/policies/county-bad-costs')).status, 404, 'nothing stored');
});

t.test('amounts a JSON number cannot carry to the fen are refused (422), naming the action and the bound; just inside is exact', async (t) => {
  const BOUND = 999_999_999_999_999n; // fen: 9,999,999,999,999.99 yuan (docs/planning.md §4)
  const fen = (yuan: number) => BigInt(Math.round(yuan * 100));
  // a custom profile at the largest unit cost a profile may state: 10^12 fen per yuan of equipment
  const profile = await h.call('GET', '/v1/policies/jiaoling-2023');
  const parameters = {
    ...profile.body.parameters,
    'remediationCosts.add_equipment': { unit: 'fen per yuan', reference: 'x', values: [{ from: '2023-09-01', value: 1_000_000_000_000 }] },
  };
  t.equal((await h.call('POST', '/v1/policies', { id: 'county-dear-equipment', name: 'dear', description: 'x', validFrom: 2023, parameters })).status, 201);
  const dear = await call('GET', '/v1/counties/441427/years/2024/remediation-plan?policyId=county-dear-equipment');
  assertProblem(t, dear, 422);
  t.equal(dear.body.type, '/problems/plan-cost-too-large');
  t.equal(dear.body.maxYuan, 9999999999999.99);
  t.same(dear.body.errors.map((e: any) => e.pointer), [''], 'the cost is the policy\'s: no pointer into the request');
  t.match(dear.body.errors[0].message, /^add_equipment at school 2144142814: 6800 yuan at the unit cost of policy county-dear-equipment, 10000000000.00 yuan, costs 68000000000000.00 yuan, above the 9999999999999.99 yuan/);
  t.equal((await call('GET', '/v1/counties/441427/years/2024/remediation-plan?policyId=county-dear-equipment&format=csv')).status, 422, 'nor as CSV');

  const posted = await call('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs: { add_equipment: 9999999999.99, add_music_room: 1 } });
  assertProblem(t, posted, 422);
  t.same(posted.body.errors.map((e: any) => e.pointer), ['/costs/add_equipment'], 'at the request\'s cost');
  t.same(posted.body.errors[0].in, 'body');

  // the largest equipment cost that keeps every amount within the bound: answered, each figure exact (the
  // equipment is dear already at a million yuan per yuan, so the plan's options are those of the bound)
  const base = (await call('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs: { add_equipment: 1_000_000 } })).body;
  const equipment = base.actions.filter((a: any) => a.action === 'add_equipment');
  const otherFen = fen(base.totals.costYuan) - fen(base.totals.byAction.add_equipment);
  const quantityFen = equipment.reduce((s: bigint, a: any) => s + fen(a.quantity), 0n);
  const unitFen = ((BOUND - otherFen) * 100n) / quantityFen;
  const inside = await call('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs: { add_equipment: Number(unitFen) / 100 } });
  t.equal(inside.status, 200, inside.text.slice(0, 500));
  const plan = inside.body;
  t.same(
    plan.actions.filter((a: any) => a.action === 'add_equipment').map((a: any) => [a.schoolCode, a.quantity]),
    equipment.map((a: any) => [a.schoolCode, a.quantity]),
    'the same equipment as at a million yuan per yuan',
  );
  const total = fen(plan.totals.costYuan);
  t.equal(total, plan.actions.reduce((s: bigint, a: any) => s + fen(a.costYuan ?? 0), 0n), 'the total is the sum of the lines, to the fen');
  t.equal(total, otherFen + (quantityFen * unitFen) / 100n, 'and the exact product');
  t.ok(total <= BOUND && total > BOUND - quantityFen, `${plan.totals.costYuan} yuan: just inside the bound`);
  t.equal(fen(plan.totals.byAction.add_equipment), (quantityFen * unitFen) / 100n);
  t.equal(plan.totals.bySchool.reduce((s: bigint, x: any) => s + fen(x.costYuan), 0n), total, 'the schools add up to the total');
  t.equal(plan.costs.add_equipment, Number(unitFen) / 100);
  t.match(plan.explanation, `costing ${plan.totals.costYuan} yuan`);
  // one fen more per yuan: no line is over the bound, the plan is
  const over = await call('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs: { add_equipment: Number(unitFen + 1n) / 100 } });
  assertProblem(t, over, 422);
  t.same(over.body.errors.map((e: any) => e.pointer), [''], 'the whole plan');
  t.match(over.body.errors[0].message, /^the plan costs \d+\.\d{2} yuan in all, above the 9999999999999.99 yuan/);
});

t.test('a year without classes is 404 under any policy on every county-year route; with classes and no policy in force, 422', async (t) => {
  const BASE = '/v1/counties/441427/years/2022';
  const SCHOOL = '2144142709';
  const routes: [string, string, unknown?][] = [
    ['GET', `${BASE}/scorecard`],
    ['GET', `${BASE}/resource-allocation`],
    ['GET', `${BASE}/class-sizes`],
    ['GET', `${BASE}/entitlements`],
    ['GET', `${BASE}/funding-compliance`],
    ['GET', `${BASE}/remediation-plan`],
    ['POST', `${BASE}/remediation-plan`, {}],
    ['POST', `${BASE}/what-if`, { changes: [] }],
    ['GET', `/v1/schools/${SCHOOL}/years/2022/indicators`],
  ];
  // the county's default policy (jiaoling-2023) is in force from 2023; national-2017 in 2022
  for (const [method, url, body] of routes) {
    for (const policyId of [undefined, 'jiaoling-2023', 'national-2017']) {
      // the plan's POST takes the policy in its body
      const inBody = method === 'POST' && url.endsWith('/remediation-plan');
      const q = policyId && !inBody ? `?policyId=${policyId}` : '';
      const r = await call(method as 'GET', `${url}${q}`, inBody && policyId ? { policyId } : body);
      assertProblem(t, r, 404);
      t.match(r.body.detail, /no (classes recorded|school of county 441427 has classes)/, `${method} ${url} ${policyId ?? 'default policy'}: no classes`);
    }
  }
  // one class recorded in 2022: the year has data, and the policy not in force is what stands in the way
  const put = await h.call('PUT', `/v1/schools/${SCHOOL}/years/2022/classes`, [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 }]);
  t.equal(put.status, 200, put.text.slice(0, 300));
  for (const [method, url, body] of routes) {
    const r = await call(method as 'GET', url, body);
    assertProblem(t, r, 422);
    t.equal(r.body.type, '/problems/policy-not-in-force', `${method} ${url}: the policy is not in force`);
    t.equal(r.body.validFrom, 2023);
  }
  t.equal((await call('GET', `${BASE}/class-sizes?policyId=national-2017`)).status, 200, 'and a policy in force answers');
  t.equal((await h.call('PUT', `/v1/schools/${SCHOOL}/years/2022/classes`, [])).status, 200);
});
