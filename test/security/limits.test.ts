import { fileTest } from '../helpers/file-test.js';
import { createTestDatabase } from '../helpers/database.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

// One database for the file; apps with different limits on top of it.
const database = await createTestDatabase();
t.teardown(() => database.destroy());
const appOn = async (config: Record<string, unknown>) => {
  const h = await createTestApp({ config, database: { ...database, destroy: async () => {} } });
  return h;
};

t.test('rate limit per key: 429 problem+json with Retry-After; other keys unaffected', async (t) => {
  const h = await appOn({ rateLimitPerMinute: 5 });
  t.teardown(() => h.close());
  const other = await h.makeKey({ scopes: ['read'] });
  for (let i = 0; i < 5; i++) {
    const r = await h.call('GET', '/v1/counties');
    t.equal(r.status, 200);
    t.equal(r.headers['x-ratelimit-remaining'], String(4 - i));
  }
  const limited = await h.call('GET', '/v1/counties');
  assertProblem(t, limited, 429);
  t.match(String(limited.headers['retry-after']), /^\d+$/, 'Retry-After in seconds');
  t.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60);
  t.equal(limited.body.type, '/problems/rate-limited');
  t.equal((await h.as(other.token)('GET', '/v1/counties')).status, 200, 'the limit is per key');
  t.equal((await h.as(null)('GET', '/health')).status, 200, 'open endpoints are not limited');
  // Callers without a valid key are counted by address, so guessing tokens is limited too.
  const guesses = [];
  for (let i = 0; i < 7; i++) guesses.push((await h.as(`edu_guess${i}`)('GET', '/v1/counties')).status);
  t.same(guesses.slice(0, 5), [401, 401, 401, 401, 401]);
  t.equal(guesses[6], 429, 'bad tokens from one address run into the limit');
});

t.test('body size: 413 problem+json above BODY_LIMIT_BYTES, nothing written', async (t) => {
  const h = await appOn({ bodyLimit: 2048 });
  t.teardown(() => h.close());
  const r = await h.call('POST', '/v1/bulk', { counties: Array.from({ length: 100 }, (_, i) => ({ countyCode: String(441400 + i), name: '县'.repeat(10) })) });
  assertProblem(t, r, 413);
  t.equal(r.body.type, '/problems/body-too-large');
  t.equal((await h.call('GET', '/v1/counties')).body.total, 0);
  const anon = await h.as(null)('POST', '/v1/bulk', 'x'.repeat(4096));
  t.equal(anon.status, 401, 'without a token the body is not even read');
});

t.test('CORS is off unless CORS_ORIGINS is set', async (t) => {
  const off = await appOn({});
  const preflight = { origin: 'https://evil.example', 'access-control-request-method': 'GET' };
  let r = await off.as(null)('OPTIONS', '/v1/counties', undefined, preflight);
  t.notOk(r.headers['access-control-allow-origin'], 'no CORS header without configuration');
  r = await off.call('GET', '/v1/counties', undefined, { origin: 'https://evil.example' });
  t.notOk(r.headers['access-control-allow-origin']);
  await off.close();

  const on = await appOn({ corsOrigins: ['https://county.example'] });
  t.teardown(() => on.close());
  r = await on.as(null)('OPTIONS', '/v1/counties', undefined, { origin: 'https://county.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
  t.equal(r.status, 204);
  t.equal(r.headers['access-control-allow-origin'], 'https://county.example');
  t.match(String(r.headers['access-control-allow-headers']), /authorization/);
  // conditional requests and reading one's own write work from a browser too
  for (const h of ['if-none-match', 'if-match', 'min-data-version', 'idempotency-key']) t.match(String(r.headers['access-control-allow-headers']), h, `${h} may be sent`);
  r = await on.call('GET', '/v1/counties', undefined, { origin: 'https://county.example' });
  t.equal(r.headers['access-control-allow-origin'], 'https://county.example');
  for (const h of ['etag', 'data-version', 'idempotent-replayed']) t.match(String(r.headers['access-control-expose-headers']), h, `${h} may be read`);
  t.notOk(r.headers['access-control-allow-credentials'], 'no credentials mode: tokens, not cookies');
  r = await on.call('GET', '/v1/counties', undefined, { origin: 'https://evil.example' });
  t.not(r.headers['access-control-allow-origin'], 'https://evil.example', 'other origins are not allowed');
});

t.test('security headers on every answer; API answers are kept nowhere, or by the client to revalidate', async (t) => {
  // Served over TLS (PUBLIC_URL https), so HSTS is among them; test/openapi/security-headers.test.ts covers plain HTTP.
  const h = await appOn({ publicUrl: 'https://edu.example.org/' });
  t.teardown(() => h.close());
  for (const [url, token] of [['/v1/counties', true], ['/v1/counties/441499', true], ['/v1/counties', false], ['/health', false]] as const) {
    const r = token ? await h.call('GET', url) : await h.as(null)('GET', url);
    t.equal(r.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`);
    t.ok(r.headers['content-security-policy'], `${url}: CSP`);
    t.ok(r.headers['strict-transport-security'], `${url}: HSTS`);
    t.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    // a GET answer with an ETag may be kept by the client to revalidate it (src/plugins/conditional.ts); nothing else
    if (url.startsWith('/v1')) t.equal(r.headers['cache-control'], r.status === 200 ? 'private, no-cache' : 'no-store', `${url}: ${r.status}`);
  }
});
