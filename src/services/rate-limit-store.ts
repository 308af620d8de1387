// The rate limit's counters in PostgreSQL, so that N instances on one database share one limit per caller
// instead of allowing N times as much (docs/deployment.md, "Rate limits"). @fastify/rate-limit asks its
// store to count a request and answers from the count and the time left in the window.

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';

/** Windows that ended this long ago or more are deleted, at most once per this interval per process. */
export const RATE_LIMIT_CLEANUP_EVERY_MS = 60_000;

export interface CounterState {
  /** Requests in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/**
 * Counts `increment` requests of `key` (one, or the ones an instance admitted since it last wrote) in one
 * statement. Windows behave as the in-memory store's: a window starts
 * at a caller's first request and lasts `windowMs`; the first request after it starts the next. Every
 * instance reads the database's clock (`now()`), so instances with skewed clocks still agree on windows.
 * Concurrent requests of one caller serialise on its row, so no increment is lost.
 */
export async function countRequest(db: Db, key: string, windowMs: number, increment = 1): Promise<CounterState> {
  const window = sql`make_interval(secs => ${windowMs / 1000}::float8)`;
  const { rows } = await db.execute<{ count: number; ttl_ms: number }>(sql`
    INSERT INTO rate_limit_counters AS c (key, window_start, count) VALUES (${key}, now(), ${increment}::int)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN c.window_start + ${window} <= now() THEN now() ELSE c.window_start END,
      count = CASE WHEN c.window_start + ${window} <= now() THEN ${increment}::int ELSE c.count + ${increment}::int END
    RETURNING count, ceil(extract(epoch FROM window_start + ${window} - now()) * 1000)::int AS ttl_ms`);
  const row = rows[0];
  if (!row) throw new Error('rate limit counter upsert returned no row');
  // A request that waited on the row while a later one restarted the window sees a little more than the window.
  return { current: Number(row.count), ttl: Math.min(windowMs, Math.max(0, Number(row.ttl_ms))) };
}

/** Deletes the counters whose window ended at least `windowMs` ago; returns how many. */
export async function deleteEndedWindows(db: Db, windowMs: number): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    WITH gone AS (DELETE FROM rate_limit_counters WHERE window_start + make_interval(secs => ${(2 * windowMs) / 1000}::float8) <= now() RETURNING 1)
    SELECT count(*)::int AS n FROM gone`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * A caller may be admitted without a write while it is far from its limit: an instance then counts it in
 * memory and adds its count to the row later. "Far" means that this instance's view of the count (the row
 * as last written or read, plus what it admitted since) leaves room for a whole batch, a batch being
 * BATCH_SHARE of the limit (none for limits under 1 / BATCH_SHARE: those are counted exactly, every request).
 * An instance writes at the latest when its batch is full, when SYNC_EVERY_MS have passed since it last
 * wrote, near the limit and at a new window; near the limit every request is written, as before.
 *
 * What it costs in exactness: an instance sees what the others hold in memory only once they write it, and
 * the others' writes only at its own next write; each holds at most one batch, so with N instances a caller
 * gets at most max + N × batch requests in a window (1,200 a minute and 3 instances: 1,236 at most), never
 * fewer than max; the remaining count a caller is told is its instance's view. What it saves: on a cheap
 * read the write was the larger part of the request (docs/deployment.md, "Rate limits").
 */
export const BATCH_SHARE = 0.01;
export const SYNC_EVERY_MS = 1000;
/** Window ends (from ttls, by this process's clock) this close together are the same window. */
const SAME_WINDOW_MS = 50;

interface LocalCount {
  /** The row's count as last written or read by this instance. */
  written: number;
  /** Requests admitted here and not yet written. */
  pending: number;
  /** When the row's window ends, by this process's clock (from the ttl the database gave). */
  windowEnd: number;
  /** When this instance last wrote the row. */
  writtenAt: number;
}

/** Counts requests per key: in memory while the caller is far from its limit, else through `write`. */
export class BatchedCounter {
  private readonly counts = new Map<string, LocalCount>();

  constructor(
    private readonly write: (key: string, windowMs: number, increment: number) => Promise<CounterState>,
    private readonly now: () => number = Date.now,
  ) {}

  async incr(key: string, windowMs: number, max: number): Promise<CounterState> {
    const now = this.now();
    const batch = Math.floor(max * BATCH_SHARE);
    const local = this.counts.get(key);
    if (local && batch > 0 && now < local.windowEnd && now - local.writtenAt < SYNC_EVERY_MS && local.pending < batch) {
      const current = local.written + local.pending + 1;
      if (current + batch <= max) {
        local.pending += 1;
        return { current, ttl: local.windowEnd - now };
      }
    }
    // Written now: this request and the ones admitted here since the last write (a new window drops them:
    // they belonged to the window that ended).
    const carried = local && now < local.windowEnd ? local.pending : 0;
    if (local) local.pending = 0;
    const state = await this.write(key, windowMs, carried + 1);
    const after = this.now();
    const windowEnd = after + state.ttl;
    const known = this.counts.get(key);
    // Writes of one key may answer out of order: keep the latest window and, within it, the highest count.
    if (!known || windowEnd > known.windowEnd + SAME_WINDOW_MS || state.current > known.written) {
      this.counts.set(key, { written: state.current, pending: known?.pending ?? 0, windowEnd, writtenAt: after });
    }
    return state;
  }

  /** Forgets the keys whose window ended (the next request of such a key is written). */
  forgetEnded(): void {
    const now = this.now();
    for (const [key, local] of this.counts) if (now >= local.windowEnd) this.counts.delete(key);
  }

  /** Keys counted in memory now (for tests). */
  get size(): number {
    return this.counts.size;
  }
}

export interface PostgresStoreOptions {
  /** Told when deleting ended windows fails (the next request tries again later). */
  onCleanupError?: (error: unknown) => void;
  cleanupEveryMs?: number;
}

/**
 * A store class for @fastify/rate-limit's `store` option (it constructs the store itself, so the database
 * comes in through this closure). A route with a limit of its own (`config.rateLimit`) counts under its
 * method and URL, apart from the global limit, as the plugin's Redis store does. Far from the limit,
 * requests are counted in memory and written in batches (BatchedCounter).
 */
export function postgresRateLimitStore(db: Db, options: PostgresStoreOptions = {}): FastifyRateLimitStoreCtor {
  const cleanupEveryMs = options.cleanupEveryMs ?? RATE_LIMIT_CLEANUP_EVERY_MS;
  let lastCleanup = Date.now();
  let longestWindowMs = 0;
  const counter = new BatchedCounter((key, windowMs, increment) => countRequest(db, key, windowMs, increment));
  // Every instance cleans up now and then; the deletes are idempotent, so N instances doing it costs nothing extra.
  const cleanUpNowAndThen = (windowMs: number) => {
    longestWindowMs = Math.max(longestWindowMs, windowMs);
    const now = Date.now();
    if (now - lastCleanup < cleanupEveryMs) return;
    lastCleanup = now;
    counter.forgetEnded();
    deleteEndedWindows(db, longestWindowMs).catch((error: unknown) => options.onCleanupError?.(error));
  };

  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _params: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: CounterState) => void, timeWindow: number, max: number): void {
      counter.incr(`${this.prefix}${key}`, timeWindow, max).then(
        (state) => callback(null, state),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
      cleanUpNowAndThen(timeWindow);
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // At run time the plugin passes the route's options as `routeInfo` (empty for createRateLimit()).
      const route = (routeOptions as unknown as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new PostgresRateLimitStore(undefined, `${this.prefix}${String(route?.method ?? '')}${String(route?.url ?? '')}-`);
    }
  }
  return PostgresRateLimitStore;
}
