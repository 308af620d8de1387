// The years of the trends page: from the first year with data to the plan's deadline, every year a column
// (a year without classes shows as such, so a gap is visible and not closed up), the deadline marked.

import type { IndicatorSeriesT } from '../../schemas/compare.js';
import { html, type Html } from '../html.js';

/**
 * The target year of the county plan the indicators are tracked against (实施方案 2023—2025): the trends
 * show every year up to it and mark it on every chart and table.
 */
export const PLAN_DEADLINE_YEAR = 2025;

export type Point = IndicatorSeriesT['indicators'][number]['points'][number];
export type SeriesEntry = IndicatorSeriesT['indicators'][number];

export interface YearAxis {
  countyCode: string;
  /** Every year shown, oldest first: the series' years through the deadline. */
  years: number[];
  withData: ReadonlySet<number>;
  deadline: number;
}

export function yearAxis(series: IndicatorSeriesT): YearAxis {
  const last = Math.max(series.to, PLAN_DEADLINE_YEAR);
  const years: number[] = [];
  for (let y = series.from; y <= last; y++) years.push(y);
  return { countyCode: series.countyCode, years, withData: new Set(series.years), deadline: PLAN_DEADLINE_YEAR };
}

/** The point of each year of the axis (null where the year has no data). */
export const pointsByYear = (axis: YearAxis, entry: SeriesEntry): (Point | null)[] => {
  const byYear = new Map(entry.points.map((p) => [p.year, p]));
  return axis.years.map((y) => byYear.get(y) ?? null);
};

/** A column heading: a year with data links to its county report; the deadline says so. */
export function yearHeading(axis: YearAxis, year: number): Html {
  const label = axis.withData.has(year) ? html`<a href="/reports/counties/${axis.countyCode}/years/${year}">${year}</a>` : html`${year}`;
  const mark =
    year === axis.deadline
      ? html`<br><span class="deadline-mark">目标年</span>`
      : axis.withData.has(year)
        ? null
        : html`<br><span class="note">无数据</span>`;
  return html`<th class="num${year === axis.deadline ? ' deadline' : ''}" scope="col">${label}${mark}</th>`;
}

/** The cell class of a year's column, so the deadline column stands out in every table. */
export const yearCellClass = (axis: YearAxis, year: number, base = 'num'): string => (year === axis.deadline ? `${base} deadline` : base);
