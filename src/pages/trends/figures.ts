// The county-level figures of each indicator as the series names them ('value', 'primary.cv',
// 'shortfallYuan', …): their Chinese labels, how each is written (a share as a percentage, yuan with two
// decimals, a count as it is), and the table of an indicator's status and figures per year.

import { num, percent, plain, statusBadge } from '../format.js';
import { html, type Html } from '../html.js';
import { type SeriesEntry, type YearAxis, pointsByYear, yearCellClass, yearHeading } from './axis.js';
import { indicatorName } from './indicator-names.js';

/** Indicators whose value and standard are shares (0.9636 = 96.36%). */
const SHARE_INDICATORS = new Set(['B15', 'B16', 'B18', 'B19', 'B20', 'B21', 'B22', 'B23', 'B24', 'B26', 'B31']);
const SHARE_FIGURES = new Set(['largeShare', 'superLargeShare', 'backboneShare', 'backboneShareMin']);

const STAGE_PREFIX: Record<string, string> = { primary: '小学', junior: '初中' };

const LABELS: Record<string, string> = {
  value: '数值',
  standard: '标准',
  cv: '差异系数',
  cvMax: '差异系数上限',
  mean: '均值',
  unitsAssessed: '参评单位',
  unitsMet: '达标单位',
  schools: '参评学校',
  classes: '义务教育班级',
  overLimit: '超过标准班额的班级',
  large: '大班额班级',
  superLarge: '超大班额班级',
  largeShare: '大班额占比',
  superLargeShare: '超大班额占比',
  met: '达标学校',
  notMet: '未达标学校',
  notAssessable: '无法评估的学校',
  shortfallYuan: '经费缺口（元）',
  fullTime: '专任教师',
  completed: '完成培训的教师',
  certified: '持证专任教师',
  windowFrom: '统计起始年',
  windowTo: '统计截止年',
  hoursPerYear: '每年应修学时',
  backboneShare: '骨干教师占交流教师比例',
  backboneShareMin: '骨干教师比例下限',
  teacherYears: '教师年度记录',
  rotated: '交流轮岗教师',
  eligible: '符合交流条件的教师',
  eligibleByTenure: '其中按任职年限符合条件',
  rotatedBackbone: '交流轮岗的骨干教师',
  tenureYears: '任职年限要求（年）',
};

/** "primary.cv" → "小学 差异系数", "valueByStage.junior" → "初中 数值"; an unknown name is shown as it is. */
export function figureLabel(key: string): string {
  const byStage = /^(value|standard)ByStage\.(\w+)$/.exec(key);
  if (byStage) return `${STAGE_PREFIX[byStage[2] ?? ''] ?? byStage[2]} ${LABELS[byStage[1] ?? ''] ?? byStage[1]}`;
  const staged = /^(primary|junior)\.(\w+)$/.exec(key);
  if (staged) return `${STAGE_PREFIX[staged[1] ?? '']} ${LABELS[staged[2] ?? ''] ?? staged[2]}`;
  return LABELS[key] ?? key;
}

export const isShare = (id: string, key: string): boolean =>
  SHARE_FIGURES.has(key) || (SHARE_INDICATORS.has(id) && /^(value|standard)(ByStage\.\w+)?$/.test(key));

/** A figure as an official reads it. */
export function figureText(id: string, key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (isShare(id, key)) return percent(value, 2);
  if (key.endsWith('Yuan') || (id === 'B14' && key === 'standard')) return num(value, 2);
  if (key.endsWith('.mean')) return num(value, 2);
  if (key.endsWith('.cv')) return num(value, 4);
  if (key === 'windowFrom' || key === 'windowTo') return String(value);
  return plain(value);
}

/** Figures left out of the tables because another row already shows them. */
const REPEATED: Record<string, readonly string[]> = {
  // B12's value is its count of classes over the limit, shown as overLimit.
  B12: ['value'],
};

/** Every figure name of an indicator over the years, in the order the answers give them. */
export function figureKeys(entry: SeriesEntry): string[] {
  const keys = new Set<string>();
  for (const p of entry.points) for (const k of Object.keys(p.figures)) keys.add(k);
  const skip = REPEATED[entry.id] ?? [];
  return [...keys].filter((k) => !skip.includes(k));
}

/** The status row of an indicator: one badge per year of the axis. */
export function statusCells(axis: YearAxis, entry: SeriesEntry): Html[] {
  return pointsByYear(axis, entry).map(
    (p, i) => html`<td class="${yearCellClass(axis, axis.years[i] ?? 0, 'status-cell')}">${p ? statusBadge(p.status) : html`<span class="note">—</span>`}</td>`,
  );
}

/**
 * The table of a group of indicators: per indicator its status per year, then each of its figures per year.
 * `named: false` leaves out the indicator column, for a table standing under its indicator's own chart.
 */
export function figureTable(axis: YearAxis, entries: readonly SeriesEntry[], caption: string, options: { named?: boolean } = {}): Html {
  const named = options.named ?? true;
  const rows = entries.flatMap((entry) => {
    const keys = figureKeys(entry);
    const points = pointsByYear(axis, entry);
    const name = named ? html`<th scope="rowgroup" rowspan="${keys.length + 1}">${indicatorName(entry.id)}</th>` : null;
    const head = html`<tr class="indicator-head" id="${entry.id}">${name}<td>状态</td>${statusCells(axis, entry)}</tr>`;
    const figures = keys.map(
      (key) => html`<tr><td>${figureLabel(key)}</td>${points.map(
        (p, i) => html`<td class="${yearCellClass(axis, axis.years[i] ?? 0)}">${p ? figureText(entry.id, key, p.figures[key]) : '—'}</td>`,
      )}</tr>`,
    );
    return [head, ...figures];
  });
  return html`<div class="table-wrap"><table class="trend">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr>${named ? html`<th scope="col">指标</th>` : null}<th scope="col">数据</th>${axis.years.map((y) => yearHeading(axis, y))}</tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}
