// Verify and diff of funding runs on a small county built by hand (national-2017: 650 primary, 850 junior,
// rural primary schools under 100 students funded as 100):
//
//   P 2144990101 urban primary, classes 40 + 40 = 80 students          → base_primary 80 × 650 = 52 000
//   J 3144990102 urban junior, one class of 45                          → base_junior 45 × 850 = 38 250
//   R 2144990103 rural primary, one class of 30                         → 30 × 650 + floor 70 × 650 = 65 000
//                                                                          county total 155 250 yuan
//   X 2144980201 urban primary of another county (441498), 50 students  → 32 500

import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const call = h.call;
const Y = 2024;
const P = '2144990101';
const J = '3144990102';
const R = '2144990103';
const X = '2144980201';
const RUNS = `/v1/counties/441499/years/${Y}/funding-runs`;

const put = async (url: string, body: unknown) => {
  const r = await call('PUT', url, body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${r.status} ${r.text}`);
};
const classes = (stage: string, sizes: number[]) => sizes.map((students, i) => ({ classCode: `C${i + 1}`, stage, students }));
const schoolYear = { teachingAreaM2: 1000, sportsAreaM2: 1000, equipmentValueYuan: 100000, multimediaClassrooms: 2, musicRoomAreasM2: [], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0 };

async function freeze(url = RUNS, body: unknown = {}): Promise<any> {
  const r = await call('POST', url, body);
  if (r.status !== 201) throw new Error(`run: ${r.status} ${r.text}`);
  return r.body;
}

t.before(async () => {
  await put('/v1/counties/441499', { name: '测试县', cityCode: '441400', provinceCode: '44' });
  await put('/v1/counties/441498', { name: '邻县', cityCode: '441400', provinceCode: '44' });
  const school = (name: string, countyCode: string, kind: string, areaType: string) => ({ name, countyCode, kind, areaType, ownership: 'public', boarding: false });
  await put(`/v1/schools/${P}`, school('城东小学', '441499', 'primary', 'urban'));
  await put(`/v1/schools/${J}`, school('城东中学', '441499', 'junior', 'urban'));
  await put(`/v1/schools/${R}`, school('山背小学', '441499', 'primary', 'rural'));
  await put(`/v1/schools/${X}`, school('邻县小学', '441498', 'primary', 'urban'));
  for (const s of [P, J, R, X]) await put(`/v1/schools/${s}/years/${Y}`, schoolYear);
  await put(`/v1/schools/${P}/years/${Y}/classes`, classes('primary', [40, 40]));
  await put(`/v1/schools/${J}/years/${Y}/classes`, classes('junior', [45]));
  await put(`/v1/schools/${R}/years/${Y}/classes`, classes('primary', [30]));
  await put(`/v1/schools/${X}/years/${Y}/classes`, classes('primary', [50]));
});

let before: any;
let after: any;

t.test('verify names each drifted field with its frozen and live value, and the money effect', async (t) => {
  before = await freeze();
  t.equal(before.totalYuan, 155250, '52000 + 38250 + 65000');
  let r = await call('POST', `/v1/funding-runs/${before.runId}/verify`);
  t.equal(r.status, 200, r.text);
  t.match(r.body, { reproducible: true, drift: [], liveInputsHash: before.inputsHash, frozenInputsHash: before.inputsHash });
  t.same(r.body.money, {
    frozenTotalYuan: 155250,
    liveTotalYuan: 155250,
    differenceYuan: 0,
    byComponent: [
      { component: 'base_primary', fromYuan: 71500, toYuan: 71500, differenceYuan: 0 },
      { component: 'base_junior', fromYuan: 38250, toYuan: 38250, differenceYuan: 0 },
      { component: 'small_school_floor', fromYuan: 45500, toYuan: 45500, differenceYuan: 0 },
    ],
  });

  // one more pupil at P: +650; R's allocation declared (money that does not change the entitlement)
  await put(`/v1/schools/${P}/years/${Y}/classes`, classes('primary', [40, 41]));
  await put(`/v1/schools/${R}/years/${Y}`, { ...schoolYear, publicFundingAllocatedYuan: 65000.5 });
  r = await call('POST', `/v1/funding-runs/${before.runId}/verify`);
  t.equal(r.status, 200, r.text);
  t.equal(r.body.reproducible, true, 'the run itself still recomputes to its hashes');
  t.same(r.body.drift, [
    {
      schoolCode: P,
      fields: ['students.primary'],
      changes: [{ field: 'students.primary', frozen: 80, live: 81 }],
      frozenTotalYuan: 52000,
      liveTotalYuan: 52650,
      differenceYuan: 650,
    },
    {
      schoolCode: R,
      fields: ['publicFundingAllocatedYuan'],
      changes: [{ field: 'publicFundingAllocatedYuan', frozen: null, live: 65000.5 }],
      frozenTotalYuan: 65000,
      liveTotalYuan: 65000,
      differenceYuan: 0,
    },
  ]);
  t.match(r.body.money, { frozenTotalYuan: 155250, liveTotalYuan: 155900, differenceYuan: 650 });
  t.same(r.body.money.byComponent[0], { component: 'base_primary', fromYuan: 71500, toYuan: 72150, differenceYuan: 650 });
  t.not(r.body.liveInputsHash, r.body.frozenInputsHash, 'the live inputs hash moved');
  t.equal(r.body.frozenInputsHash, before.inputsHash);

  // the live hash is what a new run over today's data gives
  after = await freeze();
  t.equal(after.inputsHash, r.body.liveInputsHash);
  t.equal(after.totalYuan, 155900);

  // a school gone from the live data (no classes any more) and one that is new
  await put(`/v1/schools/${J}/years/${Y}/classes`, []);
  await put(`/v1/schools/2144990104`, { name: '新城小学', countyCode: '441499', kind: 'primary', areaType: 'urban', ownership: 'public', boarding: false });
  await put(`/v1/schools/2144990104/years/${Y}/classes`, classes('primary', [10]));
  r = await call('POST', `/v1/funding-runs/${after.runId}/verify`);
  t.equal(r.status, 200, r.text);
  const removed = r.body.drift.find((d: any) => d.schoolCode === J);
  t.match(removed, { fields: ['removed'], frozenTotalYuan: 38250, liveTotalYuan: 0, differenceYuan: -38250 });
  t.ok(removed.changes.some((c: any) => c.field === 'students.junior' && c.frozen === 45 && c.live === null), 'every frozen value against null');
  const added = r.body.drift.find((d: any) => d.schoolCode === '2144990104');
  t.match(added, { fields: ['added'], frozenTotalYuan: 0, liveTotalYuan: 6500, differenceYuan: 6500 });
  t.ok(added.changes.some((c: any) => c.field === 'kind' && c.frozen === null && c.live === 'primary'));
  t.match(r.body.money, { frozenTotalYuan: 155900, liveTotalYuan: 155900 - 38250 + 6500, differenceYuan: 6500 - 38250 });
  const perSchool = r.body.drift.reduce((a: number, d: any) => a + Math.round(d.differenceYuan * 100), 0);
  t.equal(perSchool, Math.round(r.body.money.differenceYuan * 100), 'the per-school effects add up to the total, to the fen');

  // back as it was at `after`: nothing drifts and the hashes meet again
  await put(`/v1/schools/${J}/years/${Y}/classes`, classes('junior', [45]));
  await put(`/v1/schools/2144990104/years/${Y}/classes`, []);
  r = await call('POST', `/v1/funding-runs/${after.runId}/verify`);
  t.match(r.body, { reproducible: true, drift: [], liveInputsHash: after.inputsHash, money: { differenceYuan: 0 } });
});

/** Stores a copy of a run with its snapshot or results changed by SQL (runs are append-only: a new row). */
async function corruptedCopy(runId: string, snapshot: ReturnType<typeof sql>, results: ReturnType<typeof sql>): Promise<string> {
  const { rows } = await h.database.db.execute<{ run_id: string }>(sql`
    INSERT INTO funding_runs (county_code, year, policy_id, engine_version, inputs_hash, snapshot, results, total_fen, results_hash, created_by)
    SELECT county_code, year, policy_id, engine_version, inputs_hash, ${snapshot}, ${results}, total_fen, results_hash, 'test-corruption'
      FROM funding_runs WHERE run_id = ${runId}
    RETURNING run_id::text`);
  return rows[0]!.run_id;
}

t.test('a stored run that cannot be read answers 409 naming the problem, never an empty drift', async (t) => {
  const negative = await corruptedCopy(before.runId, sql`jsonb_set(snapshot, '{inputs,0,students,primary}', '-5')`, sql`results`);
  let r = await call('POST', `/v1/funding-runs/${negative}/verify`);
  assertProblem(t, r, 409);
  t.equal(r.body.type, '/problems/run-not-comparable');
  t.equal(r.body.runId, negative);
  t.match(r.body.problems, [/snapshot\.inputs: school 2144990101: students\.primary must be a whole number ≥ 0/]);
  t.equal(r.body.drift, undefined, 'no drift member at all');
  t.equal(r.body.reproducible, undefined);

  const lostLine = await corruptedCopy(before.runId, sql`snapshot`, sql`jsonb_set(results, '{lines}', (results->'lines') - 0)`);
  r = await call('POST', `/v1/funding-runs/${lostLine}/verify`);
  assertProblem(t, r, 409);
  t.same(r.body.problems, [`results.lines has no line for school ${P} of the snapshot`]);

  const badPolicy = await corruptedCopy(before.runId, sql`jsonb_set(snapshot, '{policy,funding}', '"not a policy"')`, sql`results`);
  r = await call('POST', `/v1/funding-runs/${badPolicy}/verify`);
  assertProblem(t, r, 409);
  t.match(r.body.detail, /cannot be recomputed or compared/);
  t.match(r.body.problems[0], /^snapshot\.policy\.funding/);

  // the diff refuses such a run the same way, whichever side it is on
  assertProblem(t, await call('GET', `/v1/funding-runs/${before.runId}/diff/${lostLine}`), 409);
  assertProblem(t, await call('GET', `/v1/funding-runs/${negative}/diff/${before.runId}`), 409);
});

t.test('a failure while reading the live data answers 500, never an empty drift', async (t) => {
  // The live inputs read school_years.boarders; without that column the comparison cannot happen.
  await h.database.db.execute(sql`ALTER TABLE school_years RENAME COLUMN boarders TO boarders_hidden`);
  let r: Awaited<ReturnType<typeof call>>;
  try {
    r = await call('POST', `/v1/funding-runs/${before.runId}/verify`);
  } finally {
    await h.database.db.execute(sql`ALTER TABLE school_years RENAME COLUMN boarders_hidden TO boarders`);
  }
  assertProblem(t, r, 500);
  t.equal(r.body.type, '/problems/comparison-failed');
  t.match(r.body.detail, new RegExp(`verifying funding run ${before.runId} against the live data of county 441499 in 2024 could not be completed`));
  t.equal(r.body.drift, undefined);
  const again = await call('POST', `/v1/funding-runs/${before.runId}/verify`);
  t.equal(again.status, 200, 'answers again once the data can be read');
});

t.test('diff of two runs before and after a change: schools, components, totals, hashes', async (t) => {
  const r = await call('GET', `/v1/funding-runs/${before.runId}/diff/${after.runId}`);
  t.equal(r.status, 200, r.text);
  t.match(r.body.from, { runId: before.runId, countyCode: '441499', year: 2024, policyId: 'national-2017', inputsHash: before.inputsHash, schools: 3, totalYuan: 155250 });
  t.match(r.body.to, { runId: after.runId, inputsHash: after.inputsHash, totalYuan: 155900 });
  t.equal(r.body.from.engineVersion, before.engineVersion);
  t.equal(r.body.sameInputs, false);
  t.equal(r.body.sameResults, false);
  t.same(r.body.counts, { added: 0, removed: 0, changed: 2, unchanged: 1 });
  t.same(r.body.totals, {
    fromYuan: 155250,
    toYuan: 155900,
    differenceYuan: 650,
    byComponent: [
      { component: 'base_primary', fromYuan: 71500, toYuan: 72150, differenceYuan: 650 },
      { component: 'base_junior', fromYuan: 38250, toYuan: 38250, differenceYuan: 0 },
      { component: 'small_school_floor', fromYuan: 45500, toYuan: 45500, differenceYuan: 0 },
    ],
  });
  t.same(r.body.schools, [
    {
      schoolCode: P,
      change: 'changed',
      inputChanges: [{ field: 'students.primary', from: 80, to: 81 }],
      fromTotalYuan: 52000,
      toTotalYuan: 52650,
      differenceYuan: 650,
      components: [
        { component: 'base_primary', fromQuantity: 80, toQuantity: 81, fromRateYuan: 650, toRateYuan: 650, fromAmountYuan: 52000, toAmountYuan: 52650, differenceYuan: 650 },
      ],
    },
    {
      schoolCode: R,
      change: 'changed',
      inputChanges: [{ field: 'publicFundingAllocatedYuan', from: null, to: 65000.5 }],
      fromTotalYuan: 65000,
      toTotalYuan: 65000,
      differenceYuan: 0,
      components: [
        { component: 'base_primary', fromQuantity: 30, toQuantity: 30, fromRateYuan: 650, toRateYuan: 650, fromAmountYuan: 19500, toAmountYuan: 19500, differenceYuan: 0 },
        { component: 'small_school_floor', fromQuantity: 70, toQuantity: 70, fromRateYuan: 650, toRateYuan: 650, fromAmountYuan: 45500, toAmountYuan: 45500, differenceYuan: 0 },
      ],
    },
  ]);

  // the other way round: every difference changes sign
  const back = await call('GET', `/v1/funding-runs/${after.runId}/diff/${before.runId}`);
  t.equal(back.body.totals.differenceYuan, -650);
  t.same(back.body.schools[0].inputChanges, [{ field: 'students.primary', from: 81, to: 80 }]);

  // a run against itself: nothing differs
  const same = await call('GET', `/v1/funding-runs/${before.runId}/diff/${before.runId}`);
  t.match(same.body, { sameInputs: true, sameResults: true, schools: [], counts: { added: 0, removed: 0, changed: 0, unchanged: 3 }, totals: { differenceYuan: 0 } });

  const csv = await call('GET', `/v1/funding-runs/${before.runId}/diff/${after.runId}?format=csv`);
  t.equal(csv.status, 200);
  t.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  t.equal(
    csv.text,
    '\uFEFFfromRunId,toRunId,schoolCode,change,inputChanges,component,fromQuantity,toQuantity,fromRateYuan,toRateYuan,fromAmountYuan,toAmountYuan,differenceYuan\n' +
      `${before.runId},${after.runId},${P},changed,students.primary: 80 → 81,base_primary,80,81,650,650,52000,52650,650\n` +
      `${before.runId},${after.runId},${R},changed,publicFundingAllocatedYuan: — → 65000.5,base_primary,30,30,650,650,19500,19500,0\n` +
      `${before.runId},${after.runId},${R},changed,publicFundingAllocatedYuan: — → 65000.5,small_school_floor,70,70,650,650,45500,45500,0\n`,
  );
  const accept = await call('GET', `/v1/funding-runs/${before.runId}/diff/${after.runId}`, undefined, { accept: 'text/csv' });
  t.equal(accept.text, csv.text, 'Accept: text/csv gives the same CSV');
});

t.test('diff under another policy: same inputs, other rates', async (t) => {
  const gd = await freeze(RUNS, { policyId: 'guangdong-2018' });
  const r = await call('GET', `/v1/funding-runs/${after.runId}/diff/${gd.runId}`);
  t.equal(r.status, 200, r.text);
  t.match(r.body, { from: { policyId: 'national-2017' }, to: { policyId: 'guangdong-2018' }, sameInputs: false });
  const p = r.body.schools.find((s: any) => s.schoolCode === P);
  t.same(p.inputChanges, [], 'the inputs are the same');
  t.match(p.components[0], { component: 'base_primary', fromQuantity: 81, toQuantity: 81, fromRateYuan: 650 });
  t.equal(p.differenceYuan, Math.round((p.toTotalYuan - p.fromTotalYuan) * 100) / 100);
  t.equal(r.body.totals.differenceYuan, Math.round((gd.totalYuan - after.totalYuan) * 100) / 100);
});

t.test('diff across counties, and a key bound to one county', async (t) => {
  const other = await freeze(`/v1/counties/441498/years/${Y}/funding-runs`);
  const r = await call('GET', `/v1/funding-runs/${after.runId}/diff/${other.runId}`);
  t.equal(r.status, 200, r.text);
  t.match(r.body, { from: { countyCode: '441499' }, to: { countyCode: '441498', totalYuan: 32500 } });
  t.same(r.body.counts, { added: 1, removed: 3, changed: 0, unchanged: 0 });
  t.same(r.body.schools.map((s: any) => `${s.schoolCode}:${s.change}`), [`${X}:added`, `${P}:removed`, `${R}:removed`, `${J}:removed`], 'by school code');
  t.equal(r.body.totals.differenceYuan, 32500 - 155900);

  const bound = h.as((await h.makeKey({ scopes: ['read'], counties: ['441499'] })).token);
  t.equal((await bound('GET', `/v1/funding-runs/${before.runId}/diff/${after.runId}`)).status, 200, 'both runs of its county');
  for (const url of [`/v1/funding-runs/${after.runId}/diff/${other.runId}`, `/v1/funding-runs/${other.runId}/diff/${after.runId}`]) {
    const refused = await bound('GET', url);
    assertProblem(t, refused, 404);
    t.match(refused.body.detail, new RegExp(`funding run ${other.runId}`), 'the same answer as for a run that does not exist');
  }
  assertProblem(t, await bound('GET', `/v1/funding-runs/${other.runId}`), 404); // as GET of the run
  assertProblem(t, await bound('POST', `/v1/funding-runs/${other.runId}/verify`), 404);
  t.equal((await h.as(null)('GET', `/v1/funding-runs/${before.runId}/diff/${after.runId}`)).status, 401);
});

t.test('unknown and malformed run ids', async (t) => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  let r = await call('GET', `/v1/funding-runs/${unknown}/diff/${before.runId}`);
  assertProblem(t, r, 404);
  t.match(r.body.detail, /funding run 0{8}-.* does not exist/);
  r = await call('GET', `/v1/funding-runs/${before.runId}/diff/${unknown}`);
  assertProblem(t, r, 404);
  t.match(r.body.detail, /funding run 0{8}/);
  assertProblem(t, await call('GET', `/v1/funding-runs/${before.runId}/diff/${unknown}?format=csv`), 404);
  assertProblem(t, await call('POST', `/v1/funding-runs/${unknown}/verify`), 404);
  r = await call('GET', `/v1/funding-runs/not-a-uuid/diff/also-not`);
  assertProblem(t, r, 400);
  t.same(r.body.errors.map((e: any) => e.pointer).sort(), ['/otherRunId', '/runId']);
  assertProblem(t, await call('GET', `/v1/funding-runs/${before.runId}/diff/${after.runId}?format=xml`), 400);
});
