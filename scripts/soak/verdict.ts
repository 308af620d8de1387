// What makes a soak fail: any lost or phantom write, any broken check, a 500 (the service promises a
// problem 4xx, or 503 when the database is away), a workload key rate-limited, a burst not limited, a
// fault that could not be applied or not recovered from, or memory growing more than 10% after warm-up.
import type { AuditCheck } from './check-audit.js';
import type { RecordCheck } from './check-records.js';
import type { RunCheck } from './check-runs.js';
import type { FaultRecord } from './faults.js';
import type { Entry } from './history.js';
import type { FaultFigures, MemoryFigures } from './stats.js';

export const MAX_RSS_GROWTH = 0.1;

export interface VerdictInput {
  entries: Entry[];
  records: RecordCheck;
  audit: AuditCheck;
  runs: RunCheck;
  faults: FaultRecord[];
  faultFigures: FaultFigures[];
  memory: MemoryFigures;
  runEnd: number;
  /** Set when the service process exited without being told to. */
  serviceDied?: string;
}

/** A failed check: `check` names it (stable, for the tests), `text` says what happened. */
export interface Failure {
  check: string;
  text: string;
}

export function failures(v: VerdictInput): Failure[] {
  const out: Failure[] = [];
  const fail = (check: string, text: string) => out.push({ check, text });
  const add = (check: string, count: number, text: string) => {
    if (count > 0) fail(check, `${count} ${text}`);
  };
  const { records, audit, runs } = v;
  add('lost', records.lost - records.torn + audit.missing + runs.lost, 'lost write(s): acknowledged, but not there afterwards');
  add('torn', records.torn, 'lost write(s) in part: the record holds parts of several writes, none whole');
  add('phantom', records.phantom + audit.unexpected + runs.phantom, 'phantom write(s): refused (or never made), but there afterwards');
  add('refusable-accepted', records.invalidAccepted, 'write(s) meant to be refused were accepted');
  add('phantom-reads', records.phantomReads, 'read(s) saw a value no write had sent');
  add('torn-reads', records.tornReads, 'read(s) saw parts of several writes, none whole');
  add('stale-reads', records.staleReads, 'read(s) saw a value an acknowledged write had already replaced');
  add('audit-partial', audit.partial, 'indeterminate write(s) left only part of their audit events');
  add('audit-unexplained', audit.unexplained, 'audit event(s) under request ids of no request');
  add('audit-order', audit.outOfOrder, 'audit event pair(s) out of the real-time order of their writes');
  add('idempotency', runs.duplicateRuns, 'Idempotency-Key(s) produced more than one run');
  add('idempotency', runs.inconsistentAnswers, 'Idempotency-Key(s) answered with different runs');
  add('idempotency', runs.wronglyRefused, 'replay(s) of a run refused');
  add('verify', runs.notReproducible, 'run(s) not reproducible by verify');
  add('verify', runs.verifyFailed, 'verification(s) failed');
  const workload = v.entries.filter((e) => e.keyRole !== 'burst');
  add('status-500', workload.filter((e) => e.status === 500).length, 'answer(s) 500 (a fault is 503, a bad request 4xx)');
  add('rate-limited', workload.filter((e) => e.status === 429).length, 'workload answer(s) 429: a workload key was rate-limited (raise --rate-limit)');
  const burst = v.faults.find((f) => f.name === 'rate-limit-burst' && f.start !== undefined && !f.failed);
  if (burst) {
    const limited = v.entries.filter((e) => e.op === 'burst' && e.status === 429);
    if (limited.length === 0) fail('burst', 'the burst past the rate limit was never answered 429');
    add('burst', limited.filter((e) => !e.retryAfter).length, '429 answer(s) without Retry-After');
    if (burst.recoveredAt === undefined) fail('burst', 'the burst key was not served again within 3 minutes');
  }
  for (const f of v.faults) if (f.failed) fail('fault', `fault ${f.name} could not be applied: ${f.failed}`);
  // Faults may follow each other at once (a late one starts when the previous is over), so recovery is
  // asked of the run from the end of each fault on.
  for (const fig of v.faultFigures) {
    if (!workload.some((e) => e.outcome === 'ok' && e.start >= fig.duringEnd)) fail('recovery', `no request succeeded after ${fig.name}`);
  }
  if (v.memory.assessed && v.memory.assessed.growth > MAX_RSS_GROWTH)
    fail('memory', `resident memory grew ${(v.memory.assessed.growth * 100).toFixed(1)}% after warm-up (limit ${MAX_RSS_GROWTH * 100}%)`);
  if (v.serviceDied) fail('crash', v.serviceDied);
  return out;
}
