// Section 3: B1–B31 as a grid of cells: code, short name, status, the value against the standard where the
// scorecard has them, what is missing when it cannot be assessed, and the units responsible.

import type { ScorecardIndicatorT, ScorecardT } from '../../schemas/indicators.js';
import { num, plain, statusBadge } from '../format.js';
import { html, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { INDICATOR_SHORT, RESOURCE_UNIT_LABELS } from './labels.js';
import { card, sectionOf } from './outcome.js';
import { missingWords } from '../missing-words.js';

/** How a figure of each indicator reads: a share as a percentage, a ratio or an amount as a number. */
type Measure = { kind: 'share' } | { kind: 'number'; digits: number; unit: string };

const SHARE: Measure = { kind: 'share' };
const MEASURES: Record<string, Measure> = {
  B13: { kind: 'number', digits: 0, unit: '人' },
  B14: { kind: 'number', digits: 0, unit: '元/生' },
  B15: SHARE,
  B16: SHARE,
  B18: SHARE,
  B19: SHARE,
  B20: SHARE,
  B21: SHARE,
  B22: SHARE,
  B23: SHARE,
  B24: SHARE,
  B26: SHARE,
  B31: { kind: 'number', digits: 2, unit: '' },
};

/** The comparison the standard makes (不超过 / 低于 / 不低于). */
const COMPARISON: Record<string, string> = { B11: '≤', B12: '≤', B31: '<' };

function figure(id: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const m = MEASURES[id];
  if (!m) return num(value, 2);
  return m.kind === 'share' ? `${plain(value * 100)}%` : `${num(value, m.digits)}${m.unit ? ` ${m.unit}` : ''}`;
}

/** An indicator's standard as the scorecard states it ("≥ 96%"), or null when it states a single one of none. */
export function standardWords(e: Pick<ScorecardIndicatorT, 'id' | 'standard'>): string | null {
  if (e.standard === undefined || e.standard === null) return null;
  return `${COMPARISON[e.id] ?? '≥'} ${figure(e.id, e.standard)}`;
}

const perStage = (id: string, v: { primary: number | null; junior: number | null }) => `小学 ${figure(id, v.primary)}，初中 ${figure(id, v.junior)}`;

/** "value / standard" as far as the scorecard states them; null when it states neither. */
function valueAgainstStandard(e: ScorecardIndicatorT): Html | null {
  const cmp = COMPARISON[e.id] ?? '≥';
  if (e.id === 'B12' && e.value !== undefined && e.standardByStage) {
    return html`超过班额上限的班级 <strong>${num(e.value, 0)}</strong> 个；上限 小学 ${plain(e.standardByStage.primary)} 人、初中 ${plain(e.standardByStage.junior)} 人`;
  }
  if (e.id in RESOURCE_UNIT_LABELS && e.standardByStage) {
    const unit = RESOURCE_UNIT_LABELS[e.id];
    return html`标准 小学 ${cmp} ${plain(e.standardByStage.primary)}、初中 ${cmp} ${plain(e.standardByStage.junior)} ${unit}（各单位，见下文）`;
  }
  const parts: Html[] = [];
  if (e.valueByStage) parts.push(html`实际 ${perStage(e.id, e.valueByStage)}`);
  else if (e.value !== undefined) parts.push(html`实际 <strong>${figure(e.id, e.value)}</strong>`);
  if (e.standardByStage) parts.push(html`标准 ${cmp} ${perStage(e.id, e.standardByStage)}`);
  else if (e.standard !== undefined) parts.push(html`标准 ${cmp} ${figure(e.id, e.standard)}`);
  return parts.length > 0 ? html`${parts.map((p, i) => html`${i > 0 ? '；' : ''}${p}`)}` : null;
}

function cell(e: ScorecardIndicatorT): Html {
  const figures = valueAgainstStandard(e);
  const missing = e.status === 'not_assessable' && e.missing && e.missing.length > 0 ? e.missing : null;
  return html`<div class="cell ${e.status}" id="ind-${e.id}" data-indicator="${e.id}" data-status="${e.status}">
<span class="code">${e.id}</span><span class="name" title="${e.text}">${INDICATOR_SHORT[e.id] ?? e.text}</span> ${statusBadge(e.status)}
${figures ? html`<span class="figures">${figures}</span>` : null}
${missing ? html`<span class="figures">缺少：${missing.map((m) => missingWords(m)).join('、')}</span>` : null}
<span class="units">责任单位：${e.responsibleUnits.length > 0 ? e.responsibleUnits.join('、') : '—'}</span>
</div>`;
}

const GROUPS: Record<string, string> = { A1: 'A1 资源配置', A2: 'A2 政府保障程度', A3: 'A3 教育质量' };

function body(c: ScorecardT): Html {
  const groups = [...new Set(c.indicators.map((e) => e.group))];
  return html`${groups.map(
    (g) => html`<h3>${GROUPS[g] ?? g}</h3><div class="grid scorecard">${c.indicators.filter((e) => e.group === g).map(cell)}</div>`,
  )}
<p class="note">指标全文见各格的提示文字，或 <a href="/docs">API 文档</a> 中的 <code>/v1/indicators</code>。“无法评估”表示缺少所列数据。</p>`;
}

export const scorecardSection = (d: CountyReportData): Html =>
  card({ id: 'scorecard', title: 'B1–B31 指标一览', long: true }, sectionOf(d.scorecard, '指标一览', body));
