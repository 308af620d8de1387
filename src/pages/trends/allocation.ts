// B1–B7 over the years: per stage, each indicator's coefficient of variation between units against its
// limit (one chart per stage), the share of assessed units that pass the unit rule (one chart), and the
// tables of those figures with each indicator's status, its mean against the standard and the units meeting it.

import { COMPULSORY_STAGES, type CompulsoryStage } from '../../rules/vocabulary.js';
import type { IndicatorSeriesT } from '../../schemas/compare.js';
import { trendLines } from '../charts/index.js';
import { num, passBadge, percent, plain, stageLabel } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import { type SeriesEntry, type YearAxis, pointsByYear, yearCellClass, yearHeading } from './axis.js';
import { statusCells } from './figures.js';
import { indicatorName } from './indicator-names.js';

type Allocation = IndicatorSeriesT['resourceAllocation'][number];

const figure = (p: { figures: Record<string, number | null> } | null, key: string): number | null => p?.figures[key] ?? null;

/** The cv limit of a stage: the latest year's (a policy change would show in the table, year by year). */
function latestLimit(entries: readonly SeriesEntry[], stage: CompulsoryStage): number | null {
  for (const entry of entries) {
    for (const p of [...entry.points].reverse()) {
      const max = p.figures[`${stage}.cvMax`];
      if (max !== null && max !== undefined) return max;
    }
  }
  return null;
}

function cvChart(axis: YearAxis, entries: readonly SeriesEntry[], stage: CompulsoryStage): Html {
  const limit = latestLimit(entries, stage);
  const svg = trendLines(
    {
      title: `${stageLabel(stage)} B1–B7 校际差异系数`,
      years: axis.years,
      series: entries.map((e) => ({ name: e.id, values: pointsByYear(axis, e).map((p) => figure(p, `${stage}.cv`)) })),
      ...(limit !== null ? { target: { value: limit, label: `上限 ${plain(limit)}` } } : {}),
      deadlineYear: axis.deadline,
    },
    { width: 560, height: 300 },
  );
  return html`<figure class="chart">${trusted(svg)}<figcaption>${stageLabel(stage)}各项指标在评估单位之间的差异系数，越低越均衡；不得高于 ${plain(limit)}。数值见下表。</figcaption></figure>`;
}

function passingChart(axis: YearAxis, allocation: readonly Allocation[]): Html {
  const byYear = new Map(allocation.map((a) => [a.year, a]));
  const share = (a: Allocation | undefined, stage: CompulsoryStage): number | null => {
    const s = a?.[stage];
    return s && s.unitsAssessed > 0 ? Math.round((s.schoolsPassing / s.unitsAssessed) * 10_000) / 100 : null;
  };
  const svg = trendLines(
    {
      title: '达到单位标准的评估单位占比',
      unit: '%',
      years: axis.years,
      series: COMPULSORY_STAGES.map((stage) => ({ name: stageLabel(stage), values: axis.years.map((y) => share(byYear.get(y), stage)) })),
      target: { value: 100, label: '全部达标 100%' },
      deadlineYear: axis.deadline,
    },
    { width: 560, height: 300 },
  );
  return html`<figure class="chart">${trusted(svg)}<figcaption>每个学段参加评估的单位中，七项至少达标规定项数且无一项低于底线的单位所占的比例。单位数见下表。</figcaption></figure>`;
}

function stageCell(axis: YearAxis, year: number, p: ReturnType<typeof pointsByYear>[number], stage: CompulsoryStage): Html {
  if (!p) return html`<td class="${yearCellClass(axis, year)}">—</td>`;
  const cv = figure(p, `${stage}.cv`);
  const max = figure(p, `${stage}.cvMax`);
  const over = cv !== null && max !== null && cv > max;
  return html`<td class="${yearCellClass(axis, year)}">
    <span class="${over ? 'over-limit' : ''}">${num(cv, 4)}</span><span class="note"> / ${plain(max)}</span><br>
    <span class="note">达标单位</span> ${plain(figure(p, `${stage}.unitsMet`))} / ${plain(figure(p, `${stage}.unitsAssessed`))}<br>
    <span class="note">均值</span> ${num(figure(p, `${stage}.mean`), 2)}<span class="note"> / 标准 ${plain(figure(p, `standardByStage.${stage}`))}</span>
  </td>`;
}

