import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { countActiveKeyManagers } from '../../src/services/api-keys.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

// Some key must always be able to manage keys: the last active admin key for every county is not revoked.
const h = await createTestApp();
t.teardown(() => h.close());

const status = async (id: string) => (await h.call('GET', `/v1/api-keys/${id}`)).body.status as string;
const auditCount = async (id: string) => (await h.call('GET', `/v1/audit-events?entity=api-key&entityKey=${id}`)).body.total as number;
const testAdminId = async () => (await h.call('GET', '/v1/api-keys')).body.items.find((k: { name: string }) => k.name === 'test-admin').id as string;

t.test('the only admin key for every county: 409, still active, nothing recorded', async (t) => {
  const self = await testAdminId();
  t.equal(await countActiveKeyManagers(h.database.db), 1);
  const events = await auditCount(self);
  const r = await h.call('DELETE', `/v1/api-keys/${self}`);
  assertProblem(t, r, 409);
  t.equal(r.body.type.endsWith('/problems/conflict'), true, 'a conflict problem');
  t.match(r.body.detail, /last active admin key for every county/);
  t.match(r.body.detail, /Make another admin key for every county first/);
  t.equal(await status(self), 'active', 'the key still works');
  t.equal(await auditCount(self), events, 'no audit event for a refused revocation');
  t.equal((await h.call('GET', '/v1/counties')).status, 200);
});

t.test('keys that cannot manage keys do not count: county-bound admins, other scopes, expired and revoked admins', async (t) => {
  const self = await testAdminId();
  await h.makeKey({ name: 'bound-admin', scopes: ['admin'], counties: ['441427'] });
  await h.makeKey({ name: 'everything-but-admin', scopes: ['read', 'write', 'funding:run', 'audit'], counties: ['*'] });
  const expired = await h.makeKey({ name: 'expired-admin', scopes: ['admin'], counties: ['*'], expiresAt: new Date(Date.now() + 60_000) });
  await h.database.db.execute(sql`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = ${expired.id}`);
  const revoked = await h.makeKey({ name: 'revoked-admin', scopes: ['admin'], counties: ['*'] });
  t.equal((await h.call('DELETE', `/v1/api-keys/${revoked.id}`)).status, 204, 'revoking one of two admin keys is fine');
  t.equal(await countActiveKeyManagers(h.database.db), 1);
  assertProblem(t, await h.call('DELETE', `/v1/api-keys/${self}`), 409);
  t.equal((await h.call('DELETE', `/v1/api-keys/${expired.id}`)).status, 204, 'an expired admin key may be revoked');
  t.equal((await h.call('DELETE', `/v1/api-keys/${revoked.id}`)).status, 204, 'revoking a revoked key still changes nothing');
  t.equal(await status(self), 'active');
});

t.test('with a second admin key either may go, but not both; a key may revoke itself', async (t) => {
  const self = await testAdminId();
  const second = await h.makeKey({ name: 'second-admin', scopes: ['admin'], counties: ['*'] });
  t.equal((await h.call('DELETE', `/v1/api-keys/${self}`)).status, 204, 'the caller revokes its own key');
  assertProblem(t, await h.call('GET', '/v1/api-keys'), 401);
  const asSecond = h.as(second.token);
  t.equal((await asSecond('GET', `/v1/api-keys/${second.id}`)).body.status, 'active');
  assertProblem(t, await asSecond('DELETE', `/v1/api-keys/${second.id}`), 409);
  t.equal((await asSecond('GET', '/v1/api-keys')).status, 200, 'the last admin key still manages keys');
});

t.test('concurrent revocations of the last two admin keys: exactly one succeeds, every time', async (t) => {
  // The previous test left exactly one admin key for every county; each round adds one and races both away.
  for (let round = 0; round < 12; round++) {
    const { rows } = await h.database.db.execute<{ id: string }>(
      sql`SELECT id FROM api_keys WHERE revoked_at IS NULL AND 'admin' = ANY(scopes) AND counties = ARRAY['*']::text[]
            AND (expires_at IS NULL OR expires_at > now())`,
    );
    t.equal(rows.length, 1, `round ${round}: one admin key left`);
    const old = rows[0]!.id;
    const fresh = await h.makeKey({ name: `admin-${round}`, scopes: ['admin'], counties: ['*'] });
    const as = h.as(fresh.token);
    const [a, b] = await Promise.all([as('DELETE', `/v1/api-keys/${old}`), as('DELETE', `/v1/api-keys/${fresh.id}`)]);
    t.same([a.status, b.status].sort(), [204, 409], `round ${round}: one revoked, one refused`);
    t.equal(await countActiveKeyManagers(h.database.db), 1, `round ${round}: one admin key for every county remains`);
  }
});
