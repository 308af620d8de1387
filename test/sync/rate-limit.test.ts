import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connection.js';
import { BATCH_SHARE, BatchedCounter, type CounterState, countRequest, deleteEndedWindows, SYNC_EVERY_MS } from '../../src/services/rate-limit-store.js';
import { bearer, createTestApp, TEST_CONFIG } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// The rate limit shared by instances on one PostgreSQL database (src/services/rate-limit-store.ts). Two
// apps, each with its own connection pool on the same database, stand for two instances.
const SKIP = process.env.DATABASE_URL
  ? false
  : 'PostgreSQL only (DATABASE_URL unset): PGlite is one process, so there is no second instance to share a limit with; its in-memory limit is checked by the first test here and by test/security/limits.test.ts';

const database = await createTestDatabase();
t.teardown(() => database.destroy());
const counters = async () =>
  (await database.db.execute<{ key: string; count: number }>(sql`SELECT key, count FROM rate_limit_counters ORDER BY key`)).rows;

t.test('PGlite keeps the per-process in-memory limit: nothing is written to the counters table', { skip: process.env.DATABASE_URL ? 'PGlite only' : false }, async (t) => {
  const h = await createTestApp({ config: { rateLimitPerMinute: 2 }, database: { ...database, destroy: async () => {} } });
  t.teardown(() => h.app.close());
  t.same([(await h.call('GET', '/v1/counties')).status, (await h.call('GET', '/v1/counties')).status, (await h.call('GET', '/v1/counties')).status], [200, 200, 429]);
  t.same(await counters(), [], 'no counter rows');
});

