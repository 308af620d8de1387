import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connection.js';
import { DATA_DIR_LOCK_FILE } from '../../src/db/data-dir-lock.js';
import { hashToken } from '../../src/services/api-keys.js';
import { bearer, TEST_CONFIG } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// `npm run key:create` on the configured database: PGlite in DATA_DIR, or PostgreSQL with DATABASE_URL.
const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-cli-'));
const server = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
t.teardown(async () => {
  await server?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const repo = path.resolve(import.meta.dirname, '../..');
const pglite = !server;

/** Runs a command to its end; `env` overrides this file's database settings. */
const exec = (command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repo,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: server?.url ?? '', LOG_LEVEL: 'silent', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });

/** The script as `npm run key:create` runs it, with the V8 flags of the test processes (.taprc). */
const run = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, ['--max-opt=2', '--liftoff-only', '--import', 'tsx', 'scripts/create-api-key.ts', ...args], { env });

/** The key a token belongs to, read from the database of `dir` (or this file's PostgreSQL database). */
const keyOfToken = async (token: string, dir = dataDir) => {
  const database = await openDatabase({ databaseUrl: server?.url, dataDir: dir });
  const { rows } = await database.db.execute<{ name: string; scopes: string[]; counties: string[] }>(
    sql`SELECT name, scopes, counties FROM api_keys WHERE token_hash = ${hashToken(token)}`,
  );
  await database.close();
  return rows;
};

t.test('makes a key and prints its token once, on stdout alone', async (t) => {
  const r = await run(['--name', 'sync', '--scopes', 'read,write', '--counties', '441427', '--expires', '2099-01-01']);
  t.equal(r.code, 0, r.err);
  const token = r.out.trim();
  t.match(token, /^edu_[A-Za-z0-9_-]{43}$/, 'stdout is just the token');
  t.match(r.err, /made key .* "sync": scopes read,write; counties 441427; expires 2099-01-01T00:00:00.000Z/);
  t.same(await keyOfToken(token), [{ name: 'sync', scopes: ['read', 'write'], counties: ['441427'] }]);
  if (pglite) t.notOk(existsSync(path.join(dataDir, DATA_DIR_LOCK_FILE)), 'the data directory is free again');
});

t.test('bad arguments: exit 2 with the reason and the usage', async (t) => {
  for (const [args, message] of [
    [['--scopes', 'read', '--counties', '*'], /--name is required/],
    [['--name', 'x', '--scopes', 'root', '--counties', '*'], /\/scopes\/0: must be one of/],
    [['--name', 'x', '--scopes', 'read', '--counties', '44'], /\/counties\/0: must be a 6-digit county code/],
    [['--name', 'x', '--scopes', 'read', '--counties', '*', '--expires', 'soon'], /--expires: "soon" is not a date/],
    [['--name', 'x', '--scopes', 'read', '--counties', '*', '--expires', '2001-01-01'], /must be in the future/],
    [['--name', 'x', '--bogus'], /Unknown option/],
    [['--admin', '--scopes', 'read'], /--name is required/],
    [['--admin', '--name', 'x', '--scopes', 'read'], /--admin means scopes admin and counties \*: leave out --scopes and --counties/],
    [['--admin', '--name', 'x', '--counties', '441427'], /--admin means scopes admin and counties \*/],
    [['--name', 'x', '--counties', '*'], /--scopes is required \(or --admin\)/],
  ] as const) {
    const r = await run([...args]);
    t.equal(r.code, 2, `${args.join(' ')}: exit 2`);
    t.match(r.err, message);
    t.equal(r.out, '', 'no token printed');
  }
  // A key the service would refuse is refused before the database is opened (or, on PGlite, made).
  const untouched = path.join(dataDir, 'never-made');
  const refused = await run(['--name', 'x', '--scopes', 'read', '--counties', '4414'], { DATA_DIR: untouched });
  t.equal(refused.code, 2);
  t.match(refused.err, /the key cannot be made:\n {2}\/counties\/0: must be a 6-digit county code/);
  t.notOk(existsSync(untouched), 'no data directory made');
});

t.test('locked out (no admin key left): --admin makes an admin key for every county that manages keys again', async (t) => {
  const database = await openDatabase({ databaseUrl: server?.url, dataDir });
  await database.db.execute(sql`UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL`);
  await database.close();
  const r = await run(['--admin', '--name', 'recovery-admin']);
  t.equal(r.code, 0, r.err);
  t.match(r.err, /"recovery-admin": scopes admin; counties \*; no expiry/);
  const token = r.out.trim();
  t.same(await keyOfToken(token), [{ name: 'recovery-admin', scopes: ['admin'], counties: ['*'] }]);
  const reopened = await openDatabase({ databaseUrl: server?.url, dataDir });
  const app = await buildApp({ config: TEST_CONFIG, database: reopened });
  t.equal((await app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(token) })).statusCode, 200, 'it manages keys');
  await app.close();
  await reopened.close();
});

t.test('npm run key:create runs the script from this checkout (tsx is installed)', async (t) => {
  const r = await exec('npm', ['run', '-s', 'key:create', '--', '--name', 'via-npm', '--scopes', 'read', '--counties', '*']);
  t.equal(r.code, 0, r.err);
  t.same(await keyOfToken(r.out.trim()), [{ name: 'via-npm', scopes: ['read'], counties: ['*'] }], 'stdout is the token alone');
  const bad = await exec('npm', ['run', '-s', 'key:create', '--', '--name', 'x']);
  t.not(bad.code, 0, 'the exit code comes through npm');
  t.match(bad.err, /--scopes is required/);
});

