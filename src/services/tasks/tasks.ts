// The plan's task tracker (docs/tasks.md): the shipped tasks of a county's plan with their stored progress,
// `overdue` decided for the day asked, filters, and the one write (a task's progress).

import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/connection.js';
import { counties } from '../../db/schema/index.js';
import type { IndicatorId } from '../../rules/indicators/catalogue.js';
import { chinaDate, isOverdue, type IsoDate, type TaskStatus } from '../../rules/tasks/deadline.js';
import type { TaskPageT, TaskT } from '../../schemas/tasks.js';
import type { RequestContext } from '../context.js';
import { ServiceError, notFound } from '../errors.js';
import { countyPlan } from './catalog.js';
import type { CountyPlan, PlanTask, PlanUnit } from './plan-files.js';
import { countyProgress, taskProgress, writeProgress, type Progress, type ProgressInput } from './progress-store.js';

/** The day `overdue` is decided for: the one asked, or today in China (the plan's calendar). */
export const dayOf = (asOf: IsoDate | undefined): IsoDate => asOf ?? chinaDate(new Date());

/** A task as answered: the plan's text and its progress (not started when none is stored). */
export function taskView(countyCode: string, task: PlanTask, progress: Progress | undefined, asOf: IsoDate): TaskT {
  const status: TaskStatus = progress?.status ?? 'not_started';
  return {
    countyCode,
    taskId: task.taskId,
    number: task.number,
    text: task.text,
    responsibleUnits: task.responsibleUnits.map((u) => ({ unitId: u.unitId, name: u.name })),
    responsibleUnitsText: task.responsibleUnitsText,
    deadline: task.deadline,
    deadlineText: task.deadlineText,
    status,
    overdue: isOverdue(status, task.deadline, asOf),
    notes: progress?.notes ?? '',
    evidence: progress ? [...progress.evidence] : [],
    indicators: [...task.indicators],
    indicatorsReading: task.indicatorsReading,
    updatedAt: progress ? progress.updatedAt.toISOString() : null,
    updatedBy: progress?.updatedBy ?? null,
  };
}

/** A county without a shipped plan has no tasks; one that is not even recorded is 404, as elsewhere. */
export async function assertCountyKnown(db: Queryable, countyCode: string): Promise<void> {
  const [row] = await db.select({ code: counties.countyCode }).from(counties).where(eq(counties.countyCode, countyCode)).limit(1);
  if (!row) throw notFound(`county ${countyCode}`);
}

/** The unit a `responsibleUnit` filter names: by id or by any of its names; 422 when it names none. */
export function unitNamed(plan: CountyPlan, nameOrId: string): PlanUnit {
  const unit = plan.unitById.get(nameOrId) ?? plan.unitByName.get(nameOrId);
  if (unit) return unit;
  throw new ServiceError(422, 'unprocessable', 'Unprocessable Content', `county ${plan.countyCode}'s plan has no responsible unit ${nameOrId}`, [
    { in: 'query', pointer: '/responsibleUnit', message: `names no responsible unit of county ${plan.countyCode}'s plan; use a unitId or name of GET /v1/counties/${plan.countyCode}/responsible-units` },
  ]);
}

export interface TaskFilter {
  status?: TaskStatus | undefined;
  overdue?: boolean | undefined;
  indicator?: IndicatorId | undefined;
  responsibleUnit?: string | undefined;
  asOf?: IsoDate | undefined;
  limit: number;
  offset: number;
}

/** Every task of the county's plan in the table's order, filtered and paged. */
export async function listTasks(db: Queryable, countyCode: string, filter: TaskFilter): Promise<TaskPageT> {
  const asOf = dayOf(filter.asOf);
  const plan = countyPlan(countyCode);
  const page = { limit: filter.limit, offset: filter.offset };
  if (!plan) {
    await assertCountyKnown(db, countyCode);
    return { countyCode, asOf, source: null, items: [], total: 0, ...page };
  }
  const unit = filter.responsibleUnit === undefined ? undefined : unitNamed(plan, filter.responsibleUnit);
  const progress = await countyProgress(db, countyCode);
  const matching = plan.tasks
    .map((task) => taskView(countyCode, task, progress.get(task.taskId), asOf))
    .filter(
      (t) =>
        (filter.status === undefined || t.status === filter.status) &&
        (filter.overdue === undefined || t.overdue === filter.overdue) &&
        (filter.indicator === undefined || t.indicators.includes(filter.indicator)) &&
        (unit === undefined || t.responsibleUnits.some((u) => u.unitId === unit.unitId)),
    );
  return { countyCode, asOf, source: plan.tasksSource, items: matching.slice(filter.offset, filter.offset + filter.limit), total: matching.length, ...page };
}

function planTask(countyCode: string, taskId: string): PlanTask {
  const task = countyPlan(countyCode)?.taskById.get(taskId);
  if (!task) throw notFound(`task ${taskId} of county ${countyCode}`);
  return task;
}

export async function getTask(db: Queryable, countyCode: string, taskId: string, asOf?: IsoDate): Promise<TaskT> {
  const task = planTask(countyCode, taskId);
  return taskView(countyCode, task, await taskProgress(db, countyCode, taskId), dayOf(asOf));
}

/**
 * Replaces the task's progress (status, notes, evidence); the plan's own text cannot be written. A
 * `precondition` (If-Match) is given the task as answered now (for `asOf`), its progress locked.
 */
export async function putTaskProgress(
  db: Db,
  countyCode: string,
  taskId: string,
  input: ProgressInput,
  ctx: RequestContext,
  asOf?: IsoDate,
  precondition?: (current: TaskT) => void,
): Promise<TaskT> {
  const task = planTask(countyCode, taskId);
  const check = precondition && ((before: Progress | undefined) => precondition(taskView(countyCode, task, before, dayOf(asOf))));
  const progress = await writeProgress(db, countyCode, taskId, input, ctx, check);
  return taskView(countyCode, task, progress, dayOf(asOf));
}

/** CSV of a task list: one row per task, units by name and lists joined with `;` (src/routes/csv.ts). */
export const TASK_CSV_COLUMNS = [
  'countyCode',
  'taskId',
  'number',
  'text',
  'responsibleUnits',
  'responsibleUnitIds',
  'deadline',
  'deadlineText',
  'status',
  'overdue',
  'notes',
  'evidence',
  'indicators',
  'updatedAt',
  'updatedBy',
] as const;

export const taskCsvRows = (page: TaskPageT) =>
  page.items.map((t) => ({
    ...t,
    responsibleUnits: t.responsibleUnits.map((u) => u.name),
    responsibleUnitIds: t.responsibleUnits.map((u) => u.unitId),
  }));
