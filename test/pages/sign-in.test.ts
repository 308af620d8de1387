// Sign-in for people: the session cookie's flags, what it admits and what it never admits (the API),
// sign-out, revoked keys, county binding on the landing page, form posts from other sites, and escaping.
import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const { app } = h;

/** Signs in with a token through the form and answers the reply (its cookie, when one was set). */
async function signIn(token: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ token, ...extra }).toString(),
  });
  const set = res.cookies.find((c) => c.name === 'edu_session');
  return { res, set, cookie: set ? `edu_session=${set.value}` : undefined };
}

const page = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

await h.call('PUT', '/v1/counties/441427', { name: '蕉岭县' });
await h.call('PUT', '/v1/counties/449901', { name: '<script>alert(1)</script>县' });

t.test('the sign-in page is a form posting the token, never putting it in a URL', async (t) => {
  const res = await page('/sign-in?next=/reports/counties/441427/trends');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, /<form class="sign-in" method="post" action="\/sign-in">/);
  t.match(res.body, /name="token" type="password"/);
  t.match(res.body, /name="next" value="\/reports\/counties\/441427\/trends"/);
  t.match(res.headers['content-security-policy'], /script-src 'self'/);
  t.notMatch(res.headers['content-security-policy'], /script-src[^;]*unsafe-inline/);
});

t.test('a valid token sets an HttpOnly, SameSite=Strict, signed, expiring cookie and goes where it was asked', async (t) => {
  const { res, set } = await signIn(h.adminToken, { next: '/reports/counties/441427/trends' });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/reports/counties/441427/trends');
  t.ok(set, 'a session cookie');
  t.equal(set?.httpOnly, true);
  t.equal(set?.sameSite, 'Strict');
  t.equal(set?.path, '/');
  t.ok(set?.expires instanceof Date && set.expires.getTime() > Date.now(), 'it expires');
  t.ok((set?.expires?.getTime() ?? 0) <= Date.now() + 480 * 60_000 + 5000, 'after the session time at most');
  t.notOk(set?.value.includes(h.adminToken), 'the cookie does not hold the token');
  t.match(set?.value ?? '', /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_+/=-]+$/, 'token.signature');
  t.notOk(set?.secure, 'not Secure over plain http (no https PUBLIC_URL)');
});

t.test('only paths of the service are followed after signing in', async (t) => {
  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/v1/api-keys']) {
    const { res } = await signIn(h.adminToken, { next });
    t.equal(res.headers.location, '/', `${next} → /`);
  }
});

t.test('bad tokens: a page with the reason, 4xx, no cookie', async (t) => {
  const empty = await signIn('  ');
  t.equal(empty.res.statusCode, 400);
  t.notOk(empty.set);
  const wrong = await signIn('edu_not-a-real-token');
  t.equal(wrong.res.statusCode, 401);
  t.match(wrong.res.body, /密钥无效/);
  t.notOk(wrong.set);
  const huge = await signIn('x'.repeat(540));
  t.equal(huge.res.statusCode, 401);
  const noRead = await h.makeKey({ scopes: ['audit'] });
  const refused = await signIn(noRead.token);
  t.equal(refused.res.statusCode, 403);
  t.match(refused.res.body, /read 权限/);
  const missing = await app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'next=/' });
  t.equal(missing.statusCode, 400);
  t.match(missing.headers['content-type'], /text\/html/, 'an error page, not JSON');
});

