import { fileTest } from '../helpers/file-test.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { county, school, schoolYear, teacherYear, town } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

const problem = assertProblem;

t.before(async () => {
  await h.call('PUT', '/v1/counties/441427', county);
  await h.call('PUT', '/v1/towns/441427100', town);
});

// A local code (the tests allow them): a county of the division data would have its city filled in and
// come with towns (test/reference/divisions.test.ts).
t.test('counties: upsert, get, list, filters, 404', async (t) => {
  let r = await h.call('PUT', '/v1/counties/449981', { name: '试点县', cityCode: '449900', provinceCode: '44' });
  t.equal(r.status, 201);
  t.equal(r.body.countyCode, '449981');
  const created = r.body.updatedAt;
  r = await h.call('PUT', '/v1/counties/449981', { name: '试点县', cityCode: '449900', provinceCode: '44' });
  t.equal(r.status, 200, 'second PUT of the same record is 200');
  t.equal(r.body.updatedAt, created, 'an unchanged record keeps its updatedAt');
  r = await h.call('PUT', '/v1/counties/449981', { name: '试点县（改）' });
  t.equal(r.status, 200);
  t.notOk('cityCode' in r.body, 'PUT replaces the whole record: omitted optional fields are cleared');
  r = await h.call('GET', '/v1/counties?limit=1&offset=0');
  t.equal(r.body.total, 2);
  t.equal(r.body.items.length, 1);
  t.equal(r.body.limit, 1);
  r = await h.call('GET', '/v1/counties?cityCode=441400');
  t.same(r.body.items.map((c: any) => c.countyCode), ['441427']);
  problem(t, await h.call('GET', '/v1/counties/441499'), 404);
  problem(t, await h.call('GET', '/v1/counties/44149'), 400);
  r = await h.call('DELETE', '/v1/counties/449981');
  t.equal(r.status, 204);
  problem(t, await h.call('DELETE', '/v1/counties/449981'), 404);
});

t.test('validation: every problem at once, unknown fields, wrong types, no coercion', async (t) => {
  const r = await h.call('PUT', '/v1/schools/2144000001', {
    name: '',
    countyCode: 441427,
    kind: 'university',
    areaType: 'rural',
    ownership: 'public',
    boarding: 'false',
    colour: 'red',
  });
  problem(t, r, 400);
  const pointers = r.body.errors.map((e: any) => e.pointer).sort();
  t.same(pointers, ['/boarding', '/colour', '/countyCode', '/kind', '/name'].sort(), 'one error per bad field');
  t.ok(r.body.errors.every((e: any) => e.in === 'body' && typeof e.message === 'string'));
  t.match(r.body.errors.find((e: any) => e.pointer === '/colour').message, /not a known field/);
  t.match(r.body.errors.find((e: any) => e.pointer === '/kind').message, /one of/);
  const missing = await h.call('PUT', '/v1/schools/2144000001', { name: 'x' });
  t.ok(missing.body.errors.some((e: any) => e.pointer === '/countyCode' && /required/.test(e.message)));
  problem(t, await h.call('PUT', '/v1/schools/2144000001', '{"name": "x",'), 400);
  const empty = await h.call('PUT', '/v1/schools/2144000001', '');
  t.equal(empty.status, 400);
  const query = await h.call('GET', '/v1/schools?limit=5000&kind=castle&bogus=1');
  problem(t, query, 400);
  t.ok(query.body.errors.every((e: any) => e.in === 'query'));
  t.equal(query.body.errors.length, 3);
  const decimals = await h.call('PUT', '/v1/schools/2144000001/years/2024', schoolYear({ teachingAreaM2: 1.005, equipmentValueYuan: -1 }));
  problem(t, decimals, 400);
  t.same(decimals.body.errors.map((e: any) => e.pointer).sort(), ['/equipmentValueYuan', '/teachingAreaM2']);
  problem(t, await h.call('PUT', '/v1/schools/2144000001/years/1999', schoolYear()), 400);
  const unsupported = await h.app.inject({ method: 'PUT', url: '/v1/counties/441427', payload: 'name=x', headers: { 'content-type': 'text/plain', ...bearer(h.adminToken) } });
  t.equal(unsupported.statusCode, 415);
  const r2 = await h.call('GET', '/v1/schools?countyCode=441427');
  t.equal(r2.body.total, 0, 'nothing was written by the rejected requests');
});

