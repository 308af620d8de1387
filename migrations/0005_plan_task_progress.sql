CREATE TYPE "public"."plan_task_status" AS ENUM('not_started', 'in_progress', 'done');--> statement-breakpoint
CREATE TABLE "plan_task_progress" (
	"county_code" text NOT NULL,
	"task_id" text NOT NULL,
	"status" "plan_task_status" NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "plan_task_progress_county_code_task_id_pk" PRIMARY KEY("county_code","task_id"),
	CONSTRAINT "plan_task_progress_county_format" CHECK ("plan_task_progress"."county_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "plan_task_progress_task_format" CHECK ("plan_task_progress"."task_id" ~ '^T[0-9]{2,3}$'),
	CONSTRAINT "plan_task_progress_notes_length" CHECK (length("plan_task_progress"."notes") <= 4000),
	CONSTRAINT "plan_task_progress_evidence_array" CHECK (CASE WHEN jsonb_typeof("plan_task_progress"."evidence") = 'array' THEN jsonb_array_length("plan_task_progress"."evidence") <= 20 ELSE false END)
);
