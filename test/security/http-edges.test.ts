import net from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { fileTest } from '../helpers/file-test.js';
import { buildApp } from '../../src/app.js';
import { DATE_TIME_RULE } from '../../src/plugins/date-time.js';
import { MAX_ECHOED_URL } from '../../src/plugins/problem.js';
import { PLAIN_INTEGER_RULE } from '../../src/plugins/validation.js';
import { bearer, createTestApp, TEST_CONFIG, type Reply } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { county, school, schoolYear, town } from '../helpers/fixtures.js';
import { fillPath, fingerprint, requiredQuery, routesOf } from '../helpers/security.js';

const t = fileTest(import.meta);

// What reaches clients at the edges of HTTP: odd dates, bad URL encodings, huge requests, other methods,
// repeated JSON names, empty bodies, loosely written integers and tokens in query strings.
const h = await createTestApp();
t.teardown(() => h.close());

// A second app on the same database whose pino log is captured, for what the log holds.
let log = '';
const logStream = new Writable({
  write(chunk, _encoding, done) {
    log += String(chunk);
    done();
  },
});
const logged = await buildApp({ config: TEST_CONFIG, database: h.database, logger: pino({ level: 'info' }, logStream) });
await logged.ready();
t.teardown(() => logged.close());

const SAMPLE: Record<string, string> = {
  countyCode: '441427',
  year: '2024',
  schoolCode: '2144000001',
  staffCode: 'T001',
  townCode: '441427100',
  policyId: 'jiaoling-2023',
  id: '00000000-0000-4000-8000-000000000000',
  runId: '00000000-0000-4000-8000-000000000000',
};

/** Sends a raw body with `content-type: application/json` as the admin. */
const sendRaw = async (method: 'POST' | 'PUT', url: string, payload: string): Promise<Reply> => {
  const res = await h.app.inject({ method, url, payload, headers: { ...bearer(h.adminToken), 'content-type': 'application/json' } });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body, text: res.body };
};

