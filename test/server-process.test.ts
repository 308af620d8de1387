import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileTest } from './helpers/file-test.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createTestDatabase } from './helpers/database.js';

const t = fileTest(import.meta);

/**
 * The start-up of a real process on a busy machine (compiling the TypeScript, starting PGlite and migrating
 * take a minute or more when every core is shared): polled, with a deadline generous enough never to be the
 * reason a test fails, and given up at once if the process has exited.
 */
const STARTUP_DEADLINE_MS = 240_000;
async function readiness(url: string, exited: () => boolean): Promise<'ready' | 'exited' | 'deadline passed'> {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return 'ready';
    if (exited()) return 'exited';
    await new Promise((r) => setTimeout(r, 250));
  }
  return 'deadline passed';
}

// The real process: start, serve, and on SIGTERM stop accepting, finish, close the database, exit 0.
t.test('the server process starts, serves and shuts down gracefully on SIGTERM', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-proc-'));
  const server = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      BOOTSTRAP_ADMIN_TOKEN: '',
      CORS_ORIGINS: '',
      RATE_LIMIT_PER_MINUTE: '',
      ...(server?.url ? { DATABASE_URL: server.url } : { DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await server?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ready = await readiness(`http://127.0.0.1:${port}/ready`, () => child.exitCode !== null);
  t.equal(ready, 'ready', `ready after start-up\n${ready === 'ready' ? '' : log}`);
  const health = await fetch(`http://127.0.0.1:${port}/health`);
  t.equal(health.status, 200);
  // The first start made an admin key and wrote its token to <DATA_DIR>/admin-token.
  const token = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
  t.equal((await fetch(`http://127.0.0.1:${port}/v1/counties`)).status, 401, 'no token: 401');
  const counties = await fetch(`http://127.0.0.1:${port}/v1/counties`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(counties.status, 200, 'the bootstrap admin token works');
  t.equal(counties.headers.get('x-ratelimit-limit'), '1200', 'the default rate limit applies per key');
  t.notOk(log.includes(`"authorization"`), 'the authorization header is never logged');
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'exits 0');
  t.match(log, /"signal":"SIGTERM"/, 'logs the signal');
  t.match(log, /database closed/, 'closes the database');
  t.equal(await fetch(`http://127.0.0.1:${port}/health`).then(() => 'answered', () => 'refused'), 'refused', 'no longer listening');
});

t.test('a configuration mistake stops the process with a clear message', async (t) => {
  // Every mistake's message comes from the configuration loader, the first thing the process calls.
  // Starting a process costs seconds of CPU (compiling and loading the whole service), so each mistake
  // is checked on the loader and one of them on a real process, where any ConfigError takes the same path.
  const mistakes = [
    ['BOOTSTRAP_ADMIN_TOKEN', 'short', /BOOTSTRAP_ADMIN_TOKEN must be 24 to 512/],
    ['CORS_ORIGINS', 'https://a.example/path', /CORS_ORIGINS: "https:\/\/a.example\/path" is not an origin/],
    ['RATE_LIMIT_PER_MINUTE', '-1', /RATE_LIMIT_PER_MINUTE must be an integer/],
    ['PORT', 'eighty', /PORT must be an integer/],
  ] as const;
  for (const [name, value, message] of mistakes) {
    const error = (() => {
      try {
        loadConfig({ ...process.env, [name]: value });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    t.ok(error instanceof ConfigError, `${name}=${value} is a configuration mistake`);
    t.match((error as Error | undefined)?.message, message);
  }

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, PORT: 'eighty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.equal(code, 2, 'the process stops with exit code 2');
  t.match(err, /^configuration error: PORT must be an integer/m, 'and says why on stderr');
});
