import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

const R150 = '2144142790'; // rural primary, 150 pupils in 2024
const RUNS = '/v1/counties/441427/years/2024/funding-runs';
const fen = (yuan: number) => Math.round(yuan * 100);

/** The database's reason for refusing a statement (drizzle wraps it as the cause). */
async function refusal(query: ReturnType<typeof sql>): Promise<string> {
  try {
    await h.database.db.execute(query);
    return 'accepted';
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string } };
    return `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  }
}

t.before(async () => {
  await loadDemoCounty(h.database.db);
});

let first: any;

t.test('a run freezes the county-year; the same data twice gives the same hash', async (t) => {
  const r = await h.call('POST', RUNS);
  t.equal(r.status, 201, r.text);
  first = r.body;
  t.match(first, { countyCode: '441427', year: 2024, policyId: 'jiaoling-2023', idempotencyKey: null, schools: 38 });
  t.match(first.createdBy, /^(anonymous|[0-9a-f-]{36})$/, 'createdBy is the caller: its API key id, or anonymous');
  t.match(first.runId, /^[0-9a-f-]{36}$/);
  t.match(first.inputsHash, /^[0-9a-f]{64}$/);
  t.match(first.resultsHash, /^[0-9a-f]{64}$/);
  t.type(first.engineVersion, 'string');
  t.ok(Date.parse(first.createdAt) > 0);
  t.equal(r.headers.location, `/v1/funding-runs/${first.runId}`);
  const ent = await h.call('GET', '/v1/counties/441427/years/2024/entitlements');
  t.equal(first.totalYuan, ent.body.totals.totalYuan, 'the run total is the live total at freeze time');

  const again = await h.call('POST', RUNS, {});
  t.equal(again.status, 201);
  t.not(again.body.runId, first.runId, 'a new run without an Idempotency-Key');
  t.equal(again.body.inputsHash, first.inputsHash, 'same inputs + policy → same inputsHash');
  t.equal(again.body.resultsHash, first.resultsHash, 'same figures → same resultsHash');

  const national = await h.call('POST', RUNS, { policyId: 'national-2017' });
  t.equal(national.status, 201);
  t.equal(national.body.policyId, 'national-2017', 'frozen under another profile');
  t.not(national.body.inputsHash, first.inputsHash, 'the policy is part of the hash');
  t.ok(national.body.totalYuan < first.totalYuan);

  const audit = await h.database.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'run' AND entity = 'funding-run' AND entity_key = ${first.runId}`,
  );
  t.equal(Number(audit.rows[0]?.n), 1, 'the run is audited');
});

t.test('the frozen run: metadata, hash, totals, policy snapshot and inputs', async (t) => {
  const r = await h.call('GET', `/v1/funding-runs/${first.runId}`);
  t.equal(r.status, 200);
  const run = r.body;
  for (const k of ['runId', 'inputsHash', 'resultsHash', 'policyId', 'engineVersion', 'createdAt', 'createdBy', 'totalYuan']) t.same(run[k], first[k], k);
  t.equal(run.snapshot.policy.id, 'jiaoling-2023');
  t.equal(run.snapshot.policy.funding.boarding.fen, 35000, 'the whole profile is frozen, rates in fen');
  t.equal(run.snapshot.inputs.length, 38);
  t.same(run.snapshot.inputs.find((i: any) => i.schoolCode === R150).students, { preschool: 0, primary: 150, junior: 0, senior: 0 });
  t.equal(run.totals.totalYuan, run.totalYuan);
  t.same(Object.keys(run.compliance.verdicts).sort(), ['B13', 'B14', 'B26', 'allocation']);

  const list = await h.call('GET', RUNS);
  t.equal(list.status, 200);
  t.equal(list.body.total, 3);
  t.ok(list.body.items.some((x: any) => x.runId === first.runId));
  const paged = await h.call('GET', `${RUNS}?limit=1&offset=1`);
  t.equal(paged.body.items.length, 1);
  t.equal(paged.body.limit, 1);
  const none = await h.call('GET', '/v1/counties/441427/years/2023/funding-runs');
  t.same(none.body, { items: [], total: 0, limit: 100, offset: 0 });
  assertProblem(t, await h.call('GET', '/v1/counties/441499/years/2024/funding-runs'), 404);
});

