import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * Embedded PGlite serves one process at a time: a second process that opens the same data directory
 * neither sees the first one's writes nor keeps its own (the first overwrites them). So whoever opens a
 * PGlite data directory (the server, `npm run key:create`) first claims it with this file, and anyone who
 * finds it claimed by a live process refuses to open the directory.
 */
export const DATA_DIR_LOCK_FILE = 'data-dir.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** What holds the directory: `server`, `key:create`. */
  by: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
    readonly checkable: boolean,
  ) {
    const who = `${holder.by} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
    super(
      checkable
        ? `the data directory ${path.dirname(lockFile)} is in use by a running ${who}. Embedded PGlite serves one ` +
            'process at a time: stop that process first, or set DATABASE_URL to use PostgreSQL, which serves many.'
        : `the data directory ${path.dirname(lockFile)} is claimed by ${who}, a process on another host that cannot be ` +
            `checked from here. If it is not running, delete ${lockFile} and try again.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  lockFile: string;
  /** A lock left by a process on another host, taken over (only with `foreignLock: 'take-over'`). */
  tookOverFrom?: LockHolder;
  /** Deletes the lock file if it is still this process's; safe to call more than once. */
  release(): void;
}

/** Lock files this process holds now: its own pid in a lock file is stale unless the file is in here. */
const heldHere = new Set<string>();

function readHolder(lockFile: string): { holder: LockHolder | undefined; raw: string } | undefined {
  let raw: string;
  try {
    raw = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockHolder>;
    if (Number.isInteger(parsed.pid) && typeof parsed.host === 'string' && typeof parsed.by === 'string' && typeof parsed.since === 'string')
      return { holder: parsed as LockHolder, raw };
  } catch {
    // An unreadable lock file names no process that could be running: it is stale.
  }
  return { holder: undefined, raw };
}

/** Whether the process named by a lock on this host still runs (EPERM: it runs as another user). */
function runsHere(lockFile: string, pid: number): boolean {
  // The same pid as ours is this process (a container's server is pid 1 on every start): live only if
  // this process took the lock and still holds it.
  if (pid === process.pid) return heldHere.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes a lock file only while it still holds `raw`, so a lock just taken by another process stays. */
function removeIfUnchanged(lockFile: string, raw: string): void {
  try {
    if (readFileSync(lockFile, 'utf8') === raw) unlinkSync(lockFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Claims a PGlite data directory for this process, or throws DataDirInUseError when a live process holds
 * it. A lock left behind by a process that no longer runs (killed, crashed) is replaced. A lock from
 * another host (a container sharing the directory, a network file system) cannot be checked: `refuse`
 * treats it as live, `take-over` replaces it (the caller logs `tookOverFrom`).
 */
export function lockDataDir(dataDir: string, options: { by: string; foreignLock: 'refuse' | 'take-over' }): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(path.resolve(dataDir), DATA_DIR_LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, host: hostname(), by: options.by, since: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written aside and linked into place: the lock file appears whole or not at all, and link fails
    // when it exists, so of two processes starting together exactly one gets it.
    const draft = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, content, { mode: 0o644 });
    let linked = false;
    try {
      linkSync(draft, lockFile);
      linked = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
    if (linked) {
      heldHere.add(lockFile);
      const onExit = () => release();
      const release = () => {
        process.removeListener('exit', onExit);
        if (!heldHere.delete(lockFile)) return;
        removeIfUnchanged(lockFile, content);
      };
      // A process that exits without closing its database (process.exit after an error) leaves no lock.
      process.on('exit', onExit);
      return { lockFile, release, ...(tookOverFrom ? { tookOverFrom } : {}) };
    }
    const found = readHolder(lockFile);
    if (!found) continue;
    const { holder, raw } = found;
    if (holder) {
      if (holder.host === mine.host) {
        if (runsHere(lockFile, holder.pid)) throw new DataDirInUseError(lockFile, holder, true);
      } else if (options.foreignLock === 'refuse') throw new DataDirInUseError(lockFile, holder, false);
      else tookOverFrom = holder;
    }
    removeIfUnchanged(lockFile, raw);
  }
  throw new Error(`could not claim ${lockFile}: it keeps changing; is another process starting on this data directory?`);
}
