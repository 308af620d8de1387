import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { buildApp } from '../../src/app.js';
import { createApiKey, ensureBootstrapAdmin, hashToken, revokeApiKey } from '../../src/services/api-keys.js';
import { systemContext } from '../../src/services/context.js';
import { bearer, TEST_CONFIG } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// What start-up does about admin keys (ensureBootstrapAdmin, run by prepareDatabase on every start):
// BOOTSTRAP_ADMIN_TOKEN's key is re-activated, a lock-out is reported with the way out.
const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-bootstrap-recovery-'));
const database = await createTestDatabase();
t.teardown(async () => {
  await database.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});
const token = 'bootstrap-recovery-token-0123456789abcdef';

const start = async (bootstrapAdminToken?: string) => {
  const warnings: { obj: object; msg: string }[] = [];
  const logger = { info: () => {}, warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };
  await ensureBootstrapAdmin(database.db, { token: bootstrapAdminToken, dataDir }, logger);
  return { warnings };
};

const keyOf = async (name: string) => {
  const { rows } = await database.db.execute<{ id: string; revoked: boolean }>(
    sql`SELECT id, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE name = ${name}`,
  );
  return rows[0]!;
};

t.test('a revoked BOOTSTRAP_ADMIN_TOKEN key is re-activated at start-up, with a warning and an audit event', async (t) => {
  await start(token);
  const bootstrap = await keyOf('bootstrap-admin');
  // Another admin key revokes the bootstrap key (the last one could not be revoked).
  await createApiKey(database.db, { name: 'ops-admin', scopes: ['admin'], counties: ['*'] }, systemContext('test'));
  await revokeApiKey(database.db, bootstrap.id, systemContext('test'));
  t.equal((await keyOf('bootstrap-admin')).revoked, true);

  let { warnings } = await start(token);
  t.equal((await keyOf('bootstrap-admin')).revoked, false, 'active again');
  t.match(warnings, [{ obj: { keyId: bootstrap.id, was: { status: 'revoked' } }, msg: /re-activated it .*unset or change BOOTSTRAP_ADMIN_TOKEN/ }]);
  const { rows: events } = await database.db.execute<{ key_id: string | null; request_id: string; action: string; before: { revokedAt: string | null }; after: { revokedAt: string | null } }>(
    sql`SELECT key_id, request_id, action, before, after FROM audit_events WHERE entity = 'api-key' AND entity_key = ${bootstrap.id} ORDER BY id`,
  );
  t.match(events.at(-1), { key_id: null, request_id: 'bootstrap', action: 'update', after: { revokedAt: null } });
  t.type(events.at(-1)?.before.revokedAt, 'string', 'the event shows it was revoked');
  const app = await buildApp({ config: TEST_CONFIG, database });
  t.equal((await app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(token) })).statusCode, 200, 'the token works again');
  await app.close();

  const eventsBefore = events.length;
  ({ warnings } = await start(token));
  t.same(warnings, [], 'an active bootstrap key is left alone');
  const { rows } = await database.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_events WHERE entity = 'api-key' AND entity_key = ${bootstrap.id}`,
  );
  t.equal(rows[0]?.n, eventsBefore, 'and not recorded again');
});

t.test('without BOOTSTRAP_ADMIN_TOKEN a key revoked earlier stays revoked', async (t) => {
  await start(token);
  const bootstrap = await keyOf('bootstrap-admin');
  await revokeApiKey(database.db, bootstrap.id, systemContext('test'));
  const { warnings } = await start();
  t.equal((await keyOf('bootstrap-admin')).revoked, true);
  t.same(warnings, [], 'ops-admin can still manage keys: nothing to warn about');
});

t.test('no admin key for every county left (all expired or revoked): start-up says how to make one', async (t) => {
  await start();
  await database.db.execute(sql`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE name = 'ops-admin'`);
  await database.db.execute(sql`UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND name <> 'ops-admin'`);
  let { warnings } = await start();
  t.match(warnings, [{ msg: /no active admin key for every county.*npm run key:create -- --admin --name <name>/ }]);

  // BOOTSTRAP_ADMIN_TOKEN is a way back in too.
  ({ warnings } = await start(token));
  const { rows } = await database.db.execute<{ revoked: boolean }>(sql`SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE token_hash = ${hashToken(token)}`);
  t.same(rows, [{ revoked: false }]);
  t.equal(warnings.length, 1, 'the re-activation is the only warning');
});
