// One soak run: a database (private cluster or own database on a server), the service as a process, API
// keys, the workload and the faults side by side for the run's time, then the checks and the figures.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { type AuditCheck, checkAudit, readAudit } from './check-audit.js';
import { checkRecords } from './check-records.js';
import { checkRuns, readRuns, verifyRuns } from './check-runs.js';
import { type FaultName, runFaults, schedule } from './faults.js';
import { History } from './history.js';
import { parseJson, SoakClient } from './http.js';
import { externalServer, type PostgresTarget, privateCluster } from './postgres.js';
import { freePort } from './ports.js';
import { formatReport } from './report.js';
import { sampleRss, ServiceProcess } from './service.js';
import { faultFigures, memoryFigures } from './stats.js';
import { valueOfAnswer } from './values.js';
import { type Failure, failures } from './verdict.js';
import { runWorkload } from './workload.js';
import { makeKeys, readPath, readWorld, type World } from './world.js';

export interface SoakOptions {
  minutes: number;
  connections: number;
  faults: readonly FaultName[];
  /** Where the history, the report and the logs go. */
  runDir: string;
  /** A PostgreSQL server to make the soak's database on; unset: a private cluster. */
  databaseUrl?: string;
  restartCommand?: string;
  restartMode: 'fast' | 'immediate';
  rateLimitPerMinute: number;
  seed: number;
  /** Keep the cluster or database afterwards. */
  keep: boolean;
  /** The service from dist/ (built first when `build`) or from the TypeScript sources through tsx. */
  mode: 'dist' | 'tsx';
  build: boolean;
  root: string;
  /** Longest a request may take before its outcome counts as unknown. */
  requestTimeoutMs: number;
  log: (line: string) => void;
}

export interface SoakResult {
  passed: boolean;
  failures: Failure[];
  report: string;
  runDir: string;
  summary: Record<string, unknown>;
}

const exec = promisify(execFile);

const redacted = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = 'REDACTED';
  return u.toString();
};

/** Every written record's value now, read through the API. */
async function readFinals(client: SoakClient, token: string, world: World): Promise<Map<string, string | null>> {
  const finals = new Map<string, string | null>();
  for (const id of world.initial.keys()) {
    const [kind, key] = id.split('|') as ['school-year' | 'teacher' | 'classes', string];
    const answer = await client.request({ method: 'GET', path: readPath(kind, key), token, timeoutMs: 60_000 });
    if (answer.status === 404) finals.set(id, null);
    else if (answer.status === 200) finals.set(id, valueOfAnswer(kind, parseJson(answer.text)));
    else throw new Error(`reading ${id} after the run: ${answer.status ?? answer.error} ${answer.text.slice(0, 200)}`);
  }
  return finals;
}

async function openTarget(o: SoakOptions, stamp: string): Promise<PostgresTarget> {
  if (o.databaseUrl) return externalServer(o.databaseUrl, { name: `soak_${stamp}_${randomBytes(3).toString('hex')}`, ...(o.restartCommand ? { restartCommand: o.restartCommand } : {}) });
  return privateCluster({ restartMode: o.restartMode });
}

