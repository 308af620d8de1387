// The task tracker's document: the summary on the day asked, the tasks, the indicators not met with the
// units that must act, and the units with their duties.

import type { TaskPageT, UnitPageT } from '../../schemas/tasks.js';
import { html, type Html } from '../html.js';
import type { PageOptions } from '../layout.js';
import { pageHref, type PageLinks } from './links.js';
import { taskCounts, type Grouping } from './model.js';
import { taskTables } from './task-tables.js';
import { NOT_MET_HEADING, notMetSection, unitsSection, type NotMetSource } from './units.js';

export interface TaskTrackerInput {
  countyName: string | null;
  tasks: TaskPageT;
  units: UnitPageT;
  notMet: NotMetSource;
  grouping: Grouping;
  /** The `asOf` the reader asked for; undefined means today in China. */
  asOfGiven: string | undefined;
  reportYear: number | null;
}

const fact = (key: string, label: string, value: number, tone: 'good' | 'bad' | null, extra: Html | null = null): Html =>
  html`<div class="fact${tone ? ` ${tone}` : ''}" data-count="${key}"><strong>${value}</strong>${label}${extra}</div>`;

function summary(input: TaskTrackerInput, links: PageLinks): Html {
  const { tasks, notMet } = input;
  const c = taskCounts(tasks.items);
  // statuses are stored as they are now (no history): another day changes only which tasks count as overdue
  const day = input.asOfGiven === undefined ? html`${tasks.asOf}（今天，中国标准时间）` : html`${tasks.asOf}（所选日期）`;
  const asOfNote =
    input.asOfGiven === undefined
      ? null
      : html`<p class="note" id="as-of-note">所选日期只用于判断是否逾期；各任务的状态、进展说明和佐证是目前记录的内容，不是该日的状态。</p>`;
  const notMetFact =
    notMet.kind === 'scorecard'
      ? fact('not-met', `${notMet.year} 年度未达标指标`, notMet.notMet.length, notMet.notMet.length > 0 ? 'bad' : 'good', html`<br><a href="#not-met">谁应负责</a>`)
      : null;
  return html`<section class="card" id="summary"><h2>概况：截至 ${day}</h2>
    <div class="verdict task-counts">
      ${fact('total', '项任务', c.total, null, c.ongoing > 0 ? html`<span class="note">（其中持续推进 ${c.ongoing} 项）</span>` : null)}
      ${fact('done', '已完成', c.done, c.total > 0 && c.done === c.total ? 'good' : null)}
      ${fact('in_progress', '进行中', c.inProgress, null)}
      ${fact('not_started', '未开始', c.notStarted, null)}
      ${fact('overdue', '已逾期', c.overdue, c.overdue > 0 ? 'bad' : 'good')}
      ${notMetFact}
    </div>
    ${asOfNote}
    <p class="note">逾期：任务未完成，且日期已过完成时限（完成时限当天仍算按期；“2023年4月”即至 2023-04-30）；“持续推进”的任务没有完成时限，不算逾期。</p>
    <form class="as-of" method="get" action="/reports/counties/${links.countyCode}/tasks">
      <label>按其他日期查看逾期情况 <input type="date" name="asOf" value="${tasks.asOf}" required></label>
      ${input.grouping === 'year' ? null : html`<input type="hidden" name="group" value="${input.grouping}">`}
      <button type="submit" class="button">查看</button>
      ${input.asOfGiven === undefined ? null : html`<a href="${pageHref(links.countyCode, input.grouping, undefined)}">回到今天</a>`}
    </form>
    <p class="note read-only">本页只读。任务的状态、进展说明和佐证链接由具有 write 权限的 API 密钥通过
      <code>PUT /v1/counties/${links.countyCode}/tasks/{taskId}</code> 报送；同样的数据可从
      <code>GET /v1/counties/${links.countyCode}/tasks</code> 和 <code>/responsible-units</code> 以 JSON 或 CSV 取得。</p>
  </section>`;
}

function tasksSection(input: TaskTrackerInput, links: PageLinks): Html {
  const option = (g: Grouping, label: string) =>
    g === input.grouping ? html`<span aria-current="true">${label}</span>` : html`<a href="${pageHref(links.countyCode, g, input.asOfGiven)}">${label}</a>`;
  return html`<section class="card long" id="tasks"><h2>分年度重点工作任务（附件3）</h2>
    <nav class="switch" aria-label="排列方式">排列：${option('year', '按完成年度')} · ${option('status', '按状态')}</nav>
    ${taskTables(input.tasks.items, input.grouping, links, input.tasks.asOf)}
  </section>`;
}

export function taskTrackerPage(input: TaskTrackerInput): Omit<PageOptions, 'viewer'> {
  const countyCode = input.tasks.countyCode;
  const links: PageLinks = { countyCode, reportYear: input.reportYear };
  const name = input.countyName ?? `县 ${countyCode}`;
  const title = `${name}规划任务进度`;
  const body = html`<h1>${title}</h1>
    <p class="lead">${input.tasks.source}</p>
    ${summary(input, links)}
    ${tasksSection(input, links)}
    ${notMetSection(input.notMet, input.units, input.tasks.items, links)}
    ${unitsSection(input.units, links)}`;
  const crumbs = [
    { label: '首页', href: '/' },
    input.reportYear === null ? { label: name } : { label: `${name} ${input.reportYear} 年度报告`, href: `/reports/counties/${countyCode}/years/${input.reportYear}` },
    { label: '规划任务进度' },
  ];
  const assessed = input.notMet.kind === 'no-data' ? null : html`“${NOT_MET_HEADING}”按 ${input.notMet.year} 年度的指标评估。`;
  const footnote = html`<p>任务与责任单位来自县级实施方案（附件1—3，随服务发布）；逾期按 ${input.tasks.asOf}（中国标准时间）判断。${assessed}</p>`;
  return { title, crumbs, body, footnote };
}
