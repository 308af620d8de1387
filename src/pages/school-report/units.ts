// B1–B7 of the school's assessment units. The seven indicators are counted in different units (teachers per
// hundred students, m² and yuan per student, rooms per hundred students), so the chart puts each as a share
// of its own standard on one axis (100% = the standard, 85% = the floor) and the table beside it gives the
// figures themselves: value, standard, floor, status and what is missing to reach the standard.

import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import type { AllocationUnitT, ResourceIndicatorT, SchoolIndicatorsT } from '../../schemas/indicators.js';
import { barsAgainstStandard } from '../charts/index.js';
import { num, passBadge, plain, stageLabel, statusBadge } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import { missingWords, notAssessedWords } from '../missing-words.js';
import { RESOURCE_UNITS, indicatorName, shortName } from '../trends/indicator-names.js';

const SHORTFALL_UNITS: Record<string, string> = { teachers: '名教师', m2: '平方米', yuan: '元', classrooms: '间' };

const statusOfMet = (met: boolean | null): string => (met === true ? 'met' : met === false ? 'not_met' : 'not_assessable');

/** The share of the standard in percent, to the hundredth (ratioToStandard is answered to 4 decimals). */
export const percentOfStandard = (r: ResourceIndicatorT): number | null =>
  r.ratioToStandard === null ? null : Math.round(r.ratioToStandard * 10_000) / 100;

function shortfallText(r: ResourceIndicatorT): string {
  if (!r.shortfall) return '—';
  const unit = SHORTFALL_UNITS[r.shortfall.unit] ?? r.shortfall.unit;
  const toFloor = r.shortfall.toFloor > 0 ? `（到底线差 ${plain(r.shortfall.toFloor)} ${unit}）` : '';
  return `${plain(r.shortfall.toStandard)} ${unit}${toFloor}`;
}

function indicatorRow(stage: string, id: string, r: ResourceIndicatorT): Html {
  return html`<tr id="unit-${stage}-${id}">
    <th scope="row">${indicatorName(id)}</th>
    <td class="num">${num(r.value, 2)}</td>
    <td>${RESOURCE_UNITS[id] ?? ''}</td>
    <td class="num">${plain(r.standard)}</td>
    <td class="num">${plain(r.floor)}</td>
    <td class="num">${r.ratioToStandard === null ? '—' : `${num(percentOfStandard(r), 2)}%`}</td>
    <td>${statusBadge(statusOfMet(r.met))}${r.met === false && r.atLeastFloor === false ? html` <span class="status not_met">低于底线</span>` : null}</td>
    <td class="num">${shortfallText(r)}</td>
  </tr>`;
}

/** The unit rule of the policy in force: how many of the seven must be met, and the floor as a share. */
export type UnitRule = Pick<IndicatorParams, 'minIndicatorsMet' | 'floorShare'>;

function unitChart(unit: AllocationUnitT, indicators: NonNullable<AllocationUnitT['indicators']>, rule: UnitRule): Html {
  const floorShare = Math.round(rule.floorShare * 10_000) / 100;
  const svg = barsAgainstStandard(
    {
      title: `${stageLabel(unit.stage)}七项指标占标准的百分比`,
      unit: '%',
      labels: RESOURCE_INDICATOR_IDS.map((id) => `${id} ${shortName(id)}`),
      values: RESOURCE_INDICATOR_IDS.map((id) => percentOfStandard(indicators[id])),
      standard: 100,
      floor: floorShare,
    },
    { width: 720, height: 300 },
  );
  return html`<figure class="chart">${trusted(svg)}<figcaption>每项指标的数值除以它的标准：100% 为标准线，${plain(floorShare)}% 为底线。各项数值见下表。</figcaption></figure>`;
}

function unitCard(schoolCode: string, year: number, unit: AllocationUnitT, rule: UnitRule): Html {
  const merged = unit.schoolCode !== schoolCode;
  const heading = html`${stageLabel(unit.stage)}评估单位`;
  const whose = merged
    ? html`<p class="note">本校并入中心校 <a href="/reports/schools/${unit.schoolCode}/years/${year}">${unit.schoolName}</a> 的${stageLabel(unit.stage)}评估单位（${unit.unitId}），以下为该单位的合计。</p>`
    : null;
  const facts = html`<div class="verdict">
      <div class="fact ${unit.passes === true ? 'good' : unit.passes === false ? 'bad' : ''}"><span>单位结论</span><strong>${passBadge(unit.passes)}</strong></div>
      <div class="fact"><span>学生数</span><strong>${num(unit.students, 0)}</strong></div>
      <div class="fact"><span>班级数</span><strong>${num(unit.classes, 0)}</strong></div>
      ${
        unit.assessed
          ? html`<div class="fact"><span>达标指标</span><strong>${unit.metCount} / ${RESOURCE_INDICATOR_IDS.length}</strong></div>
            <div class="fact"><span>低于底线</span><strong>${unit.belowFloor.length > 0 ? unit.belowFloor.join('、') : '无'}</strong></div>`
          : null
      }
    </div>`;
  if (!unit.assessed || !unit.indicators) {
    return html`<section class="card" id="unit-${unit.stage}"><h2>${heading}</h2>${whose}${facts}
      <p class="note">该单位不参加评估：${unit.notAssessedReason ? notAssessedWords(unit.notAssessedReason) : '缺少计算所需的数据'}${unit.missing.length > 0 ? `（缺少：${unit.missing.map((m) => missingWords(m)).join('、')}）` : ''}</p></section>`;
  }
  const indicators = unit.indicators;
  return html`<section class="card" id="unit-${unit.stage}"><h2>${heading}：B1–B7 资源配置</h2>${whose}${facts}
    ${unitChart(unit, indicators, rule)}
    <div class="table-wrap"><table>
      <caption class="visually-hidden">${stageLabel(unit.stage)}评估单位 B1–B7 的数值、标准与状态</caption>
      <thead><tr><th scope="col">指标</th><th class="num" scope="col">数值</th><th scope="col">单位</th><th class="num" scope="col">标准</th>
        <th class="num" scope="col">底线</th><th class="num" scope="col">占标准</th><th scope="col">状态</th><th class="num" scope="col">距标准还差</th></tr></thead>
      <tbody>${RESOURCE_INDICATOR_IDS.map((id) => indicatorRow(unit.stage, id, indicators[id]))}</tbody>
    </table></div>
    <p class="note">单位达标规则：七项中至少 ${rule.minIndicatorsMet} 项达到标准，且未达标的每一项都不低于标准的 ${plain(rule.floorShare * 100)}%（底线）。${unit.missing.length > 0 ? `缺少数据：${unit.missing.map((m) => missingWords(m)).join('、')}。` : ''}</p>
  </section>`;
}

/** One card per unit the school belongs to (or a note why it has none). */
export function unitsSection(answer: SchoolIndicatorsT, rule: UnitRule): Html {
  if (answer.units.length === 0) {
    const notes = answer.notes.filter((n) => n.startsWith('B1–B7'));
    return html`<section class="card" id="units"><h2>B1–B7 资源配置</h2>
      <p>本校没有参加 B1–B7 评估的单位。${notes.length > 0 ? html`<span class="note">（${notes.join('；')}）</span>` : null}</p></section>`;
  }
  return html`${answer.units.map((u) => unitCard(answer.schoolCode, answer.year, u, rule))}`;
}