t.test('lines: JSON pages and a streamed CSV, summing to the run total', async (t) => {
  let r = await h.call('GET', `/v1/funding-runs/${first.runId}/lines?limit=1000`);
  t.equal(r.status, 200);
  const all = r.body.items;
  t.equal(r.body.total, all.length);
  t.equal(all.reduce((a: number, l: any) => a + fen(l.amountYuan), 0), fen(first.totalYuan), 'lines sum to the run total, to the fen');
  t.ok(all.every((l: any) => l.rule && l.explanation), 'every line says which rule produced it');
  r = await h.call('GET', `/v1/funding-runs/${first.runId}/lines?limit=5&offset=5`);
  t.same(r.body.items, all.slice(5, 10), 'pages are stable slices');
  t.equal(r.body.total, all.length);
  r = await h.call('GET', `/v1/funding-runs/${first.runId}/lines?schoolCode=${R150}`);
  t.same(r.body.items.map((l: any) => l.component), ['base_primary', 'small_school_tier'], 'engine component order');

  const csv = await h.call('GET', `/v1/funding-runs/${first.runId}/lines?format=csv`);
  t.equal(csv.status, 200);
  t.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  t.match(String(csv.headers['content-disposition']), /attachment; filename="funding-run-.*-lines\.csv"/);
  t.ok(csv.text.startsWith('\uFEFF'), 'BOM');
  const rows = csv.text.slice(1).trim().split('\n');
  t.equal(rows[0], 'runId,schoolCode,component,quantity,rateYuan,amountYuan,rule,explanation');
  t.equal(rows.length - 1, all.length, 'CSV holds every line (paging does not apply)');
  t.ok(rows[1]!.startsWith(`${first.runId},`));
  const accept = await h.call('GET', `/v1/funding-runs/${first.runId}/lines?schoolCode=${R150}`, undefined, { accept: 'text/csv' });
  t.equal(accept.text.slice(1).trim().split('\n').length, 3, 'header + the school’s two lines');
  assertProblem(t, await h.call('GET', `/v1/funding-runs/${first.runId}/lines?limit=0`), 400);
});

t.test('verify: reproducible, and a changed class size shows up as drift', async (t) => {
  let r = await h.call('POST', `/v1/funding-runs/${first.runId}/verify`);
  t.equal(r.status, 200);
  t.match(r.body, { runId: first.runId, reproducible: true, drift: [], inputsHash: first.inputsHash, resultsHash: first.resultsHash });

  const classes = await h.call('GET', `/v1/schools/${R150}/years/2024/classes`);
  const body = classes.body.items.map((c: any, i: number) => ({
    classCode: c.classCode,
    stage: c.stage,
    ...(c.grade !== undefined && c.grade !== null ? { grade: c.grade } : {}),
    students: i === 0 ? c.students + 1 : c.students,
  }));
  r = await h.call('PUT', `/v1/schools/${R150}/years/2024/classes`, body);
  t.equal(r.status, 200, r.text);

  r = await h.call('POST', `/v1/funding-runs/${first.runId}/verify`);
  t.equal(r.status, 200);
  t.equal(r.body.reproducible, true, 'the frozen snapshot still recomputes to the same hashes');
  t.equal(r.body.drift.length, 1, 'one school drifted');
  t.match(r.body.drift[0], { schoolCode: R150, fields: ['students.primary'] }, 'the changed school and field');
  t.same(r.body.drift[0].changes, [{ field: 'students.primary', frozen: 150, live: 151 }], 'with its frozen and live value');
  // 150 and 151 pupils are both funded as 200 by the small-school tier: no money effect
  t.equal(r.body.drift[0].differenceYuan, 0);
  t.equal(r.body.drift[0].liveTotalYuan, r.body.drift[0].frozenTotalYuan);
  t.match(r.body.money, { frozenTotalYuan: first.totalYuan, liveTotalYuan: first.totalYuan, differenceYuan: 0 });
  t.not(r.body.liveInputsHash, first.inputsHash, 'the live inputs hash has moved');
  t.equal(r.body.frozenInputsHash, first.inputsHash);

  const rerun = await h.call('POST', RUNS);
  t.not(rerun.body.inputsHash, first.inputsHash, 'a new run over the changed data has another hash');
  const frozen = await h.call('GET', `/v1/funding-runs/${first.runId}/lines?schoolCode=${R150}`);
  t.equal(frozen.body.items[0].quantity, 150, 'the frozen lines keep the old figures');

  // Declared money drifts too.
  const sy = await h.call('GET', `/v1/schools/${R150}/years/2024`);
  const { schoolCode: _s, year: _y, createdAt: _c, updatedAt: _u, ...yearBody } = sy.body;
  r = await h.call('PUT', `/v1/schools/${R150}/years/2024`, { ...yearBody, publicFundingAllocatedYuan: 1.23 });
  t.equal(r.status, 200, r.text);
  r = await h.call('POST', `/v1/funding-runs/${first.runId}/verify`);
  t.match(r.body.drift, [{ schoolCode: R150, fields: ['students.primary', 'publicFundingAllocatedYuan'] }]);
  t.equal(r.body.drift.length, 1);
  t.match(r.body.drift[0].changes[1], { field: 'publicFundingAllocatedYuan', live: 1.23 });
});

