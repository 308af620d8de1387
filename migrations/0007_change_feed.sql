-- The change feed (docs/changes.md) pages the audit trail by the writing transaction's id: an event is
-- served once every transaction below it has finished. Adding the column with a volatile default rewrites
-- the table and gives every existing event this migration's transaction id (so they stay in id order,
-- before any later write); a rewrite fires no row trigger, so the append-only trigger (0001) lets it be.
ALTER TABLE "audit_events" ADD COLUMN "tx" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_tx_id_idx" ON "audit_events" USING btree ("tx","id");
