CREATE TABLE "data_versions" (
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "data_versions_county_code_year_pk" PRIMARY KEY("county_code","year")
);

--> statement-breakpoint
-- Data versions (src/db/schema/versions.ts): every write to the data behind a county-year's answers raises
-- the counter of each (county, year) it touches, in the writing transaction, so a cache keyed by the
-- counters can never serve an answer of data that has since changed. Statement-level triggers with
-- transition tables: one upsert per statement whatever the number of rows (a bulk load of 2,000 rows
-- bumps each county-year once). Keys are sorted so that concurrent writers lock counters in one order.
CREATE FUNCTION data_versions_bump(keys text[], years int[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO data_versions (county_code, year, version)
  SELECT k.county_code, k.year, 1
    FROM (SELECT DISTINCT c AS county_code, y AS year FROM unnest(keys, years) AS u(c, y) WHERE c IS NOT NULL) k
   ORDER BY k.county_code, k.year
  ON CONFLICT (county_code, year) DO UPDATE SET version = data_versions.version + 1
$$;
--> statement-breakpoint
-- One trigger function for every table, told by its argument what the rows carry: 'county' rows their
-- county_code (and a year where the table has one; 0 for the county and its schools), 'school' rows a
-- school_code and a year (the school's county is looked up: the distinct schools of the statement, by key,
-- since a join of every row would hash all schools), 'catalog' rows a policy profile (('*', 0), which every
-- county-year's version includes). The transition tables are named by the statement: new rows for an
-- insert, old for a delete, both for an update; the county-years of all of them are raised in one call.
-- A teacher-year of year Y also counts in the B16 / B18 windows of the teacher's later years, in whatever
-- county those are taught: readers of a county-year therefore add the counters of every county's earlier
-- years (src/db/schema/versions.ts), rather than this looking up the teacher's later records (a join to
-- teacher_years per statement, a scan of the table when the planner hashes it).
CREATE FUNCTION data_versions_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keyed constant text := TG_ARGV[0];
  tables constant text[] := CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['old_rows', 'new_rows'] END;
  rows_of text;
  c text[] := ARRAY[]::text[];
  y int[] := ARRAY[]::int[];
  more_c text[];
  more_y int[];
BEGIN
  FOREACH rows_of IN ARRAY tables LOOP
    IF keyed = 'school' THEN
      EXECUTE format(
        'SELECT array_agg(s.county_code), array_agg(r.year)
           FROM (SELECT DISTINCT school_code, year FROM %1$I) r
           JOIN schools s ON s.school_code = r.school_code
          WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM %1$I))', rows_of) INTO more_c, more_y;
    ELSIF keyed = 'county' THEN
      EXECUTE format(
        'SELECT array_agg(k.county_code), array_agg(k.year)
           FROM (SELECT DISTINCT r.county_code, coalesce((to_jsonb(r) ->> ''year'')::int, 0) AS year FROM %I r) k', rows_of)
        INTO more_c, more_y;
    ELSE
      EXECUTE format('SELECT CASE WHEN EXISTS (SELECT FROM %I) THEN ARRAY[''*''] END, ARRAY[0]', rows_of) INTO more_c, more_y;
    END IF;
    IF more_c IS NOT NULL THEN
      c := c || more_c;
      y := y || more_y;
    END IF;
  END LOOP;
  IF cardinality(c) > 0 THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_insert AFTER INSERT ON "counties" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_update AFTER UPDATE ON "counties" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_delete AFTER DELETE ON "counties" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_insert AFTER INSERT ON "schools" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_update AFTER UPDATE ON "schools" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_delete AFTER DELETE ON "schools" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_insert AFTER INSERT ON "school_years" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_update AFTER UPDATE ON "school_years" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_delete AFTER DELETE ON "school_years" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_insert AFTER INSERT ON "classes" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_update AFTER UPDATE ON "classes" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_delete AFTER DELETE ON "classes" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_insert AFTER INSERT ON "teacher_years" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_update AFTER UPDATE ON "teacher_years" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_delete AFTER DELETE ON "teacher_years" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('school');
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_insert AFTER INSERT ON "county_facts" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_update AFTER UPDATE ON "county_facts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_delete AFTER DELETE ON "county_facts" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_insert AFTER INSERT ON "county_year_policies" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_update AFTER UPDATE ON "county_year_policies" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_delete AFTER DELETE ON "county_year_policies" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('county');
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_insert AFTER INSERT ON "policy_profiles" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('catalog');
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_update AFTER UPDATE ON "policy_profiles" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('catalog');
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_delete AFTER DELETE ON "policy_profiles" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows('catalog');
--> statement-breakpoint
-- TRUNCATE has no transition table: it raises the counter every cached answer includes.
CREATE FUNCTION data_versions_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM data_versions_bump(ARRAY['*'], ARRAY[0]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_truncate AFTER TRUNCATE ON "counties"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_truncate AFTER TRUNCATE ON "schools"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_truncate AFTER TRUNCATE ON "school_years"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_truncate AFTER TRUNCATE ON "classes"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_truncate AFTER TRUNCATE ON "teacher_years"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_truncate AFTER TRUNCATE ON "county_facts"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_truncate AFTER TRUNCATE ON "county_year_policies"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_truncate AFTER TRUNCATE ON "policy_profiles"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_truncate();