async function postgresVersion(target: PostgresTarget): Promise<string> {
  const client = await target.client();
  try {
    const rows = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'max_connections')`,
    );
    return rows.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
  } finally {
    await client.end();
  }
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_').toLowerCase();
  mkdirSync(o.runDir, { recursive: true });
  const durationMs = Math.round(o.minutes * 60_000);
  if (o.mode === 'dist' && o.build) {
    o.log('building the service (npm run build)');
    await exec('npm', ['run', 'build'], { cwd: o.root, maxBuffer: 64 * 1024 * 1024 });
  }
  o.log(o.databaseUrl ? 'making the soak database on the given server' : 'making a private PostgreSQL cluster');
  const target = await openTarget(o, stamp);
  let t0 = performance.now();
  const clock = () => performance.now() - t0;
  const port = await freePort();
  const adminToken = `soak-admin-${randomBytes(18).toString('hex')}`;
  const service = new ServiceProcess(
    {
      root: o.root,
      mode: o.mode,
      port,
      databaseUrl: target.url,
      adminToken,
      rateLimitPerMinute: o.rateLimitPerMinute,
      dataDir: path.join(o.runDir, 'service-data'),
      logFile: path.join(o.runDir, 'service.log'),
    },
    clock,
  );
  const admin = new SoakClient('127.0.0.1', port, 8);
  try {
    o.log(`starting the service (${o.mode}) on port ${port}; the demo county is loaded into the empty database`);
    await service.start();
    const roles = await makeKeys(admin, adminToken, o.connections);
    const world = await readWorld(admin, adminToken, { demoTeachers: 30, newTeachers: 30, classSets: 8 });
    const pgInfo = await postgresVersion(target);
    const faults = schedule(durationMs, o.faults);
    const loadBefore = os.loadavg();
    const prefix = `soak${stamp.replace('_', '')}`;
    o.log(`run: ${o.minutes} min, ${o.connections} connections, seed ${o.seed}, request ids ${prefix}-<n>`);
    o.log(`fault schedule: ${faults.map((f) => `${f.name} at ${(f.plannedAt / 1000).toFixed(0)} s`).join('; ') || 'none'}`);

    const history = new History(path.join(o.runDir, 'history.jsonl'));
    const client = new SoakClient('127.0.0.1', port, o.connections);
    const wallStart = new Date();
    // The run's clock starts now; the first process started before it, at a negative time.
    const shift = performance.now() - t0;
    t0 += shift;
    for (const l of service.lifetimes) l.startedAt -= shift;
    const rss = sampleRss(service, clock, 1000);
    // The workload runs its time, and on until the last fault has been recovered from and a tail after it.
    let faultsDoneAt = Number.POSITIVE_INFINITY;
    const tail = Math.max(10_000, 0.1 * durationMs);
    const untilMs = () => Math.max(durationMs, faultsDoneAt + tail);
    const load: number[] = [];
    const loadTimer = setInterval(() => load.push(os.loadavg()[0] as number), 5000);
    await Promise.all([
      runWorkload({ client, history, roles, world, clock, prefix, seed: o.seed, connections: o.connections, untilMs, timeoutMs: o.requestTimeoutMs }),
      runFaults(
        { clock, service, target, history, prefix, port, burstToken: roles.burst, rateLimitPerMinute: o.rateLimitPerMinute, log: o.log },
        faults,
      ).then(() => {
        faultsDoneAt = faults.length === 0 ? 0 : clock();
      }),
    ]);
    const runEnd = clock();
    clearInterval(loadTimer);
    rss.stop();
    client.close();
    await history.close();
    const serviceDied = service.unexpectedExits.join('; ') || undefined;
    if (service.pid === undefined) await service.start();

    o.log(`run over after ${(runEnd / 1000).toFixed(0)} s and ${history.entries.length} requests; checking`);
    const finals = await readFinals(admin, adminToken, world);
    const records = checkRecords(history.entries, world, finals);
    const events = await readAudit(admin, roles.audit, new Date(wallStart.getTime() - 5000));
    const audit: AuditCheck = checkAudit(history.entries, events, prefix);
    const runs = await readRuns(admin, adminToken);
    o.log(`verifying ${runs.length} funding runs`);
    const verification = await verifyRuns(admin, adminToken, runs, 4);
    const runCheck = checkRuns(history.entries, runs, verification);
    const figures = faultFigures(history.entries, faults, runEnd, Math.min(20_000, Math.max(2000, 0.07 * durationMs)));
    const window = Math.max(10_000, 0.1 * durationMs);
    const memory = memoryFigures(rss.samples, service.lifetimes, Math.max(30_000, 0.15 * durationMs), window);
    const failed = failures({
      entries: history.entries,
      records,
      audit,
      runs: runCheck,
      faults,
      faultFigures: figures,
      memory,
      runEnd,
      ...(serviceDied ? { serviceDied } : {}),
    });
    const meanLoad = load.length ? load.reduce((a, b) => a + b, 0) / load.length : Number.NaN;
    const report = formatReport({
      title: `soak ${stamp}: ${o.minutes} min, ${o.connections} connections, seed ${o.seed}, faults: ${o.faults.join(', ') || 'none'}`,
      setup: [
        `database: ${target.description}; ${pgInfo}`,
        `service: ${o.mode === 'dist' ? 'node dist/src/server.js' : 'node --import tsx src/server.ts'} (DATABASE_POOL_SIZE default, RATE_LIMIT_PER_MINUTE=${o.rateLimitPerMinute} per key)`,
        `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB; load average (1 min) before ${loadBefore[0]?.toFixed(2)}, during mean ${meanLoad.toFixed(2)} max ${Math.max(...load).toFixed(2)}, after ${os.loadavg()[0]?.toFixed(2)}`,
        `history: ${path.join(o.runDir, 'history.jsonl')}`,
      ],
      entries: history.entries,
      runMs: runEnd,
      faults,
      faultFigures: figures,
      records,
      audit,
      runs: runCheck,
      memory,
      failures: failed,
    });
    const summary = {
      options: { ...o, log: undefined, databaseUrl: o.databaseUrl ? redacted(o.databaseUrl) : undefined },
      runMs: runEnd,
      requests: history.entries.length,
      records: { ...records, problems: records.problems.length },
      audit: { ...audit, problems: audit.problems.length },
      runs: { ...runCheck, problems: runCheck.problems.length },
      faults,
      faultFigures: figures,
      memory,
      load: { before: loadBefore, samples: load, after: os.loadavg() },
      failures: failed,
    };
    writeFileSync(path.join(o.runDir, 'report.txt'), `${report}\n`);
    writeFileSync(path.join(o.runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return { passed: failed.length === 0, failures: failed, report, runDir: o.runDir, summary };
  } finally {
    admin.close();
    await service.stop();
    await service.closeLog();
    await target.dispose(o.keep, o.runDir);
  }
}
