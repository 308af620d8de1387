// Read replicas (docs/deployment.md, "Read replicas"; docs/api.md, "Data versions"). Computed answers carry
// the data version they were read at (`Data-Version`), writes answer the primary's after the write, and a
// client passing `minDataVersion` is never served an older one. On both databases: the headers, the
// minimum honoured without a replica, and the router's fallbacks (a replica that fails, lags or is down).
// On PostgreSQL with the server binaries: a real streaming replica (initdb, pg_basebackup -R) whose replay
// is paused, so it is stale for certain: a GET with the write's data version answers the new figure from
// the primary, one without may answer the replica's stale one; then replay resumes and the replica is
// stopped, and answers still come (from the primary).

import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/connection.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { ServiceError } from '../../src/services/errors.js';
import { syncShippedPolicies } from '../../src/services/policies.js';
import { databaseDataVersion, ReadRouter } from '../../src/services/read-routing.js';
import { createTestApp, type Call, type TestApp } from '../helpers/app.js';
import { signInPages } from '../helpers/pages.js';

const t = fileTest(import.meta);

const run = promisify(execFile);
const COUNTY = '441427';
const YEAR = 2024;
const CLASS_SIZES = `/v1/counties/${COUNTY}/years/${YEAR}/class-sizes`;
const SCORECARD = `/v1/counties/${COUNTY}/years/${YEAR}/scorecard`;

/** A school-year of the demo with a compulsory class that is not 超大班额, and that class. */
async function classToEnlarge(call: Call): Promise<{ school: string; classCode: string }> {
  const schools = (await call('GET', `/v1/schools?countyCode=${COUNTY}&limit=1000`)).body.items as { schoolCode: string }[];
  for (const { schoolCode } of schools) {
    const list = (await call('GET', `/v1/schools/${schoolCode}/years/${YEAR}/classes`)).body;
    const found = list?.items?.find((c: any) => c.stage === 'primary' && c.students < 56);
    if (found) return { school: schoolCode, classCode: found.classCode };
  }
  throw new Error('the demo has no primary class under 56 pupils');
}

/** Makes that class 超大班额 (70 pupils) through the API; answers the write's reply. */
async function enlarge(call: Call, target: { school: string; classCode: string }, students = 70) {
  const url = `/v1/schools/${target.school}/years/${YEAR}/classes`;
  const list = (await call('GET', url)).body;
  const items = list.items.map((c: any) => (c.classCode === target.classCode ? { ...c, students } : c));
  const r = await call('PUT', url, { items });
  if (r.status !== 200) throw new Error(`PUT classes: ${r.status} ${r.text}`);
  return r;
}

const superLarge = (r: { body: any }) => r.body.superLarge as number;

t.test('DATABASE_READ_URL: a replica of a PostgreSQL DATABASE_URL', async (t) => {
  t.equal(loadConfig({}).databaseReadUrl, undefined, 'unset: none');
  const both = loadConfig({ DATABASE_URL: 'postgres://a/x', DATABASE_READ_URL: 'postgres://b/x' });
  t.equal(both.databaseReadUrl, 'postgres://b/x');
  let refused: unknown;
  try {
    loadConfig({ DATABASE_READ_URL: 'postgres://b/x' });
  } catch (error) {
    refused = error;
  }
  t.ok(refused instanceof ConfigError, 'without DATABASE_URL: a configuration error (embedded PGlite has no replica)');
  t.match(String(refused), /DATABASE_READ_URL needs DATABASE_URL/);
  await t.rejects(openDatabase({ readDatabaseUrl: 'postgres://b/x' }), /needs a PostgreSQL primary/);
});

