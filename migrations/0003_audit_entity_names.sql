-- Audit events name their entity in kebab-case, as most always did ('school-year', 'api-key') and as the
-- paths do; events written under the three snake_case names are renamed, so that one `entity` filter finds
-- every event of a kind. audit_events is append-only by trigger (0001): the trigger is switched off for this
-- one statement and on again, all inside the migration's transaction, so no other write can slip through
-- while it is off and a failure leaves it on.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
--> statement-breakpoint
UPDATE "audit_events"
SET "entity" = CASE "entity"
    WHEN 'funding_run' THEN 'funding-run'
    WHEN 'policy_profile' THEN 'policy-profile'
    WHEN 'county_year_policy' THEN 'county-year-policy'
  END
WHERE "entity" IN ('funding_run', 'policy_profile', 'county_year_policy');
--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";
