import { fileTest } from '../helpers/file-test.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

/** The Content-Security-Policy header as directive → sources. */
function csp(header: unknown): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [directive, ...sources] = part.trim().split(/\s+/);
    if (directive) directives.set(directive.toLowerCase(), sources);
  }
  return directives;
}

/** Does the policy let a page at `page` load `url` by this directive? Only the source forms the service uses are handled. */
function allows(policy: Map<string, string[]>, kind: 'script-src' | 'style-src' | 'connect-src', page: URL, url: URL): boolean {
  const sources = policy.get(kind) ?? policy.get('default-src') ?? [];
  if (sources.includes("'self'") && url.origin === page.origin) return true;
  return sources.some((s) => s === `${url.protocol}` || s === url.origin);
}

// Every app differs only in its configuration: they share one database (opening one costs seconds of CPU).
const database = await createTestDatabase();
const shared = { ...database, destroy: async () => {} };
const apps: TestApp[] = [];
t.teardown(async () => {
  for (const app of apps) await app.close();
  await database.destroy();
});
const appWith = async (publicUrl?: string) => {
  const h = await createTestApp({ config: publicUrl ? { publicUrl } : {}, database: shared });
  apps.push(h);
  return h;
};

t.test('over plain HTTP (no PUBLIC_URL, or an http one): no HSTS, no upgrade-insecure-requests', async (t) => {
  for (const publicUrl of [undefined, 'http://192.0.2.2:3000/']) {
    const h = await appWith(publicUrl);
    for (const url of ['/health', '/docs', '/docs/static/swagger-ui-bundle.js', '/v1/counties']) {
      const r = await h.call('GET', url);
      t.notOk(r.headers['strict-transport-security'], `${publicUrl ?? 'unset'} ${url}: no HSTS`);
      const policy = csp(r.headers['content-security-policy']);
      t.ok(policy.size > 0, `${url}: a CSP is still sent`);
      t.notOk(policy.has('upgrade-insecure-requests'), `${publicUrl ?? 'unset'} ${url}: no upgrade-insecure-requests`);
      t.equal(r.headers['x-content-type-options'], 'nosniff');
    }
  }
});

t.test('served over TLS (an https PUBLIC_URL): HSTS and upgrade-insecure-requests', async (t) => {
  const h = await appWith('https://edu.example.org/');
  for (const url of ['/health', '/docs', '/v1/counties']) {
    const r = await h.call('GET', url);
    t.equal(r.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', `${url}: HSTS`);
    t.ok(csp(r.headers['content-security-policy']).has('upgrade-insecure-requests'), `${url}: upgrade-insecure-requests`);
  }
});

t.test('the /docs page loads its own scripts and styles under its CSP, from a non-loopback host over HTTP', async (t) => {
  const h = await appWith();
  const page = new URL('http://192.0.2.2:3000/docs');
  const r = await h.as(null)('GET', '/docs', undefined, { host: page.host });
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /^text\/html/);
  const policy = csp(r.headers['content-security-policy']);
  const scripts = [...r.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  const styles = [...r.text.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/gi)].map((m) => m[1]!);
  t.ok(scripts.length >= 1, 'the page has scripts');
  t.ok(styles.length >= 1, 'the page has style sheets');
  for (const [, attributes, inline] of scripts) {
    const src = /\bsrc="([^"]+)"/.exec(attributes ?? '')?.[1];
    t.ok(src, 'no inline script (the CSP allows none)');
    t.equal(inline?.trim(), '', 'script elements carry no inline code');
    const url = new URL(src!, page);
    t.ok(allows(policy, 'script-src', page, url), `script ${url.pathname} is allowed`);
    const served = await h.as(null)('GET', url.pathname);
    t.equal(served.status, 200, `${url.pathname} is served`);
    t.match(String(served.headers['content-type']), /javascript/);
  }
  for (const href of styles) {
    const url = new URL(href, page);
    t.ok(allows(policy, 'style-src', page, url), `style ${url.pathname} is allowed`);
    const served = await h.as(null)('GET', url.pathname);
    t.equal(served.status, 200, `${url.pathname} is served`);
    t.match(String(served.headers['content-type']), /text\/css/);
  }
  // The UI then fetches the document itself from the same origin.
  t.ok(allows(policy, 'connect-src', page, new URL('/docs/json', page)), 'the document may be fetched');
  const json = await h.as(null)('GET', '/docs/json');
  t.equal(json.status, 200);
  t.equal(json.body.openapi, '3.1.0');
});

t.test('PUBLIC_URL is read from the environment and checked', async (t) => {
  t.equal(loadConfig({}).publicUrl, undefined, 'unset by default');
  t.equal(loadConfig({ PUBLIC_URL: '' }).publicUrl, undefined, 'empty is unset');
  t.equal(loadConfig({ PUBLIC_URL: 'https://edu.example.org' }).publicUrl, 'https://edu.example.org/');
  t.equal(loadConfig({ PUBLIC_URL: 'http://192.0.2.2:3000/api/' }).publicUrl, 'http://192.0.2.2:3000/api/');
  const refusal = (value: string) => {
    try {
      loadConfig({ PUBLIC_URL: value });
    } catch (error) {
      return error;
    }
    return undefined;
  };
  for (const [value, why] of [['edu.example.org', 'not an absolute URL'], ['ftp://edu.example.org', 'not http or https']] as const) {
    const error = refusal(value);
    t.ok(error instanceof ConfigError, `${value}: ${why}`);
    t.match((error as Error).message, /^PUBLIC_URL: /, 'the message names the variable');
  }
});

t.test('over TLS the session cookie is Secure; the pages keep the same CSP without inline scripts', async (t) => {
  const h = await appWith('https://edu.example.org/');
  const res = await h.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token: h.adminToken }).toString(),
  });
  t.equal(res.statusCode, 303);
  t.equal(res.cookies.find((c) => c.name === 'edu_session')?.secure, true);
  const landing = await h.app.inject({ method: 'GET', url: '/' });
  const policy = csp(landing.headers['content-security-policy']);
  t.notOk((policy.get('script-src') ?? []).includes("'unsafe-inline'"), 'no inline scripts allowed');
  t.same(policy.get('form-action'), ["'self'"], 'forms post only to the service');
});

t.test('SESSION_SECRET and SESSION_MINUTES are read from the environment and checked', async (t) => {
  t.equal(loadConfig({}).sessionSecret, undefined, 'unset: a random secret per process');
  t.equal(loadConfig({}).sessionMinutes, 480);
  const secret = 'a'.repeat(32);
  t.equal(loadConfig({ SESSION_SECRET: secret }).sessionSecret, secret);
  const thrown = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return error;
    }
    return undefined;
  };
  t.ok(thrown({ SESSION_SECRET: 'short' }) instanceof ConfigError, 'too short to be a secret');
  t.ok(thrown({ SESSION_SECRET: `${'a'.repeat(31)} b` }) instanceof ConfigError, 'no spaces');
  t.equal(loadConfig({ SESSION_MINUTES: '60' }).sessionMinutes, 60);
  t.ok(thrown({ SESSION_MINUTES: '1' }) instanceof ConfigError, 'at least 5 minutes');
});
