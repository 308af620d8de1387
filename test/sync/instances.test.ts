import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { fileTest } from '../helpers/file-test.js';
import { migrationsFolder } from '../../src/db/migrate.js';
import { acquireStartupLock, STARTUP_LOCK_KEY, StartupLockTimeoutError } from '../../src/db/startup-lock.js';
import { buildJiaolingDemo, demoPolicies } from '../../src/demo/jiaoling.js';
import { hashToken } from '../../src/services/api-keys.js';
import { shippedPolicyCatalog } from '../../src/services/policy-files.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// Many instances, one database (docs/deployment.md, "Many instances"): the start-up steps run under a
// PostgreSQL advisory lock (src/db/startup-lock.ts), so instances started together do each step once.
const SKIP = process.env.DATABASE_URL
  ? false
  : 'PostgreSQL only (DATABASE_URL unset): a PGlite data directory serves one process (src/db/data-dir-lock.ts; a second one is refused, test/db/data-dir-lock.test.ts), so there are no instances to start together';

/** Start-up of a real process on a busy machine (compiling the TypeScript, migrating, the demo load): generous, never the reason a test fails. */
const DEADLINE_MS = 300_000;

async function until(what: () => boolean | Promise<boolean>, deadline: number, stop: () => boolean = () => false): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await what()) return true;
    if (stop()) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const holderClient = async (url: string, name: string) => {
  const client = new pg.Client({ connectionString: url, application_name: name });
  await client.connect();
  return client;
};

