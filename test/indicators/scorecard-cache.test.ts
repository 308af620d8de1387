// The scorecard cache never serves an answer of data that has changed: after every kind of write that
// can change a county-year's scorecard (the county, schools, school-years, classes, teacher-years of the
// year and of its history windows, also in another county, county facts, the policy assignment, a policy
// profile, the policy catalog), the answer over HTTP equals a fresh computation and differs from the
// answer before; a repeated request of unchanged data is a cache hit (the service's counts, also at
// /metrics). Runs on PGlite and, with DATABASE_URL, on PostgreSQL (the counters are kept by triggers).

import { sql } from 'drizzle-orm';
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { computeScorecard, scorecardCacheCounts } from '../../src/services/indicators/scorecard.js';
import { activePolicyCatalog, usePolicyCatalog } from '../../src/services/policies.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const call = h.call;
const Y = 2024;
const C = '441498';
const OTHER = '441497';
const A = '2144980001';
const B = '3144980002';
const X = '2144970001';
const url = `/v1/counties/${C}/years/${Y}/scorecard`;

const put = async (path: string, body: unknown) => {
  const r = await call('PUT', path, body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text}`);
};
const classes = (prefix: string, stage: string, sizes: number[]) => sizes.map((students, i) => ({ classCode: `${prefix}${i + 1}`, stage, students }));
const teacherYear = (staffCode: string, year: number, schoolCode: string, over: Record<string, unknown> = {}) => ({
  staffCode,
  year,
  schoolCode,
  stage: 'primary',
  fullTime: true,
  education: 'bachelor',
  certified: true,
  backboneLevel: 'none',
  subject: 'math',
  trainingHours: 72,
  rotated: false,
  ...over,
});
const schoolBody = (county: string, name: string, kind: string, over: Record<string, unknown> = {}) => ({
  name,
  countyCode: county,
  kind,
  areaType: 'urban',
  ownership: 'public',
  boarding: false,
  ...over,
});
const schoolYear = (over: Record<string, unknown> = {}) => ({
  teachingAreaM2: 2250,
  sportsAreaM2: 3750,
  equipmentValueYuan: 1000000,
  multimediaClassrooms: 12,
  musicRoomAreasM2: [96],
  artRoomAreasM2: [90],
  boarders: 0,
  inclusionStudents: 0,
  publicFundingAllocatedYuan: 400000,
  trainingSpendYuan: 20000,
  ...over,
});

t.before(async () => {
  await put(`/v1/counties/${C}`, { name: '缓存县', cityCode: '441400', provinceCode: '44' });
  await put(`/v1/counties/${OTHER}`, { name: '邻县', cityCode: '441400', provinceCode: '44' });
  await put(`/v1/schools/${A}`, schoolBody(C, '缓存县第一小学', 'primary'));
  await put(`/v1/schools/${B}`, schoolBody(C, '缓存县九年一贯制学校', 'nine_year'));
  await put(`/v1/schools/${X}`, schoolBody(OTHER, '邻县小学', 'primary'));
  await put(`/v1/schools/${A}/years/${Y}`, schoolYear());
  await put(`/v1/schools/${B}/years/${Y}`, schoolYear({ teachingAreaM2: 3970 }));
  await put(`/v1/schools/${A}/years/${Y}/classes`, classes('P', 'primary', [42, 42, 42, 42, 40, 40]));
  await put(`/v1/schools/${B}/years/${Y}/classes`, [...classes('P', 'primary', [28, 28, 27]), ...classes('J', 'junior', [40, 39])]);
  const rows = [];
  for (let i = 1; i <= 12; i++) rows.push(teacherYear(`CA${i}`, Y, A, { trainingHours: i <= 6 ? 72 : 40 }));
  for (let i = 1; i <= 8; i++) rows.push(teacherYear(`CB${i}`, Y, B, { stage: i <= 4 ? 'primary' : 'junior' }));
  // CA1's history: last year in the other county (B16 window, and not at A for the tenure rule)
  rows.push(teacherYear('CA1', Y - 1, X, { trainingHours: 72 }));
  rows.push(teacherYear('CA2', Y - 1, A, { trainingHours: 72 }));
  const staff = [...new Set(rows.map((r) => r.staffCode))].map((staffCode) => ({ staffCode, name: `教师${staffCode}` }));
  const bulk = await call('POST', '/v1/bulk', { teachers: staff, teacherYears: rows });
  if (bulk.status !== 200) throw new Error(`bulk: ${bulk.status} ${bulk.text}`);
});

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

/** What GET `url` did with the cache: `hit` or `miss`, read from the service's counts around it. */
async function getCounted(t: Test): Promise<{ body: unknown; cache: 'hit' | 'miss' }> {
  const before = scorecardCacheCounts();
  const r = await call('GET', url);
  t.equal(r.status, 200, r.text.slice(0, 300));
  const after = scorecardCacheCounts();
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  t.equal(hits + misses, 1, 'one request, one use of the cache');
  return { body: r.body, cache: hits === 1 ? 'hit' : 'miss' };
}

/** The scorecard over HTTP twice (the second from the cache), then checked against a fresh computation. */
async function cachedCard(t: Test): Promise<unknown> {
  const first = await getCounted(t);
  const second = await getCounted(t);
  t.equal(second.cache, 'hit', 'a repeated scorecard of unchanged data comes from the cache');
  t.same(second.body, first.body, 'a repeated scorecard is the same answer');
  t.same(first.body, plain(await computeScorecard(h.database.db, C, Y)), 'and the one computed afresh');
  return first.body;
}

/** `write` must change the answer: the cache then has to give the new one, equal to a fresh computation. */
async function invalidates(t: Test, what: string, write: () => Promise<void>): Promise<void> {
  const before = await cachedCard(t);
  await write();
  const after = await getCounted(t);
  t.equal(after.cache, 'miss', `${what}: the write made the cached answer stale`);
  t.same(after.body, plain(await computeScorecard(h.database.db, C, Y)), `${what}: the answer after the write is the fresh one`);
  t.notSame(after.body, before, `${what}: the write changed the answer (so a stale one would show)`);
}

const indicator = (card: any, id: string) => card.indicators.find((i: any) => i.id === id);

t.test('every kind of write invalidates the cached scorecard', async (t) => {
  await invalidates(t, 'county', () => put(`/v1/counties/${C}`, { name: '缓存县（改名）', cityCode: '441400', provinceCode: '44' }));
  await invalidates(t, 'school', () => put(`/v1/schools/${B}`, schoolBody(C, '缓存县九年一贯制学校', 'nine_year', { ownership: 'private' })));
  await invalidates(t, 'school-year', () => put(`/v1/schools/${A}/years/${Y}`, schoolYear({ teachingAreaM2: 1000 })));
  await invalidates(t, 'classes', () => put(`/v1/schools/${A}/years/${Y}/classes`, classes('P', 'primary', [42, 42, 42, 42, 40, 40, 57])));
  await invalidates(t, 'teacher-year of the year', () => put(`/v1/teachers/CA7/years/${Y}`, teacherYear('CA7', Y, A, { trainingHours: 72 })));
  await invalidates(t, 'teacher-year of an earlier year (B16 window)', () =>
    put(`/v1/teachers/CA2/years/${Y - 1}`, teacherYear('CA2', Y - 1, A, { trainingHours: 0 })),
  );
  await invalidates(t, 'teacher-year of an earlier year in another county', () =>
    put(`/v1/teachers/CA1/years/${Y - 1}`, teacherYear('CA1', Y - 1, X, { trainingHours: 0 })),
  );
  await invalidates(t, 'teacher-year deleted', async () => {
    const r = await call('DELETE', `/v1/teachers/CB8/years/${Y}`);
    t.equal(r.status, 204, r.text);
  });
  await invalidates(t, 'bulk load', async () => {
    const r = await call('POST', '/v1/bulk', { teacherYears: [teacherYear('CA8', Y, A, { trainingHours: 80 }), teacherYear('CA9', Y, A, { trainingHours: 80 })] });
    t.equal(r.status, 200, r.text);
  });
  await invalidates(t, 'county facts', () => put(`/v1/counties/${C}/years/${Y}/facts`, { teacherAveragePayYuan: 9000, civilServantAveragePayYuan: 8000 }));
  await invalidates(t, 'funding input of a school-year', () => put(`/v1/schools/${B}/years/${Y}`, schoolYear({ teachingAreaM2: 3970, trainingSpendYuan: 0 })));
  await invalidates(t, 'county facts deleted', async () => {
    const r = await call('DELETE', `/v1/counties/${C}/years/${Y}/facts`);
    t.equal(r.status, 204, r.text);
  });
  await invalidates(t, 'school-year deleted', async () => {
    const r = await call('DELETE', `/v1/schools/${A}/years/${Y}`);
    t.equal(r.status, 204, r.text);
  });
  await invalidates(t, 'school-year put back', () => put(`/v1/schools/${A}/years/${Y}`, schoolYear()));
  await invalidates(t, 'school moved to another county', () => put(`/v1/schools/${B}`, schoolBody(OTHER, '缓存县九年一贯制学校', 'nine_year', { ownership: 'private' })));
  await invalidates(t, 'school moved back', () => put(`/v1/schools/${B}`, schoolBody(C, '缓存县九年一贯制学校', 'nine_year', { ownership: 'private' })));
  await invalidates(t, 'policy assignment', () => put(`/v1/counties/${C}/years/${Y}/policy`, { policyId: 'guangdong-2018' }));

  // a custom profile, assigned, then changed underneath (profiles are immutable through the API; the
  // database is the one place one can change, and its trigger must still count it)
  const national = activePolicyCatalog().byId.get('national-2017');
  t.ok(national, 'the shipped national profile');
  const created = await call('POST', '/v1/policies', { ...plain(national) as object, id: 'cache-test', name: 'cache test' });
  t.equal(created.status, 201, created.text.slice(0, 500));
  await invalidates(t, 'policy assignment to a custom profile', () => put(`/v1/counties/${C}/years/${Y}/policy`, { policyId: 'cache-test' }));
  t.equal(indicator((await call('GET', url)).body, 'B16').detail.hoursPerYear, 72);
  await invalidates(t, 'policy profile', async () => {
    await h.database.db.execute(sql`
      UPDATE policy_profiles
         SET definition = jsonb_set(definition, '{parameters,indicators.training.hoursPerYear,values,0,value}', '40'::jsonb)
       WHERE policy_id = 'cache-test'`);
  });
  t.equal(indicator((await call('GET', url)).body, 'B16').detail.hoursPerYear, 40, 'the changed profile is the one used');

  // file profiles live in the process's catalog: a new catalog is a new version too
  await put(`/v1/counties/${C}/years/${Y}/policy`, { policyId: 'national-2017' });
  const catalog = activePolicyCatalog();
  t.teardown(() => usePolicyCatalog(catalog));
  const before = await cachedCard(t);
  const changed = structuredClone(catalog);
  const profile = changed.byId.get('national-2017') as any;
  profile.parameters['indicators.training.hoursPerYear'].values[0].value = 40;
  usePolicyCatalog(changed);
  const after = await call('GET', url);
  t.same(after.body, plain(await computeScorecard(h.database.db, C, Y)), 'catalog: the fresh answer');
  t.notSame(after.body, before, 'catalog: the answer changed');
});

t.test('a write in a transaction that is rolled back leaves the cached answer valid', async (t) => {
  const before = await cachedCard(t);
  const rollback = new Error('roll back');
  let thrown: unknown;
  try {
    await h.database.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE school_years SET teaching_area_m2 = 1 WHERE school_code = ${A} AND year = ${Y}`);
      throw rollback;
    });
  } catch (error) {
    thrown = error;
  }
  t.equal(thrown, rollback, 'the transaction was rolled back');
  const after = await getCounted(t);
  t.equal(after.cache, 'hit', 'the counters are back where they were');
  t.same(after.body, before);
  t.same(after.body, plain(await computeScorecard(h.database.db, C, Y)));
});