t.test('without a replica: data versions on the wire, the minimum honoured by the primary', async (t) => {
  const h = await createTestApp();
  t.teardown(() => h.close());
  await loadDemoCounty(h.database.db);
  const call = h.call;

  const first = await call('GET', CLASS_SIZES);
  t.equal(first.status, 200);
  t.equal(first.headers['data-version'], await databaseDataVersion(h.database.db), "a computed answer carries the database's data version");
  t.equal(h.app.readRouter.hasReplica, false);

  const target = await classToEnlarge(call);
  const write = await enlarge(call, target);
  const written = String(write.headers['data-version']);
  t.match(written, /^[0-9]+$/, 'a write answers Data-Version');
  t.ok(BigInt(written) > BigInt(first.headers['data-version'] as string), 'greater than before the write');
  t.equal(written, await databaseDataVersion(h.database.db), "the primary's after the write");

  const after = await call('GET', `${CLASS_SIZES}?minDataVersion=${written}`);
  t.equal(after.status, 200);
  t.equal(superLarge(after), superLarge(first) + 1, 'the write is in the answer');
  t.equal(after.headers['data-version'], written);

  const ahead = String(BigInt(written) + 1000n);
  const beyond = await call('GET', `${CLASS_SIZES}?minDataVersion=${ahead}`, undefined, { 'min-data-version': ahead });
  t.equal(beyond.status, 200, 'a version the database has not reached: the primary answers its newest, there is nothing newer');
  t.equal(beyond.headers['data-version'], written);

  t.test('minDataVersion is not part of what the answer is', async (t) => {
    const plain = await call('GET', SCORECARD);
    const asked = await call('GET', `${SCORECARD}?minDataVersion=1`);
    t.equal(asked.headers.etag, plain.headers.etag, 'the same ETag');
    const again = await call('GET', `${SCORECARD}?minDataVersion=${written}`, undefined, { 'if-none-match': String(plain.headers.etag) });
    t.equal(again.status, 304, 'a 304 whatever the minimum');
    t.equal(again.headers['data-version'], written, 'with the data version it was checked at');
  });

  t.test('malformed minimums are 400, whichever way they come', async (t) => {
    for (const [url, headers] of [
      [`${CLASS_SIZES}?minDataVersion=abc`, {}],
      [`${CLASS_SIZES}?minDataVersion=-1`, {}],
      [`${CLASS_SIZES}?minDataVersion=${'9'.repeat(20)}`, {}],
      [CLASS_SIZES, { 'min-data-version': '1.5' }],
    ] as [string, Record<string, string>][]) {
      const r = await call('GET', url, undefined, headers);
      t.equal(r.status, 400, `${url} ${JSON.stringify(headers)}`);
      t.match(String(r.headers['content-type']), /application\/problem\+json/);
      t.equal(r.headers['data-version'], undefined, 'an error carries no data version');
    }
  });

  t.test('every kind of computed answer, the read-only POSTs and the report pages carry it', async (t) => {
    const school = target.school;
    for (const url of [
      '/v1/indicators',
      `/v1/counties/${COUNTY}/years/${YEAR}/resource-allocation`,
      `/v1/counties/${COUNTY}/years/${YEAR}/entitlements?format=csv`,
      `/v1/counties/${COUNTY}/years/${YEAR}/funding-compliance`,
      `/v1/counties/${COUNTY}/years/${YEAR}/remediation-plan`,
      `/v1/schools/${school}/years/${YEAR}/indicators`,
      `/v1/schools/${school}/years/${YEAR}/entitlement`,
      `/v1/schools/${school}/compare?from=2023&to=2024`,
      `/v1/counties/${COUNTY}/compare?from=2023&to=2024`,
      `/v1/counties/${COUNTY}/indicator-series`,
      `/v1/counties/${COUNTY}/years`,
      `/v1/provinces/44/years/${YEAR}/summary`,
    ]) {
      const r = await call('GET', `${url}${url.includes('?') ? '&' : '?'}minDataVersion=${written}`);
      t.equal(r.status, 200, url);
      t.equal(r.headers['data-version'], written, url);
    }
    const whatIf = await call('POST', `/v1/counties/${COUNTY}/years/${YEAR}/what-if?minDataVersion=${written}`, { changes: [] });
    t.equal(whatIf.status, 200, whatIf.text.slice(0, 200));
    t.equal(whatIf.headers['data-version'], written, 'what-if');
    const plan = await call('POST', `/v1/counties/${COUNTY}/years/${YEAR}/remediation-plan`, {}, { 'min-data-version': written });
    t.equal(plan.status, 200, plan.text.slice(0, 200));
    t.equal(plan.headers['data-version'], written, 'the remediation plan with costs');

    const pages = await signInPages(h);
    for (const url of [`/reports/counties/${COUNTY}/years/${YEAR}`, `/reports/schools/${school}/years/${YEAR}`, `/reports/counties/${COUNTY}/trends`]) {
      const r = await pages.get(`${url}?minDataVersion=${written}`);
      t.equal(r.statusCode, 200, url);
      t.equal(r.headers['data-version'], written, url);
    }
    const bad = await pages.get(`/reports/counties/${COUNTY}/years/${YEAR}?minDataVersion=x`);
    t.equal(bad.statusCode, 400, 'a page refuses a malformed minimum too');
  });

  t.test('record reads stay on the primary and carry no data version; other writes answer one', async (t) => {
    const record = await call('GET', `/v1/schools/${target.school}`);
    t.equal(record.status, 200);
    t.equal(record.headers['data-version'], undefined);
    const refused = await call('PUT', `/v1/schools/${target.school}/years/${YEAR}/classes`, { items: [{ classCode: 'x', stage: 'nope', students: 1 }] });
    t.equal(refused.status, 400);
    t.equal(refused.headers['data-version'], undefined, 'a refused write has none');
    const before = await databaseDataVersion(h.database.db);
    const bulk = await call('POST', '/v1/bulk', { schools: [] });
    t.equal(bulk.status, 200, bulk.text.slice(0, 200));
    t.equal(bulk.headers['data-version'], before, 'a bulk load answers it (nothing loaded: unchanged)');
  });
});

