import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { countiesWithYears, type CountyWithYears } from '../services/report-index.js';
import { countyPlan } from '../services/tasks/catalog.js';
import { html } from './html.js';
import { layout, SERVICE_NAME } from './layout.js';
import { sendPage } from './session.js';

const countyRow = (c: CountyWithYears) => {
  const years = [...c.years].reverse();
  return html`<tr>
    <td>${c.name}<br><span class="note">${c.countyCode}</span></td>
    <td>${years.length > 0 ? years.map((y, i) => html`${i > 0 ? ' · ' : ''}<a href="/reports/counties/${c.countyCode}/years/${y}">${y} 年度报告</a>`) : html`<span class="note">尚无学校数据</span>`}</td>
    <td>${years.length > 0 ? html`<a href="/reports/counties/${c.countyCode}/trends">指标趋势</a>` : '—'}</td>
    <td>${countyPlan(c.countyCode) ? html`<a href="/reports/counties/${c.countyCode}/tasks">任务进度</a>` : html`<span class="note">无任务清单</span>`}</td>
  </tr>`;
};

/** GET / : what the service is, the reports the signed-in person may open, and the API's documents. */
export const landingRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const viewer = request.viewer;
    const list = viewer ? await countiesWithYears(db, viewer.counties) : [];
    const reports = viewer
      ? html`<section class="card"><h2>报告</h2>
          ${list.length === 0
            ? html`<p>此密钥可查看的县还没有数据。</p>`
            : html`<div class="table-wrap"><table><thead><tr><th scope="col">县（区）</th><th scope="col">年度报告</th><th scope="col">趋势</th><th scope="col">规划任务</th></tr></thead>
                <tbody>${list.map(countyRow)}</tbody></table></div>`}</section>`
      : html`<section class="card"><h2>报告</h2><p>查看各县的评估报告、趋势和任务进度需要先<a href="/sign-in">登录</a>（使用 API 密钥）。</p></section>`;
    const body = html`<h1>${SERVICE_NAME}</h1>
      <p class="lead">按国家“县域义务教育优质均衡发展”评估指标（B1–B31）计算各县、各校的指标与达标情况，并按经费政策测算每所学校的应拨经费；每个数字都能说明自己的来源。</p>
      ${reports}
      <section class="card"><h2>接口</h2><ul class="links">
        <li><a href="/docs">API 文档</a>：所有接口、字段与示例（可在页面上直接试用）</li>
        <li><a href="/openapi.json">OpenAPI 描述文件</a>（JSON），供其他系统生成客户端</li>
        <li><a href="/health">运行状态</a></li>
      </ul></section>`;
    return sendPage(reply, layout({ title: '首页', viewer, body }));
  });
};
