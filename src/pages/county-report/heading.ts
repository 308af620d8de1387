// The report's title, its neighbours (trends, tasks, the years before and after) and the same data for API users.

import { countyPlan } from '../../services/tasks/catalog.js';
import { html, type Html } from '../html.js';
import type { CountyReportData } from './data.js';

/** The /v1 answers behind the page; each also comes as CSV and as an Excel workbook. */
const DATASETS: readonly { path: string; label: string }[] = [
  { path: 'scorecard', label: 'B1–B31 评估总表' },
  { path: 'resource-allocation', label: 'B1–B7 资源配置（各评估单位）' },
  { path: 'class-sizes', label: 'B12 班额' },
  { path: 'entitlements', label: '公用经费测算' },
  { path: 'remediation-plan', label: '整改方案' },
];

export const reportTitle = (countyName: string, year: number): string => `${countyName} ${year} 年度义务教育优质均衡发展评估报告`;

export const countyReportPath = (countyCode: string, year: number): string => `/reports/counties/${countyCode}/years/${year}`;

function neighbours(d: CountyReportData): Html {
  const base = `/reports/counties/${d.countyCode}`;
  const links: Html[] = [html`<a href="${base}/trends">历年指标趋势</a>`];
  if (countyPlan(d.countyCode)) links.push(html`<a href="${base}/tasks">规划任务进度</a>`);
  if (d.years.includes(d.year - 1)) links.push(html`<a href="${countyReportPath(d.countyCode, d.year - 1)}" rel="prev">← ${d.year - 1} 年度报告</a>`);
  if (d.years.includes(d.year + 1)) links.push(html`<a href="${countyReportPath(d.countyCode, d.year + 1)}" rel="next">${d.year + 1} 年度报告 →</a>`);
  return html`<nav class="report-links no-print" aria-label="相关报告">${links}</nav>`;
}

function downloads(d: CountyReportData): Html {
  const base = `/v1/counties/${d.countyCode}/years/${d.year}`;
  return html`<details class="api-data no-print"><summary>本页数据（JSON / CSV / Excel，供 API 使用者）</summary>
<p class="note">以下链接是 API 接口，需要在请求头中携带 API 密钥（<code>Authorization: Bearer &lt;密钥&gt;</code>），在浏览器中直接打开会得到 401；登录本页面的会话不能用于 API。请用脚本或 <a href="/docs">API 文档</a> 页面上的“试用”功能取数。</p>
<div class="table-wrap"><table><thead><tr><th scope="col">数据</th><th scope="col">JSON</th><th scope="col">CSV</th><th scope="col">Excel</th></tr></thead><tbody>
${DATASETS.map(
  (s) => html`<tr><td>${s.label}</td>
<td><a href="${base}/${s.path}">JSON</a></td>
<td><a href="${base}/${s.path}?format=csv">CSV</a></td>
<td><a href="${base}/${s.path}?format=xlsx">Excel</a></td></tr>`,
)}
</tbody></table></div></details>`;
}

export function heading(d: CountyReportData): Html {
  return html`<h1>${reportTitle(d.countyName, d.year)}</h1>
<p class="lead">按《县域义务教育优质均衡发展督导评估办法》B1–B31 指标，依据各校报送的 ${d.year} 学年数据计算。</p>
${neighbours(d)}
${downloads(d)}`;
}
