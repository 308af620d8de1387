import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { TOWNS } from '../../src/demo/plan.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { school } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

t.test('POST /v1/api-keys: the token once, a hash in the database', async (t) => {
  const r = await h.call('POST', '/v1/api-keys', { name: 'county-sync', scopes: ['read', 'write'], counties: ['441427'], expiresAt: '2099-01-01T00:00:00Z' });
  t.equal(r.status, 201);
  t.match(r.body, { name: 'county-sync', scopes: ['read', 'write'], counties: ['441427'], expiresAt: '2099-01-01T00:00:00.000Z', status: 'active', lastUsedAt: null });
  t.match(r.body.token, /^edu_[A-Za-z0-9_-]{43}$/);
  const { rows } = await h.database.db.execute<{ token_hash: string }>(sql`SELECT token_hash FROM api_keys WHERE id = ${r.body.id}`);
  t.equal(rows[0]?.token_hash, createHash('sha256').update(r.body.token).digest('hex'), 'stored as its sha256');
  const dump = JSON.stringify((await h.database.db.execute(sql`SELECT * FROM api_keys`)).rows);
  t.notOk(dump.includes(r.body.token), 'the token itself is nowhere in the table');
  const list = await h.call('GET', '/v1/api-keys');
  t.ok(list.body.items.some((k: any) => k.id === r.body.id));
  t.notOk(list.text.includes(r.body.token) || list.text.includes('tokenHash') || list.text.includes('token'), 'lists show neither tokens nor hashes');
  const one = await h.call('GET', `/v1/api-keys/${r.body.id}`);
  t.notOk('token' in one.body);
  const audit = await h.call('GET', `/v1/audit-events?entity=api-key&entityKey=${r.body.id}`);
  t.equal(audit.body.total, 1, 'making a key is audited');
  t.notOk(audit.text.includes(rows[0]!.token_hash), 'without the hash');
  t.notOk(audit.text.includes(r.body.token));

  // The new key works, within its scopes and county; it records its last use.
  const key = h.as(r.body.token);
  t.equal((await key('PUT', '/v1/counties/441427', { name: '蕉岭县' })).status, 201);
  t.equal((await key('GET', '/v1/api-keys')).status, 403);
  const used = await h.call('GET', `/v1/api-keys/${r.body.id}`);
  t.ok(used.body.lastUsedAt, 'lastUsedAt is set');
  const events = await h.call('GET', `/v1/audit-events?keyId=${r.body.id}&limit=100`);
  // The county and the towns it came with from the division data (docs/divisions.md).
  t.same(
    events.body.items.map((e: any) => [e.entity, e.entityKey, e.action]),
    [['county', '441427', 'create'], ...TOWNS.map((x) => ['town', x.townCode, 'create'])],
    'its writes carry its key id',
  );
});

t.test('key input is checked: scopes, counties, expiry, unknown fields', async (t) => {
  for (const [body, pointer] of [
    [{ name: 'x', scopes: ['root'], counties: ['*'] }, '/scopes/0'],
    [{ name: 'x', scopes: [], counties: ['*'] }, '/scopes'],
    [{ name: 'x', scopes: ['read', 'read'], counties: ['*'] }, '/scopes'],
    [{ name: 'x', scopes: ['read'], counties: [] }, '/counties'],
    [{ name: 'x', scopes: ['read'], counties: ['4414'] }, '/counties/0'],
    [{ name: ' ', scopes: ['read'], counties: ['*'] }, '/name'],
    [{ name: 'x', scopes: ['read'], counties: ['*'], token: 'mine' }, '/token'],
    [{ name: 'x', scopes: ['read'], counties: ['*'], expiresAt: 'tomorrow' }, '/expiresAt'],
  ] as const) {
    const r = await h.call('POST', '/v1/api-keys', body);
    assertProblem(t, r, 400);
    t.ok(r.body.errors.some((e: any) => e.pointer === pointer), `${JSON.stringify(body)}: ${pointer}`);
  }
  let r = await h.call('POST', '/v1/api-keys', { name: 'x', scopes: ['read'], counties: ['*', '441427'] });
  assertProblem(t, r, 422);
  r = await h.call('POST', '/v1/api-keys', { name: 'x', scopes: ['read'], counties: ['*'], expiresAt: '2001-01-01T00:00:00Z' });
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/expiresAt', message: /future/ }]);
});

