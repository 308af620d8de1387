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
 * Counts one request of `key` in one statement. Windows behave as the in-memory store's: a window starts
 * at a caller's first request and lasts `windowMs`; the first request after it starts the next. Every
 * instance reads the database's clock (`now()`), so instances with skewed clocks still agree on windows.
 * Concurrent requests of one caller serialise on its row, so no increment is lost.
 */
export async function countRequest(db: Db, key: string, windowMs: number): Promise<CounterState> {
  const window = sql`make_interval(secs => ${windowMs / 1000}::float8)`;
  const { rows } = await db.execute<{ count: number; ttl_ms: number }>(sql`
    INSERT INTO rate_limit_counters AS c (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN c.window_start + ${window} <= now() THEN now() ELSE c.window_start END,
      count = CASE WHEN c.window_start + ${window} <= now() THEN 1 ELSE c.count + 1 END
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

export interface PostgresStoreOptions {
  /** Told when deleting ended windows fails (the next request tries again later). */
  onCleanupError?: (error: unknown) => void;
  cleanupEveryMs?: number;
}

/**
 * A store class for @fastify/rate-limit's `store` option (it constructs the store itself, so the database
 * comes in through this closure). A route with a limit of its own (`config.rateLimit`) counts under its
 * method and URL, apart from the global limit, as the plugin's Redis store does.
 */
export function postgresRateLimitStore(db: Db, options: PostgresStoreOptions = {}): FastifyRateLimitStoreCtor {
  const cleanupEveryMs = options.cleanupEveryMs ?? RATE_LIMIT_CLEANUP_EVERY_MS;
  let lastCleanup = Date.now();
  let longestWindowMs = 0;
  // Every instance cleans up now and then; the deletes are idempotent, so N instances doing it costs nothing extra.
  const cleanUpNowAndThen = (windowMs: number) => {
    longestWindowMs = Math.max(longestWindowMs, windowMs);
    const now = Date.now();
    if (now - lastCleanup < cleanupEveryMs) return;
    lastCleanup = now;
    deleteEndedWindows(db, longestWindowMs).catch((error: unknown) => options.onCleanupError?.(error));
  };

  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _params: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: CounterState) => void, timeWindow: number): void {
      countRequest(db, `${this.prefix}${key}`, timeWindow).then(
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
