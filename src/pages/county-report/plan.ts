// Section 9: the least-cost remediation plan: its total cost, how many actions, the verdict with every action
// applied, and the actions (school, what, how many, cost, the indicators served, why: the API's `reasonZh`).
// A plan the service cannot make (422, an input missing) shows the reason and each missing input instead.

import type { PlanActionT, RemediationPlanT } from '../../schemas/planning.js';
import { yuanToFen } from '../../services/money.js';
import { num, passBadge, stageLabel, yuanOfFen } from '../format.js';
import { html, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { ACTION_LABELS, HIRE_SUBJECT_LABELS, QUANTITY_UNIT_LABELS, label } from './labels.js';
import { card, sectionOf } from './outcome.js';
import { schoolLink } from './unit-names.js';

/** Every school the allocation answer names (a plan's reasons may name a unit whose school has no action). */
const schoolNames = (d: CountyReportData): Map<string, string> =>
  new Map(d.allocation.ok ? d.allocation.value.units.map((u) => [u.schoolCode, u.schoolName] as const) : []);

const costOf = (yuan: number | null): string => (yuan === null ? '未定价' : yuanOfFen(yuanToFen(yuan)));

function what(a: PlanActionT): Html {
  const parts = [label(ACTION_LABELS, a.action)];
  if (a.subject) parts.push(`（${label(HIRE_SUBJECT_LABELS, a.subject)}）`);
  const where = [a.stage ? stageLabel(a.stage) : null, a.grade !== undefined && a.grade !== null ? `${a.grade} 年级` : null].filter((x) => x !== null);
  return html`${parts.join('')}${where.length > 0 ? html`<span class="note block">${where.join(' ')}</span>` : null}`;
}

/** How many: a class split that needs no new class (the grade is re-divided evenly) says so rather than "0 classes". */
function quantity(a: PlanActionT): string {
  const n = `${num(a.quantity, Number.isInteger(a.quantity) ? 0 : 2)} ${label(QUANTITY_UNIT_LABELS, a.unit)}`;
  if (a.action !== 'split_classes') return n;
  return a.quantity === 0 ? '不增班，重新均衡分班' : `增设 ${n}`;
}

/** The API's reason with the school codes it names given as the schools' names, as the rest of the page names them. */
export const namedReason = (reason: string, names: ReadonlyMap<string, string>): string =>
  reason.replace(/(?<!\d)\d{10}(?!\d)/g, (code) => names.get(code) ?? code);

function actionsTable(p: RemediationPlanT, year: number, names: ReadonlyMap<string, string>): Html {
  if (p.actions.length === 0) return html`<p>不需要任何措施：所有纳入规划的指标已经达标。</p>`;
  return html`<div class="table-wrap"><table id="plan-actions"><thead><tr><th scope="col">学校</th><th scope="col">措施</th><th scope="col" class="num">数量</th><th scope="col" class="num">费用（元）</th><th scope="col" class="nowrap">指标</th><th scope="col">原因</th></tr></thead>
<tbody>${p.actions.map(
    (a) => html`<tr data-action="${a.action}"><td>${schoolLink(a.schoolCode, a.schoolName, year)}</td><td>${what(a)}</td><td class="num">${quantity(a)}</td>
<td class="num">${costOf(a.costYuan)}</td><td>${a.indicators.join('、')}</td><td class="reason">${namedReason(a.reasonZh, names)}</td></tr>`,
  )}
<tr class="total"><th scope="row" colspan="3">合计（${p.actions.length} 项措施）</th><td class="num" id="plan-total">${costOf(p.totals.costYuan)}</td><td colspan="2"></td></tr>
</tbody></table></div>`;
}

function body(p: RemediationPlanT, year: number, known: ReadonlyMap<string, string>): Html {
  const names = new Map([...known, ...p.actions.map((a) => [a.schoolCode, a.schoolName] as const)]);
  const unpriced = p.totals.unpriced.map((a) => label(ACTION_LABELS, a));
  return html`<div class="verdict">
<div class="fact">预计总费用 <strong data-plan-fen="${yuanToFen(p.totals.costYuan)}">${costOf(p.totals.costYuan)} 元</strong>${unpriced.length > 0 ? html`<span class="note">不含未定价的措施：${unpriced.join('、')}</span>` : null}</div>
<div class="fact">措施 <strong data-plan-actions="${p.actions.length}">${p.actions.length} 项</strong></div>
<div class="fact ${p.before.passes ? 'good' : 'bad'}">现状 <strong>${p.before.passes ? '达标' : '未达标'}</strong>${passBadge(p.before.passes)}</div>
<div class="fact ${p.after.passes ? 'good' : 'bad'}" data-plan-after="${String(p.after.passes)}">全部措施实施后 <strong>${p.after.passes ? '达标' : '仍未达标'}</strong>${passBadge(p.after.passes)}</div>
</div>
<p class="note">方案覆盖 B1–B7、B10、B11、B12（${p.stages.map(stageLabel).join('、')}）；单价为政策 ${p.policyName} 的测算假设，可通过 API 以其他单价重新测算。其余指标（${p.notPlanned.map((n) => n.id).join('、')}）不在方案内。</p>
${actionsTable(p, year, names)}`;
}

export const planSection = (d: CountyReportData): Html =>
  card({ id: 'plan', title: '整改方案（最低费用）', long: true }, sectionOf(d.plan, '整改方案', (p) => body(p, d.year, schoolNames(d))));
