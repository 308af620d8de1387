// The history's figures: requests and answers by status, latency per route before, during and after each
// fault, the time each fault took to recover from, and the service's resident memory over the run.
import type { FaultRecord } from './faults.js';
import type { Entry } from './history.js';
import type { RssSample } from './service.js';

export interface Latency {
  n: number;
  p50: number;
  p99: number;
}

export interface FaultFigures {
  name: string;
  start: number;
  duringEnd: number;
  /** Milliseconds from the fault's start until its last failed request ended (the burst: until its key was served again). */
  recoveryMs: number;
  /** Workload requests that failed because of it (5xx, cut connections, refused connections, timeouts). */
  failed: number;
  failedByAnswer: Record<string, number>;
  latency: { route: string; before: Latency; during: Latency; after: Latency }[];
}

export interface MemoryFigures {
  processes: { pid: number; startedAt: number; endedAt?: number; firstKb: number; maxKb: number; lastKb: number; samples: number }[];
  assessed?: { pid: number; warmupEndsAt: number; baselineKb: number; finalKb: number; growth: number };
  notAssessed?: string;
}

export const answerOf = (e: Entry) => (e.status !== null ? String(e.status) : `no answer (${e.error})`);
const failedRequest = (e: Entry) => e.outcome === 'indeterminate' || e.outcome === 'unsent';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function latency(entries: Entry[]): Latency {
  const times = entries.map((e) => e.end - e.start).sort((a, b) => a - b);
  return { n: times.length, p50: percentile(times, 50), p99: percentile(times, 99) };
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Latency windows around a fault: `window` ms before it, while it lasts (until recovered), `window` ms after. */
export function faultFigures(entries: Entry[], faults: FaultRecord[], runEnd: number, window: number): FaultFigures[] {
  const workload = entries.filter((e) => e.keyRole !== 'burst');
  const applied = faults.filter((f) => f.start !== undefined && !f.skipped && !f.failed);
  return applied.map((f, i) => {
    const start = f.start as number;
    const next = applied[i + 1]?.start ?? runEnd;
    const failed = workload.filter((e) => failedRequest(e) && e.end >= start && e.end < next);
    const lastFailure = failed.reduce((m, e) => Math.max(m, e.end), start);
    const recoveredAt = f.name === 'rate-limit-burst' ? (f.recoveredAt ?? next) : lastFailure;
    // The burst disturbs the workload while it is sent; its own key's recovery (the limiter's minute) is the recovery time.
    const disturbedUntil = f.name === 'rate-limit-burst' ? (f.actionEnd ?? start) : recoveredAt;
    const duringEnd = Math.max(disturbedUntil, f.actionEnd ?? start, start + 1000);
    const routes = [...new Set(workload.map((e) => e.route))].sort();
    const answered = workload.filter((e) => e.status !== null);
    const inWindow = (from: number, to: number) => answered.filter((e) => e.start >= from && e.start < to);
    const before = inWindow(start - window, start);
    const during = inWindow(start, duringEnd);
    const after = inWindow(duringEnd, Math.min(duringEnd + window, Math.max(next, duringEnd)));
    return {
      name: f.name,
      start,
      duringEnd,
      recoveryMs: recoveredAt - start,
      failed: failed.length,
      failedByAnswer: countBy(failed, answerOf),
      latency: routes.map((route) => ({
        route,
        before: latency(before.filter((e) => e.route === route)),
        during: latency(during.filter((e) => e.route === route)),
        after: latency(after.filter((e) => e.route === route)),
      })),
    };
  });
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/**
 * Memory per service process; the growth is assessed on the longest-lived one: the median resident size
 * over the last `window` of its life against the median over the `window` after its warm-up.
 */
export function memoryFigures(samples: RssSample[], lifetimes: { pid: number; startedAt: number; endedAt?: number }[], warmup: number, window: number): MemoryFigures {
  const processes = lifetimes.map((l) => {
    const own = samples.filter((s) => s.pid === l.pid);
    return {
      ...l,
      firstKb: own[0]?.rssKb ?? 0,
      maxKb: own.reduce((m, s) => Math.max(m, s.rssKb), 0),
      lastKb: own[own.length - 1]?.rssKb ?? 0,
      samples: own.length,
    };
  });
  const figures: MemoryFigures = { processes };
  const longest = [...processes].sort((a, b) => {
    const span = (p: typeof a) => (samples.filter((s) => s.pid === p.pid).at(-1)?.t ?? p.startedAt) - p.startedAt;
    return span(b) - span(a);
  })[0];
  if (!longest) {
    figures.notAssessed = 'no samples';
    return figures;
  }
  const own = samples.filter((s) => s.pid === longest.pid);
  const lastAt = own.at(-1)?.t ?? longest.startedAt;
  const warmupEndsAt = longest.startedAt + warmup;
  if (lastAt - warmupEndsAt < 2 * window) {
    figures.notAssessed = `the longest-lived process ran ${((lastAt - longest.startedAt) / 1000).toFixed(0)} s: too short for a ${(warmup / 1000).toFixed(0)} s warm-up and two ${(window / 1000).toFixed(0)} s windows`;
    return figures;
  }
  const baseline = median(own.filter((s) => s.t >= warmupEndsAt && s.t < warmupEndsAt + window).map((s) => s.rssKb));
  const final = median(own.filter((s) => s.t > lastAt - window).map((s) => s.rssKb));
  figures.assessed = { pid: longest.pid, warmupEndsAt, baselineKb: baseline, finalKb: final, growth: final / baseline - 1 };
  return figures;
}
