// The plan's responsible units (附件2) with their duties, indicators and tasks, and the short list that
// turns "B5 not met" into who must act: each indicator not met in the latest scorecard with its units.

import type { TaskT, UnitPageT } from '../../schemas/tasks.js';
import { statusBadge } from '../format.js';
import { html, type Html } from '../html.js';
import { indicatorLink, indicatorLinks, taskAnchor, unitAnchor, type PageLinks } from './links.js';

type Unit = UnitPageT['items'][number];

/** A task named in a unit's or an indicator's row: its id as a link to its row, and where it stands. */
function taskChip(t: Pick<TaskT, 'taskId' | 'text' | 'status' | 'overdue'>): Html {
  return html`<li><a href="#${taskAnchor(t.taskId)}" title="${t.text}">${t.taskId}</a> ${t.overdue ? statusBadge('overdue') : statusBadge(t.status)}</li>`;
}

const taskChips = (tasks: readonly Pick<TaskT, 'taskId' | 'text' | 'status' | 'overdue'>[]): Html =>
  tasks.length === 0 ? html`<span class="note">附件3 未列其任务</span>` : html`<ul class="chips">${tasks.map(taskChip)}</ul>`;

const unitLinks = (units: readonly Unit[]): Html =>
  units.length === 0
    ? html`<span class="note">实施方案未指定</span>`
    : html`${units.map((u, i) => html`${i > 0 ? '、' : ''}<a href="#${unitAnchor(u.unitId)}">${u.name}</a>`)}`;

function unitRow(u: Unit, byId: ReadonlyMap<string, Unit>, links: PageLinks): Html {
  const shared = u.dutiesSharedWith.map((id) => byId.get(id)?.name ?? id);
  return html`<tr id="${unitAnchor(u.unitId)}">
    <th scope="row">${u.name}${u.aliases.length > 0 ? html`<br><span class="note">又称 ${u.aliases.join('、')}</span>` : null}</th>
    <td class="duties">${u.duties}${shared.length > 0 ? html`<br><span class="note">（与${shared.join('、')}共用此职责条款）</span>` : null}</td>
    <td class="task-indicators">${u.indicators.length === 0 ? html`<span class="note">—</span>` : indicatorLinks(links, u.indicators)}</td>
    <td>${taskChips(u.tasks)}</td>
  </tr>`;
}

export function unitsSection(units: UnitPageT, links: PageLinks): Html {
  const byId = new Map(units.items.map((u) => [u.unitId, u]));
  return html`<section class="card long" id="units"><h2>责任单位及职责（附件2）</h2>
    <p class="note">实施方案附件2 所列的 ${units.items.length} 个单位，职责按原文；“负责指标”是附件1 中列其为责任单位的指标，“承担任务”是附件3 中列其为责任单位的任务。</p>
    <div class="table-wrap"><table class="units"><thead><tr><th scope="col">单位</th><th scope="col">职责</th><th scope="col">负责指标</th><th scope="col">承担任务</th></tr></thead>
    <tbody>${units.items.map((u) => unitRow(u, byId, links))}</tbody></table></div></section>`;
}

/** What the latest year's scorecard says, or why there is none. */
export type NotMetSource =
  | { kind: 'no-data' }
  | { kind: 'unavailable'; year: number; reason: string }
  | { kind: 'scorecard'; year: number; notMet: readonly { id: string; text: string; standard: string | null }[]; notAssessable: number };

export const NOT_MET_HEADING = '未达标指标与责任单位';

export function notMetSection(source: NotMetSource, units: UnitPageT, tasks: readonly TaskT[], links: PageLinks): Html {
  const heading = source.kind === 'no-data' ? NOT_MET_HEADING : `${NOT_MET_HEADING}（${source.year} 年度）`;
  let body: Html;
  if (source.kind === 'no-data') body = html`<p>该县还没有学校数据，无法评估指标；有数据后，这里列出未达标的指标及应负责的单位。</p>`;
  else if (source.kind === 'unavailable') body = html`<p class="error-box">无法生成 ${source.year} 年度的指标评估：${source.reason}</p>`;
  else if (source.notMet.length === 0)
    body = html`<p>${source.year} 年度评估中没有未达标的指标${source.notAssessable > 0 ? html`（另有 ${source.notAssessable} 项无法评估，见<a href="/reports/counties/${links.countyCode}/years/${source.year}">年度报告</a>）` : null}。</p>`;
  else
    body = html`<p class="note">${source.year} 年度评估中未达标的 ${source.notMet.length} 项指标，按附件1 列出应负责的单位，以及附件3 中对应的任务${source.notAssessable > 0 ? `；另有 ${source.notAssessable} 项无法评估` : ''}。</p>
      <div class="table-wrap"><table class="not-met"><thead><tr><th scope="col">指标</th><th scope="col">应负责的单位</th><th scope="col">相关任务</th></tr></thead><tbody>${source.notMet.map(
        (i) => html`<tr data-indicator="${i.id}"><th scope="row">${indicatorLink(links, i.id)} ${i.text}${i.standard ? html`<span class="note block">附件1 原文；按所用政策，标准为 ${i.standard}</span>` : null}</th>
          <td>${unitLinks(units.items.filter((u) => u.indicators.includes(i.id as Unit['indicators'][number])))}</td>
          <td>${taskChips(tasks.filter((t) => t.indicators.includes(i.id as TaskT['indicators'][number])))}</td></tr>`,
      )}</tbody></table></div>`;
  return html`<section class="card" id="not-met"><h2>${heading}</h2>${body}</section>`;
}
