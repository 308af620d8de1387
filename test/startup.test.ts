import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { fileTest } from './helpers/file-test.js';
import { buildApp } from '../src/app.js';
import { hashToken } from '../src/services/api-keys.js';
import { prepareDatabase } from '../src/startup.js';
import { openDatabase } from '../src/db/connection.js';
import { isStatementTimeout } from '../src/services/db-errors.js';
import { TEST_CONFIG } from './helpers/app.js';
import { createTestDatabase } from './helpers/database.js';

const t = fileTest(import.meta);

const logged: unknown[] = [];
const quiet = { info: () => {}, warn: (obj: unknown) => void logged.push(obj) };

// The start-up path of the process: on PGlite in a real data directory, or on a fresh PostgreSQL database.
const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-startup-'));
const server = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
t.teardown(async () => {
  await server?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});
const config = { databaseUrl: server?.url, dataDir, demoData: true, databasePoolSize: 2 };

const snapshot = async (database: Awaited<ReturnType<typeof prepareDatabase>>) => {
  const { rows } = await database.db.execute<{ migrations: number; schools: number; audit: number; latest: string; keys: number }>(sql`
    SELECT (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS migrations,
           (SELECT count(*)::int FROM api_keys) AS keys,
           (SELECT count(*)::int FROM schools) AS schools,
           (SELECT count(*)::int FROM audit_events) AS audit,
           (SELECT max(updated_at)::text FROM teacher_years) AS latest`);
  return rows[0]!;
};

t.test('first start migrates and loads the demo county; the second does neither again', async (t) => {
  const first = await prepareDatabase(config, quiet);
  const before = await snapshot(first);
  t.ok(before.migrations >= 2, 'migrations recorded');
  t.ok(before.schools >= 30, `demo schools loaded (${before.schools})`);
  t.ok(before.audit > 1000, 'the demo load went through the audited write path');

  // docs/api.md: an empty key table gets a generated admin key, logged once and written to <dataDir>/admin-token.
  t.equal(before.keys, 1, 'one admin key was made');
  const tokenFile = path.join(dataDir, 'admin-token');
  const token = readFileSync(tokenFile, 'utf8').trim();
  t.match(token, /^edu_[A-Za-z0-9_-]{43}$/, 'a generated token with the edu_ prefix');
  t.equal(statSync(tokenFile).mode & 0o777, 0o600, 'the token file is readable by its owner only');
  t.ok(logged.some((l) => (l as { token?: string }).token === token), 'the token is logged once');
  const { rows: stored } = await first.db.execute<{ token_hash: string; scopes: string[]; counties: string[] }>(sql`SELECT token_hash, scopes, counties FROM api_keys`);
  t.equal(stored[0]?.token_hash, hashToken(token), 'only the hash is stored');
  t.same([stored[0]?.scopes, stored[0]?.counties], [['admin'], ['*']]);

  const app = await buildApp({ config: TEST_CONFIG, database: first });
  t.equal((await app.inject({ method: 'GET', url: '/v1/schools' })).statusCode, 401, 'no token, no data');
  const res = await app.inject({ method: 'GET', url: '/v1/schools?countyCode=441427&limit=1000', headers: { authorization: `Bearer ${token}` } });
  t.equal(res.statusCode, 200);
  const schools = res.json().items as { kind: string; boarding: boolean; townCode: string }[];
  t.equal(schools.length, before.schools);
  for (const kind of ['kindergarten', 'primary', 'teaching_point', 'junior', 'nine_year', 'complete_secondary', 'senior', 'special'])
    t.ok(schools.some((s) => s.kind === kind), `the demo has a ${kind}`);
  const boardingTowns = schools.filter((s) => s.boarding).map((s) => s.townCode);
  t.ok(['441427110', '441427108', '441427104'].every((town) => boardingTowns.includes(town)), 'boarding schools in 南礤, 蓝坊, 新铺');
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 200);
  await app.close();
  await first.close();

  const loggedBefore = logged.length;
  const second = await prepareDatabase(config, quiet);
  const after = await snapshot(second);
  t.same(after, before, 'same migrations, no reload: no new rows, keys, audit events or updates');
  t.equal(logged.length, loggedBefore, 'no second token is logged');
  await second.close();
});

t.test('BOOTSTRAP_ADMIN_TOKEN ensures an admin key with that token, once; no token file is written; DEMO_DATA=false leaves the database empty', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-bootstrap-'));
  const other = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const token = 'bootstrap-token-for-the-startup-test-0123456789';
  const cfg = { ...config, dataDir: dir, databaseUrl: other?.url, demoData: false, bootstrapAdminToken: token };
  let database = await prepareDatabase(cfg, quiet);
  await database.close();
  database = await prepareDatabase(cfg, quiet);
  const { rows } = await database.db.execute<{ token_hash: string; scopes: string[] }>(sql`SELECT token_hash, scopes FROM api_keys`);
  t.equal(rows.length, 1, 'one key, however often the service starts');
  t.equal(rows[0]?.token_hash, hashToken(token));
  t.notOk(existsSync(path.join(dir, 'admin-token')), 'the operator already knows the token');
  t.equal((await snapshot(database)).schools, 0, 'DEMO_DATA=false: no demo county in the new database');
  const app = await buildApp({ config: TEST_CONFIG, database });
  t.equal((await app.inject({ method: 'GET', url: '/v1/api-keys', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  await app.close();
  await database.close();
  await other?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

t.test('PostgreSQL cancels statements past STATEMENT_TIMEOUT_MS', { skip: process.env.DATABASE_URL ? false : 'PostgreSQL only: PGlite has no statement timeout' }, async (t) => {
  const other = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: other.url, statementTimeoutMs: 200 });
  const { rows } = await database.db.execute<{ timeout: string }>(sql`SELECT current_setting('statement_timeout') AS timeout`);
  t.equal(rows[0]?.timeout, '200ms');
  const error = await database.db.execute(sql`SELECT pg_sleep(2)`).then(() => undefined, (e: unknown) => e);
  t.ok(isStatementTimeout(error), 'cancelled by the statement timeout (57014)');
  await database.close();
  await other.destroy();
});
