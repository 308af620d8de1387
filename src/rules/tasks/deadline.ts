// A plan task's deadline as the plan writes it (完成时限), the date it means, and whether the task is overdue.
// Pure: "today" is always given by the caller (docs/tasks.md, "Deadlines and overdue").

/** A calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export type TaskStatus = 'not_started' | 'in_progress' | 'done';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Texts that name no date: the task goes on through the plan and is never overdue. */
const ONGOING = new Set(['持续推进']);

export type DeadlineReading = { ok: true; deadline: IsoDate | null } | { ok: false; message: string };

/**
 * The last day a 完成时限 allows: "2023年4月" → 2023-04-30 (the whole month), "2023年底" → 2023-12-31,
 * "2024年6月15日" → 2024-06-15, "持续推进" → null (no deadline). Any other text is refused, so a plan file
 * cannot carry a deadline the service would silently misread.
 */
export function readDeadline(text: string): DeadlineReading {
  const t = text.trim();
  if (ONGOING.has(t)) return { ok: true, deadline: null };
  const endOfYear = /^(\d{4})年底$/.exec(t);
  if (endOfYear) return { ok: true, deadline: `${endOfYear[1]}-12-31` };
  const month = /^(\d{4})年(\d{1,2})月$/.exec(t);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12) return { ok: false, message: `"${text}" names no month` };
    return { ok: true, deadline: `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}` };
  }
  const day = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (day) {
    const y = Number(day[1]);
    const m = Number(day[2]);
    const d = Number(day[3]);
    if (m < 1 || m > 12 || d < 1 || d > lastDayOfMonth(y, m)) return { ok: false, message: `"${text}" is not a calendar date` };
    return { ok: true, deadline: `${y}-${pad(m)}-${pad(d)}` };
  }
  return { ok: false, message: `"${text}" is not a deadline the service reads: "YYYY年M月", "YYYY年M月D日", "YYYY年底" or "持续推进"` };
}

/**
 * Overdue: not done, and `today` is after the deadline. The deadline day itself is still on time (the
 * plan's "2023年4月" allows all of April), so a task due 2023-04-30 is overdue from 2023-05-01. A task
 * without a deadline is never overdue. ISO dates compare as text.
 */
export function isOverdue(status: TaskStatus, deadline: IsoDate | null, today: IsoDate): boolean {
  return status !== 'done' && deadline !== null && today > deadline;
}

/** The plan's own calendar: China Standard Time (UTC+8, no daylight saving), whatever the server's zone. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in China at the instant `now`: 2024-04-30T16:00Z is already 2024-05-01 there. */
export function chinaDate(now: Date): IsoDate {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}
