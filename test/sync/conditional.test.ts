// Conditional requests (docs/api.md, "Conditional requests"; src/plugins/conditional.ts): every record and
// computed answer of the demo county carries an ETag that repeats while nothing changes and is answered 304
// when If-None-Match names it; a computed answer's 304 computes nothing (the scorecard cache is not asked);
// its tag moves with a write to its county-year and not with a write to another county; If-Match on PUT and
// DELETE is 412 with nothing written when the record changed, and of two writers sent with the same tag at
// once exactly one wins. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.

import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { scorecardCacheCounts } from '../../src/services/indicators/scorecard.js';
import { createTestApp, type Reply } from '../helpers/app.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);

const DEMO = '441427';
const OTHER = '441481'; // 兴宁市, same city (441400) and province (44) as the demo county
const Y = 2024;

const call = h.call;
const ok = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> => {
  const r = await call(method, url, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
};
const etagOf = (r: Reply): string => String(r.headers.etag);
const auditTotal = async () => (await ok('GET', '/v1/audit-events?limit=1')).body.total as number;

await ok('PUT', `/v1/counties/${OTHER}`, {});
const school = (await ok('GET', `/v1/schools?countyCode=${DEMO}&kind=primary&limit=1`)).body.items[0].schoolCode as string;
const town = (await ok('GET', `/v1/towns?countyCode=${DEMO}&limit=1`)).body.items[0].townCode as string;
const staff = (await ok('GET', `/v1/teacher-years?schoolCode=${school}&year=${Y}&limit=1`)).body.items[0].staffCode as string;
const task = (await ok('GET', `/v1/counties/${DEMO}/tasks?limit=1`)).body.items[0].taskId as string;
const run = (await ok('POST', `/v1/counties/${DEMO}/years/${Y}/funding-runs`, {})).body.runId as string;

const RECORDS = [
  `/v1/counties/${DEMO}`,
  `/v1/towns/${town}`,
  `/v1/schools/${school}`,
  `/v1/schools/${school}/years/${Y}`,
  `/v1/schools/${school}/years/${Y}/classes`,
  `/v1/teachers/${staff}`,
  `/v1/teachers/${staff}/years/${Y}`,
  `/v1/counties/${DEMO}/years/${Y}/facts`,
  `/v1/counties/${DEMO}/years/${Y}/policy`,
  `/v1/funding-runs/${run}`,
  `/v1/funding-runs/${run}/lines?limit=5`,
  `/v1/counties/${DEMO}/tasks/${task}?asOf=2025-01-01`,
  `/v1/schools?countyCode=${DEMO}&limit=10`,
  `/v1/counties/${DEMO}/tasks?asOf=2025-01-01`,
  '/v1/policies',
];

const COMPUTED = [
  `/v1/counties/${DEMO}/years/${Y}/scorecard`,
  `/v1/counties/${DEMO}/years/${Y}/resource-allocation`,
  `/v1/counties/${DEMO}/years/${Y}/resource-allocation?stage=primary&failing=true`,
  `/v1/counties/${DEMO}/years/${Y}/class-sizes`,
  `/v1/schools/${school}/years/${Y}/indicators`,
  `/v1/counties/${DEMO}/years/${Y}/entitlements`,
  `/v1/schools/${school}/years/${Y}/entitlement`,
  `/v1/counties/${DEMO}/years/${Y}/funding-compliance`,
  `/v1/counties/${DEMO}/years/${Y}/remediation-plan`,
  `/v1/counties/${DEMO}/compare?from=2023&to=2024`,
  `/v1/schools/${school}/compare?from=2023&to=2024`,
  `/v1/counties/${DEMO}/indicator-series`,
  `/v1/counties/${DEMO}/years`,
  `/v1/cities/441400/years/${Y}/summary`,
  `/v1/provinces/44/years/${Y}/summary`,
  '/v1/indicators',
];

/** GETs `url` twice, then once with If-None-Match naming its tag; answers the tag. */
async function assertTagged(t: Test, url: string, weak: boolean): Promise<string> {
  const first = await ok('GET', url);
  const again = await ok('GET', url);
  const tag = etagOf(first);
  t.match(tag, weak ? /^W\/"\d+-[A-Za-z0-9_-]+"$/ : /^"[A-Za-z0-9_-]+"$/, `${url}: a ${weak ? 'weak' : 'strong'} ETag`);
  t.equal(etagOf(again), tag, `${url}: the same ETag again`);
  t.equal(first.headers['cache-control'], 'private, no-cache', `${url}: kept by the client only, to revalidate`);
  const cached = await call('GET', url, undefined, { 'if-none-match': tag });
  t.equal(cached.status, 304, `${url}: 304 for its own tag`);
  t.equal(cached.text, '', `${url}: no body with the 304`);
  t.equal(cached.headers.etag, tag, `${url}: the 304 names the tag`);
  const listed = await call('GET', url, undefined, { 'if-none-match': `"other", ${weak ? tag : `W/${tag}`}` });
  t.equal(listed.status, 304, `${url}: 304 when a list names the tag, weakly compared`);
  const stale = await call('GET', url, undefined, { 'if-none-match': '"other"' });
  t.equal(stale.status, 200, `${url}: 200 for another tag`);
  t.same(stale.body, first.body, `${url}: the same answer`);
  return tag;
}

t.test('records, lists and other stored answers: a strong ETag, stable, 304 on a match', async (t) => {
  for (const url of RECORDS) await assertTagged(t, url, false);
  const any = await call('GET', `/v1/schools/${school}`, undefined, { 'if-none-match': '*' });
  t.equal(any.status, 304, 'If-None-Match: * matches any current record');
  const missing = await call('GET', '/v1/schools/2144279999', undefined, { 'if-none-match': '*' });
  t.equal(missing.status, 404, 'and no missing one');
  const bad = await call('GET', `/v1/schools/${school}`, undefined, { 'if-none-match': 'abc' });
  t.equal(bad.status, 400, 'a malformed If-None-Match is 400');
  t.equal(bad.body.errors[0].in, 'header');
});

t.test('computed answers: a weak ETag from the data version, stable, 304 on a match', async (t) => {
  for (const url of COMPUTED) await assertTagged(t, url, true);
});

t.test('JSON, CSV and xlsx of the same answer have distinct tags, each answered 304', async (t) => {
  for (const base of [`/v1/counties/${DEMO}/years/${Y}/scorecard`, `/v1/schools/${school}/years/${Y}/classes`, `/v1/schools?countyCode=${DEMO}`]) {
    const json = etagOf(await ok('GET', base));
    const csv = await ok('GET', `${base}${base.includes('?') ? '&' : '?'}format=csv`);
    const accepted = await ok('GET', base, undefined, { accept: 'text/csv' });
    t.match(csv.headers['content-type'], /text\/csv/);
    t.not(etagOf(csv), json, `${base}: CSV and JSON differ`);
    t.not(etagOf(accepted), json, `${base}: CSV by Accept differs from JSON too`);
    t.equal(accepted.headers.vary, 'Accept', `${base}: the answer varies with Accept`);
    const cached = await call('GET', base, undefined, { accept: 'text/csv', 'if-none-match': etagOf(accepted) });
    t.equal(cached.status, 304, `${base}: the CSV's tag is answered 304`);
    const crossed = await call('GET', base, undefined, { accept: 'text/csv', 'if-none-match': json });
    t.equal(crossed.status, 200, `${base}: the JSON tag does not stand for the CSV`);
  }
  const xlsx = etagOf(await ok('GET', `/v1/counties/${DEMO}/years/${Y}/scorecard?format=xlsx`));
  t.not(xlsx, etagOf(await ok('GET', `/v1/counties/${DEMO}/years/${Y}/scorecard?format=csv`)), 'xlsx differs from CSV');
});

t.test('a 304 of a computed answer computes nothing', async (t) => {
  const url = `/v1/counties/${DEMO}/years/${Y}/scorecard`;
  const tag = etagOf(await ok('GET', url));
  const before = scorecardCacheCounts();
  for (let i = 0; i < 3; i++) t.equal((await call('GET', url, undefined, { 'if-none-match': tag })).status, 304);
  t.same(scorecardCacheCounts(), before, 'the scorecard was not asked for (neither a cache hit nor a miss)');
  await ok('GET', url);
  t.equal(scorecardCacheCounts().hits, before.hits + 1, 'while a 200 asks for it');
});

t.test('a computed tag moves with a write to its county-year, and only then', async (t) => {
  const scorecard = `/v1/counties/${DEMO}/years/${Y}/scorecard`;
  const earlier = `/v1/counties/${DEMO}/years/2023/scorecard`;
  const region = `/v1/cities/441400/years/${Y}/summary`;
  const indicators = `/v1/schools/${school}/years/${Y}/indicators`;
  const tags = async () => Object.fromEntries(await Promise.all([scorecard, earlier, region, indicators].map(async (u) => [u, etagOf(await ok('GET', u))])));

  const start = await tags();
  await ok('PUT', `/v1/counties/${OTHER}/years/${Y}/facts`, { teacherAveragePayYuan: 100000 });
  const afterOther = await tags();
  t.equal(afterOther[scorecard], start[scorecard], "another county's write leaves the demo county's scorecard");
  t.equal(afterOther[indicators], start[indicators], "and its schools' answers");
  t.not(afterOther[region], start[region], "the city's roll-up, which holds both counties, moves");

  const schoolYear = (await ok('GET', `/v1/schools/${school}/years/${Y}`)).body;
  await ok('PUT', `/v1/schools/${school}/years/${Y}`, { ...schoolYear, teachingAreaM2: Number(schoolYear.teachingAreaM2) + 10 });
  const afterOwn = await tags();
  t.not(afterOwn[scorecard], start[scorecard], "a write to the county-year moves the county-year's tag");
  t.not(afterOwn[indicators], start[indicators], "and the school's");
  t.equal(afterOwn[earlier], start[earlier], 'a write to 2024 leaves the 2023 answer');
  t.match(afterOwn[scorecard], /^W\/"\d+-/, 'still a weak tag of the data version');
  const old = await call('GET', scorecard, undefined, { 'if-none-match': start[scorecard] as string });
  t.equal(old.status, 200, 'the old tag gets the new answer');
  t.equal(old.headers.etag, afterOwn[scorecard]);
});

t.test('a key bound to another county gets 404, never a 304, for a tag it names', async (t) => {
  const bound = (await h.makeKey({ scopes: ['read'], counties: [OTHER] })).token;
  for (const url of [`/v1/counties/${DEMO}/years/${Y}/scorecard`, `/v1/schools/${school}/years/${Y}/indicators`, `/v1/schools/${school}`]) {
    const tag = etagOf(await ok('GET', url));
    const r = await h.as(bound)('GET', url, undefined, { 'if-none-match': tag });
    t.equal(r.status, 404, url);
    t.notOk(r.headers.etag, `${url}: no tag with the 404`);
  }
  const region = `/v1/cities/441400/years/${Y}/summary`;
  const whole = etagOf(await ok('GET', region));
  const own = await h.as(bound)('GET', region, undefined, { 'if-none-match': whole });
  t.equal(own.status, 200, "a bound key's roll-up (its rows only) is not the admin's");
  t.not(own.headers.etag, whole);
});

t.test('If-Match: 412 with nothing written when the record changed; the new ETag on success', async (t) => {
  const url = `/v1/schools/${school}`;
  const read = await ok('GET', url);
  const stale = etagOf(read);
  const renamed = await ok('PUT', url, { ...read.body, name: `${read.body.name}（新）` }, { 'if-match': stale });
  t.equal(renamed.status, 200);
  const current = etagOf(renamed);
  t.not(current, stale, 'the PUT answers the new tag');
  t.equal(etagOf(await ok('GET', url)), current, 'the tag a GET answers now');

  const audits = await auditTotal();
  const refused = await call('PUT', url, { ...read.body, name: 'stale writer' }, { 'if-match': stale });
  t.equal(refused.status, 412);
  t.equal(refused.body.type, '/problems/precondition-failed');
  t.match(refused.headers['content-type'], /application\/problem\+json/);
  t.equal((await ok('GET', url)).body.name, renamed.body.name, 'the record is as the first writer left it');
  const deleted = await call('DELETE', url, undefined, { 'if-match': stale });
  t.equal(deleted.status, 412, 'a DELETE with a stale tag is 412');
  t.equal((await call('GET', url)).status, 200, 'and deletes nothing');
  const weak = await call('PUT', url, renamed.body, { 'if-match': `W/${current}` });
  t.equal(weak.status, 412, 'a weak tag never matches If-Match (strong comparison)');
  t.equal(await auditTotal(), audits, 'no audit event: nothing was written');

  t.equal((await call('PUT', url, renamed.body, { 'if-match': `"other", ${current}` })).status, 200, 'a list naming the current tag passes');
  t.equal((await call('PUT', url, renamed.body, { 'if-match': '*' })).status, 200, '* passes for an existing record');
  t.equal((await call('PUT', url, renamed.body, { 'if-match': 'nope' })).status, 400, 'a malformed If-Match is 400');
});

t.test('If-Match on a missing record, and DELETE', async (t) => {
  const facts = `/v1/counties/${OTHER}/years/2023/facts`;
  const audits = await auditTotal();
  for (const tag of ['*', '"abc"']) {
    const r = await call('PUT', facts, { teacherAveragePayYuan: 90000 }, { 'if-match': tag });
    t.equal(r.status, 412, `PUT of a missing record with If-Match ${tag} is 412`);
  }
  t.equal((await call('GET', facts)).status, 404, 'nothing was created');
  t.equal(await auditTotal(), audits);
  t.equal((await call('DELETE', facts, undefined, { 'if-match': '*' })).status, 404, 'a DELETE of a missing record stays 404');
  const created = await call('PUT', facts, { teacherAveragePayYuan: 90000 });
  t.equal(created.status, 201, 'a PUT without If-Match creates');
  const tag = etagOf(created);
  t.equal(etagOf(await ok('GET', facts)), tag, 'the 201 answers the tag a GET does');
  await ok('PUT', facts, { teacherAveragePayYuan: 95000 });
  t.equal((await call('DELETE', facts, undefined, { 'if-match': tag })).status, 412, 'a stale DELETE is refused');
  const current = etagOf(await ok('GET', facts));
  t.equal((await call('DELETE', facts, undefined, { 'if-match': current })).status, 204, 'a current one deletes');
  t.equal((await call('GET', facts)).status, 404);
});

t.test('If-Match on the other conditional writes: classes, policy assignment, task progress', async (t) => {
  const classes = `/v1/schools/${school}/years/${Y}/classes`;
  const list = await ok('GET', classes);
  const csvTag = etagOf(await ok('GET', `${classes}?format=csv`));
  const same = await call('PUT', classes, list.body, { 'if-match': csvTag });
  t.equal(same.status, 200, "the classes' CSV tag also stands for them");
  t.equal(etagOf(same), etagOf(list), 'an unchanged list keeps its tag');
  const fewer = { items: list.body.items.slice(1) };
  t.equal((await call('PUT', classes, fewer, { 'if-match': etagOf(list) })).status, 200);
  t.equal((await call('PUT', classes, list.body, { 'if-match': etagOf(list) })).status, 412, 'a stale class list is refused');
  t.equal((await ok('GET', classes)).body.total, list.body.total - 1, 'and the classes stay as the last writer left them');
  await ok('PUT', classes, list.body);

  const policy = `/v1/counties/${OTHER}/years/${Y}/policy`;
  const byDefault = await ok('GET', policy);
  t.equal(byDefault.body.source, 'default');
  const assigned = await call('PUT', policy, { policyId: 'national-2017' }, { 'if-match': etagOf(byDefault) });
  t.equal(assigned.status, 201, 'the default answer is a current record for If-Match');
  t.equal(etagOf(assigned), etagOf(await ok('GET', policy)));
  t.equal((await call('PUT', policy, { policyId: 'national-2017' }, { 'if-match': etagOf(byDefault) })).status, 412);

  const taskUrl = `/v1/counties/${DEMO}/tasks/${task}?asOf=2025-01-01`;
  const before = await ok('GET', taskUrl);
  const done = await call('PUT', taskUrl, { status: 'in_progress', notes: 'started' }, { 'if-match': etagOf(before) });
  t.equal(done.status, 200);
  t.equal(etagOf(done), etagOf(await ok('GET', taskUrl)));
  t.equal((await call('PUT', taskUrl, { status: 'done' }, { 'if-match': etagOf(before) })).status, 412);
  t.equal((await ok('GET', taskUrl)).body.status, 'in_progress');
});

t.test('two writers sent at once with the same If-Match: exactly one wins', async (t) => {
  // On PostgreSQL the two PUTs run in two transactions on two connections: the record lock decides. PGlite
  // has one connection, so there they take turns; the outcome must be the same.
  const race = async (url: string, bodies: [unknown, unknown]) => {
    const tag = etagOf(await ok('GET', url));
    const answers = await Promise.all(bodies.map((body) => call('PUT', url, body, { 'if-match': tag })));
    return answers.map((a) => a.status).sort();
  };
  const url = `/v1/schools/${school}`;
  for (let round = 0; round < 5; round++) {
    const current = (await ok('GET', url)).body;
    t.same(await race(url, [{ ...current, name: `甲${round}` }, { ...current, name: `乙${round}` }]), [200, 412], `school, round ${round}`);
  }
  for (let year = 2030; year < 2033; year++) {
    // no assignment row yet: the writers take turns on the county row
    t.same(await race(`/v1/counties/${OTHER}/years/${year}/policy`, [{ policyId: 'national-2017' }, { policyId: 'national-2017' }]), [201, 412], `policy ${year}`);
  }
  const tasks = (await ok('GET', `/v1/counties/${DEMO}/tasks?limit=4&offset=1`)).body.items as { taskId: string }[];
  for (const { taskId } of tasks) {
    // no progress row yet: the loser of the insert must see the winner's row and fail its condition
    const url = `/v1/counties/${DEMO}/tasks/${taskId}?asOf=2025-01-01`;
    t.same(await race(url, [{ status: 'in_progress' }, { status: 'done' }]), [200, 412], `task ${taskId}`);
  }
});