t.test('counters: one bump per statement and county-year, whatever the rows', async (t) => {
  const version = async (county: string, year: number) =>
    Number(((await h.database.db.execute<{ v: string }>(sql`SELECT version::text AS v FROM data_versions WHERE county_code = ${county} AND year = ${year}`)).rows[0]?.v) ?? 0);
  const before = await version(C, Y);
  await h.database.db.execute(sql`UPDATE classes SET students = students WHERE school_code IN (${A}, ${B}) AND year = ${Y}`);
  t.equal(await version(C, Y), before + 1);
  const other = await version(OTHER, Y);
  await h.database.db.execute(sql`UPDATE classes SET students = students WHERE school_code = ${A} AND year = ${Y} AND false`);
  t.equal(await version(C, Y), before + 1, 'a statement that touches no row changes nothing');
  t.equal(await version(OTHER, Y), other);
});

t.test('/metrics shows the cache counts', async (t) => {
  await cachedCard(t);
  const { hits, misses } = scorecardCacheCounts();
  t.ok(hits > 0 && misses > 0);
  const r = await h.as(null)('GET', '/metrics');
  t.equal(r.status, 200);
  t.match(r.text, new RegExp(`^scorecard_cache_requests_total\\{result="hit"\\} ${hits}$`, 'm'));
  t.match(r.text, new RegExp(`^scorecard_cache_requests_total\\{result="miss"\\} ${misses}$`, 'm'));
});
