// The school against the year before (GET /v1/schools/{code}/compare): the recorded inputs, the indicators
// and the entitlement, each from → to with the difference. A difference is coloured only where the
// direction has a meaning (more teachers per student is better, more over-size classes is worse); the sign
// carries it in print.

import { yuanToFen } from '../../rules/funding/money.js';
import type { NumberChangeT, SchoolComparisonT } from '../../schemas/compare.js';
import { num, passBadge, plain, stageLabel, statusBadge, yuanOfFen } from '../format.js';
import { RESOURCE_DIGITS } from '../county-report/figures.js';
import { html, type Html } from '../html.js';
import { RESOURCE_UNITS, indicatorName } from '../trends/indicator-names.js';
import { componentLabel, inputLabel, schoolFigureLabel } from './labels.js';

type Better = 'up' | 'down' | 'none';
type Change = NumberChangeT;

/** The figures shown per indicator, and which way is better; other figures stay in the API's answer. */
const HEADLINES: Record<string, { keys: string[]; better: Better }> = {
  B10: { keys: ['required', 'music.counting', 'art.counting'], better: 'up' },
  B11: { keys: ['compulsoryStudents', 'limit'], better: 'none' },
  B12: { keys: ['overLimit', 'large', 'superLarge'], better: 'down' },
};
const RESOURCE_HEADLINE = { keys: ['value'], better: 'up' as Better };

const isMoney = (key: string) => key.endsWith('Yuan');
const money = (yuan: number | null): string => (yuan === null ? '—' : yuanOfFen(yuanToFen(yuan)));

/** A difference with its sign; coloured good or bad only when `better` says which way is which. */
function difference(change: Change, text: (v: number) => string, better: Better): Html {
  const d = change.delta;
  if (d === null) return html`<span class="delta">—</span>`;
  if (d === 0) return html`<span class="delta">0</span>`;
  const good = better === 'none' ? null : (d > 0) === (better === 'up');
  const cls = good === null ? 'delta' : `delta ${good ? 'up' : 'down'}`;
  return html`<span class="${cls}">${d > 0 ? '+' : '−'}${text(Math.abs(d))}</span>`;
}

const fromTo = (change: Change, text: (v: number | null) => string): Html =>
  html`<td class="num">${text(change.from)}</td><td class="num">${text(change.to)}</td>`;

function inputsTable(comparison: SchoolComparisonT): Html {
  const rows = Object.entries(comparison.inputs)
    // A figure that is nothing in both years (no senior students at a junior school) says nothing.
    .filter(([, c]) => !((c.from === null || c.from === 0) && (c.to === null || c.to === 0)))
    .map(([key, c]) => {
      const text = isMoney(key) ? money : plain;
      return html`<tr><th scope="row">${inputLabel(key)}</th>${fromTo(c, text)}<td class="num">${difference(c, (v) => (isMoney(key) ? money(v) : plain(v)), 'none')}</td></tr>`;
    });
  return html`<h3>填报数据</h3>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">项目</th><th class="num" scope="col">${comparison.from}</th><th class="num" scope="col">${comparison.to}</th><th class="num" scope="col">变化</th></tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
    <p class="note">两年都为 0 或都未填报的项目不列出。</p>`;
}

function statusCell(status: SchoolComparisonT['indicators'][number]['status'], span: number): Html {
  const side = (s: string | null) => (s === null ? html`<span class="note">无</span>` : statusBadge(s));
  return html`<td rowspan="${span}">${side(status.from)} → ${side(status.to)}${status.changed ? html` <strong class="changed">有变化</strong>` : null}</td>`;
}

/** Each B1–B7 unit's verdict: how many of the seven it met, and whether it passed. */
function unitRows(comparison: SchoolComparisonT): Html[] {
  const side = (v: boolean | null) => (v === null ? html`<span class="note">无</span>` : passBadge(v));
  return comparison.units.map(
    (u) => html`<tr><th scope="row">B1–B7 ${stageLabel(u.stage)}评估单位${u.schoolCode !== comparison.schoolCode ? html`<br><span class="note">并入 ${u.schoolCode}</span>` : null}</th>
      <td>达标指标数</td>${fromTo(u.metCount, plain)}<td class="num">${difference(u.metCount, plain, 'up')}</td>
      <td>${side(u.passes.from)} → ${side(u.passes.to)}${u.passes.changed ? html` <strong class="changed">有变化</strong>` : null}</td></tr>`,
  );
}

