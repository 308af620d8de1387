import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { prepareDatabase } from '../src/startup.js';
import { TEST_CONFIG } from './helpers/app.js';
import { createTestDatabase } from './helpers/database.js';

const quiet = { info: () => {} };

// The start-up path of the process: on PGlite in a real data directory, or on a fresh PostgreSQL database.
const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-startup-'));
const server = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
t.teardown(async () => {
  await server?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});
const config = { databaseUrl: server?.url, dataDir, demoData: true, databasePoolSize: 2 };

const snapshot = async (database: Awaited<ReturnType<typeof prepareDatabase>>) => {
  const { rows } = await database.db.execute<{ migrations: number; schools: number; audit: number; latest: string }>(sql`
    SELECT (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS migrations,
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

  const app = await buildApp({ config: TEST_CONFIG, database: first });
  const res = await app.inject({ method: 'GET', url: '/v1/schools?countyCode=441427&limit=1000' });
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

  const second = await prepareDatabase(config, quiet);
  const after = await snapshot(second);
  t.same(after, before, 'same migrations, no reload: no new rows, audit events or updates');
  await second.close();
});

t.test('DEMO_DATA=false leaves an empty database empty', async (t) => {
  const emptyDir = mkdtempSync(path.join(tmpdir(), 'edu-empty-'));
  const other = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const database = await prepareDatabase({ ...config, dataDir: emptyDir, databaseUrl: other?.url, demoData: false }, quiet);
  const state = await snapshot(database);
  t.equal(state.schools, 0);
  await database.close();
  await other?.destroy();
  rmSync(emptyDir, { recursive: true, force: true });
});
