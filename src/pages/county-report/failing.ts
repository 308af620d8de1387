// Section 8: the assessment units that do not pass B1–B7, each indicator short of its standard with its
// value, standard, floor and the shortfall (to the standard and to the floor) the allocation answer states.

import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/resource.js';
import type { AllocationUnitT, ResourceAllocationT, ResourceIndicatorT } from '../../schemas/indicators.js';
import { num, plain, stageLabel } from '../format.js';
import { html, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { INDICATOR_SHORT, QUANTITY_UNIT_LABELS, RESOURCE_UNIT_LABELS, label } from './labels.js';
import { RESOURCE_DIGITS } from './figures.js';
import { card, sectionOf } from './outcome.js';
import { unitLink } from './unit-names.js';
import { missingWords } from '../missing-words.js';

const amount = (n: number, unit: string) => `${num(n, Number.isInteger(n) ? 0 : 2)} ${label(QUANTITY_UNIT_LABELS, unit)}`;

function shortfallText(ind: ResourceIndicatorT): string {
  if (!ind.shortfall) return '—';
  const s = ind.shortfall;
  return `达标准还差 ${amount(s.toStandard, s.unit)}；达底线还差 ${s.toFloor > 0 ? amount(s.toFloor, s.unit) : '0（已达底线）'}`;
}

type NameOf = (schoolCode: string) => string | undefined;

function unitRows(u: AllocationUnitT, year: number, nameOf: NameOf): Html[] {
  const short = RESOURCE_INDICATOR_IDS.map((id) => [id, u.indicators?.[id]] as const).filter(
    (e): e is readonly [(typeof RESOURCE_INDICATOR_IDS)[number], ResourceIndicatorT] => e[1] !== undefined && e[1].met !== true,
  );
  const floorSet = new Set(u.belowFloor);
  return short.map(
    ([id, ind], i) => html`<tr data-unit="${u.unitId}" data-indicator="${id}">
${i === 0 ? html`<th scope="rowgroup" rowspan="${short.length}">${unitLink(u, year)}<span class="note block">${stageLabel(u.stage)} · ${num(u.students, 0)} 名学生 · 达标 ${u.metCount}/${RESOURCE_INDICATOR_IDS.length} 项${u.belowFloor.length > 0 ? ` · 低于底线：${u.belowFloor.join('、')}` : ''}</span></th>` : null}
<td>${id} ${INDICATOR_SHORT[id] ?? ''}<span class="note">（${RESOURCE_UNIT_LABELS[id]}）</span>${floorSet.has(id) ? html` <span class="status fail">低于底线</span>` : ind.met === false ? html` <span class="status warn">未达标准</span>` : html` <span class="status not_assessable">无法计算</span>`}</td>
<td class="num">${num(ind.value, RESOURCE_DIGITS[id])}</td><td class="num">${plain(ind.standard)}</td><td class="num">${plain(ind.floor)}</td>
<td>${ind.met === null ? `缺少：${ind.missing.map((m) => missingWords(m, nameOf)).join('、') || '—'}` : shortfallText(ind)}</td></tr>`,
  );
}

function body(a: ResourceAllocationT, year: number): Html {
  const failing = a.units.filter((u) => u.passes === false);
  const undecided = a.units.filter((u) => u.assessed && u.passes === null);
  const names = new Map(a.units.map((u) => [u.schoolCode, u.schoolName]));
  const nameOf = (code: string) => names.get(code);
  return html`${
    failing.length === 0
      ? html`<p>所有参评单位的 B1–B7 均达标（每个单位至少 6 项达到标准、其余不低于底线）。</p>`
      : html`<p>${failing.length} 个评估单位未达标（${a.unitsAssessed} 个参评单位中 ${a.schoolsPassing} 个达标）。达标要求：至少 6 项达到标准，其余不低于标准的 85%（底线）。</p>
<div class="table-wrap"><table id="failing-units"><thead><tr><th scope="col">评估单位</th><th scope="col">未达标准的指标</th><th scope="col" class="num">实际</th><th scope="col" class="num">标准</th><th scope="col" class="num">底线</th><th scope="col">差额</th></tr></thead>
<tbody>${failing.map((u) => unitRows(u, year, nameOf))}</tbody></table></div>`
  }
${undecided.length > 0 ? html`<p class="note">因缺少数据无法判定的参评单位：${undecided.map((u, i) => html`${i > 0 ? '、' : ''}${unitLink(u, year)}（缺少 ${u.missing.map((m) => missingWords(m, nameOf)).join('、')}）`)}</p>` : null}`;
}

export const failingSection = (d: CountyReportData): Html =>
  card({ id: 'failing', title: '未达标的评估单位及差额' }, sectionOf(d.allocation, '未达标单位', (a) => body(a, d.year)));