/** A B1–B7 value with the decimals the rest of the page shows it with; counts and limits as they are. */
function figureText(id: string, key: string): (v: number | null) => string {
  const digits = key === 'value' ? (RESOURCE_DIGITS as Record<string, number>)[id] : undefined;
  return digits === undefined ? plain : (v) => (v === null ? '—' : num(v, digits));
}

const figureName = (id: string, key: string): string =>
  key === 'value' && RESOURCE_UNITS[id] ? `数值（${RESOURCE_UNITS[id]}）` : schoolFigureLabel(key);

function indicatorsTable(comparison: SchoolComparisonT): Html {
  const rows = comparison.indicators.flatMap((ind) => {
    const headline = HEADLINES[ind.id] ?? RESOURCE_HEADLINE;
    const keys = headline.keys.filter((k) => k in ind.figures);
    const shown = keys.length > 0 ? keys : Object.keys(ind.figures);
    const name = ind.stage ? html`${indicatorName(ind.id)}<br><span class="note">${stageLabel(ind.stage)}评估单位</span>` : html`${indicatorName(ind.id)}`;
    if (shown.length === 0) return [html`<tr><th scope="row">${name}</th><td>—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td>${statusCell(ind.status, 1)}</tr>`];
    return shown.map((key, i) => {
      const c = ind.figures[key] as Change;
      const better = key === 'limit' || key === 'required' ? 'none' : headline.better;
      const text = figureText(ind.id, key);
      return html`<tr>${i === 0 ? html`<th scope="row" rowspan="${shown.length}">${name}</th>` : null}
        <td>${figureName(ind.id, key)}</td>${fromTo(c, text)}<td class="num">${difference(c, text, better)}</td>
        ${i === 0 ? statusCell(ind.status, shown.length) : null}</tr>`;
    });
  });
  return html`<h3>指标</h3>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">指标</th><th scope="col">数据</th><th class="num" scope="col">${comparison.from}</th><th class="num" scope="col">${comparison.to}</th><th class="num" scope="col">变化</th><th scope="col">状态</th></tr></thead>
      <tbody>${unitRows(comparison)}${rows}</tbody>
    </table></div>`;
}

function entitlementTable(comparison: SchoolComparisonT): Html {
  const e = comparison.entitlement;
  const rows = e.components.map(
    (c) => html`<tr><th scope="row">${componentLabel(c.component)}</th>
      ${fromTo(c.quantity, plain)}<td class="num">${difference(c.quantity, plain, 'none')}</td>
      ${fromTo(c.rateYuan, money)}
      ${fromTo(c.amountYuan, money)}<td class="num">${difference(c.amountYuan, money, 'none')}</td></tr>`,
  );
  return html`<h3>应拨公用经费（元）</h3>
    <div class="table-wrap"><table>
      <thead>
        <tr><th scope="col" rowspan="2">项目</th><th colspan="3" scope="colgroup">数量</th><th colspan="2" scope="colgroup">定额</th><th colspan="3" scope="colgroup">金额</th></tr>
        <tr>${[comparison.from, comparison.to, '变化', comparison.from, comparison.to, comparison.from, comparison.to, '变化'].map((h) => html`<th class="num" scope="col">${h}</th>`)}</tr>
      </thead>
      <tbody>${rows}
        <tr class="total"><th scope="row">合计</th><td colspan="5"></td>${fromTo(e.totalYuan, money)}<td class="num">${difference(e.totalYuan, money, 'none')}</td></tr>
        <tr><th scope="row">其中教师培训经费下限（B26）</th><td colspan="5"></td>${fromTo(e.trainingMinimumYuan, money)}<td class="num">${difference(e.trainingMinimumYuan, money, 'none')}</td></tr>
      </tbody>
    </table></div>`;
}

export function comparisonSection(comparison: SchoolComparisonT): Html {
  const policies = comparison.policies;
  const policyNote =
    policies.from.policyId !== policies.to.policyId
      ? html`<p class="note">注意：两年按不同政策计算（${comparison.from} 年 ${policies.from.policyId}，${comparison.to} 年 ${policies.to.policyId}），差异中包含政策变化的影响。</p>`
      : null;
  return html`<section class="card long" id="compare"><h2>与上一年对比（${comparison.from} → ${comparison.to}）</h2>
    ${policyNote}
    ${indicatorsTable(comparison)}
    ${entitlementTable(comparison)}
    ${inputsTable(comparison)}
  </section>`;
}

/** When there is nothing to compare with: the reason instead of the tables. */
export const noComparison = (from: number, to: number, why: Html | string): Html =>
  html`<section class="card" id="compare"><h2>与上一年对比（${from} → ${to}）</h2><p>${why}</p></section>`;