t.test('a waiting instance logs what it waits for, and gives up after its timeout naming the holder', { skip: SKIP }, async (t) => {
  const database = await createTestDatabase({ migrate: false });
  const holder = await holderClient(database.url as string, 'the test holding the lock');
  t.teardown(async () => {
    await holder.end().catch(() => {});
    await database.destroy();
  });
  await holder.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);

  const logged: string[] = [];
  const logger = { info: (_: object, msg: string) => void logged.push(msg), warn: (_: object, msg: string) => void logged.push(msg) };
  const started = Date.now();
  const error = await acquireStartupLock({ databaseUrl: database.url as string, logger, timeoutMs: 600, logEveryMs: 200 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof StartupLockTimeoutError, 'StartupLockTimeoutError');
  t.ok(Date.now() - started >= 500, 'after about the timeout');
  t.match((error as StartupLockTimeoutError).message, /held by the test holding the lock \(pid \d+\)/, 'the message names the holder');
  t.match(logged[0], /^waiting for the start-up lock/, 'the wait is logged at once');
  t.ok(logged.includes('still waiting for the start-up lock'), 'and again while it lasts');

  await holder.query('SELECT pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]);
  logged.length = 0;
  const lock = await acquireStartupLock({ databaseUrl: database.url as string, logger });
  t.same(logged, [], 'a free lock is taken without a word');
  t.equal((await holder.query('SELECT pg_try_advisory_lock($1::bigint) AS got', [STARTUP_LOCK_KEY])).rows[0]?.got, false, 'held while the steps run');
  await lock.release();
  t.equal((await holder.query('SELECT pg_try_advisory_lock($1::bigint) AS got', [STARTUP_LOCK_KEY])).rows[0]?.got, true, 'free once released');
});

interface Instance {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  dataDir: string;
  stdout: string;
  stderr: string;
}

t.test('three instances started together on an empty database: each start-up step happens once', { skip: SKIP }, async (t) => {
  const database = await createTestDatabase({ migrate: false });
  const url = database.url as string;
  // The gate holds the start-up lock until all three are waiting for it, so they start truly together
  // however long each takes to compile and connect.
  const gate = await holderClient(url, 'the test gate');
  await gate.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
  const basePort = 20000 + Math.floor(Math.random() * 20000);
  const instances: Instance[] = [0, 1, 2].map((i) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), `edu-instance-${i}-`));
    const port = basePort + i;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_DATA: 'true',
        LOG_LEVEL: 'info',
        BOOTSTRAP_ADMIN_TOKEN: '',
        CORS_ORIGINS: '',
        RATE_LIMIT_PER_MINUTE: '',
        POLICIES_DIR: '',
        // A busy machine's demo load may take longer than the default statement limit.
        STATEMENT_TIMEOUT_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance: Instance = { child, port, dataDir, stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (instance.stdout += d));
    child.stderr.on('data', (d) => (instance.stderr += d));
    return instance;
  });
  const exited = (i: Instance) => i.child.exitCode !== null || i.child.signalCode !== null;
  t.teardown(async () => {
    await gate.end().catch(() => {});
    await Promise.all(
      instances.map(async (i) => {
        if (exited(i)) return;
        const gone = new Promise((r) => i.child.once('exit', r));
        i.child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
        if (!exited(i)) i.child.kill('SIGKILL');
      }),
    );
    await database.destroy();
    for (const i of instances) rmSync(i.dataDir, { recursive: true, force: true });
  });
  const logs = () => instances.map((i, n) => `--- instance ${n} stdout\n${i.stdout}\n--- stderr\n${i.stderr}`).join('\n');

  const deadline = Date.now() + DEADLINE_MS;
  const allWaiting = await until(() => instances.every((i) => i.stdout.includes('waiting for the start-up lock')), deadline, () => instances.some(exited));
  t.ok(allWaiting, `all three wait for the start-up lock${allWaiting ? '' : `\n${logs()}`}`);
  await gate.query('SELECT pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]);

  const ready = await Promise.all(
    instances.map((i) => until(() => fetch(`http://127.0.0.1:${i.port}/ready`).then((r) => r.ok, () => false), deadline, () => exited(i))),
  );
  t.same(ready, [true, true, true], `all three become ready${ready.every(Boolean) ? '' : `\n${logs()}`}`);

  // Each migration once.
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const { rows: migrations } = await gate.query<{ runs: number; hashes: number }>(
    'SELECT count(*)::int AS runs, count(DISTINCT hash)::int AS hashes FROM drizzle.__drizzle_migrations',
  );
  t.same(migrations[0], { runs: journal.entries.length, hashes: journal.entries.length }, 'every migration recorded once');

  // One generated admin key, its token written by the instance that made it, and by no other.
  const { rows: keys } = await gate.query<{ token_hash: string; name: string }>('SELECT token_hash, name FROM api_keys');
  t.same(keys.map((k) => k.name), ['bootstrap-admin'], 'one bootstrap admin key');
  const tokenFiles = instances.map((i) => path.join(i.dataDir, 'admin-token')).filter((f) => existsSync(f));
  t.equal(tokenFiles.length, 1, 'one instance wrote the admin-token file');
  const token = tokenFiles[0] ? readFileSync(tokenFiles[0], 'utf8').trim() : '';
  t.equal(hashToken(token), keys[0]?.token_hash, 'the file holds the token of that key');

  // The demo loaded once: every table holds exactly one load's rows.
  const bundle = buildJiaolingDemo(undefined, demoPolicies(shippedPolicyCatalog()));
  const tables = { counties: 'counties', towns: 'towns', schools: 'schools', schoolYears: 'school_years', classes: 'classes', teachers: 'teachers', teacherYears: 'teacher_years', countyFacts: 'county_facts' } as const;
  for (const [collection, table] of Object.entries(tables)) {
    const { rows } = await gate.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    t.equal(rows[0]?.n, bundle[collection as keyof typeof tables].length, `${table}: one demo load's rows`);
  }

  // The policy files were written by the first instance; the others found them unchanged and wrote
  // nothing, so the catalog's data version rose once per profile, not once per profile and instance.
  const { rows: catalogVersion } = await gate.query<{ v: number }>(`SELECT version::int AS v FROM data_versions WHERE county_code = '*' AND year = 0`);
  t.equal(catalogVersion[0]?.v, shippedPolicyCatalog().definitions.length, 'the shipped policies synced once');

  // The logs: each step's one-time line from one instance, every instance through the lock, no errors.
  const count = (text: string) => instances.filter((i) => i.stdout.includes(text)).length;
  t.equal(count('demo county loaded'), 1, 'one instance loaded the demo');
  t.equal(count('no API keys existed: created an admin key'), 1, 'one instance made the admin key');
  t.equal(count('start-up lock taken'), 3, 'each took the lock in turn');
  const lines = instances.flatMap((i) => i.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string }));
  t.same(lines.filter((l) => l.level >= 50), [], 'no error in any log');
  t.same(instances.map((i) => i.stderr.trim()), ['', '', ''], 'nothing on stderr');

  // Every instance serves the one county with the one token.
  for (const [n, i] of instances.entries()) {
    const r = await fetch(`http://127.0.0.1:${i.port}/v1/counties`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(r.status, 200, `instance ${n} accepts the token`);
    t.equal(((await r.json()) as { total: number }).total, 1, `instance ${n} sees one county`);
  }
});
