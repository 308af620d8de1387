// The stored progress of a county plan's tasks (plan_task_progress): read for answers, written by PUT in
// one transaction with its audit event.

import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/connection.js';
import { planTaskProgress } from '../../db/schema/index.js';
import type { TaskStatus } from '../../rules/tasks/deadline.js';
import { appendAudit } from '../audit.js';
import type { RequestContext } from '../context.js';

export interface Progress {
  status: TaskStatus;
  notes: string;
  evidence: string[];
  updatedAt: Date;
  updatedBy: string | null;
}

export interface ProgressInput {
  status: TaskStatus;
  notes: string;
  evidence: string[];
}

const columns = {
  taskId: planTaskProgress.taskId,
  status: planTaskProgress.status,
  notes: planTaskProgress.notes,
  evidence: planTaskProgress.evidence,
  updatedAt: planTaskProgress.updatedAt,
  updatedBy: planTaskProgress.updatedBy,
};

type ProgressRow = Progress & { taskId: string };

const progressOfRow = (r: ProgressRow): Progress => ({
  status: r.status,
  notes: r.notes,
  evidence: [...r.evidence],
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

/** Every task's stored progress of the county, by task id (tasks never written have none). */
export async function countyProgress(db: Queryable, countyCode: string): Promise<Map<string, Progress>> {
  const rows = await db.select(columns).from(planTaskProgress).where(eq(planTaskProgress.countyCode, countyCode));
  return new Map(rows.map((r) => [r.taskId, progressOfRow(r)]));
}

const where = (countyCode: string, taskId: string) => and(eq(planTaskProgress.countyCode, countyCode), eq(planTaskProgress.taskId, taskId));

export async function taskProgress(db: Queryable, countyCode: string, taskId: string): Promise<Progress | undefined> {
  const [row] = await db.select(columns).from(planTaskProgress).where(where(countyCode, taskId)).limit(1);
  return row ? progressOfRow(row) : undefined;
}

const lockedProgress = async (db: Queryable, countyCode: string, taskId: string) => {
  const [row] = await db.select(columns).from(planTaskProgress).where(where(countyCode, taskId)).for('update');
  return row ? progressOfRow(row) : undefined;
};

const sameProgress = (a: Progress, b: ProgressInput) =>
  a.status === b.status && a.notes === b.notes && a.evidence.length === b.evidence.length && a.evidence.every((u, i) => u === b.evidence[i]);

/** How an audit event shows a task's progress. */
const auditImage = (p: Progress) => ({
  status: p.status,
  notes: p.notes,
  evidence: p.evidence,
  updatedAt: p.updatedAt.toISOString(),
  updatedBy: p.updatedBy,
});

/**
 * Replaces a task's progress and records the change in the audit trail, in one transaction. The row is
 * locked first, so concurrent writers of the same task take turns and each event's `before` is what its
 * write replaced; when two first writes race, the loser of the insert waits and then updates the winner's
 * row. Progress equal to what is stored is left alone: no write, no event, `updatedAt` does not move.
 * A `precondition` (If-Match) is checked on the locked progress before anything is written.
 */
export async function writeProgress(
  db: Db,
  countyCode: string,
  taskId: string,
  input: ProgressInput,
  ctx: RequestContext,
  precondition?: (before: Progress | undefined) => void,
): Promise<Progress> {
  return db.transaction(async (tx) => {
    let before = await lockedProgress(tx, countyCode, taskId);
    precondition?.(before);
    if (!before) {
      const [inserted] = await tx
        .insert(planTaskProgress)
        .values({ countyCode, taskId, ...input, updatedBy: ctx.keyId })
        .onConflictDoNothing()
        .returning(columns);
      if (inserted) {
        const after = progressOfRow(inserted);
        await appendAudit(tx, ctx, [{ action: 'create', entity: 'plan-task', entityKey: `${countyCode}/${taskId}`, countyCode, before: null, after: auditImage(after) }]);
        return after;
      }
      before = await lockedProgress(tx, countyCode, taskId);
      if (!before) throw new Error(`progress of task ${countyCode}/${taskId} vanished while it was written`);
      // the first write won the race: a condition on the task as it was before must be checked again
      precondition?.(before);
    }
    if (sameProgress(before, input)) return before;
    const [updated] = await tx
      .update(planTaskProgress)
      .set({ ...input, updatedAt: sql`now()`, updatedBy: ctx.keyId })
      .where(where(countyCode, taskId))
      .returning(columns);
    if (!updated) throw new Error(`progress of task ${countyCode}/${taskId} vanished while it was written`);
    const after = progressOfRow(updated);
    await appendAudit(tx, ctx, [
      { action: 'update', entity: 'plan-task', entityKey: `${countyCode}/${taskId}`, countyCode, before: auditImage(before), after: auditImage(after) },
    ]);
    return after;
  });
}
