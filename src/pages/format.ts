import { html, type Html } from './html.js';

/** Words for statuses, as an official reads them. */
export const STATUS_LABELS: Record<string, string> = {
  met: '达标',
  not_met: '未达标',
  not_assessable: '无法评估',
  pass: '达标',
  fail: '未达标',
  not_started: '未开始',
  in_progress: '进行中',
  done: '已完成',
  overdue: '已逾期',
};

/** A status as a badge: the word carries the meaning, the colour only repeats it (it prints in grey). */
export const statusBadge = (status: string, label = STATUS_LABELS[status] ?? status): Html =>
  html`<span class="status ${status}">${label}</span>`;

export const passBadge = (passes: boolean | null | undefined): Html =>
  passes === true ? statusBadge('pass') : passes === false ? statusBadge('fail') : statusBadge('not_assessable');

const grouped = (digits: number) => new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const FORMATS = [0, 1, 2, 3, 4].map(grouped);

/** A figure with a fixed number of decimals and thousands separators; an em dash for no value. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return (FORMATS[digits] ?? grouped(digits)).format(value);
}

/** Integer fen as yuan with two decimals: exact, never through a float sum. */
export function yuanOfFen(fen: number | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const total = BigInt(fen);
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '−' : ''}${whole}.${cents}`;
}

/** A difference with its sign, marked up or down for the eye (the sign carries the meaning in print). */
export function delta(value: number | null | undefined, digits = 2): Html {
  if (value === null || value === undefined || !Number.isFinite(value)) return html`<span class="delta">—</span>`;
  if (value === 0) return html`<span class="delta">0</span>`;
  const text = `${value > 0 ? '+' : '−'}${num(Math.abs(value), digits)}`;
  return html`<span class="delta ${value > 0 ? 'up' : 'down'}">${text}</span>`;
}

export const STAGE_LABELS: Record<string, string> = { primary: '小学', junior: '初中' };
export const stageLabel = (stage: string): string => STAGE_LABELS[stage] ?? stage;

const TRIMMED = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 });

/** A figure as recorded, up to 4 decimals and no trailing zeros (a standard of 5.3 stays "5.3"). */
export function plain(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return TRIMMED.format(value);
}

/** A share (0.9636) as a percentage ("96.36%"). */
export function percent(share: number | null | undefined, digits = 2): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${num(share * 100, digits)}%`;
}

/** A moment as every page writes it: Beijing time to the minute, "2026-12-06 10:07". */
export function chinaTime(at: Date | string): string {
  const local = new Date(new Date(at).getTime() + 8 * 3_600_000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}