t.test('the router: a failing, lagging or unreachable replica sends reads to the primary', async (t) => {
  const h = await createTestApp();
  t.teardown(() => h.close());
  const { db } = h.database;
  const version = await databaseDataVersion(db);
  let now = 1_000_000;
  // the same database as both: what differs is only what the router is told
  const router = new ReadRouter({ primary: db, replica: db, restMs: 5_000, clock: () => now });
  const told: string[] = [];
  const tell = (reason: string) => void told.push(reason);

  t.equal(await router.read(undefined, async (on) => on.source, tell), 'replica', 'no minimum: the replica');
  t.equal(await router.read(BigInt(version), async (on) => on.source, tell), 'replica', 'a replica at the minimum');
  t.equal(await router.read(BigInt(version) + 1n, async (on) => `${on.source} ${on.dataVersion}`, tell), `primary ${version}`, 'behind it: the primary');

  // a statement the replica cancels (a recovery conflict) is read again on the primary
  const conflict = Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
  const sources: string[] = [];
  const answer = await router.read(undefined, async (on) => {
    sources.push(on.source);
    if (on.source === 'replica') throw conflict;
    return 'from the primary';
  }, tell);
  t.equal(answer, 'from the primary');
  t.same(sources, ['replica', 'primary'], 'tried on the replica, then on the primary');
  t.equal(await router.read(undefined, async (on) => on.source, tell), 'replica', 'a failed statement does not rest the replica');

  // the request's own errors are the answer, not a reason to ask the primary
  const missing = new ServiceError(404, 'not-found', 'Not Found', 'county 1 does not exist');
  let tries = 0;
  await t.rejects(router.read(undefined, async () => {
    tries++;
    throw missing;
  }), missing);
  t.equal(tries, 1, 'a 404 is not retried');

  // a replica that cannot be reached is left alone for restMs
  const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const unreachable = new ReadRouter({
    primary: db,
    replica: new Proxy(db, { get: (target, key) => (key === 'execute' ? () => Promise.reject(down) : Reflect.get(target, key)) }),
    restMs: 5_000,
    clock: () => now,
  });
  t.equal(await unreachable.read(undefined, async (on) => on.source, tell), 'primary');
  t.same(unreachable.counts().fallbacks, { lag: 0, error: 1 });
  t.equal(await unreachable.read(undefined, async (on) => on.source, tell), 'primary', 'while it rests');
  t.same(unreachable.counts().fallbacks, { lag: 0, error: 1 }, 'not asked again while it rests');
  now += 5_001;
  t.equal(await unreachable.read(undefined, async (on) => on.source, tell), 'primary');
  t.same(unreachable.counts().fallbacks, { lag: 0, error: 2 }, 'asked again after the rest');

  t.same(told, ['lag', 'error', 'error', 'error'], 'every fallback is told, with its reason');
  t.same(router.counts(), { reads: { replica: 3, primary: 2 }, fallbacks: { lag: 1, error: 1 } }, 'a read counts where it was answered');
});

