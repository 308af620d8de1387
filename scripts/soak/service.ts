// The service under test as a real process (`node dist/src/server.js`, or the TypeScript sources through
// tsx), started on a fixed port so that a restart after SIGKILL answers at the same address, with its
// resident memory sampled from /proc/<pid>/status.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export interface ServiceOptions {
  root: string;
  mode: 'dist' | 'tsx';
  port: number;
  databaseUrl: string;
  adminToken: string;
  rateLimitPerMinute: number;
  dataDir: string;
  logFile: string;
}

/** A start-up on a busy machine: compiling (tsx) and migrating can take a minute when every core is shared. */
const READY_DEADLINE_MS = 240_000;

export interface RssSample {
  t: number;
  pid: number;
  rssKb: number;
}

export class ServiceProcess {
  private child: ChildProcess | undefined;
  private readonly log: WriteStream;
  /** Process ids in start order, with the run time each started at. */
  readonly lifetimes: { pid: number; startedAt: number; endedAt?: number }[] = [];
  /** Exits nobody asked for (a crash), with the time and the exit code or signal. */
  readonly unexpectedExits: string[] = [];
  private stopping = false;

  constructor(
    private readonly options: ServiceOptions,
    private readonly clock: () => number,
  ) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Starts the process and waits until /ready answers 200. */
  async start(): Promise<void> {
    const o = this.options;
    const args = o.mode === 'dist' ? ['dist/src/server.js'] : ['--import', 'tsx', 'src/server.ts'];
    const child = spawn(process.execPath, args, {
      cwd: o.root,
      env: {
        ...process.env,
        PORT: String(o.port),
        HOST: '127.0.0.1',
        DATABASE_URL: o.databaseUrl,
        DEMO_DATA: 'true',
        BOOTSTRAP_ADMIN_TOKEN: o.adminToken,
        RATE_LIMIT_PER_MINUTE: String(o.rateLimitPerMinute),
        DATA_DIR: o.dataDir,
        LOG_LEVEL: 'warn',
        CORS_ORIGINS: '',
        PUBLIC_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const lifetime: { pid: number; startedAt: number; endedAt?: number } = { pid: child.pid ?? -1, startedAt: this.clock() };
    this.lifetimes.push(lifetime);
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.stopping = false;
    child.on('exit', (code, signal) => {
      lifetime.endedAt = this.clock();
      if (!this.stopping) this.unexpectedExits.push(`the service (pid ${child.pid}) exited by itself at ${(lifetime.endedAt / 1000).toFixed(1)} s (${signal ?? code})`);
      this.log.write(`\n[soak] service ${child.pid} exited (${signal ?? code})\n`);
    });
    const deadline = Date.now() + READY_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} during start-up; see ${o.logFile}`);
      const ready = await fetch(`${this.baseUrl}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the service was not ready within ${READY_DEADLINE_MS / 1000} s; see ${o.logFile}`);
  }

  /** SIGKILL: no graceful stop, in-flight requests are cut. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.stopping = true;
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM and wait for the graceful stop (the end of the run). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
  }

  closeLog(): Promise<void> {
    return new Promise((resolve) => this.log.end(resolve));
  }
}

/** VmRSS of a process in kB, or undefined when it is gone. */
export function residentKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(path.join('/proc', String(pid), 'status'), 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the service's resident memory every `everyMs` until stopped. */
export function sampleRss(service: ServiceProcess, clock: () => number, everyMs: number) {
  const samples: RssSample[] = [];
  const timer = setInterval(() => {
    const pid = service.pid;
    if (pid === undefined) return;
    const rssKb = residentKb(pid);
    if (rssKb !== undefined) samples.push({ t: clock(), pid, rssKb });
  }, everyMs);
  return { samples, stop: () => clearInterval(timer) };
}
