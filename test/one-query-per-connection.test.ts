import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fileTest } from './helpers/file-test.js';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/connection.js';
import { prepareDatabase } from '../src/startup.js';
import { TEST_CONFIG } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const t = fileTest(import.meta);

// A pg client runs one query at a time: a second query sent while the first is in flight (Promise.all
// over a transaction's queries) is queued by pg 8 with a DeprecationWarning once the queue is not empty,
// and refused by pg 9. Start-up (migrations, policies, bootstrap key, demo load) and a typical mix of
// requests must never do it. Two witnesses: the warning itself, and a probe that sees every query sent
// to a client that has not answered the previous one yet (stricter: pg 8 only warns from the third).
const SKIP = process.env.DATABASE_URL
  ? false
  : 'PostgreSQL only (DATABASE_URL unset): PGlite has one connection that serializes queries itself, and no pg client';

type QueryArgs = unknown[];
const textOf = (query: unknown) => String((query as { text?: unknown } | undefined)?.text ?? query).replace(/\s+/g, ' ').slice(0, 160);

/** Wraps pg.Client#query to record each query sent while the same client still has one in flight. */
function probeOverlaps(): { overlaps: string[]; restore(): void } {
  const overlaps: string[] = [];
  const inFlight = new WeakMap<object, number>();
  const original = pg.Client.prototype.query as (this: pg.Client, ...args: QueryArgs) => unknown;
  function probed(this: pg.Client, ...args: QueryArgs): unknown {
    const busy = inFlight.get(this) ?? 0;
    if (busy > 0) overlaps.push(textOf(args[0]));
    inFlight.set(this, busy + 1);
    const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (...answer: unknown[]) => {
        done();
        return (last as (...a: unknown[]) => unknown)(...answer);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    else done(); // a submittable (cursor, stream): not used by the service
    return result;
  }
  pg.Client.prototype.query = probed as typeof pg.Client.prototype.query;
  return { overlaps, restore: () => void (pg.Client.prototype.query = original as typeof pg.Client.prototype.query) };
}

t.test('start-up and a request mix on PostgreSQL send one query at a time per connection', { skip: SKIP }, async (t) => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => {
    if (/already executing a query/.test(w.message)) warnings.push(`${w.name}: ${w.message}\n${w.stack ?? ''}`);
  };
  process.on('warning', onWarning);
  const probe = probeOverlaps();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-one-query-'));
  let server: TestDatabase | undefined;
  let database: Database | undefined;
  t.teardown(async () => {
    probe.restore();
    process.off('warning', onWarning);
    await database?.close();
    await server?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  server = await createTestDatabase({ migrate: false });
  const token = `edu_one-query-per-connection-${'x'.repeat(24)}`;
  database = await prepareDatabase(
    { databaseUrl: server.url, dataDir, demoData: true, databasePoolSize: 4, bootstrapAdminToken: token },
    { info: () => {}, warn: () => {} },
  );
  const app = await buildApp({ config: TEST_CONFIG, database });
  t.teardown(() => app.close());
  const call = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    t.ok(res.statusCode < 500, `${method} ${url}: ${res.statusCode}`);
    return res;
  };

  const schools = (await call('GET', '/v1/schools?countyCode=441427&kind=primary&limit=5')).json().items as Record<string, unknown>[];
  const code = String(schools[0]?.schoolCode);
  const year = `/v1/schools/${code}/years/2024`;
  const teacherYear = (await call('GET', `/v1/teacher-years?schoolCode=${code}&year=2024&limit=1`)).json().items[0] as Record<string, unknown>;
  const staff = `/v1/teachers/${String(teacherYear.staffCode)}/years/2024`;

  for (const url of [
    '/v1/counties',
    '/v1/towns?countyCode=441427',
    '/v1/teachers?limit=50',
    `/v1/schools/${code}`,
    `/v1/schools/${code}/years`,
    `${year}/classes`,
    '/v1/counties/441427/years/2024/facts',
    '/v1/indicators',
    '/v1/counties/441427/years/2024/scorecard',
    '/v1/counties/441427/years/2024/resource-allocation?stage=primary',
    '/v1/counties/441427/years/2024/class-sizes',
    `${year}/indicators`,
    `${year}/entitlement`,
    '/v1/counties/441427/years/2024/entitlements',
    '/v1/counties/441427/years/2024/funding-compliance',
    '/v1/policies',
    '/v1/counties/441427/years/2024/policy',
    '/v1/audit-events?entity=school&limit=10',
    '/v1/api-keys',
  ])
    await call('GET', url);

  // Writes: each a transaction on one connection.
  await call('PUT', `/v1/schools/${code}`, { ...schools[0], name: `${String(schools[0]?.name)}（改）` });
  const facilities = (await call('GET', year)).json();
  await call('PUT', year, { ...facilities, multimediaClassrooms: Number(facilities.multimediaClassrooms) + 1 });
  await call('PUT', `${year}/classes`, (await call('GET', `${year}/classes`)).json());
  await call('PUT', staff, { ...teacherYear, trainingHours: Number(teacherYear.trainingHours) + 1 });
  await call('PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'guangdong-2018' });
  await call('POST', '/v1/bulk?dryRun=true', { schools, teacherYears: [teacherYear] });
  await call('POST', '/v1/bulk', { schools: [{ ...schools[1], kind: 'castle' }], teacherYears: [{ ...teacherYear, schoolCode: '2144000404' }] });
  const run = (await call('POST', '/v1/counties/441427/years/2024/funding-runs', {}, { 'idempotency-key': 'one-query' })).json();
  await call('GET', `/v1/funding-runs/${String(run.runId)}/lines?limit=10`);
  await call('POST', `/v1/funding-runs/${String(run.runId)}/verify`);
  const key = (await call('POST', '/v1/api-keys', { name: 'one-query', scopes: ['read'], counties: ['441427'] })).json();
  await call('DELETE', `/v1/api-keys/${String(key.id)}`);
  await call('PUT', '/v1/teachers/ONE-QUERY', { name: '测试' });
  await call('DELETE', '/v1/teachers/ONE-QUERY');

  // A warning is emitted on the next tick of the query that caused it.
  await new Promise((resolve) => setImmediate(resolve));
  t.same(probe.overlaps, [], 'no query was sent to a connection still busy with another');
  t.same(warnings, [], 'pg printed no "already executing a query" deprecation');
});