t.test('an app whose replica is down answers from the primary, and /metrics counts it', { skip: process.env.DATABASE_URL ? false : 'PostgreSQL only (DATABASE_URL unset): a replica is a second PostgreSQL server' }, async (t) => {
  const base = await createTestApp();
  t.teardown(() => base.close());
  // port 1: nothing listens, the connection is refused at once
  const opened = await openDatabase({ databaseUrl: base.database.url, readDatabaseUrl: 'postgres://postgres@127.0.0.1:1/none', poolSize: 2 });
  const h = await createTestApp({ database: { ...opened, destroy: () => opened.close() } });
  t.teardown(() => h.close());
  const r = await h.call('GET', `${SCORECARD}?minDataVersion=1`);
  t.equal(r.status, 404, 'no demo here: the 404 of the primary, not a 503 of the replica');
  const scorecard = await h.call('GET', '/v1/indicators');
  t.equal(scorecard.status, 200);
  t.equal(scorecard.headers['data-version'], await databaseDataVersion(base.database.db));
  t.same(h.app.readRouter.counts().fallbacks, { lag: 0, error: 1 }, 'one failed attempt; the replica then rests');
  const metrics = await h.app.inject({ method: 'GET', url: '/metrics' });
  t.match(metrics.body, /read_replica_fallbacks_total\{reason="error"\} 1/);
  t.match(metrics.body, /database_computed_reads_total\{source="primary"\} 2/);
});

// ── a real streaming replica ─────────────────────────────────────────────────────────────────────────

const BIN = '/usr/lib/postgresql/15/bin';
const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup'];
const asRoot = process.getuid?.() === 0;
const STREAMING_SKIP = !process.env.DATABASE_URL
  ? 'PostgreSQL only (DATABASE_URL unset): the PostgreSQL suite starts its own primary and streaming replica'
  : TOOLS.some((tool) => !existsSync(path.join(BIN, tool)))
    ? `the PostgreSQL 15 server binaries (${TOOLS.join(', ')}) are not in ${BIN}`
    : false;

