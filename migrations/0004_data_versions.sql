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
CREATE FUNCTION data_versions_counties() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, 0 FROM new_rows r
    ) AS k(c, y);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, 0 FROM old_rows r
        UNION ALL
        SELECT r.county_code, 0 FROM new_rows r
    ) AS k(c, y);
  ELSE
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, 0 FROM old_rows r
    ) AS k(c, y);
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_insert AFTER INSERT ON "counties" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_counties();
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_update AFTER UPDATE ON "counties" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_counties();
--> statement-breakpoint
CREATE TRIGGER counties_data_versions_delete AFTER DELETE ON "counties" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_counties();
--> statement-breakpoint
CREATE FUNCTION data_versions_schools() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, 0 FROM new_rows r
    ) AS k(c, y);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, 0 FROM old_rows r
        UNION ALL
        SELECT r.county_code, 0 FROM new_rows r
    ) AS k(c, y);
  ELSE
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, 0 FROM old_rows r
    ) AS k(c, y);
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_insert AFTER INSERT ON "schools" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_schools();
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_update AFTER UPDATE ON "schools" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_schools();
--> statement-breakpoint
CREATE TRIGGER schools_data_versions_delete AFTER DELETE ON "schools" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_schools();
--> statement-breakpoint
CREATE FUNCTION data_versions_school_years() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  -- the distinct schools of the statement, looked up by key (a join of every row would hash all schools)
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT DISTINCT school_code, year FROM new_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT school_code, year FROM old_rows UNION SELECT school_code, year FROM new_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT school_code FROM old_rows UNION SELECT school_code FROM new_rows));
  ELSE
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT DISTINCT school_code, year FROM old_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM old_rows));
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_insert AFTER INSERT ON "school_years" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_school_years();
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_update AFTER UPDATE ON "school_years" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_school_years();
--> statement-breakpoint
CREATE TRIGGER school_years_data_versions_delete AFTER DELETE ON "school_years" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_school_years();
--> statement-breakpoint
CREATE FUNCTION data_versions_classes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  -- the distinct schools of the statement, looked up by key (a join of every row would hash all schools)
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT DISTINCT school_code, year FROM new_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT school_code, year FROM old_rows UNION SELECT school_code, year FROM new_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT school_code FROM old_rows UNION SELECT school_code FROM new_rows));
  ELSE
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT DISTINCT school_code, year FROM old_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM old_rows));
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_insert AFTER INSERT ON "classes" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_classes();
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_update AFTER UPDATE ON "classes" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_classes();
--> statement-breakpoint
CREATE TRIGGER classes_data_versions_delete AFTER DELETE ON "classes" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_classes();
--> statement-breakpoint
-- A teacher-year of year Y also counts in the B16 / B18 windows of the teacher's later years, in whatever
-- county those are taught: readers of a county-year therefore add the counters of every county's earlier
-- years (src/db/schema/versions.ts). Looking up the teacher's later records here instead would cost a
-- join to teacher_years per statement, a scan of the table when the planner hashes it.
CREATE FUNCTION data_versions_teacher_years() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  -- the distinct schools of the statement, looked up by key (a join of every row would hash all schools)
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT DISTINCT school_code, year FROM new_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT school_code, year FROM old_rows UNION SELECT school_code, year FROM new_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT school_code FROM old_rows UNION SELECT school_code FROM new_rows));
  ELSE
    SELECT array_agg(s.county_code), array_agg(r.year) INTO c, y
      FROM (SELECT DISTINCT school_code, year FROM old_rows) r
      JOIN schools s ON s.school_code = r.school_code
     WHERE s.school_code = ANY(ARRAY(SELECT DISTINCT school_code FROM old_rows));
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_insert AFTER INSERT ON "teacher_years" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_teacher_years();
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_update AFTER UPDATE ON "teacher_years" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_teacher_years();
--> statement-breakpoint
CREATE TRIGGER teacher_years_data_versions_delete AFTER DELETE ON "teacher_years" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_teacher_years();
--> statement-breakpoint
CREATE FUNCTION data_versions_county_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, r.year FROM new_rows r
    ) AS k(c, y);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, r.year FROM old_rows r
        UNION ALL
        SELECT r.county_code, r.year FROM new_rows r
    ) AS k(c, y);
  ELSE
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, r.year FROM old_rows r
    ) AS k(c, y);
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_insert AFTER INSERT ON "county_facts" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_county_facts();
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_update AFTER UPDATE ON "county_facts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_county_facts();
--> statement-breakpoint
CREATE TRIGGER county_facts_data_versions_delete AFTER DELETE ON "county_facts" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_county_facts();
--> statement-breakpoint
CREATE FUNCTION data_versions_county_year_policies() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, r.year FROM new_rows r
    ) AS k(c, y);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, r.year FROM old_rows r
        UNION ALL
        SELECT r.county_code, r.year FROM new_rows r
    ) AS k(c, y);
  ELSE
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT r.county_code, r.year FROM old_rows r
    ) AS k(c, y);
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_insert AFTER INSERT ON "county_year_policies" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_county_year_policies();
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_update AFTER UPDATE ON "county_year_policies" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_county_year_policies();
--> statement-breakpoint
CREATE TRIGGER county_year_policies_data_versions_delete AFTER DELETE ON "county_year_policies" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_county_year_policies();
--> statement-breakpoint
CREATE FUNCTION data_versions_policy_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c text[];
  y int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT '*', 0 FROM new_rows r
    ) AS k(c, y);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT '*', 0 FROM old_rows r
        UNION ALL
        SELECT '*', 0 FROM new_rows r
    ) AS k(c, y);
  ELSE
    SELECT array_agg(k.c), array_agg(k.y) INTO c, y FROM (
        SELECT '*', 0 FROM old_rows r
    ) AS k(c, y);
  END IF;
  IF c IS NOT NULL THEN
    PERFORM data_versions_bump(c, y);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_insert AFTER INSERT ON "policy_profiles" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_policy_profiles();
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_update AFTER UPDATE ON "policy_profiles" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_policy_profiles();
--> statement-breakpoint
CREATE TRIGGER policy_profiles_data_versions_delete AFTER DELETE ON "policy_profiles" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_policy_profiles();
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
