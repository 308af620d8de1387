import type { Test } from 'tap';
import type { Reply } from './app.js';

/** Asserts an RFC 9457 problem answer with the given status. */
export function assertProblem(t: Test, r: Reply, status: number): void {
  t.equal(r.status, status, `answers ${status}`);
  t.match(String(r.headers['content-type']), /^application\/problem\+json/, 'as problem+json');
  t.equal(r.body?.status, status, 'status member matches');
  t.type(r.body?.title, 'string', 'has a title');
  t.type(r.body?.requestId, 'string', 'has a request id');
}