function indicatorsTable(axis: YearAxis, entries: readonly SeriesEntry[]): Html {
  const rows = entries.flatMap((entry) => {
    const points = pointsByYear(axis, entry);
    return [
      html`<tr class="indicator-head" id="${entry.id}"><th scope="rowgroup" rowspan="3">${indicatorName(entry.id)}</th><td>县级状态</td>${statusCells(axis, entry)}</tr>`,
      ...COMPULSORY_STAGES.map(
        (stage) => html`<tr><td>${stageLabel(stage)}</td>${points.map((p, i) => stageCell(axis, axis.years[i] ?? 0, p, stage))}</tr>`,
      ),
    ];
  });
  return html`<div class="table-wrap"><table class="trend">
    <caption class="visually-hidden">B1–B7 每年的状态、差异系数（与上限）、达标单位数与均值（与标准）</caption>
    <thead><tr><th scope="col">指标</th><th scope="col">学段</th>${axis.years.map((y) => yearHeading(axis, y))}</tr></thead>
    <tbody>${rows}</tbody>
  </table></div>
  <p class="note">每格依次为：差异系数 / 上限；达到标准的评估单位数 / 参评单位数；各单位的均值 / 标准。超过上限的差异系数加粗标出。</p>`;
}

function allocationTable(axis: YearAxis, allocation: readonly Allocation[]): Html {
  const byYear = new Map(allocation.map((a) => [a.year, a]));
  const cells = (render: (a: Allocation) => Html | string) =>
    axis.years.map((y) => {
      const a = byYear.get(y);
      return html`<td class="${yearCellClass(axis, y)}">${a ? render(a) : '—'}</td>`;
    });
  const stageRows = COMPULSORY_STAGES.flatMap((stage) => [
    html`<tr><th scope="rowgroup" rowspan="3">${stageLabel(stage)}</th><td>结论</td>${cells((a) => passBadge(a[stage].passes))}</tr>`,
    html`<tr><td>达标单位 / 参评单位</td>${cells((a) => `${a[stage].schoolsPassing} / ${a[stage].unitsAssessed}（${a[stage].unitsAssessed > 0 ? percent(a[stage].schoolsPassing / a[stage].unitsAssessed, 1) : '—'}）`)}</tr>`,
    html`<tr><td>综合差异系数</td>${cells((a) => num(a[stage].compositeCv, 4))}</tr>`,
  ]);
  return html`<div class="table-wrap"><table class="trend">
    <caption class="visually-hidden">B1–B7 资源配置每年的总体结论与各学段达标单位</caption>
    <thead><tr><th scope="col">学段</th><th scope="col">数据</th>${axis.years.map((y) => yearHeading(axis, y))}</tr></thead>
    <tbody>
      <tr class="indicator-head"><th scope="row" colspan="2">资源配置总体结论</th>${cells((a) => passBadge(a.passes))}</tr>
      ${stageRows}
    </tbody>
  </table></div>`;
}

export function allocationSection(axis: YearAxis, series: IndicatorSeriesT, entries: readonly SeriesEntry[]): Html {
  if (entries.length === 0) return html``;
  return html`<section class="card long" id="allocation"><h2>B1–B7 资源配置</h2>
    <p>县级结论要求每个学段所有参评单位都达到单位标准，且各项指标的校际差异系数不超过上限。</p>
    <div class="charts">${COMPULSORY_STAGES.map((stage) => cvChart(axis, entries, stage))}${passingChart(axis, series.resourceAllocation)}</div>
    <h3>总体结论与达标单位</h3>
    ${allocationTable(axis, series.resourceAllocation)}
    <h3>各项指标</h3>
    ${indicatorsTable(axis, entries)}
  </section>`;
}
