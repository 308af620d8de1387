// Section 4: each B1–B7 indicator per assessment unit against the standard and the 85% floor, one chart per
// indicator and stage, then per stage the table of every unit's values (the charts' numbers).

import { RESOURCE_INDICATOR_IDS, type ResourceIndicatorId } from '../../rules/indicators/resource.js';
import { COMPULSORY_STAGES, type CompulsoryStage } from '../../rules/vocabulary.js';
import type { AllocationUnitT, ResourceAllocationT, ResourceIndicatorT } from '../../schemas/indicators.js';
import { barsAgainstStandard } from '../charts/index.js';
import { num, passBadge, plain, stageLabel } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { INDICATOR_SHORT, KIND_LABELS, label, RESOURCE_UNIT_LABELS } from './labels.js';
import { RESOURCE_DIGITS as DIGITS } from './figures.js';
import { card, sectionOf } from './outcome.js';
import { chartLabel, unitLink } from './unit-names.js';
import { exclusionWords, notAssessedWords } from '../missing-words.js';


export const unitsTableId = (stage: string): string => `units-${stage}`;

/** The standard and floor of an indicator in a stage: the same for every unit of the stage. */
function yardstick(units: readonly AllocationUnitT[], id: ResourceIndicatorId): { standard: number; floor: number } | undefined {
  const first = units.find((u) => u.indicators)?.indicators?.[id];
  return first ? { standard: first.standard, floor: first.floor } : undefined;
}

/** A value cell: below the standard marked *, below the floor **, so the mark survives grey print. */
function valueCell(ind: ResourceIndicatorT | undefined, digits: number): Html {
  if (!ind || ind.value === null) return html`<td class="num" title="${ind?.missing.join('、') ?? ''}">—</td>`;
  const mark = ind.atLeastFloor === false ? 'below-floor' : ind.met === false ? 'below-standard' : '';
  const sign = mark === 'below-floor' ? '**' : mark === 'below-standard' ? '*' : '';
  return html`<td class="num ${mark}">${num(ind.value, digits)}${sign ? html`<sup>${sign}</sup>` : null}</td>`;
}

/** Why a unit is left out, in words: a small teaching point is the usual case. */
const notAssessedWhy = (u: AllocationUnitT): string =>
  u.notAssessedReason ? notAssessedWords(u.notAssessedReason) : '';

function unitVerdict(u: AllocationUnitT): Html {
  if (!u.assessed) return html`<span class="status not_assessable" title="${notAssessedWhy(u)}">不参评</span><span class="note block">${notAssessedWhy(u)}</span>`;
  return passBadge(u.passes);
}

function stageTable(stage: CompulsoryStage, units: readonly AllocationUnitT[], year: number): Html {
  const sticks = RESOURCE_INDICATOR_IDS.map((id) => yardstick(units, id));
  return html`<div class="table-wrap"><table id="${unitsTableId(stage)}" class="unit-values">
<caption>${stageLabel(stage)}各评估单位 B1–B7（${units.length} 个单位）</caption>
<thead><tr><th scope="col">评估单位</th><th scope="col" class="num">学生数</th>${RESOURCE_INDICATOR_IDS.map((id, i) => {
    const s = sticks[i];
    return html`<th class="num" scope="col">${id}<span class="note block">${RESOURCE_UNIT_LABELS[id]}</span>${s ? html`<span class="note block">标准 ${plain(s.standard)}<br>底线 ${plain(s.floor)}</span>` : null}</th>`;
  })}<th scope="col" class="num">达标项数</th><th scope="col">结论</th></tr></thead>
<tbody>${units.map(
    (u) => html`<tr data-unit="${u.unitId}"><th scope="row">${unitLink(u, year)}</th><td class="num">${num(u.students, 0)}</td>
${RESOURCE_INDICATOR_IDS.map((id) => valueCell(u.indicators?.[id], DIGITS[id]))}
<td class="num">${u.indicators ? `${u.metCount}/${RESOURCE_INDICATOR_IDS.length}` : '—'}</td><td>${unitVerdict(u)}</td></tr>`,
  )}</tbody></table></div>
<p class="note"><sup>*</sup> 未达标准；<sup>**</sup> 低于底线（标准的 85%）。“—”表示缺少计算所需的数据。</p>`;
}

function chart(stage: CompulsoryStage, id: ResourceIndicatorId, assessed: readonly AllocationUnitT[], countyName: string): Html | null {
  const stick = yardstick(assessed, id);
  if (!stick) return null;
  const title = `${stageLabel(stage)} ${id} ${INDICATOR_SHORT[id] ?? ''}`;
  const svg = barsAgainstStandard({
    title,
    unit: RESOURCE_UNIT_LABELS[id] ?? '',
    labels: assessed.map((u) => chartLabel(u, countyName)),
    values: assessed.map((u) => u.indicators?.[id].value ?? null),
    standard: stick.standard,
    floor: stick.floor,
  });
  return html`<figure class="chart" id="chart-${stage}-${id}">${trusted(svg)}
<figcaption>${title}：${assessed.length} 个参评单位，标准 ${plain(stick.standard)}，底线 ${plain(stick.floor)}（${RESOURCE_UNIT_LABELS[id]}）。各单位数值见<a href="#${unitsTableId(stage)}">${stageLabel(stage)}评估单位表</a>。</figcaption></figure>`;
}

function stageBlock(stage: CompulsoryStage, a: ResourceAllocationT, year: number): Html | null {
  const units = a.units.filter((u) => u.stage === stage);
  if (units.length === 0) return null;
  const assessed = units.filter((u) => u.assessed && u.indicators);
  const charts = RESOURCE_INDICATOR_IDS.map((id) => chart(stage, id, assessed, a.countyName)).filter((c): c is Html => c !== null);
  return html`<h3 id="units-${stage}-h">${stageLabel(stage)}（${assessed.length} 个参评单位，共 ${units.length} 个）</h3>
${charts.length > 0 ? html`<div class="charts">${charts}</div>` : html`<p class="note">${stageLabel(stage)}没有可以绘图的参评单位。</p>`}
${stageTable(stage, units, year)}`;
}

function body(a: ResourceAllocationT, year: number): Html {
  const blocks = COMPULSORY_STAGES.map((s) => stageBlock(s, a, year));
  const excluded = a.excluded;
  return html`<p class="note">每个评估单位是一所学校的一个学段（九年一贯制、十二年一贯制学校按小学、初中分为两个单位）；学生不足规定人数的教学点不参评，列在表中但不画在图中。点击学校名称查看该校报告。</p>
${blocks}
${excluded.length > 0 ? html`<h3>不参加 B1–B7 评估的学校（${excluded.length} 所）</h3><ul class="compact">${excluded.map((e) => html`<li>${e.schoolName}（${label(KIND_LABELS, e.kind)}）<span class="note">${exclusionWords(e.reason, e.kind)}</span></li>`)}</ul>` : null}`;
}

export const unitsSection = (d: CountyReportData): Html =>
  card({ id: 'units', title: 'B1–B7 各评估单位资源配置', long: true }, sectionOf(d.allocation, '各评估单位的资源配置', (a) => body(a, d.year)));
