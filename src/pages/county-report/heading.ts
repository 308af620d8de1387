// The report's title, its neighbours (trends, tasks, the years before and after) and the same data for API users.

import { countyPlan } from '../../services/tasks/catalog.js';
import { html, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { DATASETS, type DOWNLOAD_FORMATS, downloadPath } from './downloads.js';

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
  const api = `/v1/counties/${d.countyCode}/years/${d.year}`;
  const link = (path: string, format: (typeof DOWNLOAD_FORMATS)[number], text: string) =>
    html`<a href="${downloadPath(d.countyCode, d.year, path, format)}"${format === 'json' ? null : html` download`}>${text}</a>`;
  return html`<details class="api-data no-print" id="api-data"><summary>本页数据（JSON / CSV / Excel）</summary>
<p class="note">登录本页面即可下载；数字与页面相同，CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开。其他系统请用 API 密钥调用同样的接口（<code>${api}/…</code>，见 <a href="/docs">API 文档</a>）。</p>
<div class="table-wrap"><table><thead><tr><th scope="col">数据</th><th scope="col">JSON</th><th scope="col">CSV</th><th scope="col">Excel</th><th scope="col">API 路径</th></tr></thead><tbody>
${DATASETS.map(
  (s) => html`<tr><td>${s.label}</td>
<td>${link(s.path, 'json', 'JSON')}</td>
<td>${link(s.path, 'csv', 'CSV')}</td>
<td>${link(s.path, 'xlsx', 'Excel')}</td>
<td><code>${api}/${s.path}</code></td></tr>`,
)}
</tbody></table></div></details>`;
}

export function heading(d: CountyReportData): Html {
  return html`<h1>${reportTitle(d.countyName, d.year)}</h1>
<p class="lead">按《县域义务教育优质均衡发展督导评估办法》B1–B31 指标，依据各校报送的 ${d.year} 学年数据计算。</p>
${neighbours(d)}
${downloads(d)}`;
}