t.test('revoking and expiry: 401 from the next request on', async (t) => {
  const made = await h.call('POST', '/v1/api-keys', { name: 'short-lived', scopes: ['read'], counties: ['*'] });
  const key = h.as(made.body.token);
  t.equal((await key('GET', '/v1/counties')).status, 200);
  t.equal((await h.call('DELETE', `/v1/api-keys/${made.body.id}`)).status, 204);
  const r = await key('GET', '/v1/counties');
  assertProblem(t, r, 401);
  t.match(r.body.detail, /revoked/);
  t.equal((await h.call('DELETE', `/v1/api-keys/${made.body.id}`)).status, 204, 'revoking again changes nothing');
  assertProblem(t, await h.call('DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000'), 404);
  assertProblem(t, await h.call('DELETE', '/v1/api-keys/not-a-uuid'), 400);
  t.notOk((await h.call('GET', '/v1/api-keys')).body.items.some((k: any) => k.id === made.body.id), 'revoked keys are left out of the list');
  const all = await h.call('GET', '/v1/api-keys?includeRevoked=true');
  t.equal(all.body.items.find((k: any) => k.id === made.body.id)?.status, 'revoked');

  const soon = await h.makeKey({ scopes: ['read'], expiresAt: new Date(Date.now() + 1500) });
  t.equal((await h.as(soon.token)('GET', '/v1/counties')).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1600));
  const late = await h.as(soon.token)('GET', '/v1/counties');
  assertProblem(t, late, 401);
  t.match(late.body.detail, /expired/);
});

t.test('the audit trail: every write, filtered by entity, key, county and time; append-only', async (t) => {
  const start = new Date().toISOString();
  // A rename: the town itself came with its county, unchanged it would write nothing.
  await h.call('PUT', '/v1/towns/441427100', { name: '蕉城镇（新）', countyCode: '441427' });
  const put = await h.call('PUT', '/v1/schools/2144270001', school(), { 'x-request-id': 'audit-test-1' });
  t.equal(put.status, 201);
  await h.call('PUT', '/v1/schools/2144270001', school({ name: '改名小学' }));
  await h.call('DELETE', '/v1/schools/2144270001');
  const events = (await h.call('GET', `/v1/audit-events?entity=school&entityKey=2144270001&from=${encodeURIComponent(start)}`)).body.items;
  t.same(events.map((e: any) => e.action), ['create', 'update', 'delete']);
  t.match(events[0], { requestId: 'audit-test-1', countyCode: '441427', before: null, after: { name: '蕉岭县测试小学' } });
  t.match(events[1], { before: { name: '蕉岭县测试小学' }, after: { name: '改名小学' } });
  t.match(events[2], { before: { name: '改名小学' }, after: null });
  t.ok(events.every((e: any) => typeof e.keyId === 'string' && e.at >= start));
  const byCounty = await h.call('GET', `/v1/audit-events?countyCode=441427&from=${encodeURIComponent(start)}`);
  t.equal(byCounty.body.total, 4, 'the town and the three school events');
  const byRequest = await h.call('GET', '/v1/audit-events?requestId=audit-test-1');
  t.equal(byRequest.body.total, 1);
  const future = await h.call('GET', `/v1/audit-events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
  t.equal(future.body.total, 0);
  const upTo = await h.call('GET', `/v1/audit-events?to=${encodeURIComponent(start)}&entity=school`);
  t.equal(upTo.body.total, 0, '`to` is exclusive');
  const csv = await h.call('GET', '/v1/audit-events?format=csv&entity=school');
  t.match(String(csv.headers['content-type']), /^text\/csv/);

  // Nothing in the service changes or removes an event, and the database refuses it too.
  for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
    const r = await h.call(method, '/v1/audit-events', {});
    t.ok([404, 405].includes(r.status), `${method} /v1/audit-events: ${r.status}`);
  }
  t.equal((await h.call('DELETE', `/v1/audit-events/${events[0].id}`)).status, 404);
  await t.rejects(h.database.db.execute(sql`UPDATE audit_events SET entity = 'x'`), 'UPDATE is refused');
  await t.rejects(h.database.db.execute(sql`DELETE FROM audit_events`), 'DELETE is refused');
  await t.rejects(h.database.db.execute(sql`TRUNCATE audit_events`), 'TRUNCATE is refused');
  t.equal((await h.call('GET', `/v1/audit-events?entity=school&entityKey=2144270001&from=${encodeURIComponent(start)}`)).body.total, 3);
});