t.test('a form posted from another site is refused', async (t) => {
  const foreign = await signIn(h.adminToken, {}, { origin: 'https://evil.example' });
  t.equal(foreign.res.statusCode, 403);
  t.notOk(foreign.set);
  const crossSite = await signIn(h.adminToken, {}, { 'sec-fetch-site': 'cross-site' });
  t.equal(crossSite.res.statusCode, 403);
  const own = await signIn(h.adminToken, {}, { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' });
  t.equal(own.res.statusCode, 303, 'the same origin, whatever the host name');
  const byOrigin = await signIn(h.adminToken, {}, { origin: 'http://localhost:80', host: 'localhost:80' });
  t.equal(byOrigin.res.statusCode, 303, 'Origin alone, a default port written out');
  const opaque = await signIn(h.adminToken, {}, { origin: 'null' });
  t.equal(opaque.res.statusCode, 403, 'an opaque origin (a sandboxed frame, a data: page)');
  const sameSite = await signIn(h.adminToken, {}, { 'sec-fetch-site': 'same-site', origin: 'http://other.localhost' });
  t.equal(sameSite.res.statusCode, 403, 'a sibling site is another site');
  const page = await app.inject({ method: 'GET', url: '/sign-in' });
  t.equal(page.headers['referrer-policy'], 'same-origin', 'so that the browser names the origin when the form posts');
});

t.test('the landing page: links for the signed-in, a sign-in link for others, every name escaped', async (t) => {
  const anonymous = await page('/');
  t.equal(anonymous.statusCode, 200);
  t.match(anonymous.body, /href="\/sign-in"/);
  t.match(anonymous.body, /href="\/docs"/);
  t.match(anonymous.body, /href="\/openapi.json"/);
  t.notMatch(anonymous.body, /449901/, 'no county is listed before signing in');
  const { cookie } = await signIn(h.adminToken);
  const signed = await page('/', cookie);
  t.match(signed.body, /蕉岭县/);
  t.match(signed.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;县/);
  t.notMatch(signed.body, /<script>alert/);
  t.match(signed.body, /href="\/reports\/counties\/441427\/tasks"/, 'the county with a plan links its tasks');
  t.equal(signed.headers['cache-control'], 'no-store');
  const bound = await h.makeKey({ scopes: ['read'], counties: ['441427'] });
  const boundPage = await page('/', (await signIn(bound.token)).cookie);
  t.match(boundPage.body, /蕉岭县/);
  t.notMatch(boundPage.body, /449901/, 'a county-bound key sees only its county');
});

t.test('the cookie never authorises the API', async (t) => {
  const { cookie } = await signIn(h.adminToken);
  const res = await app.inject({ method: 'GET', url: '/v1/counties', headers: { cookie: cookie ?? '' } });
  t.equal(res.statusCode, 401);
  const write = await app.inject({
    method: 'PUT',
    url: '/v1/counties/449902',
    headers: { cookie: cookie ?? '', 'content-type': 'application/json' },
    payload: JSON.stringify({ name: '新县' }),
  });
  t.equal(write.statusCode, 401);
});

t.test('a forged or altered cookie is no session', async (t) => {
  const { set } = await signIn(h.adminToken);
  const [value, signature] = (set?.value ?? '').split('.');
  const altered = `${value?.slice(0, -1)}${value?.endsWith('A') ? 'B' : 'A'}.${signature}`;
  const res = await page('/', `edu_session=${altered}`);
  t.match(res.body, /href="\/sign-in"/);
  t.notMatch(res.body, /已登录/);
  const unsigned = await page('/', `edu_session=${value}`);
  t.notMatch(unsigned.body, /已登录/, 'an unsigned token is not accepted');
});

t.test('signing out ends the session on the server, and revoking the key ends its sessions', async (t) => {
  const first = await signIn(h.adminToken);
  t.match((await page('/', first.cookie)).body, /已登录：test-admin/);
  const out = await app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: first.cookie ?? '' } });
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/sign-in');
  const cleared = out.cookies.find((c) => c.name === 'edu_session');
  t.ok(cleared && (cleared.value === '' || (cleared.expires?.getTime() ?? 0) <= Date.now()), 'the cookie is cleared');
  t.notMatch((await page('/', first.cookie)).body, /已登录/, 'the old cookie no longer works');

  const key = await h.makeKey({ name: 'to-revoke', scopes: ['read'] });
  const second = await signIn(key.token);
  t.match((await page('/', second.cookie)).body, /已登录：to-revoke/);
  t.equal((await h.call('DELETE', `/v1/api-keys/${key.id}`)).status, 204);
  t.notMatch((await page('/', second.cookie)).body, /已登录/, 'a revoked key has no sessions');
});

t.test('a report page without a session sends the person to sign in, keeping where they were going', async (t) => {
  const res = await page('/reports/counties/441427/trends');
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/sign-in?next=${encodeURIComponent('/reports/counties/441427/trends')}`);
});

t.test('the stylesheet is the service\'s own file', async (t) => {
  const res = await page('/assets/report.css');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/css/);
  t.match(res.body, /@media print/);
  const icon = await page('/assets/icon.svg');
  t.equal(icon.statusCode, 200, 'and so is the tab icon every page links to');
  t.match(icon.headers['content-type'], /image\/svg\+xml/);
  t.match((await page('/sign-in')).body, '<link rel="icon" href="/assets/icon.svg"');
});

t.test('signing in is rate-limited per address when rate limiting is on', async (t) => {
  const limited = await createTestApp({ config: { rateLimitPerMinute: 1000 }, database: { ...h.database, destroy: async () => {} } });
  t.teardown(() => limited.app.close());
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++) {
    const res = await limited.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=edu_wrong',
    });
    statuses.push(res.statusCode);
    if (i === 20) t.match(res.headers['content-type'], /text\/html/, 'the refusal is a page');
  }
  t.same(statuses.slice(0, 20), Array(20).fill(401), 'twenty attempts a minute');
  t.equal(statuses[20], 429, 'the twenty-first is refused');
});