t.test('schools: references, teaching points and their central school, kind changes', async (t) => {
  let r = await h.call('PUT', '/v1/schools/2144000001', school());
  t.equal(r.status, 201, JSON.stringify(r.body));
  r = await h.call('PUT', '/v1/schools/2144000002', school({ townCode: '441428100' }));
  problem(t, r, 422);
  t.match(r.body.errors[0], { pointer: '/townCode', message: /does not exist/ });
  r = await h.call('PUT', '/v1/schools/2144000002', school({ countyCode: '441499', townCode: undefined }));
  t.match(r.body.errors[0], { pointer: '/countyCode', message: /county 441499 does not exist/ });
  await h.call('PUT', '/v1/counties/441481', { name: '兴宁市' });
  r = await h.call('PUT', '/v1/schools/2144000002', school({ countyCode: '441481' }));
  t.match(r.body.errors[0], { pointer: '/townCode', message: /belongs to county 441427/ });

  r = await h.call('PUT', '/v1/schools/3144000001', school({ name: '蕉岭县测试初中', kind: 'junior', townCode: undefined }));
  t.equal(r.status, 201);
  r = await h.call('PUT', '/v1/schools/2144000009', school({ name: '教学点', kind: 'teaching_point', areaType: 'rural', centralSchoolCode: '3144000001' }));
  problem(t, r, 422);
  t.match(r.body.errors[0].message, /central school 3144000001 is a junior/);
  r = await h.call('PUT', '/v1/schools/2144000009', school({ name: '教学点', kind: 'teaching_point', areaType: 'rural', centralSchoolCode: '2144000404' }));
  t.match(r.body.errors[0].message, /does not exist/);
  r = await h.call('PUT', '/v1/schools/2144000008', school({ kind: 'primary', centralSchoolCode: '2144000001' }));
  t.match(r.body.errors[0].message, /only a teaching_point has a central school/);
  r = await h.call('PUT', '/v1/schools/2144000009', school({ name: '教学点', kind: 'teaching_point', areaType: 'rural', centralSchoolCode: '2144000001' }));
  t.equal(r.status, 201);
  t.equal(r.body.centralSchoolCode, '2144000001');

  r = await h.call('PUT', '/v1/schools/2144000001', school({ kind: 'junior' }));
  problem(t, r, 422);
  t.match(r.body.errors[0], { pointer: '/kind', message: /teaching points 2144000009 name this school as central/ });

  r = await h.call('GET', '/v1/schools?countyCode=441427&kind=teaching_point');
  t.same(r.body.items.map((s: any) => s.schoolCode), ['2144000009']);
  r = await h.call('GET', '/v1/schools?countyCode=441427&areaType=urban&townCode=441427100');
  t.same(r.body.items.map((s: any) => s.schoolCode), ['2144000001']);

  problem(t, await h.call('DELETE', '/v1/schools/2144000001'), 409);
  r = await h.call('DELETE', '/v1/towns/441427100');
  problem(t, r, 409);
  t.match(r.body.detail, /schools/);
  problem(t, await h.call('DELETE', '/v1/counties/441427'), 409);
});

t.test('school-years: money in fen, rooms, boarders need a boarding school', async (t) => {
  let r = await h.call('PUT', '/v1/schools/2144000001/years/2024', schoolYear());
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.equal(r.body.equipmentValueYuan, 2000000.07, 'yuan survive the trip through integer fen exactly');
  t.same(r.body.musicRoomAreasM2, [96, 100.25]);
  t.equal(r.body.teachingAreaM2, 4500.5);
  t.notOk('publicFundingAllocatedYuan' in r.body);
  r = await h.call('PUT', '/v1/schools/2144000001/years/2024', schoolYear({ boarders: 12, indoorSportsAreaM2: 99999 }));
  problem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer).sort(), ['/boarders', '/indoorSportsAreaM2']);
  r = await h.call('PUT', '/v1/schools/2144000404/years/2024', schoolYear());
  problem(t, r, 422);
  t.match(r.body.errors[0], { pointer: '/schoolCode', in: 'path' });
  r = await h.call('GET', '/v1/schools/2144000001/years');
  t.equal(r.body.total, 1);
  r = await h.call('GET', '/v1/schools/2144000001/years/2024');
  t.equal(r.body.year, 2024);
});

