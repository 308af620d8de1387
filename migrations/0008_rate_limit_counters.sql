-- UNLOGGED (by hand: drizzle-kit has no such option): counters need no crash safety, and skipping the
-- write-ahead log keeps the one write per rate-limited request cheap. A crash empties the table.
CREATE UNLOGGED TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_counters_count_positive" CHECK ("rate_limit_counters"."count" > 0)
);
