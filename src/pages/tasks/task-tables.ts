// The plan's tasks as tables: one per deadline year, or one grouped by status. Each row is a task with its
// text, units, deadline, status (overdue made prominent), the indicators it serves, and its progress.

import type { IsoDate } from '../../rules/tasks/deadline.js';
import type { TaskT } from '../../schemas/tasks.js';
import { statusBadge } from '../format.js';
import { html, type Html } from '../html.js';
import { evidenceList } from './evidence.js';
import { indicatorLinks, taskAnchor, unitAnchor, type PageLinks } from './links.js';
import { chinaTime, daysLate, groupByStatus, groupByYear, type Grouping, type TaskGroup } from './model.js';

const HEAD = html`<thead><tr><th scope="col" class="num">序号</th><th scope="col">工作任务</th><th scope="col">责任单位</th><th scope="col">完成时限</th><th scope="col">状态</th><th scope="col">对应指标</th><th scope="col">进展说明与佐证</th></tr></thead>`;

function statusCell(t: TaskT, asOf: IsoDate): Html {
  const late = daysLate(t, asOf);
  return html`${late === null ? null : html`<span class="status overdue late">已逾期 ${late} 天</span><br>`}${statusBadge(t.status)}`;
}

function progressCell(t: TaskT): Html {
  if (t.updatedAt === null) return html`<span class="note">尚未报送进展</span>`;
  return html`${t.notes === '' ? null : html`<div class="task-notes">${t.notes}</div>`}${evidenceList(t.evidence)}
    <div class="note">更新于 ${chinaTime(t.updatedAt)}</div>`;
}

function deadlineCell(t: TaskT): Html {
  return t.deadline === null ? html`${t.deadlineText}` : html`${t.deadlineText}<br><span class="note">至 ${t.deadline}</span>`;
}

function taskRow(t: TaskT, links: PageLinks, asOf: IsoDate): Html {
  return html`<tr id="${taskAnchor(t.taskId)}" class="${t.overdue ? 'task overdue' : 'task'}" data-status="${t.status}" data-overdue="${String(t.overdue)}">
    <td class="num">${t.number}</td>
    <td class="task-text">${t.text}</td>
    <td class="task-units">${t.responsibleUnits.map((u, i) => html`${i > 0 ? '、' : ''}<a href="#${unitAnchor(u.unitId)}">${u.name}</a>`)}</td>
    <td class="deadline">${deadlineCell(t)}</td>
    <td class="task-status">${statusCell(t, asOf)}</td>
    <td class="task-indicators">${indicatorLinks(links, t.indicators)}</td>
    <td class="task-progress">${progressCell(t)}</td>
  </tr>`;
}

const groupCaption = (g: TaskGroup): Html => {
  const overdue = g.tasks.filter((t) => t.overdue).length;
  return html`${g.label}（${g.tasks.length} 项${overdue > 0 && g.key !== 'status-overdue' ? html`，<strong class="late-count">${overdue} 项已逾期</strong>` : null}）`;
};

/** One table per deadline year, oldest first, the ongoing tasks last. */
function byYear(tasks: readonly TaskT[], links: PageLinks, asOf: IsoDate): Html {
  return html`${groupByYear(tasks).map(
    (g) => html`<h3 id="${g.key}">${groupCaption(g)}</h3>
      <div class="table-wrap"><table class="tasks">${HEAD}<tbody>${g.tasks.map((t) => taskRow(t, links, asOf))}</tbody></table></div>`,
  )}`;
}

/** One table, a body per status: overdue first, as what must be acted on. */
function byStatus(tasks: readonly TaskT[], links: PageLinks, asOf: IsoDate): Html {
  return html`<div class="table-wrap"><table class="tasks">${HEAD}${groupByStatus(tasks).map(
    (g) => html`<tbody id="${g.key}"><tr class="group ${g.key}"><th colspan="7" scope="rowgroup">${groupCaption(g)}</th></tr>
      ${g.tasks.map((t) => taskRow(t, links, asOf))}</tbody>`,
  )}</table></div>`;
}

export function taskTables(tasks: readonly TaskT[], grouping: Grouping, links: PageLinks, asOf: IsoDate): Html {
  return grouping === 'status' ? byStatus(tasks, links, asOf) : byYear(tasks, links, asOf);
}