t.test('classes: replace a school-year, stage against kind, grade against stage', async (t) => {
  let r = await h.call('PUT', '/v1/schools/2144000001/years/2024/classes', [
    { classCode: 'P1-1', stage: 'primary', grade: 1, students: 45 },
    { classCode: 'P1-2', stage: 'primary', grade: 1, students: 46 },
    { classCode: 'K3-1', stage: 'preschool', grade: 3, students: 30 },
  ]);
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.equal(r.body.total, 3);
  r = await h.call('PUT', '/v1/schools/2144000001/years/2024/classes', [
    { classCode: 'P1-1', stage: 'primary', grade: 1, students: 44 },
    { classCode: 'J7-1', stage: 'junior', grade: 7, students: 50 },
    { classCode: 'P9-1', stage: 'primary', grade: 9, students: 30 },
    { classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 },
  ]);
  problem(t, r, 422);
  t.same(
    r.body.errors.map((e: any) => e.pointer),
    ['/3/classCode', '/1/stage', '/2/grade'],
    'a duplicate, a junior class in a primary school, a grade outside its stage',
  );
  r = await h.call('GET', '/v1/schools/2144000001/years/2024/classes');
  t.equal(r.body.total, 3, 'the rejected replacement changed nothing');
  r = await h.call('PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 44 }]);
  t.same(r.body.items, [{ schoolCode: '2144000001', year: 2024, classCode: 'P1-1', stage: 'primary', grade: 1, students: 44 }]);
  r = await h.call('PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', students: 201 }]);
  problem(t, r, 400);
  problem(t, await h.call('GET', '/v1/schools/2144000404/years/2024/classes'), 404);
  const csv = await h.app.inject({ method: 'GET', url: '/v1/schools/2144000001/years/2024/classes', headers: { accept: 'text/csv', ...bearer(h.adminToken) } });
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.ok(csv.body.startsWith('\uFEFFschoolCode,year,classCode,stage,grade,students\n'), 'BOM and stable header');
  t.match(csv.body, /2144000001,2024,P1-1,primary,1,44/);
});

t.test('teachers and teacher-years: stage against the school kind', async (t) => {
  let r = await h.call('PUT', '/v1/teachers/T001', { name: '李老师', gender: 'female', birthYear: 1985 });
  t.equal(r.status, 201);
  r = await h.call('PUT', '/v1/teachers/T001/years/2024', teacherYear());
  t.equal(r.status, 201, JSON.stringify(r.body));
  r = await h.call('PUT', '/v1/teachers/T001/years/2024', teacherYear({ stage: 'junior' }));
  problem(t, r, 422);
  t.match(r.body.errors[0], { pointer: '/stage', message: /a junior teacher cannot teach at 2144000001, a primary school/ });
  r = await h.call('PUT', '/v1/teachers/T404/years/2024', teacherYear({ schoolCode: '2144000404' }));
  t.same(r.body.errors.map((e: any) => e.pointer).sort(), ['/schoolCode', '/staffCode']);
  r = await h.call('PUT', '/v1/teachers/T001/years/2024', teacherYear({ education: 'phd', subject: 'Maths!' }));
  problem(t, r, 400);
  t.equal(r.body.errors.length, 2);
  r = await h.call('GET', '/v1/teachers?schoolCode=2144000001&year=2024');
  t.same(r.body.items.map((x: any) => x.staffCode), ['T001']);
  r = await h.call('GET', '/v1/teachers?schoolCode=2144000001&year=2023');
  t.equal(r.body.total, 0);
  r = await h.call('GET', '/v1/teacher-years?schoolCode=2144000001&year=2024&stage=primary');
  t.equal(r.body.items[0].trainingHours, 72);
  r = await h.call('GET', '/v1/teachers/T001/years');
  t.equal(r.body.total, 1);
  problem(t, await h.call('DELETE', '/v1/teachers/T001'), 409);
  t.equal((await h.call('DELETE', '/v1/teachers/T001/years/2024')).status, 204);
  t.equal((await h.call('DELETE', '/v1/teachers/T001')).status, 204);
});

