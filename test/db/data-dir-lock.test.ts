import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileTest } from '../helpers/file-test.js';
import { DATA_DIR_LOCK_FILE, DataDirInUseError, lockDataDir, type LockHolder } from '../../src/db/data-dir-lock.js';

const t = fileTest(import.meta);

// Claiming a PGlite data directory: one live process at a time, stale claims replaced.
const root = mkdtempSync(path.join(tmpdir(), 'edu-lock-'));
t.teardown(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = path.join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const lockOf = (dir: string) => path.join(dir, DATA_DIR_LOCK_FILE);
const holderIn = (dir: string) => JSON.parse(readFileSync(lockOf(dir), 'utf8')) as LockHolder;
const writeHolder = (dir: string, holder: Partial<LockHolder>) =>
  writeFileSync(lockOf(dir), JSON.stringify({ host: hostname(), by: 'server', since: '2026-12-01T00:00:00.000Z', ...holder }));

const childScript = (dir: string, then: string) =>
  `import { lockDataDir } from './src/db/data-dir-lock.ts';\n` +
  `lockDataDir(${JSON.stringify(dir)}, { by: 'server', foreignLock: 'refuse' });\n` +
  `console.log('locked');\n${then}`;

/** Runs TypeScript in a child node process from the repository root; resolves when it prints `locked`. */
function child(code: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const locked = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('locked')) resolve();
    });
    proc.stderr.on('data', (d) => (err += d));
    void exited.then(() => (out.includes('locked') ? resolve() : reject(new Error(`child exited before locking: ${err}`))));
  });
  return { proc, exited, locked };
}

t.test('claims a directory (creating it), refuses a second claim, and frees it on release', async (t) => {
  const dir = path.join(root, 'not-yet', 'data');
  const lock = lockDataDir(dir, { by: 'server', foreignLock: 'refuse' });
  t.equal(lock.lockFile, lockOf(dir));
  t.match(holderIn(dir), { pid: process.pid, host: hostname(), by: 'server' });
  t.throws(() => lockDataDir(dir, { by: 'key:create', foreignLock: 'take-over' }), DataDirInUseError, 'a live holder is never taken over');
  t.same(readdirSync(dir), [DATA_DIR_LOCK_FILE], 'no draft files are left beside it');
  lock.release();
  t.notOk(existsSync(lockOf(dir)), 'released: the file is gone');
  lock.release();
  const again = lockDataDir(dir, { by: 'key:create', foreignLock: 'refuse' });
  t.equal(holderIn(dir).by, 'key:create', 'free to claim again');
  again.release();
});

t.test('a live process on this host holds the directory: refused, with who and what to do', async (t) => {
  const dir = freshDir();
  const holder = child(childScript(dir, 'setInterval(() => {}, 1000);'));
  t.teardown(() => void holder.proc.kill('SIGKILL'));
  await holder.locked;
  const error = t.throws(() => lockDataDir(dir, { by: 'key:create', foreignLock: 'refuse' })) as DataDirInUseError;
  t.ok(error instanceof DataDirInUseError);
  t.match(error.holder, { pid: holder.proc.pid, by: 'server' });
  t.match(error.message, new RegExp(`in use by a running server \\(pid ${holder.proc.pid} `));
  t.match(error.message, /stop that process first, or set DATABASE_URL/);
  t.equal(holderIn(dir).pid, holder.proc.pid, 'the holder keeps its lock');

  // Killed without a chance to clean up: the lock stays, but names a process that no longer runs.
  holder.proc.kill('SIGKILL');
  await holder.exited;
  t.equal(holderIn(dir).pid, holder.proc.pid, 'a killed process leaves its lock behind');
  const lock = lockDataDir(dir, { by: 'key:create', foreignLock: 'refuse' });
  t.equal(holderIn(dir).pid, process.pid, 'the stale lock was replaced');
  lock.release();
});

t.test('a process that exits without releasing (process.exit after an error) leaves no lock', async (t) => {
  const dir = freshDir();
  const holder = child(childScript(dir, 'process.exit(1);'));
  await holder.locked;
  t.equal(await holder.exited, 1);
  t.notOk(existsSync(lockOf(dir)), 'removed on exit');
});

t.test('stale locks: this pid from an earlier life (a container restart), an unreadable file', async (t) => {
  const dir = freshDir();
  writeHolder(dir, { pid: process.pid });
  const lock = lockDataDir(dir, { by: 'server', foreignLock: 'refuse' });
  t.not(holderIn(dir).since, '2026-12-01T00:00:00.000Z', 'our own pid, not claimed by us: replaced');
  lock.release();

  writeFileSync(lockOf(dir), '{"pid":');
  lockDataDir(dir, { by: 'server', foreignLock: 'refuse' }).release();
  t.notOk(existsSync(lockOf(dir)), 'a half-written or damaged lock names nobody: replaced, then released');
});

t.test('a lock from another host cannot be checked: refuse names the file to delete, take-over reports it', async (t) => {
  const dir = freshDir();
  writeHolder(dir, { pid: 1, host: 'another-container' });
  const error = t.throws(() => lockDataDir(dir, { by: 'key:create', foreignLock: 'refuse' })) as DataDirInUseError;
  t.ok(error instanceof DataDirInUseError);
  t.match(error.message, /another host that cannot be checked from here/);
  t.ok(error.message.includes(`delete ${lockOf(dir)}`), 'says which file to delete');
  t.equal(holderIn(dir).host, 'another-container', 'refusing changes nothing');

  const lock = lockDataDir(dir, { by: 'server', foreignLock: 'take-over' });
  t.match(lock.tookOverFrom, { pid: 1, host: 'another-container' });
  t.equal(holderIn(dir).pid, process.pid);
  lock.release();
});

t.test('release leaves a lock that is no longer this process’s alone', async (t) => {
  const dir = freshDir();
  const lock = lockDataDir(dir, { by: 'server', foreignLock: 'refuse' });
  writeHolder(dir, { pid: 1, host: 'another-container', since: '2026-12-02T00:00:00.000Z' });
  lock.release();
  t.equal(holderIn(dir).host, 'another-container', 'someone else’s lock stays');
});
