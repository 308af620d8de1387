// GET /reports/counties/{countyCode}/years/{year}: the county overview report, in the order an official
// reads it: title and links, the verdict, B1–B31, the B1–B7 units, dispersion, class sizes, funding, the
// units that fail and the remediation plan; a footnote says under which policy and when it was computed.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/connection.js';
import { assertCountyVisible } from '../../plugins/auth.js';
import { readFresh } from '../../plugins/read-routing.js';
import { CountyCode, Year } from '../../schemas/common.js';
import { chinaTime } from '../format.js';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import { requireReader, sendPage } from '../session.js';
import { classSizeSection } from './class-sizes.js';
import { loadCountyReport, type CountyReportData } from './data.js';
import { dispersionSection } from './dispersion.js';
import { failingSection } from './failing.js';
import { fundingSection } from './funding.js';
import { heading, reportTitle } from './heading.js';
import { POLICY_SOURCE_LABELS, label } from './labels.js';
import { planSection } from './plan.js';
import { scorecardSection } from './scorecard-grid.js';
import { unitsSection } from './units.js';
import { verdictSection } from './verdict.js';

const Params = Type.Object({ countyCode: CountyCode, year: Year }, { additionalProperties: false });

function footnote(d: CountyReportData): Html {
  const policy = [d.scorecard, d.allocation, d.classSizes, d.plan].find((o) => o.ok)?.value;
  const base = `/v1/counties/${d.countyCode}/years/${d.year}`;
  return html`<p class="report-footnote">${
    policy
      ? html`适用政策：${policy.policyName}（<code>${policy.policyId}</code>，${label(POLICY_SOURCE_LABELS, policy.policySource)}）。`
      : '适用政策：无法确定（见各节说明）。'
  }本页计算于 ${chinaTime(d.computedAt)}（北京时间），依据当时数据库中的数据。
每个数字都可通过 API 重现：<code>${base}/scorecard</code>、<code>${base}/resource-allocation</code>、<code>${base}/class-sizes</code>、<code>${base}/entitlements</code>、<code>${base}/remediation-plan</code>。</p>`;
}

export function countyReportPage(d: CountyReportData): Html {
  return html`${heading(d)}
${verdictSection(d)}
${scorecardSection(d)}
${unitsSection(d)}
${dispersionSection(d)}
${classSizeSection(d)}
${fundingSection(d)}
${failingSection(d)}
${planSection(d)}`;
}

// a computed answer: read from the database readFresh chooses (src/plugins/read-routing.ts)
export const countyReportPages: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {
  app.get('/reports/counties/:countyCode/years/:year', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const viewer = requireReader(request);
    const { countyCode, year } = request.params;
    assertCountyVisible(request, countyCode, `county ${countyCode}`);
    const d = await readFresh(request, reply, (db) => loadCountyReport(db, countyCode, year));
    const title = reportTitle(d.countyName, d.year);
    const page = layout({
      title,
      viewer,
      crumbs: [{ label: '首页', href: '/' }, { label: d.countyName, href: `/reports/counties/${d.countyCode}/trends` }, { label: `${d.year} 年度报告` }],
      body: countyReportPage(d),
      footnote: footnote(d),
    });
    return sendPage(reply, page);
  });
};