t.test('two instances share one limit per key: the 6th request across both is 429', { skip: SKIP }, async (t) => {
  const a = await createTestApp({ config: { rateLimitPerMinute: 5 }, database: { ...database, destroy: async () => {} } });
  const poolB = await openDatabase({ databaseUrl: database.url, poolSize: 3 });
  const b = await buildApp({ config: { ...TEST_CONFIG, rateLimitPerMinute: 5 }, database: poolB });
  t.teardown(async () => {
    await a.app.close();
    await b.close();
    await poolB.close();
  });
  const token = a.adminToken;
  const other = await a.makeKey({ scopes: ['read'] });
  const get = (app: typeof b, auth: Record<string, string>) => app.inject({ method: 'GET', url: '/v1/counties', headers: auth });

  const instances = [a.app, b, a.app, b, a.app];
  for (const [i, app] of instances.entries()) {
    const r = await get(app, bearer(token));
    t.equal(r.statusCode, 200, `request ${i + 1} on instance ${app === b ? 'B' : 'A'}`);
    t.equal(r.headers['x-ratelimit-remaining'], String(4 - i), 'the remaining count is the shared one');
  }
  const sixth = await get(b, bearer(token));
  assertProblem(t, { status: sixth.statusCode, headers: sixth.headers, body: sixth.json(), text: sixth.body }, 429);
  t.equal(sixth.json().type, '/problems/rate-limited');
  const retryAfter = Number(sixth.headers['retry-after']);
  t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After within the window (${retryAfter} s)`);
  t.equal((await get(a.app, bearer(token))).statusCode, 429, 'the other instance refuses it too');
  t.equal((await get(b, bearer(other.token))).statusCode, 200, 'another key has its own count');

  // Callers without a valid key are counted by address, across instances as well.
  const guesses = [];
  for (let i = 0; i < 6; i++) guesses.push((await get(i % 2 === 0 ? a.app : b, bearer(`edu_guess${i}`))).statusCode);
  t.same(guesses, [401, 401, 401, 401, 401, 429]);
  const rows = await counters();
  t.same(
    rows.map((r) => [r.key.replace(/[0-9a-f-]{36}/, '<id>'), r.count]).sort(),
    [['ip:127.0.0.1', 6], ['key:<id>', 1], ['key:<id>', 7]].sort(),
    'one row per caller, each request counted once',
  );
});

t.test('the counter: windows start at the first request, no increment is lost, ended windows are deleted', { skip: SKIP }, async (t) => {
  const poolB = await openDatabase({ databaseUrl: database.url, poolSize: 5 });
  t.teardown(() => poolB.close());

  const first = await countRequest(database.db, 'test:window', 400);
  t.equal(first.current, 1);
  t.ok(first.ttl > 0 && first.ttl <= 400, `ttl within the window (${first.ttl} ms)`);
  t.equal((await countRequest(poolB.db, 'test:window', 400)).current, 2, 'the other pool counts on');
  await new Promise((r) => setTimeout(r, 450));
  const next = await countRequest(database.db, 'test:window', 400);
  t.equal(next.current, 1, 'the first request after the window starts a new one');

  // 40 concurrent requests of one caller on two pools: every count from 1 to 40 is handed out once.
  const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => countRequest(i % 2 ? poolB.db : database.db, 'test:race', 60_000)));
  t.same(
    counts.map((c) => c.current).sort((x, y) => x - y),
    Array.from({ length: 40 }, (_, i) => i + 1),
  );

  await database.db.execute(sql`
    INSERT INTO rate_limit_counters (key, window_start, count) VALUES
      ('test:ended', now() - interval '3 minutes', 9), ('test:ending', now() - interval '90 seconds', 3)`);
  t.equal(await deleteEndedWindows(database.db, 60_000), 1, 'only the window that ended a window ago or more');
  const left = (await counters()).map((r) => r.key);
  t.notOk(left.includes('test:ended'));
  t.ok(left.includes('test:ending') && left.includes('test:race'), 'recent windows stay');
});

t.test('a route with a limit of its own counts apart from the global limit', { skip: SKIP }, async (t) => {
  const h = await createTestApp({ config: { rateLimitPerMinute: 100 }, database: { ...database, destroy: async () => {} } });
  t.teardown(() => h.app.close());
  // The report pages' sign-in has its own limit (src/pages/sign-in.ts): counted under its method and URL.
  const r = await h.app.inject({ method: 'POST', url: '/sign-in', payload: 'token=edu_wrong', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(r.statusCode, 401, 'a wrong token is refused');
  const keys = (await counters()).map((c) => c.key);
  t.ok(keys.includes('POST/sign-in-ip:127.0.0.1'), `the sign-in counter has a key of its own (${keys.join(', ')})`);
});

/** The counters row of one key as countRequest keeps it, in memory, with a clock the test moves. */
function fakeRow() {
  const clock = { now: 1_000_000 };
  const row = { count: 0, windowStart: -Infinity, writes: 0 };
  const write = async (_key: string, windowMs: number, increment: number): Promise<CounterState> => {
    row.writes += 1;
    if (row.windowStart + windowMs <= clock.now) {
      row.windowStart = clock.now;
      row.count = increment;
    } else row.count += increment;
    return { current: row.count, ttl: row.windowStart + windowMs - clock.now };
  };
  return { clock, row, write };
}

t.test('far from the limit requests are counted in memory and written in batches; near it, every one', async (t) => {
  const { clock, row, write } = fakeRow();
  const counter = new BatchedCounter(write, () => clock.now);
  const max = 1000;
  const batch = Math.floor(max * BATCH_SHARE);
  const seen: number[] = [];
  for (let i = 0; i < 100; i++) seen.push((await counter.incr('k', 60_000, max)).current);
  t.same(seen, Array.from({ length: 100 }, (_, i) => i + 1), 'each request counted once, in order');
  t.ok(row.writes <= Math.ceil(100 / (batch + 1)) + 1, `${row.writes} writes for 100 requests`);
  t.ok(row.count >= 100 - batch && row.count <= 100, `the row holds all but at most one batch (${row.count})`);

  // SYNC_EVERY_MS after the last write, the next request writes what this instance holds
  clock.now += SYNC_EVERY_MS;
  t.equal((await counter.incr('k', 60_000, max)).current, 101);
  t.equal(row.count, 101, 'written with the requests held in memory');

  // near the limit (another instance wrote the rest, seen at the next write): every request is written
  row.count = max - batch - 1;
  clock.now += SYNC_EVERY_MS;
  const writesBefore = row.writes;
  const near: number[] = [];
  for (let i = 0; i < batch + 3; i++) near.push((await counter.incr('k', 60_000, max)).current);
  t.equal(row.writes - writesBefore, batch + 3, 'one write per request');
  t.same(near, Array.from({ length: batch + 3 }, (_, i) => max - batch + i), 'the row\'s count, exactly');
  t.ok(near.at(-1)! > max, 'and so past the limit, refused');

  // a new window is written at once, without the previous window's requests
  clock.now += 60_000;
  t.same(await counter.incr('k', 60_000, max), { current: 1, ttl: 60_000 }, 'a new window starts at 1');
  counter.forgetEnded();
  t.equal(counter.size, 1, 'a current window is kept');
  clock.now += 60_000;
  counter.forgetEnded();
  t.equal(counter.size, 0, 'ended windows are forgotten');
});

t.test('a write that fails fails the request, and the next request writes again', async (t) => {
  const { clock, row, write } = fakeRow();
  let failNext = false;
  const counter = new BatchedCounter(async (key, windowMs, increment) => {
    if (failNext) {
      failNext = false;
      throw new Error('connection lost');
    }
    return write(key, windowMs, increment);
  }, () => clock.now);
  t.equal((await counter.incr('k', 60_000, 1000)).current, 1);
  failNext = true;
  clock.now += SYNC_EVERY_MS; // the next request must write
  await t.rejects(counter.incr('k', 60_000, 1000), { message: 'connection lost' }, 'the store reports the failure');
  const writes = row.writes;
  t.equal((await counter.incr('k', 60_000, 1000)).current, 2, 'counted on from the row');
  t.equal(row.writes, writes + 1, 'written, not held in memory after a failure');
});

t.test('limits under 1 / BATCH_SHARE are counted exactly: every request written', async (t) => {
  const { clock, row, write } = fakeRow();
  const counter = new BatchedCounter(write, () => clock.now);
  const max = Math.ceil(1 / BATCH_SHARE) - 1;
  for (let i = 0; i < 10; i++) await counter.incr('k', 60_000, max);
  t.equal(row.writes, 10);
  t.equal(row.count, 10);
});

t.test('three instances on one row: at least max and at most max + 3 batches admitted in a window', async (t) => {
  const { clock, row, write } = fakeRow();
  const instances = [0, 1, 2].map(() => new BatchedCounter(write, () => clock.now));
  const max = 1200;
  const batch = Math.floor(max * BATCH_SHARE);
  let admitted = 0;
  for (let i = 0; i < 3000; i++) {
    const instance = instances[i % 3] as BatchedCounter;
    if ((await instance.incr('k', 60_000, max)).current <= max) admitted += 1;
    clock.now += 5; // 3,000 requests over 15 s of the minute
  }
  t.ok(admitted >= max && admitted <= max + 3 * batch, `${admitted} admitted (max ${max}, batch ${batch})`);
  t.ok(row.writes < 3000, `${row.writes} writes for 3,000 requests`);
});

t.test('on PostgreSQL, a high limit: one instance writes in batches, the other sees the row', { skip: SKIP }, async (t) => {
  const a = await createTestApp({ config: { rateLimitPerMinute: 1000 }, database: { ...database, destroy: async () => {} } });
  t.teardown(() => a.app.close());
  const b = await buildApp({ config: { ...TEST_CONFIG, rateLimitPerMinute: 1000 }, database: await openDatabase({ databaseUrl: database.url, poolSize: 2 }) });
  t.teardown(() => b.close());
  const key = await a.makeKey({ scopes: ['read'] });
  const get = (app: typeof b) => app.inject({ method: 'GET', url: '/v1/counties', headers: bearer(key.token) });
  for (let i = 0; i < 50; i++) t.equal((await get(a.app)).headers['x-ratelimit-remaining'], String(1000 - (i + 1)), `request ${i + 1} on A`);
  const row = (await counters()).find((c) => c.key === `key:${key.id}`);
  t.ok(row && row.count >= 40 && row.count <= 50, `the row holds all but one batch (${row?.count})`);
  const onB = await get(b);
  t.equal(onB.statusCode, 200);
  t.equal(onB.headers['x-ratelimit-remaining'], String(1000 - ((row?.count ?? 0) + 1)), 'B counts on from the row');
});
