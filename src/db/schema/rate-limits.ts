import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The rate limit's request counters, shared by every instance on one PostgreSQL database
 * (src/services/rate-limit-store.ts): one row per limited caller (`key:<id>` or `ip:<address>`, prefixed by
 * the route for a route's own limit), when its current window started and how many requests it holds. The
 * migration makes the table UNLOGGED: counters need no crash safety, and skipping the write-ahead log keeps
 * the one write per request cheap (a crash empties the table, which only restarts every window).
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [check('rate_limit_counters_count_positive', sql`${t.count} > 0`)],
);
