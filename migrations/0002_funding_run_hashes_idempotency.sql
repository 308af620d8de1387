DROP INDEX "funding_runs_idempotency_idx";--> statement-breakpoint
ALTER TABLE "funding_runs" ADD COLUMN "results_hash" text;--> statement-breakpoint
ALTER TABLE "funding_runs" ADD COLUMN "request_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_runs_idempotency_uq" ON "funding_runs" USING btree ("created_by","idempotency_key");--> statement-breakpoint
ALTER TABLE "funding_runs" ADD CONSTRAINT "funding_runs_results_hash_format" CHECK ("funding_runs"."results_hash" IS NULL OR "funding_runs"."results_hash" ~ '^[0-9a-f]{64}$');