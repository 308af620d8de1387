// Section 5: the inter-school coefficient of variation of each of B1–B7 per stage against its limit, as a
// chart and as a table (with the composite cv, which the assessment reports but does not judge on).

import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/resource.js';
import { COMPULSORY_STAGES, type CompulsoryStage } from '../../rules/vocabulary.js';
import type { ResourceAllocationT, StageAllocationT } from '../../schemas/indicators.js';
import { barsUnderLimit } from '../charts/index.js';
import { num, passBadge, plain, stageLabel } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { INDICATOR_SHORT } from './labels.js';
import { card, sectionOf } from './outcome.js';

const CV_DIGITS = 3;

function body(a: ResourceAllocationT): Html {
  const stages = COMPULSORY_STAGES.map((s) => [s, a.stages[s]] as const).filter((e): e is readonly [CompulsoryStage, StageAllocationT] => e[1] !== undefined);
  if (stages.length === 0) return html`<p class="note">本年度没有小学或初中评估单位。</p>`;
  const svg = barsUnderLimit({
    title: 'B1–B7 校际差异系数',
    labels: RESOURCE_INDICATOR_IDS.map((id) => id),
    series: stages.map(([stage, s]) => ({
      name: stageLabel(stage),
      values: RESOURCE_INDICATOR_IDS.map((id) => s.dispersion[id].cv),
      limit: s.dispersion.B1.max,
    })),
  });
  return html`<figure class="chart" id="chart-dispersion">${trusted(svg)}
<figcaption>各指标的差异系数（按学生数加权的标准差 ÷ 均值），每个学段对照其上限；数值见下表。</figcaption></figure>
<div class="table-wrap"><table id="dispersion-table">
<thead><tr><th scope="col" rowspan="2">指标</th>${stages.map(([stage]) => html`<th scope="colgroup" colspan="3" class="group">${stageLabel(stage)}</th>`)}</tr>
<tr>${stages.map(() => html`<th scope="col" class="num">差异系数</th><th scope="col" class="num">上限</th><th scope="col">结论</th>`)}</tr></thead>
<tbody>${RESOURCE_INDICATOR_IDS.map(
    (id) => html`<tr data-indicator="${id}"><th scope="row">${id} ${INDICATOR_SHORT[id] ?? ''}</th>
${stages.map(([, s]) => {
  const d = s.dispersion[id];
  return html`<td class="num">${num(d.cv, CV_DIGITS)}</td><td class="num">${plain(d.max)}</td><td>${passBadge(d.met)}</td>`;
})}</tr>`,
  )}
<tr class="total"><th scope="row">综合差异系数（七项平均，仅供参考）</th>${stages.map(
    ([, s]) => html`<td class="num">${num(s.composite.cv, CV_DIGITS)}</td><td class="num">${num(s.composite.max, 2)}</td><td>${passBadge(s.composite.met)}</td>`,
  )}</tr>
</tbody></table></div>`;
}

export const dispersionSection = (d: CountyReportData): Html =>
  card({ id: 'dispersion', title: '校际差异系数' }, sectionOf(d.allocation, '校际差异系数', body));