t.test('Idempotency-Key: a replay answers the first run; another request with the key is 409', async (t) => {
  const key = { 'idempotency-key': 'audit-2024-q4-001' };
  const a = await h.call('POST', RUNS, {}, key);
  t.equal(a.status, 201);
  t.equal(a.body.idempotencyKey, 'audit-2024-q4-001');
  const b = await h.call('POST', RUNS, {}, key);
  t.equal(b.status, 200, 'a replay is 200');
  t.equal(b.headers['idempotent-replayed'], 'true');
  t.same(b.body, a.body, 'the same run, unchanged');
  const c = await h.call('POST', RUNS, undefined, key);
  t.equal(c.body.runId, a.body.runId, 'no body is the same request as {}');
  let r = await h.call('POST', RUNS, { policyId: 'national-2017' }, key);
  assertProblem(t, r, 409);
  t.equal(r.body.runId, a.body.runId, 'the conflict names the run the key belongs to');
  r = await h.call('POST', '/v1/counties/441427/years/2023/funding-runs', {}, key);
  assertProblem(t, r, 409);
  const count = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM funding_runs WHERE idempotency_key = 'audit-2024-q4-001'`);
  t.equal(Number(count.rows[0]?.n), 1, 'one run for the key');
  const concurrent = await Promise.all([1, 2, 3].map(() => h.call('POST', RUNS, {}, { 'idempotency-key': 'race-1' })));
  t.equal(new Set(concurrent.map((x) => x.body.runId)).size, 1, 'concurrent requests with one key give one run');
  t.same(concurrent.map((x) => x.status).sort(), [200, 200, 201]);
  assertProblem(t, await h.call('POST', RUNS, {}, { 'idempotency-key': 'has space' }), 400);
});

t.test('a run cannot be altered: no route changes it and the database refuses UPDATE and DELETE', async (t) => {
  const before = await h.call('GET', `/v1/funding-runs/${first.runId}`);
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    const r = await h.call(method, `/v1/funding-runs/${first.runId}`, method === 'DELETE' ? undefined : { totalYuan: 1 });
    t.ok(r.status === 404 || r.status === 405, `${method} run is ${r.status}`);
    const l = await h.call(method, `/v1/funding-runs/${first.runId}/lines`, method === 'DELETE' ? undefined : []);
    t.ok(l.status === 404 || l.status === 405, `${method} lines is ${l.status}`);
  }
  t.match(await refusal(sql`UPDATE funding_runs SET total_fen = 1 WHERE run_id = ${first.runId}`), /append-only/);
  t.match(await refusal(sql`DELETE FROM funding_runs WHERE run_id = ${first.runId}`), /append-only/);
  t.match(await refusal(sql`UPDATE funding_run_lines SET amount_fen = 1 WHERE run_id = ${first.runId}`), /append-only/);
  t.match(await refusal(sql`DELETE FROM funding_run_lines WHERE run_id = ${first.runId}`), /append-only/);
  const after = await h.call('GET', `/v1/funding-runs/${first.runId}`);
  t.same(after.body, before.body, 'the run is unchanged');
  const verify = await h.call('POST', `/v1/funding-runs/${first.runId}/verify`);
  t.equal(verify.body.reproducible, true);
});

t.test('bad and unknown ids, unknown policies, years without data', async (t) => {
  assertProblem(t, await h.call('GET', '/v1/funding-runs/not-a-uuid'), 400);
  assertProblem(t, await h.call('GET', '/v1/funding-runs/not-a-uuid/lines'), 400);
  assertProblem(t, await h.call('POST', '/v1/funding-runs/not-a-uuid/verify'), 400);
  const unknown = '00000000-0000-4000-8000-000000000000';
  let r = await h.call('GET', `/v1/funding-runs/${unknown}`);
  assertProblem(t, r, 404);
  t.match(r.body.detail, /funding run 0{8}/);
  assertProblem(t, await h.call('GET', `/v1/funding-runs/${unknown}/lines`), 404);
  assertProblem(t, await h.call('GET', `/v1/funding-runs/${unknown}/lines?format=csv`), 404);
  assertProblem(t, await h.call('POST', `/v1/funding-runs/${unknown}/verify`), 404);
  r = await h.call('POST', RUNS, { policyId: 'no-such-policy' });
  assertProblem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer), ['/policyId']);
  assertProblem(t, await h.call('POST', RUNS, { policyId: 'national-2017', extra: true }), 400);
  r = await h.call('POST', '/v1/counties/441427/years/2030/funding-runs');
  assertProblem(t, r, 404);
  t.match(r.body.detail, /classes in 2030/);
  assertProblem(t, await h.call('POST', '/v1/counties/441499/years/2024/funding-runs'), 404);
  const count = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM funding_runs WHERE year = 2030`);
  t.equal(Number(count.rows[0]?.n), 0, 'nothing written');
});