t.test('scripts/run-script.mjs: source with tsx, else the compiled script, else a clear error', async (t) => {
  // A copy of the launcher in an installation without node_modules (so without tsx), like the Docker image.
  const install = mkdtempSync(path.join(tmpdir(), 'edu-run-script-'));
  t.teardown(() => rmSync(install, { recursive: true, force: true }));
  mkdirSync(path.join(install, 'scripts'));
  cpSync(path.join(repo, 'scripts', 'run-script.mjs'), path.join(install, 'scripts', 'run-script.mjs'));
  writeFileSync(path.join(install, 'scripts', 'echo-args.ts'), 'console.log("from source");\n');
  const launch = (...args: string[]) => exec(process.execPath, [path.join(install, 'scripts', 'run-script.mjs'), ...args], { cwd: install });

  let r = await launch('echo-args', '--name', 'x');
  t.equal(r.code, 1, 'nothing it can run');
  t.match(r.err, /cannot run echo-args: tsx is not installed .* is not built \(npm run build\)/);

  mkdirSync(path.join(install, 'dist', 'scripts'), { recursive: true });
  writeFileSync(
    path.join(install, 'dist', 'scripts', 'echo-args.js'),
    'console.log(JSON.stringify(process.argv.slice(2))); process.exitCode = Number(process.env.EXIT_WITH ?? 0);\n',
  );
  r = await launch('echo-args', '--name', 'x y', '--admin');
  t.equal(r.code, 0, r.err);
  t.same(JSON.parse(r.out), ['--name', 'x y', '--admin'], 'the compiled script gets the arguments as given');
  r = await exec(process.execPath, [path.join(install, 'scripts', 'run-script.mjs'), 'echo-args'], { cwd: install, env: { EXIT_WITH: '3' } });
  t.equal(r.code, 3, 'and its exit code is passed on');
  r = await launch('../../etc/passwd');
  t.equal(r.code, 2, 'only script names, no paths');

  // In this checkout tsx is installed, so the source runs even though a compiled copy may exist.
  r = await exec(process.execPath, ['scripts/run-script.mjs', 'create-api-key', '--help']);
  t.equal(r.code, 0, r.err);
  t.match(r.out, /usage: npm run key:create/);
});

t.test('PGlite: refused while a server has the data directory open; works once it stops', { skip: pglite ? false : 'PGlite only: PostgreSQL serves many processes' }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-cli-busy-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const startServer = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: repo,
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false', LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, err: () => err };
  };
  const first = startServer();
  t.teardown(() => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  let ready = false;
  for (let i = 0; i < 240 && !ready && first.child.exitCode === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ready = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
  }
  t.ok(ready, `the server is ready ${first.err()}`);
  const lockFile = path.join(dir, DATA_DIR_LOCK_FILE);
  t.match(JSON.parse(readFileSync(lockFile, 'utf8')), { pid: first.child.pid, by: 'server' }, 'the server claimed its data directory');

  const refused = await run(['--admin', '--name', 'too-early'], { DATA_DIR: dir, DATABASE_URL: '' });
  t.equal(refused.code, 3, 'exit 3');
  t.equal(refused.out, '', 'no token printed');
  t.match(refused.err, new RegExp(`in use by a running server \\(pid ${first.child.pid} `));
  t.match(refused.err, /stop that process first, or set DATABASE_URL.*No key was made/s);

  const second = startServer();
  t.equal(await second.exited, 1, 'a second server on the same directory stops at once');
  t.match(second.err(), /cannot start: the data directory .* is in use by a running server/);
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200, 'the first server is unaffected');

  first.child.kill('SIGTERM');
  t.equal(await first.exited, 0);
  t.notOk(existsSync(lockFile), 'a stopped server frees the directory');
  const made = await run(['--admin', '--name', 'after-stop'], { DATA_DIR: dir, DATABASE_URL: '' });
  t.equal(made.code, 0, made.err);
  t.same(await keyOfToken(made.out.trim(), dir), [{ name: 'after-stop', scopes: ['admin'], counties: ['*'] }]);
  const { rows } = await (async () => {
    const database = await openDatabase({ dataDir: dir });
    const result = await database.db.execute<{ name: string }>(sql`SELECT name FROM api_keys ORDER BY created_at`);
    await database.close();
    return result;
  })();
  t.same(rows.map((r) => r.name), ['bootstrap-admin', 'after-stop'], 'only the bootstrap key and the one made after the stop');
});

t.test('PGlite: a lock left by a killed process does not block; one from another host names the file to delete', { skip: pglite ? false : 'PGlite only' }, async (t) => {
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.on('exit', resolve));
  const lockFile = path.join(dataDir, DATA_DIR_LOCK_FILE);
  writeFileSync(lockFile, JSON.stringify({ pid: gone.pid, host: hostname(), by: 'server', since: '2026-12-01T00:00:00.000Z' }));
  const r = await run(['--name', 'after-crash', '--scopes', 'read', '--counties', '*']);
  t.equal(r.code, 0, r.err);
  t.notOk(existsSync(lockFile), 'the stale lock is gone');

  writeFileSync(lockFile, JSON.stringify({ pid: 1, host: 'another-container', by: 'server', since: '2026-12-01T00:00:00.000Z' }));
  const foreign = await run(['--name', 'x', '--scopes', 'read', '--counties', '*']);
  t.equal(foreign.code, 3);
  t.ok(foreign.err.includes(`If it is not running, delete ${lockFile} and try again`), foreign.err);
  t.equal(foreign.out, '');
  rmSync(lockFile);
});
