// Every indicator at a glance: how many are met each year, and each indicator's status per year up to
// the plan's deadline, linking to the rows of its figures further down.

import { STATUS_LABELS } from '../format.js';
import { html, type Html } from '../html.js';
import { type SeriesEntry, type YearAxis, yearCellClass, yearHeading } from './axis.js';
import { statusCells } from './figures.js';
import { indicatorName } from './indicator-names.js';

const STATUSES = ['met', 'not_met', 'not_assessable'] as const;

function counts(axis: YearAxis, entries: readonly SeriesEntry[]): Html[] {
  return STATUSES.map((status) => {
    const cells = axis.years.map((y) => {
      if (!axis.withData.has(y)) return html`<td class="${yearCellClass(axis, y)}">—</td>`;
      const n = entries.filter((e) => e.points.some((p) => p.year === y && p.status === status)).length;
      return html`<td class="${yearCellClass(axis, y)}">${n}</td>`;
    });
    return html`<tr class="count"><th scope="row">${STATUS_LABELS[status]}（项）</th>${cells}</tr>`;
  });
}

export function overviewSection(axis: YearAxis, entries: readonly SeriesEntry[]): Html {
  const rows = entries.map(
    (e) => html`<tr><th scope="row"><a href="#${e.id}">${indicatorName(e.id)}</a></th>${statusCells(axis, e)}</tr>`,
  );
  return html`<section class="card long" id="overview"><h2>各项指标的达标情况</h2>
    <div class="table-wrap"><table class="trend overview">
      <caption class="visually-hidden">B1–B31 每年的状态</caption>
      <thead><tr><th scope="col">指标</th>${axis.years.map((y) => yearHeading(axis, y))}</tr></thead>
      <tbody>${counts(axis, entries)}${rows}</tbody>
    </table></div>
  </section>`;
}
