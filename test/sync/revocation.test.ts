import { fileTest } from '../helpers/file-test.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connection.js';
import { KEY_CACHE_MS } from '../../src/services/api-keys.js';
import { bearer, createTestApp, TEST_CONFIG } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// A key revoked through one instance is refused by every other within KEY_CACHE_MS (docs/deployment.md,
// "Revoking a key"). Instance B runs on a clock the test moves, so the window is crossed without waiting.
const SKIP = process.env.DATABASE_URL
  ? false
  : 'PostgreSQL only (DATABASE_URL unset): PGlite is one process, and apps on one PGlite database share its key cache, so there is no other instance to lag behind';

t.test('the documented window is small', async (t) => {
  t.ok(KEY_CACHE_MS > 0 && KEY_CACHE_MS <= 10_000, `KEY_CACHE_MS = ${KEY_CACHE_MS} ms, at most 10 s`);
});

t.test('an instance that did not revoke a key refuses it once the window has passed', { skip: SKIP }, async (t) => {
  const database = await createTestDatabase();
  const a = await createTestApp({ database });
  const poolB = await openDatabase({ databaseUrl: database.url, poolSize: 3 });
  let clockB = Date.now();
  const b = await buildApp({ config: TEST_CONFIG, database: poolB, clock: () => clockB });
  t.teardown(async () => {
    await b.close();
    await poolB.close();
    await a.close();
  });
  const key = await a.makeKey({ scopes: ['read'] });
  const onB = async () => {
    const r = await b.inject({ method: 'GET', url: '/v1/counties', headers: bearer(key.token) });
    return { status: r.statusCode, detail: r.statusCode === 200 ? undefined : (r.json().detail as string) };
  };

  t.equal((await onB()).status, 200, 'B reads the key (and keeps it for the window)');
  const revoked = await a.call('DELETE', `/v1/api-keys/${key.id}`);
  t.equal(revoked.status, 204, 'revoked through A');
  t.equal((await a.as(key.token)('GET', '/v1/counties')).status, 401, 'A refuses it at once');

  t.equal((await onB()).status, 200, 'B, within the window, still has the key it read before');
  clockB += KEY_CACHE_MS - 1;
  t.equal((await onB()).status, 200, 'still within the window 1 ms before its end');
  clockB += 1;
  const after = await onB();
  t.equal(after.status, 401, 'B refuses the key once the window has passed');
  t.match(after.detail, /revoked/);

  // A key B has never seen is read at once: a new key works on every instance from its first request.
  const fresh = await a.makeKey({ scopes: ['read'] });
  t.equal((await b.inject({ method: 'GET', url: '/v1/counties', headers: bearer(fresh.token) })).statusCode, 200);
});
