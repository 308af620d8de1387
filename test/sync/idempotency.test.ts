import { sql } from 'drizzle-orm';
import pg from 'pg';
import { fileTest } from '../helpers/file-test.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connection.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { bearer, createTestApp, TEST_CONFIG } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// One Idempotency-Key sent to two instances at once creates one funding run: the unique index
// (created_by, idempotency_key) lets one insert in, and the other request answers as a replay
// (src/services/funding/runs.ts). Two apps, each with its own pool on one database, stand for two instances.
const SKIP = process.env.DATABASE_URL
  ? false
  : 'PostgreSQL only (DATABASE_URL unset): PGlite is one connection in one process, so two instances cannot write to it at once';

const RUNS = '/v1/counties/441427/years/2024/funding-runs';

t.test('the same Idempotency-Key on two instances at once: one run, the same answer twice', { skip: SKIP }, async (t) => {
  const database = await createTestDatabase();
  const a = await createTestApp({ database });
  await loadDemoCounty(database.db);
  const poolB = await openDatabase({ databaseUrl: database.url, poolSize: 3 });
  const b = await buildApp({ config: TEST_CONFIG, database: poolB });
  const gate = new pg.Client({ connectionString: database.url });
  await gate.connect();
  t.teardown(async () => {
    await gate.end().catch(() => {});
    await b.close();
    await poolB.close();
    await a.close();
  });
  const post = (app: typeof b, key: string) =>
    app.inject({ method: 'POST', url: RUNS, headers: { ...bearer(a.adminToken), 'content-type': 'application/json', 'idempotency-key': key }, payload: '{}' });
  const runsWithKey = async (key: string) =>
    Number((await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM funding_runs WHERE idempotency_key = ${key}`)).rows[0]?.n);

  // The race made certain: the gate holds a lock that lets both requests read (neither finds a run for the
  // key) and compute, but stops both inserts until both are waiting. Released, one insert wins; the other
  // meets the unique index and must answer with the winner's run.
  await gate.query('BEGIN');
  await gate.query('LOCK TABLE funding_runs IN SHARE MODE');
  const both = Promise.all([post(a.app, 'two-instances-1'), post(b, 'two-instances-1')]);
  const deadline = Date.now() + 120_000;
  let waiting = 0;
  while (Date.now() < deadline) {
    const { rows } = await gate.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'relation' AND relation = 'funding_runs'::regclass AND NOT granted`,
    );
    waiting = rows[0]?.n ?? 0;
    if (waiting >= 2) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  t.equal(waiting, 2, 'both instances passed the replay check and wait to insert');
  await gate.query('COMMIT');
  const [fromA, fromB] = await both;
  const answers = [fromA, fromB].map((r) => ({ status: r.statusCode, replayed: r.headers['idempotent-replayed'], body: r.json() }));
  t.same(answers.map((x) => x.status).sort(), [200, 201], 'one created (201), one replayed (200)');
  const replay = answers.find((x) => x.status === 200);
  t.equal(replay?.replayed, 'true', 'the replay says so');
  t.same(answers[0]?.body, answers[1]?.body, 'both answers are the same run, field for field');
  t.equal(await runsWithKey('two-instances-1'), 1, 'one run for the key');
  const audit = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'run' AND entity_key = ${answers[0]?.body.runId}`);
  t.equal(Number(audit.rows[0]?.n), 1, 'one audit event for it');

  // Without the gate, as requests arrive: several keys, each sent to both instances at once.
  for (const key of ['two-instances-2', 'two-instances-3', 'two-instances-4']) {
    const pair = await Promise.all([post(a.app, key), post(b, key)]);
    t.same(pair.map((r) => r.statusCode).sort(), [200, 201], `${key}: one 201, one 200`);
    t.same(pair[0]?.json(), pair[1]?.json(), `${key}: the same run`);
    t.equal(await runsWithKey(key), 1, `${key}: one run`);
  }

  // The key with another request is still 409 on either instance.
  const other = await b.inject({
    method: 'POST',
    url: RUNS,
    headers: { ...bearer(a.adminToken), 'content-type': 'application/json', 'idempotency-key': 'two-instances-1' },
    payload: JSON.stringify({ policyId: 'national-2017' }),
  });
  t.equal(other.statusCode, 409);
  t.equal(other.json().runId, answers[0]?.body.runId, 'the conflict names the run of the key');
});
