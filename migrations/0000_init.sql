CREATE TYPE "public"."area_type" AS ENUM('urban', 'town', 'rural');--> statement-breakpoint
CREATE TYPE "public"."backbone_level" AS ENUM('none', 'county', 'city', 'province', 'national');--> statement-breakpoint
CREATE TYPE "public"."education_level" AS ENUM('below_secondary', 'secondary', 'associate', 'bachelor', 'master', 'doctorate');--> statement-breakpoint
CREATE TYPE "public"."gender" AS ENUM('male', 'female');--> statement-breakpoint
CREATE TYPE "public"."ownership" AS ENUM('public', 'private');--> statement-breakpoint
CREATE TYPE "public"."school_kind" AS ENUM('kindergarten', 'primary', 'teaching_point', 'junior', 'nine_year', 'twelve_year', 'complete_secondary', 'senior', 'special');--> statement-breakpoint
CREATE TYPE "public"."stage" AS ENUM('preschool', 'primary', 'junior', 'senior');--> statement-breakpoint
CREATE TABLE "counties" (
	"county_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_code" text,
	"province_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "counties_code_format" CHECK ("counties"."county_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "counties_city_format" CHECK ("counties"."city_code" IS NULL OR "counties"."city_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "counties_province_format" CHECK ("counties"."province_code" IS NULL OR "counties"."province_code" ~ '^[0-9]{2}$'),
	CONSTRAINT "counties_name_nonblank" CHECK (length(btrim("counties"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "county_facts" (
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "county_facts_county_code_year_pk" PRIMARY KEY("county_code","year"),
	CONSTRAINT "county_facts_year" CHECK ("year" BETWEEN 2000 AND 2100),
	CONSTRAINT "county_facts_object" CHECK (jsonb_typeof("county_facts"."facts") = 'object')
);
--> statement-breakpoint
CREATE TABLE "towns" (
	"town_code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "towns_code_format" CHECK ("towns"."town_code" ~ '^[0-9]{9}$'),
	CONSTRAINT "towns_code_in_county" CHECK (left("towns"."town_code", 6) = "towns"."county_code"),
	CONSTRAINT "towns_name_nonblank" CHECK (length(btrim("towns"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "classes" (
	"school_code" text NOT NULL,
	"year" integer NOT NULL,
	"class_code" text NOT NULL,
	"stage" "stage" NOT NULL,
	"grade" smallint,
	"students" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "classes_school_code_year_class_code_pk" PRIMARY KEY("school_code","year","class_code"),
	CONSTRAINT "classes_year" CHECK ("year" BETWEEN 2000 AND 2100),
	CONSTRAINT "classes_students" CHECK ("classes"."students" >= 0 AND "classes"."students" <= 200),
	CONSTRAINT "classes_code_format" CHECK ("classes"."class_code" ~ '^[A-Za-z0-9._-]{1,32}$'),
	CONSTRAINT "classes_grade_in_stage" CHECK ("classes"."grade" IS NULL OR ("classes"."stage" = 'preschool' AND "classes"."grade" BETWEEN 1 AND 3)
        OR ("classes"."stage" = 'primary' AND "classes"."grade" BETWEEN 1 AND 6)
        OR ("classes"."stage" = 'junior' AND "classes"."grade" BETWEEN 7 AND 9)
        OR ("classes"."stage" = 'senior' AND "classes"."grade" BETWEEN 10 AND 12))
);
--> statement-breakpoint
CREATE TABLE "school_years" (
	"school_code" text NOT NULL,
	"year" integer NOT NULL,
	"teaching_area_m2" numeric(12, 2) NOT NULL,
	"indoor_sports_area_m2" numeric(12, 2),
	"sports_area_m2" numeric(12, 2) NOT NULL,
	"equipment_value_fen" bigint NOT NULL,
	"multimedia_classrooms" integer NOT NULL,
	"music_room_areas_m2" numeric(12, 2)[] NOT NULL,
	"art_room_areas_m2" numeric(12, 2)[] NOT NULL,
	"boarders" integer NOT NULL,
	"inclusion_students" integer NOT NULL,
	"migrant_children" integer,
	"left_behind_children" integer,
	"designed_seats" integer,
	"public_funding_allocated_fen" bigint,
	"training_spend_fen" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_years_school_code_year_pk" PRIMARY KEY("school_code","year"),
	CONSTRAINT "school_years_year" CHECK ("year" BETWEEN 2000 AND 2100),
	CONSTRAINT "school_years_nonnegative" CHECK ("school_years"."teaching_area_m2" >= 0 AND "school_years"."sports_area_m2" >= 0 AND "school_years"."equipment_value_fen" >= 0
        AND "school_years"."multimedia_classrooms" >= 0 AND "school_years"."boarders" >= 0 AND "school_years"."inclusion_students" >= 0
        AND coalesce("school_years"."indoor_sports_area_m2", 0) >= 0 AND coalesce("school_years"."migrant_children", 0) >= 0
        AND coalesce("school_years"."left_behind_children", 0) >= 0 AND coalesce("school_years"."designed_seats", 0) >= 0
        AND coalesce("school_years"."public_funding_allocated_fen", 0) >= 0 AND coalesce("school_years"."training_spend_fen", 0) >= 0),
	CONSTRAINT "school_years_room_areas_positive" CHECK (0 < ALL("school_years"."music_room_areas_m2") AND 0 < ALL("school_years"."art_room_areas_m2")
        AND array_position("school_years"."music_room_areas_m2", NULL) IS NULL AND array_position("school_years"."art_room_areas_m2", NULL) IS NULL)
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"school_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"county_code" text NOT NULL,
	"town_code" text,
	"kind" "school_kind" NOT NULL,
	"area_type" "area_type" NOT NULL,
	"ownership" "ownership" NOT NULL,
	"boarding" boolean NOT NULL,
	"central_school_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schools_code_format" CHECK ("schools"."school_code" ~ '^[0-9]{10}$'),
	CONSTRAINT "schools_name_nonblank" CHECK (length(btrim("schools"."name")) > 0),
	CONSTRAINT "schools_town_in_county" CHECK ("schools"."town_code" IS NULL OR left("schools"."town_code", 6) = "schools"."county_code"),
	CONSTRAINT "schools_central_only_for_teaching_points" CHECK ("schools"."central_school_code" IS NULL OR ("schools"."kind" = 'teaching_point' AND "schools"."central_school_code" <> "schools"."school_code"))
);
--> statement-breakpoint
CREATE TABLE "teacher_years" (
	"staff_code" text NOT NULL,
	"year" integer NOT NULL,
	"school_code" text NOT NULL,
	"stage" "stage" NOT NULL,
	"full_time" boolean NOT NULL,
	"education" "education_level" NOT NULL,
	"certified" boolean NOT NULL,
	"backbone_level" "backbone_level" NOT NULL,
	"subject" text NOT NULL,
	"training_hours" integer NOT NULL,
	"rotated" boolean NOT NULL,
	"rotation_eligible" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teacher_years_staff_code_year_pk" PRIMARY KEY("staff_code","year"),
	CONSTRAINT "teacher_years_year" CHECK ("year" BETWEEN 2000 AND 2100),
	CONSTRAINT "teacher_years_subject_code" CHECK ("teacher_years"."subject" ~ '^[a-z][a-z0-9_]{0,31}$'),
	CONSTRAINT "teacher_years_training_hours" CHECK ("teacher_years"."training_hours" BETWEEN 0 AND 2000)
);
--> statement-breakpoint
CREATE TABLE "teachers" (
	"staff_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"gender" "gender",
	"birth_year" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teachers_code_format" CHECK ("teachers"."staff_code" ~ '^[A-Za-z0-9._-]{1,32}$'),
	CONSTRAINT "teachers_name_nonblank" CHECK (length(btrim("teachers"."name")) > 0),
	CONSTRAINT "teachers_birth_year" CHECK ("teachers"."birth_year" IS NULL OR "teachers"."birth_year" BETWEEN 1930 AND 2015)
);
--> statement-breakpoint
CREATE TABLE "county_year_policies" (
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"policy_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "county_year_policies_county_code_year_pk" PRIMARY KEY("county_code","year"),
	CONSTRAINT "county_year_policies_year" CHECK ("year" BETWEEN 2000 AND 2100)
);
--> statement-breakpoint
CREATE TABLE "funding_run_lines" (
	"run_id" uuid NOT NULL,
	"school_code" text NOT NULL,
	"component" text NOT NULL,
	"quantity" integer NOT NULL,
	"rate_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"rule" text NOT NULL,
	"explanation" text NOT NULL,
	CONSTRAINT "funding_run_lines_run_id_school_code_component_pk" PRIMARY KEY("run_id","school_code","component"),
	CONSTRAINT "funding_run_lines_amounts" CHECK ("funding_run_lines"."quantity" >= 0 AND "funding_run_lines"."rate_fen" >= 0 AND "funding_run_lines"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funding_runs" (
	"run_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"policy_id" text NOT NULL,
	"engine_version" text NOT NULL,
	"inputs_hash" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"results" jsonb NOT NULL,
	"total_fen" bigint NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "funding_runs_year" CHECK ("year" BETWEEN 2000 AND 2100),
	CONSTRAINT "funding_runs_hash_format" CHECK ("funding_runs"."inputs_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "funding_runs_total" CHECK ("funding_runs"."total_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "policy_profiles" (
	"policy_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "policy_profiles_id_format" CHECK ("policy_profiles"."policy_id" ~ '^[a-z0-9][a-z0-9-]{1,63}$')
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"counties" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "api_keys_hash_format" CHECK ("api_keys"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "api_keys_scopes_known" CHECK ("api_keys"."scopes" <@ ARRAY['read','write','funding:run','audit','admin']::text[] AND cardinality("api_keys"."scopes") > 0),
	CONSTRAINT "api_keys_counties_nonempty" CHECK (cardinality("api_keys"."counties") > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"key_id" uuid,
	"request_id" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_key" text NOT NULL,
	"county_code" text,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "audit_events_action" CHECK ("audit_events"."action" IN ('create', 'update', 'delete', 'run'))
);
--> statement-breakpoint
ALTER TABLE "county_facts" ADD CONSTRAINT "county_facts_county_code_counties_county_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("county_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "towns" ADD CONSTRAINT "towns_county_code_counties_county_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("county_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_school_fk" FOREIGN KEY ("school_code") REFERENCES "public"."schools"("school_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_years" ADD CONSTRAINT "school_years_school_code_schools_school_code_fk" FOREIGN KEY ("school_code") REFERENCES "public"."schools"("school_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_county_code_counties_county_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("county_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_town_code_towns_town_code_fk" FOREIGN KEY ("town_code") REFERENCES "public"."towns"("town_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_central_school_code_schools_school_code_fk" FOREIGN KEY ("central_school_code") REFERENCES "public"."schools"("school_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_years" ADD CONSTRAINT "teacher_years_staff_code_teachers_staff_code_fk" FOREIGN KEY ("staff_code") REFERENCES "public"."teachers"("staff_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_years" ADD CONSTRAINT "teacher_years_school_code_schools_school_code_fk" FOREIGN KEY ("school_code") REFERENCES "public"."schools"("school_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "county_year_policies" ADD CONSTRAINT "county_year_policies_county_code_counties_county_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("county_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "county_year_policies" ADD CONSTRAINT "county_year_policies_policy_id_policy_profiles_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policy_profiles"("policy_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_run_lines" ADD CONSTRAINT "funding_run_lines_run_id_funding_runs_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."funding_runs"("run_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_runs" ADD CONSTRAINT "funding_runs_county_code_counties_county_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("county_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_runs" ADD CONSTRAINT "funding_runs_policy_id_policy_profiles_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policy_profiles"("policy_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "towns_county_idx" ON "towns" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "classes_year_school_idx" ON "classes" USING btree ("year","school_code");--> statement-breakpoint
CREATE INDEX "school_years_year_idx" ON "school_years" USING btree ("year");--> statement-breakpoint
CREATE INDEX "schools_county_kind_idx" ON "schools" USING btree ("county_code","kind");--> statement-breakpoint
CREATE INDEX "schools_town_idx" ON "schools" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "schools_central_idx" ON "schools" USING btree ("central_school_code");--> statement-breakpoint
CREATE INDEX "teacher_years_school_year_idx" ON "teacher_years" USING btree ("school_code","year");--> statement-breakpoint
CREATE INDEX "teacher_years_year_idx" ON "teacher_years" USING btree ("year");--> statement-breakpoint
CREATE INDEX "funding_runs_county_year_idx" ON "funding_runs" USING btree ("county_code","year");--> statement-breakpoint
CREATE INDEX "funding_runs_idempotency_idx" ON "funding_runs" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity","entity_key");--> statement-breakpoint
CREATE INDEX "audit_events_county_at_idx" ON "audit_events" USING btree ("county_code","at");