t.test('county facts: ratios as counts, numerators within denominators', async (t) => {
  let r = await h.call('PUT', '/v1/counties/441427/years/2024/facts', {
    teacherAveragePayYuan: 98000,
    civilServantAveragePayYuan: 96000.5,
    nearbyEnrolmentPrimary: { numerator: 3050, denominator: 3050 },
    juniorConsolidation: { graduates: 1455, grade7Entrants: 1490, transfersIn: 22, transfersOut: 31, deaths: 1 },
    declared: [{ indicatorId: 'B8', met: true, evidence: '县域学校布局规划（2021—2035年）' }],
    qualityMonitoring: [{ subject: 'math', level: 3, betweenSchoolVarianceShare: 0.12 }],
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.equal(r.body.civilServantAveragePayYuan, 96000.5);
  r = await h.call('PUT', '/v1/counties/441427/years/2024/facts', {
    disabledEnrolment: { numerator: 121, denominator: 120 },
    declared: [
      { indicatorId: 'B8', met: true, evidence: 'a' },
      { indicatorId: 'B8', met: false, evidence: 'b' },
    ],
  });
  problem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer), ['/disabledEnrolment/numerator', '/declared/1/indicatorId']);
  r = await h.call('PUT', '/v1/counties/441427/years/2024/facts', { declared: [{ indicatorId: 'B1', met: true, evidence: 'x' }] });
  problem(t, r, 400);
  r = await h.call('GET', '/v1/counties/441427/years/2024/facts');
  t.equal(r.body.qualityMonitoring[0].level, 3);
  problem(t, await h.call('PUT', '/v1/counties/441499/years/2024/facts', {}), 422);
});

t.test('single-record GETs read no query: any field is a 400 naming it (format=xlsx too), as on the list routes', async (t) => {
  t.equal((await h.call('PUT', '/v1/schools/2144000777', school({ name: '查询小学' }))).status, 201);
  t.equal((await h.call('PUT', '/v1/schools/2144000777/years/2024', schoolYear())).status, 201);
  t.equal((await h.call('PUT', '/v1/teachers/Q001', { name: '王老师', gender: 'male', birthYear: 1990 })).status, 201);
  t.equal((await h.call('PUT', '/v1/teachers/Q001/years/2024', teacherYear({ schoolCode: '2144000777' }))).status, 201);
  t.equal((await h.call('PUT', '/v1/counties/441427/years/2023/facts', { teacherAveragePayYuan: 98000 })).status, 201);
  const records = [
    '/v1/counties/441427',
    '/v1/towns/441427100',
    '/v1/schools/2144000777',
    '/v1/schools/2144000777/years/2024',
    '/v1/teachers/Q001',
    '/v1/teachers/Q001/years/2024',
    '/v1/counties/441427/years/2023/facts',
    '/v1/counties/441427/years/2024/policy',
    '/v1/divisions/441427',
  ];
  for (const path of records) {
    const plain = await h.call('GET', path);
    t.equal(plain.status, 200, `${path}: ${plain.text.slice(0, 200)}`);
    for (const [query, field] of [['format=xlsx', 'format'], ['format=csv', 'format'], ['foo=1', 'foo'], ['format=json&x=', 'format']] as const) {
      const r = await h.call('GET', `${path}?${query}`);
      problem(t, r, 400);
      t.ok(r.body.errors.some((e: any) => e.in === 'query' && e.pointer === `/${field}`), `${path}?${query}: /${field} is named`);
    }
  }
  const both = await h.call('GET', '/v1/schools/2144000777?format=xlsx&foo=1');
  t.same(both.body.errors.map((e: any) => e.pointer).sort(), ['/foo', '/format'], 'every unknown field at once');
  problem(t, await h.call('GET', '/v1/schools?format=xlsx'), 400);
  const key = await h.makeKey({ scopes: ['read'] });
  t.equal((await h.call('GET', `/v1/api-keys/${key.id}`)).status, 200);
  problem(t, await h.call('GET', `/v1/api-keys/${key.id}?foo=1`), 400);
});

t.test('answers carry a request id, and keep the caller\'s', async (t) => {
  const r = await h.call('GET', '/v1/counties/441427', undefined, { 'x-request-id': 'county-sync-42' });
  t.equal(r.headers['x-request-id'], 'county-sync-42');
  const bad = await h.call('GET', '/v1/nowhere');
  problem(t, bad, 404);
  t.equal(bad.body.requestId, bad.headers['x-request-id']);
});
