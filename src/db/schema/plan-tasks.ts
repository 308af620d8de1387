import { sql } from 'drizzle-orm';
import { check, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const PLAN_TASK_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export const planTaskStatusEnum = pgEnum('plan_task_status', PLAN_TASK_STATUSES);

/**
 * Progress on a county plan's tasks (docs/tasks.md). The tasks themselves (text, responsible units,
 * deadline, indicators) are data shipped with the service (plans/<countyCode>/tasks.json); a row exists
 * once a task's progress has been written, and a task without one is not started. Whether a task is
 * overdue depends on the day it is asked, so it is never stored. No foreign key to counties: the plan,
 * not the county's reference record, is what the row belongs to.
 */
export const planTaskProgress = pgTable(
  'plan_task_progress',
  {
    countyCode: text('county_code').notNull(),
    taskId: text('task_id').notNull(),
    status: planTaskStatusEnum('status').notNull(),
    notes: text('notes').notNull().default(''),
    /** Evidence links: a JSON array of http(s) URLs. */
    evidence: jsonb('evidence').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The API key that wrote it; null for the service itself. */
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.taskId] }),
    check('plan_task_progress_county_format', sql`${t.countyCode} ~ '^[0-9]{6}$'`),
    check('plan_task_progress_task_format', sql`${t.taskId} ~ '^T[0-9]{2,3}$'`),
    check('plan_task_progress_notes_length', sql`length(${t.notes}) <= 4000`),
    // CASE, not AND: PostgreSQL may evaluate either side of an AND first, and jsonb_array_length fails on a non-array.
    check(
      'plan_task_progress_evidence_array',
      sql`CASE WHEN jsonb_typeof(${t.evidence}) = 'array' THEN jsonb_array_length(${t.evidence}) <= 20 ELSE false END`,
    ),
  ],
);