/** A PostgreSQL tool as the user that owns the clusters: postgres when the tests run as root (initdb refuses root). */
const pgTool = (tool: string, args: string[]) =>
  asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args]) : run(path.join(BIN, tool), args);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function until(what: () => Promise<boolean>, ms: number, label: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Clusters {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby (fast shutdown). */
  stopStandby(): Promise<void>;
}

/** A private primary and its streaming standby on free ports, stopped and removed at the end of `t`. */
async function startClusters(t: Test): Promise<Clusters> {
  const dir = mkdtempSync(path.join(tmpdir(), 'replica-test-'));
  const primary = path.join(dir, 'primary');
  const standby = path.join(dir, 'standby');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const started: string[] = [];
  t.teardown(async () => {
    for (const data of started.reverse()) await pgTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const options = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await pgTool('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  started.push(primary);
  await pgTool('pg_ctl', ['-D', primary, '-o', `${options(primaryPort)} -c wal_level=replica -c max_wal_senders=4`, '-l', `${primary}.log`, '-w', 'start']);
  await pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '-c', 'fast']);
  started.push(standby);
  await pgTool('pg_ctl', ['-D', standby, '-o', `${options(standbyPort)} -c hot_standby=on`, '-l', `${standby}.log`, '-w', 'start']);
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgres://postgres@127.0.0.1:${standbyPort}/postgres`,
    stopStandby: async () => {
      await pgTool('pg_ctl', ['-D', standby, '-m', 'fast', '-w', 'stop']);
    },
  };
}

t.test('a streaming replica: stale while replay is paused, never older than minDataVersion', { skip: STREAMING_SKIP }, async (t) => {
  const clusters = await startClusters(t);
  const database: Database = await openDatabase({ databaseUrl: clusters.primaryUrl, readDatabaseUrl: clusters.standbyUrl, poolSize: 4 });
  let h: TestApp | undefined;
  t.teardown(async () => (h ? h.close() : database.close()));
  await migrateDatabase(database);
  await syncShippedPolicies(database.db);
  await loadDemoCounty(database.db);
  const standby = new pg.Client({ connectionString: clusters.standbyUrl });
  await standby.connect();
  // stopping the standby ends this connection too: an 'error' without a listener would end the process
  standby.on('error', () => {});
  t.teardown(() => standby.end().catch(() => {}));
  t.equal((await standby.query('SELECT pg_is_in_recovery() AS r')).rows[0].r, true, 'the replica is a standby');

  h = await createTestApp({ database: { ...database, destroy: () => database.close() } });
  const call = h.call;
  const replicaVersion = async () => BigInt((await standby.query('SELECT coalesce(sum(version), 0)::text AS v FROM data_versions')).rows[0].v);
  const caughtUp = async (min: bigint) => (await replicaVersion()) >= min;
  await until(async () => caughtUp(BigInt(await databaseDataVersion(database.db))), 30_000, 'the replica to replay the demo');

  const reads = () => h!.app.readRouter.counts();
  const before = await call('GET', CLASS_SIZES);
  t.equal(before.status, 200);
  t.equal(reads().reads.replica, 1, 'read from the replica');
  const target = await classToEnlarge(call);

  await standby.query('SELECT pg_wal_replay_pause()');
  await until(async () => (await standby.query('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s === 'paused', 10_000, 'replay to pause');

  const write = await enlarge(call, target);
  const written = String(write.headers['data-version']);
  t.ok((await replicaVersion()) < BigInt(written), 'the paused replica is behind the write');

  const stale = await call('GET', CLASS_SIZES);
  t.equal(stale.status, 200);
  t.equal(superLarge(stale), superLarge(before), 'without a minimum the replica may answer its stale figure (it does: replay is paused)');
  t.ok(BigInt(stale.headers['data-version'] as string) < BigInt(written), "and says so: its Data-Version is below the write's");

  const fresh = await call('GET', `${CLASS_SIZES}?minDataVersion=${written}`);
  t.equal(fresh.status, 200);
  t.equal(superLarge(fresh), superLarge(before) + 1, "with the write's data version: the new figure");
  t.ok(BigInt(fresh.headers['data-version'] as string) >= BigInt(written), 'at least the version asked for');
  t.not(fresh.headers.etag, stale.headers.etag, 'a different ETag from the stale answer');
  const byHeader = await call('GET', CLASS_SIZES, undefined, { 'min-data-version': written });
  t.equal(superLarge(byHeader), superLarge(before) + 1, 'Min-Data-Version works the same');
  const monotonic = await call('GET', `${SCORECARD}?minDataVersion=${fresh.headers['data-version']}`);
  t.equal(monotonic.status, 200, 'a Data-Version read is handed on to another answer');
  t.ok(BigInt(monotonic.headers['data-version'] as string) >= BigInt(written));
  t.same(reads().fallbacks, { lag: 3, error: 0 }, 'the three went to the primary because the replica lagged');

  await standby.query('SELECT pg_wal_replay_resume()');
  await until(() => caughtUp(BigInt(written)), 30_000, 'the replica to catch up');
  const replicaReads = reads().reads.replica;
  const caught = await call('GET', `${CLASS_SIZES}?minDataVersion=${written}`);
  t.equal(superLarge(caught), superLarge(before) + 1, 'caught up: the new figure');
  t.equal(reads().reads.replica, replicaReads + 1, 'from the replica again');

  await clusters.stopStandby();
  for (const url of [CLASS_SIZES, `${CLASS_SIZES}?minDataVersion=${written}`]) {
    const r = await call('GET', url);
    t.equal(r.status, 200, `${url}: answered with the replica down`);
    t.equal(superLarge(r), superLarge(before) + 1);
  }
  t.ok(reads().fallbacks.error >= 1, 'the replica failure is counted');
  const metrics = await h.app.inject({ method: 'GET', url: '/metrics' });
  t.match(metrics.body, /read_replica_fallbacks_total\{reason="error"\} [1-9]/);
});
