import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

t.test('every /v1 route declares the scope it needs (config.scope)', async (t) => {
  const missing = h.app.guardedRoutes.filter((r) => !r.scope).map((r) => `${r.method} ${r.url}`);
  t.same(missing, [], 'routes without a scope (they are treated as admin-only until they declare one)');
  t.ok(h.app.guardedRoutes.length > 0);
  for (const r of h.app.guardedRoutes) t.ok(r.url.startsWith('/v1/'), `${r.url} is under /v1`);
});

t.test('the open endpoints stay open', async (t) => {
  for (const url of ['/health', '/ready', '/openapi.json', '/metrics', '/docs/']) {
    const r = await h.as(null)('GET', url);
    t.ok(r.status < 400, `${url}: ${r.status} without a token`);
  }
  const unknown = await h.as(null)('GET', '/v1/nowhere');
  assertProblem(t, unknown, 404);
});

t.test('scope semantics: admin holds every scope; the others are separate', async (t) => {
  const read = await h.makeKey({ scopes: ['read'] });
  const write = await h.makeKey({ scopes: ['write'] });
  const both = await h.makeKey({ scopes: ['read', 'write'] });
  const audit = await h.makeKey({ scopes: ['audit'] });
  const run = await h.makeKey({ scopes: ['funding:run'] });
  const county = { name: '蕉岭县' };
  t.equal((await h.as(read.token)('GET', '/v1/counties')).status, 200, 'read reads');
  t.equal((await h.as(read.token)('PUT', '/v1/counties/441427', county)).status, 403, 'read does not write');
  t.equal((await h.as(write.token)('PUT', '/v1/counties/441427', county)).status, 201, 'write writes');
  t.equal((await h.as(write.token)('GET', '/v1/counties')).status, 403, 'write does not imply read');
  t.equal((await h.as(both.token)('GET', '/v1/counties/441427')).status, 200, 'a key may hold several scopes');
  t.equal((await h.as(audit.token)('GET', '/v1/audit-events')).status, 200, 'audit reads the trail');
  t.equal((await h.as(read.token)('GET', '/v1/audit-events')).status, 403, 'read does not read the trail');
  t.equal((await h.as(run.token)('GET', '/v1/counties')).status, 403, 'funding:run does not imply read');
  t.equal((await h.as(audit.token)('GET', '/v1/api-keys')).status, 403, 'only admin manages keys');
  t.equal((await h.call('GET', '/v1/audit-events')).status, 200, 'admin holds audit');
  t.equal((await h.call('GET', '/v1/counties')).status, 200, 'admin holds read');
});

t.test('the Authorization header: Bearer, case-insensitive scheme, one token', async (t) => {
  t.equal((await h.call('GET', '/v1/counties', undefined, { authorization: `bearer ${h.adminToken}` })).status, 200);
  t.equal((await h.call('GET', '/v1/counties', undefined, { authorization: `Bearer  ${h.adminToken}` })).status, 200);
  for (const bad of [h.adminToken, `Bearer`, `Bearer ${h.adminToken} extra`, `Bearer ${h.adminToken}x`, `Bearer ${'x'.repeat(600)}`, `Token ${h.adminToken}`]) {
    const r = await h.call('GET', '/v1/counties', undefined, { authorization: bad });
    assertProblem(t, r, 401);
  }
  const query = await h.as(null)('GET', `/v1/counties?access_token=${h.adminToken}`);
  t.equal(query.status, 401, 'tokens are not taken from the query string');
});
