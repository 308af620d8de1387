import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import type { GuardedRoute } from '../../src/plugins/auth.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp, type Reply } from '../helpers/app.js';
import { demoSamples, fillPath, fingerprint, requiredQuery, routesOf } from '../helpers/security.js';

const t = fileTest(import.meta);

// Every /v1 route × (no token, bad token, expired, revoked, wrong scope, other county), enumerated from the
// app itself, so routes added later are covered the moment they are registered.
const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
await h.call('PUT', '/v1/counties/441481', { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
await h.call('PUT', '/v1/schools/2144810001', { name: '兴宁测试小学', countyCode: '441481', kind: 'primary', areaType: 'urban', ownership: 'public', boarding: false });
const samples = await demoSamples(h);

const expired = await h.makeKey({ name: 'expired', scopes: ['admin'] });
await h.database.db.execute(sql`UPDATE api_keys SET expires_at = now() - interval '1 day' WHERE id = ${expired.id}`);
const revoked = await h.makeKey({ name: 'revoked', scopes: ['admin'] });
// (No assertion at the top level: tap would end the file's root test at the next idle moment.)
if ((await h.call('DELETE', `/v1/api-keys/${revoked.id}`)).status !== 204) throw new Error('could not revoke the key');
const badToken = `edu_${randomBytes(32).toString('base64url')}`;

const SCOPES = ['read', 'write', 'funding:run', 'audit', 'admin'] as const;
const own: Record<string, string> = {};
const other: Record<string, string> = {};
for (const scope of SCOPES) {
  own[scope] = (await h.makeKey({ name: `own-${scope}`, scopes: [scope], counties: ['441427'] })).token;
  other[scope] = (await h.makeKey({ name: `other-${scope}`, scopes: [scope], counties: ['441481'] })).token;
}

// What a county-bound key must never see of 441427: its schools and teachers.
const demoSchools = new Set<string>((await h.call('GET', '/v1/schools?countyCode=441427&limit=1000')).body.items.map((s: any) => s.schoolCode));
const COUNTY_PARAMS = ['countyCode', 'schoolCode', 'staffCode', 'townCode', 'runId', 'otherRunId'];

function revealsDemo(body: any): boolean {
  const items: any[] = Array.isArray(body?.items) ? body.items : [];
  return items.some((i) => i?.countyCode === '441427' || demoSchools.has(i?.schoolCode) || i?.staffCode === samples.staffCode);
}

/** A valid body for a write, taken from what the admin reads at the same path. */
async function bodyFor(route: GuardedRoute, path: string): Promise<unknown> {
  if (route.url === '/v1/bulk') return { schoolYears: [{ schoolCode: samples.schoolCode, year: 2025, teachingAreaM2: 1, sportsAreaM2: 1, equipmentValueYuan: 1, multimediaClassrooms: 0, musicRoomAreasM2: [], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0 }] };
  // A what-if needs its list of changes (empty is a valid scenario: the county-year as it stands).
  if (route.url.endsWith('/what-if')) return { changes: [] };
  if (route.method !== 'PUT') return route.method === 'POST' ? {} : undefined;
  type BodySchema = { type?: string; properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> }; then?: BodySchema };
  const schema = route.schema.body as BodySchema | undefined;
  const current = await h.call('GET', path);
  if (current.status !== 200) return {};
  const pick = (record: Record<string, unknown>, props: Record<string, unknown> | undefined) =>
    Object.fromEntries(Object.entries(record).filter(([k]) => props && k in props));
  // An array body, alone or as the first choice of an array-or-object body (the classes of a school-year).
  const list = schema?.type === 'array' ? schema : schema?.then?.type === 'array' ? schema.then : undefined;
  if (list) return (current.body.items ?? []).map((i: Record<string, unknown>) => pick(i, list.items?.properties));
  return pick(current.body, schema?.properties);
}

const isProblem = (r: Reply) => /^application\/problem\+json/.test(String(r.headers['content-type']));
const wrongScope = (scope: string) => (scope === 'read' ? 'audit' : 'read');

for (const route of routesOf(h)) {
  t.test(`${route.method} ${route.url}`, async (t) => {
    t.ok(route.scope, 'declares a scope');
    const scope = route.scope ?? 'admin';
    const filled = fillPath(route.url, samples);
    if (!filled) {
      t.fail(`no sample value for a parameter of ${route.url}: add one to demoSamples()`);
      return;
    }
    const path = filled + requiredQuery(route);
    const body = await bodyFor(route, path);

    const unauthorized: [string, string | null][] = [
      ['no token', null],
      ['bad token', badToken],
      ['expired key', expired.token],
      ['revoked key', revoked.token],
    ];
    const before = await fingerprint(h.database.db);
    for (const [label, token] of unauthorized) {
      const r = await h.as(token)(route.method as never, path, body);
      t.equal(r.status, 401, `${label}: 401`);
      t.ok(isProblem(r), `${label}: problem+json`);
      t.match(String(r.headers['www-authenticate']), /^Bearer/, `${label}: WWW-Authenticate`);
    }
    const malformed = await h.call(route.method as never, path, body, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
    t.equal(malformed.status, 401, 'another auth scheme: 401');
    const wrong = await h.as(own[wrongScope(scope)] as string)(route.method as never, path, body);
    t.equal(wrong.status, 403, `wrong scope (${wrongScope(scope)} for ${scope}): 403`);
    t.ok(isProblem(wrong), 'wrong scope: problem+json');
    t.equal(await fingerprint(h.database.db), before, 'nothing was written by the refused requests');

    // Other county: a key with the right scope, bound to 441481.
    const foreign = h.as(other[scope] as string);
    const countyBound = COUNTY_PARAMS.some((p) => route.url.includes(`:${p}`));
    if (scope === 'admin') {
      const r = await foreign(route.method as never, path, body);
      t.equal(r.status, 403, 'a county-bound admin cannot manage keys: 403');
      return;
    }
    if (route.method === 'GET') {
      const baseline = await h.call('GET', path);
      t.equal(baseline.status, 200, `the admin reads ${path}`);
      const mine = await h.as(own[scope] as string)('GET', path);
      t.equal(mine.status, 200, 'a key of the county with the scope reads it too');
      const r = await foreign('GET', path);
      if (countyBound) {
        if (r.status === 200) t.ok(Array.isArray(r.body?.items) && r.body.items.length === 0 && r.body.total === 0, 'other county: an empty list');
        else {
          t.equal(r.status, 404, 'other county: 404, as if it did not exist');
          t.ok(isProblem(r));
        }
      } else {
        t.equal(r.status, 200, 'other county: the list answers');
        t.notOk(revealsDemo(r.body), 'other county: filtered, nothing of 441427 in it');
      }
      return;
    }
    if (!countyBound && route.url !== '/v1/bulk') {
      t.pass('a write that names no county: county binding does not apply');
      return;
    }
    const r = await foreign(route.method as never, path, body);
    t.ok([404, 422].includes(r.status), `other county: ${r.status} is 404 or 422, as for a missing record (${r.text.slice(0, 200)})`);
    t.ok(isProblem(r));
    t.equal(await fingerprint(h.database.db), before, 'other county: nothing was written');
  });
}

t.test('every /v1 route is in the matrix', async (t) => {
  const routes = routesOf(h);
  t.ok(routes.length >= 40, `${routes.length} routes enumerated`);
  for (const url of ['/v1/schools', '/v1/bulk', '/v1/api-keys', '/v1/audit-events'])
    t.ok(routes.some((r) => r.url === url), `${url} is enumerated`);
});