await h.call('PUT', '/v1/counties/441427', county);
await h.call('PUT', '/v1/towns/441427100', town);
await h.call('PUT', '/v1/schools/2144000001', school());
await h.call('PUT', '/v1/schools/2144000001/years/2024', schoolYear());
await h.call('PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 }]);

t.test('audit events: from/to that Date or PostgreSQL cannot hold are a 400 naming the field', async (t) => {
  const unrepresentable = [
    '0000-01-01T00:00:00Z',
    '2023-12-31T23:59:60Z',
    '2024-01-01T08:59:60+09:00',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:00:00-01:00',
    '2023-02-29T00:00:00Z',
    '2024-01-01T24:00:00Z',
  ];
  for (const field of ['from', 'to']) {
    for (const text of unrepresentable) {
      const r = await h.call('GET', `/v1/audit-events?${field}=${encodeURIComponent(text)}`);
      assertProblem(t, r, 400);
      t.same(r.body.errors, [{ in: 'query', pointer: `/${field}`, message: DATE_TIME_RULE }], `${field}=${text}`);
    }
  }
  const both = await h.call('GET', '/v1/audit-events?from=0000-01-01T00:00:00Z&to=2023-12-31T23:59:60Z');
  assertProblem(t, both, 400);
  t.same(both.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/from', '/to'], 'both at once');

  // The extremes that are representable reach the database and work.
  const all = (await h.call('GET', '/v1/audit-events?limit=1')).body.total;
  t.ok(all > 0, 'there are events');
  const wide = await h.call('GET', `/v1/audit-events?limit=1&from=0001-01-01T00:00:00Z&to=${encodeURIComponent('9999-12-31T23:59:59.999Z')}`);
  t.equal(wide.status, 200, wide.text);
  t.equal(wide.body.total, all, 'everything is between years 1 and 9999');
  const early = await h.call('GET', `/v1/audit-events?to=${encodeURIComponent('0001-01-01T00:59:59-01:00')}`);
  t.equal(early.status, 200, early.text);
  t.equal(early.body.total, 0);

  // The same instant in another offset selects the same events: `from` inclusive, `to` exclusive.
  const last = (await h.call('GET', `/v1/audit-events?offset=${all - 1}`)).body.items[0];
  const local = new Date(Date.parse(last.at) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
  const from = await h.call('GET', `/v1/audit-events?from=${encodeURIComponent(local)}`);
  t.equal(from.status, 200, from.text);
  t.ok(from.body.items.some((e: { id: number }) => e.id === last.id), `from=${local} includes the event at ${last.at}`);
  const to = await h.call('GET', `/v1/audit-events?to=${encodeURIComponent(local)}`);
  t.notOk(to.body.items.some((e: { id: number }) => e.id === last.id), 'to excludes it');
});

t.test('date-times in bodies: a leap second is a 400 too, nothing written', async (t) => {
  const before = await fingerprint(h.database.db);
  const r = await h.call('POST', '/v1/api-keys', { name: 'leap', scopes: ['read'], counties: ['441427'], expiresAt: '2030-12-31T23:59:60Z' });
  assertProblem(t, r, 400);
  t.same(r.body.errors.map((e: { pointer: string }) => e.pointer), ['/expiresAt']);
  t.ok(r.body.errors[0].message.startsWith(DATE_TIME_RULE), r.body.errors[0].message);
  t.equal(await fingerprint(h.database.db), before);
});

t.test('a bad percent-encoding in the URL is a 400 problem', async (t) => {
  for (const path of ['/v1/teachers/%ED%A0%80', '/v1/teachers/%', '/v1/teachers/%zz', '/v1/schools/%E4%B8', '/v1/counties/441427/years/2024/%C0%AF']) {
    for (const call of [h.call, h.as(null)]) {
      const r = await call('GET', path);
      assertProblem(t, r, 400);
      t.equal(r.body.type, '/problems/bad-url', path);
      t.equal(r.body.instance, path);
      t.equal(r.headers['x-request-id'], r.body.requestId, 'the request id is in the header too');
      t.equal(r.headers['x-content-type-options'], 'nosniff');
    }
  }
});

t.test('a bad percent-encoding in the query string is a 400 naming the member, not a search for the raw text', async (t) => {
  for (const query of ['entityKey=%zz', 'entityKey=%E4%B8', 'entityKey=%', 'entity%zz=1']) {
    const r = await h.call('GET', `/v1/audit-events?${query}`);
    assertProblem(t, r, 400);
    t.equal(r.body.type, '/problems/validation', query);
    t.equal(r.body.errors?.[0]?.in, 'query', `${query}: the query is named`);
    t.match(r.body.errors?.[0]?.message, /percent-encoded UTF-8/, query);
  }
  const fine = await h.call('GET', '/v1/audit-events?entityKey=%E4%B8%AD%2B+x');
  t.equal(fine.status, 200, 'well-formed escapes and + still work');
});

t.test('long paths and query strings are not echoed back', async (t) => {
  const segment = 'x'.repeat(5000);
  let r = await h.call('GET', `/v1/teachers/${segment}`);
  assertProblem(t, r, 414);
  t.equal(r.body.type, '/problems/uri-too-long');
  t.ok(r.text.length < MAX_ECHOED_URL + 500, `a short answer (${r.text.length} characters)`);
  t.ok(r.body.instance.length <= MAX_ECHOED_URL, 'instance is cut');
  t.notOk(r.text.includes('x'.repeat(MAX_ECHOED_URL + 1)));
  t.equal(r.headers['x-request-id'], r.body.requestId);

  r = await h.call('GET', `/v1/${'a/'.repeat(3000)}`);
  assertProblem(t, r, 404);
  t.ok(r.text.length < 2 * MAX_ECHOED_URL + 500, `404: a short answer (${r.text.length} characters)`);

  r = await h.call('GET', `/v1/counties?q=${'y'.repeat(12_000)}`);
  assertProblem(t, r, 400);
  t.notOk(r.text.includes('y'.repeat(MAX_ECHOED_URL + 1)), 'the query is cut');

  // Member names are echoed as pointers; a huge one is cut too.
  r = await h.call('GET', `/v1/counties?${'z'.repeat(12_000)}=1`);
  assertProblem(t, r, 400);
  t.ok(r.text.length < 2 * MAX_ECHOED_URL + 1000, `unknown query field: a short answer (${r.text.length} characters)`);
  r = await h.call('PUT', '/v1/counties/441427', { ...county, ['w'.repeat(100_000)]: 1 });
  assertProblem(t, r, 400);
  t.ok(r.text.length < 2 * MAX_ECHOED_URL + 1000, `unknown body field: a short answer (${r.text.length} characters)`);
});

/** One raw HTTP/1.1 exchange with a listening server: everything the server sends until it closes. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('utf8')));
    socket.on('error', () => undefined); // a reset after the answer still resolves with what arrived
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
}

function parseAnswer(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body, json: JSON.parse(body || 'null') };
}

t.test('a real server: what the HTTP parser and the router refuse is a short problem too', async (t) => {
  await logged.listen({ port: 0, host: '127.0.0.1' });
  const port = (logged.server.address() as net.AddressInfo).port;
  const huge = 'h'.repeat(20_000);
  const cases: [string, string, number, string][] = [
    ['huge header', `GET /v1/counties HTTP/1.1\r\nHost: x\r\nX-Filler: ${huge}\r\n\r\n`, 431, '/problems/headers-too-large'],
    ['huge URL', `GET /v1/counties?q=${huge} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, '/problems/headers-too-large'],
    ['not HTTP', 'HELLO THERE\r\n\r\n', 400, '/problems/bad-request'],
    ['long path parameter', `GET /v1/teachers/${'p'.repeat(3000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414, '/problems/uri-too-long'],
    ['bad encoding', 'GET /v1/teachers/%ED%A0%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, '/problems/bad-url'],
  ];
  for (const [what, request, status, type] of cases) {
    const answer = parseAnswer(await exchange(port, request));
    t.equal(answer.status, status, `${what}: ${status}`);
    t.match(answer.headers['content-type'], /^application\/problem\+json/, `${what}: problem+json`);
    t.equal(answer.json.status, status);
    t.equal(answer.json.type, type);
    t.type(answer.json.title, 'string');
    t.type(answer.json.detail, 'string');
    t.type(answer.json.requestId, 'string');
    t.equal(answer.headers['x-request-id'], answer.json.requestId, `${what}: the request id in the header`);
    t.ok(answer.body.length < MAX_ECHOED_URL + 500, `${what}: a short body (${answer.body.length} bytes)`);
    t.notOk(answer.body.includes('h'.repeat(100)) || answer.body.includes('p'.repeat(MAX_ECHOED_URL + 1)), `${what}: no echo`);
  }
  t.notOk(log.includes('h'.repeat(100)), 'the refused input is not logged either');
  t.match(log, /request refused by the HTTP parser/);
});

t.test('another method on an existing path is 405 with Allow; unknown paths stay 404', async (t) => {
  let r = await h.call('PATCH', '/v1/schools/2144012345', {});
  assertProblem(t, r, 405);
  t.equal(r.body.type, '/problems/method-not-allowed');
  t.equal(r.headers.allow, 'GET, HEAD, PUT, DELETE');
  r = await h.call('DELETE', '/v1/indicators');
  assertProblem(t, r, 405);
  t.equal(r.headers.allow, 'GET, HEAD');
  r = await h.as(null)('POST', '/v1/audit-events', {});
  assertProblem(t, r, 405);
  t.equal(r.headers.allow, 'GET, HEAD', 'without a token too: the methods of a path are public in the OpenAPI document');

  r = await h.call('PATCH', '/v1/schools/', {});
  assertProblem(t, r, 405);
  t.equal(r.headers.allow, 'GET, HEAD, PUT, DELETE', 'an empty parameter still names the path, as the router sees it');

  for (const path of ['/v1/nowhere', '/v1/schools/2144012345/nowhere', '/v1/schools/x/y/z', '/nowhere', '/v1/audit-events/1']) {
    assertProblem(t, await h.call('PATCH', path, {}), 404);
    assertProblem(t, await h.call('GET', path), 404);
  }

  // Every route pattern: each method it lacks is a 405 listing exactly the ones it has.
  const byUrl = new Map<string, Set<string>>();
  for (const route of h.app.guardedRoutes) byUrl.set(route.url, (byUrl.get(route.url) ?? new Set()).add(route.method));
  const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  let checked = 0;
  for (const [url, methods] of byUrl) {
    const path = fillPath(url, SAMPLE);
    if (!path) continue;
    const allow = ORDER.filter((m) => methods.has(m)).join(', ');
    for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const) {
      if (methods.has(method)) continue;
      const r = await h.call(method, path, method === 'GET' ? undefined : {});
      t.equal(r.status, 405, `${method} ${url}`);
      t.equal(r.headers.allow, allow, `${method} ${url}: Allow`);
      checked++;
    }
  }
  t.ok(checked > 50, `${checked} method/path pairs`);
});

t.test('a JSON member name twice in one object is a 400 naming it; nothing written', async (t) => {
  const before = await fingerprint(h.database.db);
  let r = await sendRaw('PUT', '/v1/counties/441499', '{"name":"a","name":"b"}');
  assertProblem(t, r, 400);
  t.same(r.body.errors, [{ in: 'body', pointer: '/name', message: 'repeats a member name already used in this object' }]);
  r = await sendRaw(
    'POST',
    '/v1/bulk',
    JSON.stringify({ schools: [{ schoolCode: '2144000002', ...school() }] }).replace('"kind":', '"kind":"junior","kind":'),
  );
  assertProblem(t, r, 400);
  t.same(r.body.errors.map((e: { pointer: string }) => e.pointer), ['/schools/0/kind']);
  r = await sendRaw('POST', '/v1/bulk', '{"counties":[],"counties":[{"countyCode":"441499","name":"x","n\\u0061me":"y"}]}');
  assertProblem(t, r, 400);
  t.same(r.body.errors.map((e: { pointer: string }) => e.pointer), ['/counties', '/counties/0/name'], 'every repeat, escaped names too');
  t.equal(await fingerprint(h.database.db), before, 'nothing written');

  // Colons inside strings (times) with no repeated name are fine; the prototype guard still holds.
  r = await h.call('POST', '/v1/api-keys', { name: 'sync 08:00', scopes: ['read'], counties: ['441427'], expiresAt: '2030-01-01T08:00:00+08:00' });
  t.equal(r.status, 201, r.text);
  r = await sendRaw('PUT', '/v1/counties/441499', '{"name":"a","__proto__":{"x":1}}');
  assertProblem(t, r, 400);
  t.equal(r.body.type, '/problems/malformed-json');
});

t.test('an empty JSON body is no body: fine where none is needed, a 400 where one is', async (t) => {
  let r = await sendRaw('POST', '/v1/counties/441427/years/2024/funding-runs', '');
  t.equal(r.status, 201, `funding run without a body: ${r.text.slice(0, 300)}`);
  const runId = r.body.runId;
  r = await sendRaw('POST', `/v1/funding-runs/${runId}/verify`, '');
  t.equal(r.status, 200, `verify without a body: ${r.text.slice(0, 300)}`);
  t.equal(r.body.reproducible, true);
  r = await sendRaw('POST', '/v1/funding-runs/00000000-0000-4000-8000-000000000000/verify', '');
  assertProblem(t, r, 404);

  const before = await fingerprint(h.database.db);
  for (const [method, url] of [['PUT', '/v1/counties/441499'], ['POST', '/v1/bulk'], ['POST', '/v1/api-keys'], ['PUT', '/v1/schools/2144000001/years/2024/classes']] as const) {
    r = await sendRaw(method, url, '');
    assertProblem(t, r, 400);
    t.same(r.body.errors, [{ in: 'body', pointer: '/', message: r.body.errors[0]?.message }], `${method} ${url}: one problem at the root`);
    t.match(r.body.errors[0]?.message, /required|must be/, `${method} ${url}: ${r.body.errors[0]?.message}`);
  }
  t.equal(await fingerprint(h.database.db), before, 'nothing written');
  r = await sendRaw('PUT', '/v1/counties/441499', ' ');
  assertProblem(t, r, 400);
  t.equal(r.body.type, '/problems/malformed-json', 'white space alone is not JSON');
});

t.test('query and path integers: plain decimal text only', async (t) => {
  for (const text of ['10.0', '+10', '010', ' 10', '10 ', '0x0a', '1e1', ' ', '-0', 'Infinity']) {
    const r = await h.call('GET', `/v1/counties?limit=${encodeURIComponent(text)}`);
    assertProblem(t, r, 400);
    t.same(r.body.errors, [{ in: 'query', pointer: '/limit', message: PLAIN_INTEGER_RULE }], `limit=${JSON.stringify(text)}`);
  }
  for (const text of ['1', '10', '1000']) t.equal((await h.call('GET', `/v1/counties?limit=${text}`)).status, 200, `limit=${text}`);
  let r = await h.call('GET', '/v1/counties?limit=abc');
  assertProblem(t, r, 400);
  t.same(r.body.errors, [{ in: 'query', pointer: '/limit', message: 'must be integer' }], 'other text keeps its own message');
  r = await h.call('GET', '/v1/counties?limit=%2B1&offset=01');
  t.same(r.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/limit', '/offset'], 'every problem at once');

  for (const year of ['2024.0', '%2B2024', '02024', '%202024', '2024%20', '0x7e8', '2.024e3']) {
    r = await h.call('GET', `/v1/counties/441427/years/${year}/scorecard`);
    assertProblem(t, r, 400);
    t.same(r.body.errors, [{ in: 'path', pointer: '/year', message: PLAIN_INTEGER_RULE }], `year ${year}`);
  }
  r = await h.call('GET', `/v1/teachers?schoolCode=2144000001&year=2024.0`);
  assertProblem(t, r, 400);
  t.same(r.body.errors, [{ in: 'query', pointer: '/year', message: PLAIN_INTEGER_RULE }]);

  // Every route, every integer of its path and query: the same rule, from the one validator compiler.
  let checked = 0;
  for (const route of routesOf(h)) {
    const integers = (part: unknown) =>
      Object.entries((part as { properties?: Record<string, { type?: string }> } | undefined)?.properties ?? {})
        .filter(([, s]) => s.type === 'integer')
        .map(([name]) => name);
    for (const name of integers(route.schema.params)) {
      const path = fillPath(route.url, { ...SAMPLE, [name]: '02024' });
      if (!path) continue;
      const r = await h.call(route.method as never, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      t.equal(r.status, 400, `${route.method} ${route.url}: ${name}=02024`);
      t.ok(r.body?.errors?.some((e: { in: string; pointer: string; message: string }) => e.in === 'path' && e.pointer === `/${name}` && e.message === PLAIN_INTEGER_RULE));
      checked++;
    }
    for (const name of integers(route.schema.querystring)) {
      const path = fillPath(route.url, SAMPLE);
      if (!path) continue;
      const query = new URLSearchParams(requiredQuery(route));
      query.set(name, '+1');
      const url = `${path}?${query.toString()}`;
      const r = await h.call(route.method as never, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      t.equal(r.status, 400, `${route.method} ${url}`);
      t.ok(r.body?.errors?.some((e: { in: string; pointer: string; message: string }) => e.in === 'query' && e.pointer === `/${name}` && e.message === PLAIN_INTEGER_RULE), `${route.method} ${url}: ${name} named`);
      checked++;
    }
  }
  t.ok(checked > 40, `${checked} integer parameters checked`);
});

t.test('a token in the query string is redacted in instance and in the log', async (t) => {
  const token = h.adminToken;
  const secret = 'not-a-token-but-secret';
  const urls = [
    `/v1/counties?access_token=${token}`,
    `/v1/counties?limit=5&token=${secret}`,
    `/v1/counties?api_key=${secret}&apikey=${secret}`,
    `/v1/counties?key=${secret}`,
    `/v1/counties?q=${encodeURIComponent(token)}`,
    `/v1/nowhere?access_token=${token}`,
    `/v1/teachers/%zz?access_token=${token}`,
    `/v1/teachers/${'t'.repeat(200)}?access_token=${token}`,
  ];
  for (const url of urls) {
    for (const auth of [{}, bearer(token)]) {
      const res = await logged.inject({ method: 'GET', url, headers: auth });
      const body = JSON.parse(res.body);
      t.ok(res.statusCode >= 400 && res.statusCode < 500, `${url.slice(0, 60)}: ${res.statusCode}`);
      t.match(body.instance, /REDACTED/, 'instance says REDACTED');
      t.notOk(res.body.includes(token) || res.body.includes(secret), 'the answer holds no secret');
    }
  }
  const patch = await logged.inject({ method: 'PATCH', url: `/v1/schools/2144000001?access_token=${token}` });
  t.equal(patch.statusCode, 405);
  t.notOk(patch.body.includes(token));

  const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { msg?: string; req?: { url?: string } });
  const incoming = lines.filter((l) => l.msg === 'incoming request' && l.req?.url?.includes('REDACTED'));
  t.ok(incoming.length >= urls.length * 2, `${incoming.length} logged request URLs show REDACTED`);
  t.notOk(log.includes(token), 'the token is nowhere in the log');
  t.notOk(log.includes(token.slice(4)), 'not even without its prefix');
  t.notOk(log.includes(secret), 'nor the other secrets');
});
