import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Issue } from '../services/errors.js';
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

/** What each kind of problem (the last segment of its `type`) means to the reader of a page. */
const MEANINGS: Record<string, string> = {
  'not-found': '找不到所请求的县（区）、学校、年度或页面，或者当前登录的密钥无权查看。',
  validation: '地址中的参数不符合要求，请检查后重试：',
  'policy-not-in-force': '这一年度没有生效的指标政策，无法按政策计算指标。',
  'plan-inputs-missing': '计算所需的数据不全，暂时无法生成。',
  unprocessable: '所请求的数据彼此不一致，无法生成。',
  forbidden: '当前登录的密钥没有查看此内容的权限。',
  'rate-limited': '请求过于频繁，请稍后再试。',
  'database-unavailable': '服务暂时不可用，请稍后再试。',
  timeout: '服务没能在规定时间内完成，请稍后再试。',
  'bad-url': '地址有误。',
  'bad-request': '请求有误。',
  'uri-too-long': '地址太长。',
  'method-not-allowed': '该地址不支持这种请求方式。',
  'plan-cost-too-large': '整改方案的费用超出了能精确给出的金额范围，无法生成。',
  conflict: '数据冲突，请刷新后重试。',
  'concurrent-write': '数据正被同时修改，请稍后重试。',
  'plan-not-verified': '改进方案未能通过复核，已停止生成。请把下面的请求编号告诉管理员。',
  internal: '服务内部出错。请把下面的请求编号告诉管理员。',
};

/** The names of the path and query fields pages take, for the list of validation problems. */
const FIELDS: Record<string, string> = {
  year: '年份',
  countyCode: '县（区）代码',
  schoolCode: '学校代码',
  asOf: '日期',
  from: '起始年份',
  to: '截止年份',
  stage: '学段',
  next: '跳转地址',
  dataset: '数据',
  format: '格式',
};

const ENTITIES: Record<string, string> = { county: '县（区）', school: '学校', town: '乡镇', policy: '指标政策', task: '任务' };

const hasChinese = (text: string): boolean => /[\u4e00-\u9fff]/.test(text);

/** An Ajv message (the API's words) in Chinese where its form is known; otherwise as written. */
function messageWords(message: string): string {
  let m: RegExpExecArray | null;
  if (message === 'must be integer') return '应为整数';
  if (message === 'must be number') return '应为数字';
  if (message === 'must be string') return '应为文字';
  if ((m = /^must match format "(\w+)"$/.exec(message))) return m[1] === 'date' ? '应为日期（YYYY-MM-DD）' : `格式应为 ${m[1]}`;
  if (/^must match pattern /.test(message)) return '格式不对';
  if ((m = /^must be (>=|<=|>|<) (-?[\d.]+)$/.exec(message))) return `应${{ '>=': '不小于', '<=': '不大于', '>': '大于', '<': '小于' }[m[1] ?? '>=']} ${m[2]}`;
  if (/^must be equal to (one of the allowed values|constant)/.test(message) || message === 'must match a schema in anyOf') return '不是可选的值之一';
  if (message === 'is not a known field') return '不认识的参数';
  if (/^must NOT have additional properties/.test(message)) return '不认识的参数';
  if (/^must have required property/.test(message)) return '缺少必需的参数';
  return message;
}

function issueWords(issue: Issue): string {
  const field = issue.pointer.split('/').filter(Boolean).at(-1) ?? '';
  return `${FIELDS[field] ?? field}：${messageWords(issue.message)}`;
}

/** The problem in words for the page: its own Chinese detail, a known "X does not exist", or what its type means. */
function explanation(problem: ProblemInput): string {
  if (problem.detail && hasChinese(problem.detail)) return problem.detail;
  const missing = problem.detail ? /^(county|school|town|policy|task) (\S+) does not exist$/.exec(problem.detail) : null;
  if (missing) return `${ENTITIES[missing[1] ?? ''] ?? missing[1]} ${missing[2]} 不存在，或者当前登录的密钥无权查看。`;
  const slug = problem.type.split('/').at(-1) ?? '';
  return MEANINGS[slug] ?? (problem.status >= 500 ? MEANINGS.internal ?? '' : '请求未能完成。');
}

/**
 * An error on a page is a page: the same status as the API would answer, in words a person reads (Chinese,
 * as the reports), with the API's own problem text kept under "技术细节" for whoever looks into it.
 */
export function errorPage(reply: FastifyReply, request: FastifyRequest, problem: ProblemInput): FastifyReply {
  const heading = HEADINGS[problem.status] ?? (problem.status >= 500 ? '服务出错' : '请求未能完成');
  const issues = problem.errors ?? [];
  const technical = !problem.detail || !hasChinese(problem.detail) || issues.length > 0;
  const body = html`<section class="card"><h1>${heading}</h1>
    <p class="error-box">${explanation(problem)}</p>
    ${issues.length > 0 ? html`<ul>${[...new Set(issues.map(issueWords))].map((line) => html`<li>${line}</li>`)}</ul>` : null}
    ${
      technical
        ? html`<details class="note"><summary>技术细节</summary><p>${problem.title}${problem.detail ? html`：${problem.detail}` : null}</p>${
            issues.length > 0 ? html`<ul>${issues.map((e) => html`<li><code>${e.pointer}</code> ${e.message}</li>`)}</ul>` : null
          }</details>`
        : null
    }
    <p class="note">请求编号 ${String(request.id)}（排查问题时请提供）。<a href="/">返回首页</a></p></section>`;
  return sendPage(reply, layout({ title: heading, viewer: request.viewer ?? null, body }), problem.status);
}
