import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemInput } from '../plugins/problem.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { sendPage } from './session.js';

const HEADINGS: Record<number, string> = {
  400: '请求有误',
  403: '没有权限',
  404: '找不到该页面',
  409: '数据冲突',
  422: '无法生成该报告',
  429: '请求过于频繁',
  503: '服务暂时不可用',
};

/** An error on a page is a page: the same status and words the API would answer, readable by a person. */
export function errorPage(reply: FastifyReply, request: FastifyRequest, problem: ProblemInput): FastifyReply {
  const heading = HEADINGS[problem.status] ?? (problem.status >= 500 ? '服务出错' : '请求未能完成');
  const body = html`<section class="card"><h1>${heading}</h1>
    <p class="error-box">${problem.title}${problem.detail ? html`：${problem.detail}` : null}</p>
    ${problem.errors && problem.errors.length > 0 ? html`<ul>${problem.errors.map((e) => html`<li><code>${e.pointer}</code> ${e.message}</li>`)}</ul>` : null}
    <p class="note">请求编号 ${String(request.id)}（排查问题时请提供）。<a href="/">返回首页</a></p></section>`;
  return sendPage(reply, layout({ title: heading, viewer: request.viewer ?? null, body }), problem.status);
}
