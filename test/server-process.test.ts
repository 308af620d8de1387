import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createTestDatabase } from './helpers/database.js';

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

  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    await new Promise((r) => setTimeout(r, 250));
    ready = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
  }
  t.ok(ready, 'ready after start-up');
  const health = await fetch(`http://127.0.0.1:${port}/health`);
  t.equal(health.status, 200);
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'exits 0');
  t.match(log, /"signal":"SIGTERM"/, 'logs the signal');
  t.match(log, /database closed/, 'closes the database');
  t.equal(await fetch(`http://127.0.0.1:${port}/health`).then(() => 'answered', () => 'refused'), 'refused', 'no longer listening');
});

t.test('a configuration mistake stops the process with a clear message', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, PORT: 'eighty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.equal(code, 2);
  t.match(err, /PORT must be an integer/);
});
