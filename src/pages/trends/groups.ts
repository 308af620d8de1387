// The indicators beyond B1–B7, by what their figures are: B12 class sizes (counts that must fall to zero),
// the funding checks B13, B14 and B26 (shortfalls in yuan that must fall to zero), the county rates (a
// share each against its own standard: one small chart per rate, since one axis can carry only one
// target line), and the indicators that are a status only. Each chart is followed by its table.

import { trendLines } from '../charts/index.js';
import { plain, stageLabel } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import { type SeriesEntry, type YearAxis, pointsByYear } from './axis.js';
import { figureTable } from './figures.js';
import { indicatorName, shortName } from './indicator-names.js';

export const CLASS_SIZE_IDS = ['B12'];
export const FUNDING_IDS = ['B13', 'B14', 'B26'];

const valuesOf = (axis: YearAxis, entry: SeriesEntry, key: string, scale = 1): (number | null)[] =>
  pointsByYear(axis, entry).map((p) => {
    const v = p?.figures[key];
    return v === null || v === undefined ? null : Math.round(v * scale * 100) / 100;
  });

/** The latest year's value of a figure (a standard), or null. */
function latest(entry: SeriesEntry, key: string): number | null {
  for (const p of [...entry.points].reverse()) {
    const v = p.figures[key];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

const figureBlock = (svg: string, caption: string): Html => html`<figure class="chart">${trusted(svg)}<figcaption>${caption}</figcaption></figure>`;

export function classSizeSection(axis: YearAxis, entries: readonly SeriesEntry[]): Html {
  const entry = entries[0];
  if (!entry) return html``;
  const svg = trendLines(
    {
      title: 'B12 超过标准班额的班级数',
      unit: '个班',
      years: axis.years,
      series: [
        { name: '超过标准班额', values: valuesOf(axis, entry, 'overLimit') },
        { name: '大班额', values: valuesOf(axis, entry, 'large') },
        { name: '超大班额', values: valuesOf(axis, entry, 'superLarge') },
      ],
      target: { value: 0, label: '目标 0' },
      deadlineYear: axis.deadline,
    },
    { width: 560, height: 300 },
  );
  return html`<section class="card" id="class-sizes"><h2>B12 班额</h2>
    <div class="charts">${figureBlock(svg, `小学不超过 ${plain(latest(entry, 'standardByStage.primary'))} 人、初中不超过 ${plain(latest(entry, 'standardByStage.junior'))} 人；到目标年应全部消除。数值见下表。`)}</div>
    ${figureTable(axis, entries, 'B12 班额每年的状态与班级数')}
  </section>`;
}

export function fundingSection(axis: YearAxis, entries: readonly SeriesEntry[]): Html {
  const withShortfall = entries.filter((e) => e.points.some((p) => p.figures.shortfallYuan !== undefined));
  if (entries.length === 0) return html``;
  const chart =
    withShortfall.length > 0
      ? figureBlock(
          trendLines(
            {
              title: '经费类指标的缺口（元）',
              unit: '元',
              years: axis.years,
              series: withShortfall.map((e) => ({ name: `${e.id} ${shortName(e.id)}`, values: valuesOf(axis, e, 'shortfallYuan') })),
              target: { value: 0, label: '无缺口' },
              deadlineYear: axis.deadline,
            },
            { width: 560, height: 300 },
          ),
          '各校未达到经费要求的差额之和（一所学校的结余不抵另一所的缺口）。数值见下表。',
        )
      : null;
  return html`<section class="card" id="funding"><h2>经费保障（B13、B14、B26）</h2>
    ${chart ? html`<div class="charts">${chart}</div>` : null}
    ${figureTable(axis, entries, '经费类指标每年的状态、学校数与缺口')}
  </section>`;
}

/** The value figures of a rate: one chart each, or one per stage when the stages have their own standard. */
function rateCharts(axis: YearAxis, entry: SeriesEntry): Html[] {
  // the text is 附件1's national wording; the standard drawn is the county's policy's, which may be stricter
  // a standard as the policy states it (96%, not 96.00%): plain() keeps the decimals it has and adds none
  const standardText = (v: number) => `${plain(v * 100)}%`;
  const caption = (standard: number | null) => (standard === null ? entry.text : `${entry.text}（附件1 原文；图中标准按所用政策：${standardText(standard)}）`);
  const chart = (title: string, series: { name: string; values: (number | null)[] }[], standard: number | null) =>
    figureBlock(
      trendLines(
        {
          title,
          unit: '%',
          years: axis.years,
          series,
          ...(standard !== null ? { target: { value: Math.round(standard * 10_000) / 100, label: `标准 ${standardText(standard)}` } } : {}),
          deadlineYear: axis.deadline,
        },
        { width: 560, height: 260 },
      ),
      caption(standard),
    );
  if (entry.points.some((p) => p.figures.value !== undefined)) {
    return [chart(indicatorName(entry.id), [{ name: '全县', values: valuesOf(axis, entry, 'value', 100) }], latest(entry, 'standard'))];
  }
  const stages = ['primary', 'junior'].filter((s) => entry.points.some((p) => p.figures[`valueByStage.${s}`] !== undefined));
  const standards = stages.map((s) => latest(entry, `standardByStage.${s}`));
  if (standards.every((s) => s === standards[0])) {
    const series = stages.map((s) => ({ name: stageLabel(s), values: valuesOf(axis, entry, `valueByStage.${s}`, 100) }));
    return [chart(indicatorName(entry.id), series, standards[0] ?? null)];
  }
  return stages.map((s, i) =>
    chart(`${indicatorName(entry.id)}（${stageLabel(s)}）`, [{ name: stageLabel(s), values: valuesOf(axis, entry, `valueByStage.${s}`, 100) }], standards[i] ?? null),
  );
}

/** An indicator with a county value (a rate): the ones that get a chart. */
export const hasValue = (entry: SeriesEntry): boolean =>
  entry.points.some((p) => Object.keys(p.figures).some((k) => k === 'value' || k.startsWith('valueByStage.')));

export function ratesSection(axis: YearAxis, entries: readonly SeriesEntry[]): Html {
  if (entries.length === 0) return html``;
  // Each rate with its chart and, right under it, its own figures: a small multiple that reads on its own.
  const cells = entries.map(
    (e) => html`<div class="rate">${rateCharts(axis, e)}${figureTable(axis, [e], `${indicatorName(e.id)} 每年的状态与数值`, { named: false })}</div>`,
  );
  return html`<section class="card long" id="rates"><h2>县级比率指标</h2>
    <p>每项比率对照它自己的标准（图中横线）；竖线为规划目标年 ${axis.deadline} 年。</p>
    <div class="charts">${cells}</div>
  </section>`;
}

export function statusOnlySection(axis: YearAxis, entries: readonly SeriesEntry[]): Html {
  if (entries.length === 0) return html``;
  return html`<section class="card" id="other"><h2>其他指标</h2>
    <p class="note">这些指标按学校逐一判定（B10、B11）或由县里提供佐证材料认定，没有可画成曲线的县级数值。</p>
    ${figureTable(axis, entries, '其他指标每年的状态')}
  </section>`;
}
