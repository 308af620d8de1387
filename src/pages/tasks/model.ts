// What the task-tracker page shows, worked out from the API's own answers (the task list and the units):
// the counts of the summary, the tables by deadline year or by status, and the days a task is late.

import type { IsoDate } from '../../rules/tasks/deadline.js';
import type { TaskT } from '../../schemas/tasks.js';

/** How the tasks are laid out: one table per deadline year, or one table grouped by status. */
export const GROUPINGS = ['year', 'status'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface TaskCounts {
  total: number;
  done: number;
  inProgress: number;
  notStarted: number;
  /** Not done and past the deadline on the day asked: a part of inProgress + notStarted, not a fourth status. */
  overdue: number;
  /** Tasks without a deadline (持续推进), which are never overdue. */
  ongoing: number;
}

export function taskCounts(tasks: readonly TaskT[]): TaskCounts {
  const count = (test: (t: TaskT) => boolean) => tasks.filter(test).length;
  return {
    total: tasks.length,
    done: count((t) => t.status === 'done'),
    inProgress: count((t) => t.status === 'in_progress'),
    notStarted: count((t) => t.status === 'not_started'),
    overdue: count((t) => t.overdue),
    ongoing: count((t) => t.deadline === null),
  };
}

export interface TaskGroup {
  /** Stable and safe for an id attribute: `year-2023`, `year-ongoing`, `status-overdue`. */
  key: string;
  label: string;
  tasks: TaskT[];
}

/** One group per deadline year, oldest first; the tasks without a deadline last. */
export function groupByYear(tasks: readonly TaskT[]): TaskGroup[] {
  const years = [...new Set(tasks.flatMap((t) => (t.deadline === null ? [] : [t.deadline.slice(0, 4)])))].sort();
  const groups = years.map((y) => ({ key: `year-${y}`, label: `${y} 年完成`, tasks: tasks.filter((t) => t.deadline?.startsWith(y)) }));
  const ongoing = tasks.filter((t) => t.deadline === null);
  if (ongoing.length > 0) groups.push({ key: 'year-ongoing', label: '持续推进（无完成时限）', tasks: ongoing });
  return groups;
}

/** What a task is on the day asked: overdue outranks its recorded status, since it is what must be acted on. */
export const standing = (t: TaskT): 'overdue' | TaskT['status'] => (t.overdue ? 'overdue' : t.status);

const STANDING_ORDER = [
  { key: 'overdue', label: '已逾期' },
  { key: 'in_progress', label: '进行中' },
  { key: 'not_started', label: '未开始' },
  { key: 'done', label: '已完成' },
] as const;

/** Overdue first, then in progress, not started and done; groups without tasks are left out. */
export function groupByStatus(tasks: readonly TaskT[]): TaskGroup[] {
  return STANDING_ORDER.map((s) => ({ key: `status-${s.key}`, label: s.label, tasks: tasks.filter((t) => standing(t) === s.key) })).filter(
    (g) => g.tasks.length > 0,
  );
}

const dayNumber = (date: IsoDate) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** Whole days from the deadline to the day asked (1 on the first overdue day); null for a task that is not overdue. */
export function daysLate(t: TaskT, asOf: IsoDate): number | null {
  if (!t.overdue || t.deadline === null) return null;
  return dayNumber(asOf) - dayNumber(t.deadline);
}

/** A stored instant as the plan's calendar reads it: China Standard Time, to the minute. */
export { chinaTime } from '../format.js';
