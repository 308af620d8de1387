// The faults of a run, on a schedule fixed (and printed) at the start: a burst past the rate limit, the
// service killed with SIGKILL and restarted, every backend of the soak database terminated, and PostgreSQL
// restarted. They run one after another; one that is late (the previous one still recovering) starts
// when that one is done, and its actual start is what the figures use.
import type { History } from './history.js';
import { SoakClient } from './http.js';
import type { PostgresTarget } from './postgres.js';
import type { ServiceProcess } from './service.js';
import { send } from './workload.js';

export const FAULTS = ['rate-limit-burst', 'kill-service', 'terminate-backends', 'restart-postgres'] as const;
export type FaultName = (typeof FAULTS)[number];

/** When each fault starts, as a share of the run: the burst's limiter window (a minute) ends before the kill. */
const AT: Record<FaultName, number> = { 'rate-limit-burst': 0.1, 'kill-service': 0.35, 'terminate-backends': 0.55, 'restart-postgres': 0.75 };

export interface FaultRecord {
  name: FaultName;
  plannedAt: number;
  start?: number;
  /** When the fault's own action was over (the restarted process ready, the burst sent). */
  actionEnd?: number;
  /** For the burst: when the burst's key was served again (the limiter's window over). */
  recoveredAt?: number;
  detail?: string;
  skipped?: string;
  failed?: string;
}

export function schedule(durationMs: number, faults: readonly FaultName[]): FaultRecord[] {
  return FAULTS.filter((f) => faults.includes(f)).map((name) => ({ name, plannedAt: Math.round(AT[name] * durationMs) }));
}

export interface FaultDeps {
  clock: () => number;
  service: ServiceProcess;
  target: PostgresTarget;
  history: History;
  prefix: string;
  port: number;
  burstToken: string;
  rateLimitPerMinute: number;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const BURST_CONNECTIONS = 16;

/**
 * More requests than the limit allows in a minute, from one key of its own, as fast as 16 connections go;
 * then one request every half second until the key is served again.
 */
async function burst(d: FaultDeps, record: FaultRecord): Promise<void> {
  const client = new SoakClient('127.0.0.1', d.port, BURST_CONNECTIONS);
  const io = { client, history: d.history, clock: d.clock, prefix: d.prefix, timeoutMs: 60_000 };
  const plan = { op: 'burst', method: 'GET', route: 'GET /v1/indicators', path: '/v1/indicators', role: 'worker' as const };
  const total = Math.ceil(d.rateLimitPerMinute * 1.1) + 20;
  let sent = 0;
  let limited = 0;
  try {
    await Promise.all(
      Array.from({ length: BURST_CONNECTIONS }, async () => {
        while (sent < total) {
          sent++;
          const entry = await send(io, plan, d.burstToken, -1, 'burst');
          if (entry.status === 429) limited++;
        }
      }),
    );
    record.actionEnd = d.clock();
    const deadline = d.clock() + 180_000;
    while (d.clock() < deadline) {
      const entry = await send(io, { ...plan, op: 'burst-probe' }, d.burstToken, -1, 'burst');
      if (entry.status === 200) {
        record.recoveredAt = entry.end;
        break;
      }
      await sleep(500);
    }
  } finally {
    client.close();
  }
  record.detail = `${sent} requests from one key (limit ${d.rateLimitPerMinute}/min): ${limited} answered 429; the key was served again ${record.recoveredAt === undefined ? 'never (3 min)' : `${((record.recoveredAt - (record.start ?? 0)) / 1000).toFixed(1)} s after the burst began`}`;
}

async function apply(d: FaultDeps, record: FaultRecord): Promise<void> {
  switch (record.name) {
    case 'rate-limit-burst':
      return burst(d, record);
    case 'kill-service': {
      const before = d.service.pid;
      await d.service.kill();
      const killedAt = d.clock();
      await d.service.start();
      record.actionEnd = d.clock();
      record.detail = `SIGKILL to pid ${before}; pid ${d.service.pid} started at once on the same port, ready ${((record.actionEnd - killedAt) / 1000).toFixed(1)} s later`;
      return;
    }
    case 'terminate-backends': {
      const n = await d.target.terminateBackends();
      record.actionEnd = d.clock();
      record.detail = `pg_terminate_backend on ${n} backend(s) of the soak database`;
      return;
    }
    case 'restart-postgres': {
      if (!d.target.restart) {
        record.skipped = d.target.restartUnavailable ?? 'no way to restart this server';
        return;
      }
      const how = await d.target.restart();
      record.actionEnd = d.clock();
      record.detail = `${how}: ${((record.actionEnd - (record.start ?? 0)) / 1000).toFixed(1)} s`;
      return;
    }
  }
}

export async function runFaults(d: FaultDeps, records: FaultRecord[]): Promise<void> {
  for (const record of records) {
    await sleep(record.plannedAt - d.clock());
    record.start = d.clock();
    d.log(`fault ${record.name} at ${(record.start / 1000).toFixed(1)} s`);
    try {
      await apply(d, record);
    } catch (err) {
      record.failed = err instanceof Error ? err.message : String(err);
    }
    d.log(`  ${record.skipped ? `skipped: ${record.skipped}` : record.failed ? `failed: ${record.failed}` : record.detail}`);
  }
}
