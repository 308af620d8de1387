// GET /reports/counties/{countyCode}/trends: every indicator of the county year by year up to the plan's
// deadline, from the same answer as GET /v1/counties/{countyCode}/indicator-series: the statuses at a
// glance, then one chart per group of indicators (B1–B7 dispersion and passing units, B12 class sizes,
// the funding checks, the county rates), each followed by the table of its figures and statuses per year.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/connection.js';
import { assertCountyVisible } from '../../plugins/auth.js';
import { readFresh } from '../../plugins/read-routing.js';
import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/index.js';
import { CountyCode } from '../../schemas/common.js';
import type { IndicatorSeriesT } from '../../schemas/compare.js';
import { indicatorSeries } from '../../services/compare/series.js';
import { ServiceError, notFound } from '../../services/errors.js';
import { countyWithYears } from '../../services/report-index.js';
import { chinaTime } from '../format.js';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import { requireReader, sendPage } from '../session.js';
import { allocationSection } from './allocation.js';
import { PLAN_DEADLINE_YEAR, yearAxis, type YearAxis } from './axis.js';
import { CLASS_SIZE_IDS, FUNDING_IDS, classSizeSection, fundingSection, hasValue, ratesSection, statusOnlySection } from './groups.js';
import { overviewSection } from './overview.js';

const Params = Type.Object({ countyCode: CountyCode });

function sections(axis: YearAxis, series: IndicatorSeriesT): Html {
  const all = series.indicators;
  const among = (ids: readonly string[]) => all.filter((e) => ids.includes(e.id));
  const grouped = new Set<string>([...RESOURCE_INDICATOR_IDS, ...CLASS_SIZE_IDS, ...FUNDING_IDS]);
  const rest = all.filter((e) => !grouped.has(e.id));
  return html`${overviewSection(axis, all)}
    ${allocationSection(axis, series, among(RESOURCE_INDICATOR_IDS))}
    ${classSizeSection(axis, among(CLASS_SIZE_IDS))}
    ${ratesSection(axis, rest.filter(hasValue))}
    ${fundingSection(axis, among(FUNDING_IDS))}
    ${statusOnlySection(axis, rest.filter((e) => !hasValue(e)))}`;
}

function heading(axis: YearAxis, series: IndicatorSeriesT, laterYears: readonly number[]): Html {
  const latest = series.years[series.years.length - 1];
  // Years after the latest with data are still to come, not gaps.
  const missing = series.yearsWithoutData.filter((y) => latest !== undefined && y < latest);
  const gaps = missing.length > 0 ? html`<p class="note">${missing.join('、')} 年没有班级数据，图表和表格在这些年份留空。</p>` : null;
  const later =
    laterYears.length > 0
      ? html`<p class="note">${laterYears.join('、')} 年的数据在规划目标年之后，不在本页；请看各年度报告。</p>`
      : null;
  return html`<h1>${series.countyName} 义务教育优质均衡发展指标趋势</h1>
    <p class="lead">${series.from}–${axis.deadline} 年，规划目标年 ${axis.deadline} 年（图中竖线、表中“目标年”一列）。</p>
    <section class="card" id="years"><h2>年度报告</h2>
      <p>${series.years.map((y, i) => html`${i > 0 ? ' · ' : ''}<a href="/reports/counties/${series.countyCode}/years/${y}">${y} 年度报告</a>`)}
        ${latest !== undefined && latest < axis.deadline ? html`<span class="note">（距目标年还有 ${axis.deadline - latest} 年）</span>` : null}</p>
      ${gaps}${later}
    </section>`;
}

// a computed answer: read from the database readFresh chooses (src/plugins/read-routing.ts)
export const trendsPages: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {

  app.get('/reports/counties/:countyCode/trends', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const viewer = requireReader(request);
    const { countyCode } = request.params;
    assertCountyVisible(request, countyCode, `county ${countyCode}`);
    const { county, series } = await readFresh(request, reply, async (db) => {
      const county = await countyWithYears(db, countyCode);
      if (!county) throw notFound(`county ${countyCode}`);
      let series: IndicatorSeriesT;
      try {
        series = await indicatorSeries(db, countyCode, { to: PLAN_DEADLINE_YEAR });
      } catch (err) {
        // The county exists: a 404 here means it has no year with classes up to the deadline.
        if (err instanceof ServiceError && err.status === 404) {
          throw new ServiceError(404, 'not-found', 'Not Found', `${county.name}在 ${PLAN_DEADLINE_YEAR} 年及以前没有班级数据，还没有可以画出的趋势。`);
        }
        throw err;
      }
      return { county, series };
    });
    const axis = yearAxis(series);
    const laterYears = county.years.filter((y) => y > PLAN_DEADLINE_YEAR);
    const policies = [...new Set(series.indicators.flatMap((e) => e.points.map((p) => p.policyId)))];
    const footnote = html`<p>指标按 ${policies.join('、')} 计算；生成于 ${chinaTime(new Date())}（北京时间）。
      同样的数字可通过 API 取得：<code>/v1/counties/${countyCode}/indicator-series?to=${PLAN_DEADLINE_YEAR}</code>。</p>`;
    const page = layout({
      title: `${series.countyName} 指标趋势`,
      viewer,
      crumbs: [{ label: '首页', href: '/' }, { label: `${series.countyName} 指标趋势` }],
      body: html`${heading(axis, series, laterYears)}${sections(axis, series)}`,
      footnote,
    });
    return sendPage(reply, page);
  });
};
