// What every answer must satisfy: no 5xx, a documented status, the documented media type (problem+json
// for errors, text/csv when CSV was asked for, an xlsx workbook when one was), a body valid against the
// documented schema, and what the document says about the request itself (400 for an invalid one, never
// 400 for a valid one).

import type { DocumentSchemas, Operation } from './document.js';
import type { Draft } from './requests.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

export function problemsOf(op: Operation, draft: Draft, answer: Answer, schemas: DocumentSchemas): string[] {
  const problems: string[] = [];
  const { status } = answer;
  if (status >= 500) problems.push(`answered ${status}`);
  if (draft.refusals.length > 0 && !draft.refusals.includes(status))
    problems.push(`${draft.expectation} request (${draft.reasons.join('; ') || 'a body that is not JSON'}) answered ${status}, not ${draft.refusals.join(' or ')}`);
  if (draft.expectation === 'valid' && status === 400) problems.push('a request the document accepts answered 400');

  if (!(String(status) in op.responses)) {
    problems.push(`status ${status} is not documented (${Object.keys(op.responses).join(', ')})`);
    return problems;
  }
  const content = op.responses[String(status)];
  const type = answer.contentType.split(';')[0]!.trim().toLowerCase();
  if (!content) {
    if (answer.body !== '') problems.push(`a ${status} has a body where the document says none`);
    return problems;
  }
  const schema = content[type];
  if (!schema) {
    problems.push(`content type "${type}" is not documented for ${status} (${Object.keys(content).join(', ')})`);
    return problems;
  }
  if (status < 300 && 'text/csv' in content) {
    const wanted = draft.wantsXlsx ? XLSX : draft.wantsCsv ? 'text/csv' : 'application/json';
    if (type !== wanted) problems.push(`answered ${type} where ${wanted} was asked for`);
  }
  if (type === 'text/csv') {
    if (!answer.body.startsWith('\uFEFF')) problems.push('CSV without its byte-order mark');
    else if (!/^\uFEFF[^\r\n]+\r?\n/.test(answer.body)) problems.push('CSV without a header row');
    return problems;
  }
  if (type === XLSX) {
    // A workbook is a zip archive: its first bytes are the local file header "PK\x03\x04".
    if (!answer.body.startsWith('PK\x03\x04')) problems.push('an xlsx answer that is not a zip archive');
    return problems;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    problems.push(`a ${type} body that is not JSON: ${answer.body.slice(0, 80)}`);
    return problems;
  }
  for (const p of schemas.check(schema, parsed).slice(0, 5)) problems.push(`body ${p}`);
  if (type === 'application/problem+json' && (parsed as { status?: unknown }).status !== status)
    problems.push(`problem status ${(parsed as { status?: unknown }).status} differs from the HTTP status ${status}`);
  return problems;
}
