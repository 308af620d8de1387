import { INDICATOR_IDS, catalogueText, type IndicatorId } from '../../rules/indicators/catalogue.js';
import { html, type Html } from '../html.js';
import type { Grouping } from './model.js';

/** Where the page's links go: the county report's grid cells and this page's own anchors. */
export interface PageLinks {
  countyCode: string;
  /** The latest school year with data: its county report holds the indicator grid; null when there is none. */
  reportYear: number | null;
}

const indicatorText = (id: string): string => (INDICATOR_IDS as readonly string[]).includes(id) ? catalogueText(id as IndicatorId).text : id;

/** An indicator as a link to its cell (`id="B5"`) in the grid of the latest county report, or as text when there is no report. */
export function indicatorLink(links: PageLinks, id: string): Html {
  const title = indicatorText(id);
  return links.reportYear === null
    ? html`<span class="indicator" title="${title}">${id}</span>`
    : html`<a class="indicator" href="/reports/counties/${links.countyCode}/years/${links.reportYear}#${id}" title="${title}">${id}</a>`;
}

/** A task's indicators: every one of them can be many (the plan's overall tasks serve all 31). */
export function indicatorLinks(links: PageLinks, ids: readonly string[]): Html {
  if (ids.length === 0) return html`<span class="note">任务文本未指向具体指标</span>`;
  const all = ids.length === INDICATOR_IDS.length;
  return html`<span class="indicators">${all ? html`<span class="note">全部 ${ids.length} 项：</span>` : null}${ids.map((id) => html`${indicatorLink(links, id)} `)}</span>`;
}

export const taskAnchor = (taskId: string): string => `task-${taskId}`;
export const unitAnchor = (unitId: string): string => `unit-${unitId}`;

/** This page again, with another layout or day; `asOf` only when the reader chose one, so the default stays "today". */
export function pageHref(countyCode: string, group: Grouping, asOf: string | undefined): string {
  const query = new URLSearchParams();
  if (group !== 'year') query.set('group', group);
  if (asOf !== undefined) query.set('asOf', asOf);
  const text = query.toString();
  return `/reports/counties/${countyCode}/tasks${text === '' ? '' : `?${text}`}`;
}
