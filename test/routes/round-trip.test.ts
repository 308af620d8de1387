import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { county, school, schoolYear, teacherYear, town } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

// Every PUT takes back what its GET answered: the same body unchanged is a 200 that changes nothing, an
// edited one is a 200 that changes the record, and a key that disagrees with the path is a 400 naming it.
const h = await createTestApp();
t.teardown(() => h.close());

await h.call('PUT', '/v1/counties/441427', county);
await h.call('PUT', '/v1/towns/441427100', town);
await h.call('PUT', '/v1/schools/2144000001', school());
await h.call('PUT', '/v1/schools/2144000001/years/2024', schoolYear());
await h.call('PUT', '/v1/schools/2144000001/years/2024/classes', [
  { classCode: 'P1-1', stage: 'primary', grade: 1, students: 45 },
  { classCode: 'P2-1', stage: 'primary', grade: 2, students: 40 },
]);
await h.call('PUT', '/v1/teachers/T001', { name: '李老师', gender: 'female', birthYear: 1985 });
await h.call('PUT', '/v1/teachers/T001/years/2024', teacherYear());
await h.call('PUT', '/v1/counties/441427/years/2024/facts', {
  teacherAveragePayYuan: 98000,
  nearbyEnrolmentPrimary: { numerator: 3050, denominator: 3050 },
  declared: [{ indicatorId: 'B8', met: true, evidence: '县域学校布局规划' }],
});
await h.call('PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'guangdong-2018' });

type Body = Record<string, any>;

interface Resource {
  name: string;
  url: string;
  /** One writable field changed. */
  edit: (record: Body) => Body;
  /** A key member of the body and a value for it other than the path's. */
  key: [field: string, other: unknown];
}

const RESOURCES: Resource[] = [
  { name: 'county', url: '/v1/counties/441427', edit: (r) => ({ ...r, name: '蕉岭县（改）' }), key: ['countyCode', '441481'] },
  { name: 'town', url: '/v1/towns/441427100', edit: (r) => ({ ...r, name: '蕉城镇（改）' }), key: ['townCode', '441427101'] },
  { name: 'school', url: '/v1/schools/2144000001', edit: (r) => ({ ...r, name: '蕉岭县测试小学（改）' }), key: ['schoolCode', '2144000002'] },
  { name: 'school-year', url: '/v1/schools/2144000001/years/2024', edit: (r) => ({ ...r, multimediaClassrooms: 25 }), key: ['year', 2023] },
  { name: 'teacher', url: '/v1/teachers/T001', edit: (r) => ({ ...r, birthYear: 1986 }), key: ['staffCode', 'T002'] },
  { name: 'teacher-year', url: '/v1/teachers/T001/years/2024', edit: (r) => ({ ...r, trainingHours: 80 }), key: ['staffCode', 'T002'] },
  { name: 'county facts', url: '/v1/counties/441427/years/2024/facts', edit: (r) => ({ ...r, teacherAveragePayYuan: 99000.5 }), key: ['year', 2025] },
  { name: 'policy assignment', url: '/v1/counties/441427/years/2024/policy', edit: (r) => ({ ...r, policyId: 'national-2017' }), key: ['countyCode', '441481'] },
];

/** Audit events a request wrote, found by its request id. */
const eventsOf = async (requestId: string) => (await h.call('GET', `/v1/audit-events?requestId=${requestId}`)).body.items as Body[];

for (const resource of RESOURCES) {
  t.test(`${resource.name}: GET, PUT back, edit, key against the path`, async (t) => {
    const read = await h.call('GET', resource.url);
    t.equal(read.status, 200, read.text);
    t.type(read.body.updatedAt, 'string', 'the GET answer carries its read-only updatedAt');

    const same = await h.call('PUT', resource.url, read.body, { 'x-request-id': `same-${resource.name.replace(/ /g, '-')}` });
    t.equal(same.status, 200, `the unchanged GET answer is accepted: ${same.text}`);
    t.same(same.body, read.body, 'and answered unchanged');
    t.equal(same.body.updatedAt, read.body.updatedAt, 'updatedAt stays');
    t.same(await eventsOf(`same-${resource.name.replace(/ /g, '-')}`), [], 'nothing was written');

    const edited = resource.edit(read.body);
    const changed = await h.call('PUT', resource.url, edited, { 'x-request-id': `edit-${resource.name.replace(/ /g, '-')}` });
    t.equal(changed.status, 200, changed.text);
    const field = Object.keys(edited).find((k) => JSON.stringify(edited[k]) !== JSON.stringify(read.body[k])) as string;
    t.same(changed.body[field], edited[field], `${field} was stored`);
    t.same((await h.call('GET', resource.url)).body[field], edited[field], 'and is what GET answers now');
    const events = await eventsOf(`edit-${resource.name.replace(/ /g, '-')}`);
    t.equal(events.length, 1, 'one update event');
    t.equal(events[0]?.action, 'update');

    const [keyField, other] = resource.key;
    const before = (await h.call('GET', resource.url)).body;
    const wrongKey = await h.call('PUT', resource.url, { ...before, [keyField]: other });
    assertProblem(t, wrongKey, 400);
    t.same(
      wrongKey.body.errors.map((e: Body) => [e.in, e.pointer]),
      [['body', `/${keyField}`]],
      'the key that disagrees with the path is named',
    );
    t.match(wrongKey.body.errors[0].message, /must equal the path/);

    const both = await h.call('PUT', resource.url, { ...before, [keyField]: other, colour: 'red' });
    assertProblem(t, both, 400);
    t.same(
      both.body.errors.map((e: Body) => e.pointer).sort(),
      [`/${keyField}`, '/colour'].sort(),
      'an unknown field is still an error, reported beside the key',
    );
    t.same((await h.call('GET', resource.url)).body, before, 'the refused PUTs changed nothing');
  });
}

t.test('read-only members are checked for their type, and ignored', async (t) => {
  const read = (await h.call('GET', '/v1/schools/2144000001')).body;
  const old = await h.call('PUT', '/v1/schools/2144000001', { ...read, name: '蕉岭县测试小学', createdAt: '2001-01-01T00:00:00.000Z', updatedAt: '2001-01-01T00:00:00.000Z' });
  t.equal(old.status, 200, old.text);
  t.equal(old.body.createdAt, read.createdAt, 'createdAt is the stored one');
  t.not(old.body.updatedAt, '2001-01-01T00:00:00.000Z', 'updatedAt is the service’s');
  const bad = await h.call('PUT', '/v1/schools/2144000001', { ...read, updatedAt: 7 });
  assertProblem(t, bad, 400);
  t.same(bad.body.errors.map((e: Body) => e.pointer), ['/updatedAt']);
  const withoutKeys = await h.call('PUT', '/v1/schools/2144000001', school());
  t.equal(withoutKeys.status, 200, 'a body without any read-only member is fine as before');
});

t.test('a policy assignment GET of the default, sent back, assigns that profile', async (t) => {
  const read = await h.call('GET', '/v1/counties/441427/years/2023/policy');
  t.match(read.body, { source: 'default', policyId: 'jiaoling-2023', updatedAt: null });
  const put = await h.call('PUT', '/v1/counties/441427/years/2023/policy', read.body);
  t.equal(put.status, 201, put.text);
  t.match(put.body, { source: 'assigned', policyId: 'jiaoling-2023' });
  const again = await h.call('PUT', '/v1/counties/441427/years/2023/policy', put.body);
  t.equal(again.status, 200);
  t.equal(again.body.updatedAt, put.body.updatedAt, 'sent back unchanged, it changes nothing');
});

t.test('classes: the GET answer, or its items, sent back', async (t) => {
  const url = '/v1/schools/2144000001/years/2024/classes';
  const read = await h.call('GET', url);
  t.equal(read.body.total, 2);
  t.same(Object.keys(read.body.items[0]).sort(), ['classCode', 'grade', 'schoolCode', 'stage', 'students', 'year']);

  const whole = await h.call('PUT', url, read.body, { 'x-request-id': 'classes-whole' });
  t.equal(whole.status, 200, whole.text);
  t.same(whole.body, read.body, 'the { items, total } answer is taken back unchanged');
  t.same(await eventsOf('classes-whole'), [], 'nothing was written');

  const items = await h.call('PUT', url, read.body.items, { 'x-request-id': 'classes-items' });
  t.equal(items.status, 200, items.text);
  t.same(items.body, read.body, 'so are its items as an array');
  t.same(await eventsOf('classes-items'), []);

  const edited = { ...read.body, items: [{ ...read.body.items[0], students: 44 }, read.body.items[1]] };
  const changed = await h.call('PUT', url, edited, { 'x-request-id': 'classes-edit' });
  t.equal(changed.status, 200, changed.text);
  t.equal(changed.body.items[0].students, 44);
  t.same((await eventsOf('classes-edit')).map((e) => [e.action, e.entityKey]), [['update', '2144000001/2024/P1-1']]);

  const wrong = await h.call('PUT', url, { items: [read.body.items[0], { ...read.body.items[1], year: 2023, schoolCode: '2144000002' }], total: 2 });
  assertProblem(t, wrong, 400);
  t.same(wrong.body.errors.map((e: Body) => e.pointer).sort(), ['/items/1/schoolCode', '/items/1/year']);
  const wrongArray = await h.call('PUT', url, [{ ...read.body.items[0], year: 2023, students: 'many' }]);
  assertProblem(t, wrongArray, 400);
  t.same(wrongArray.body.errors.map((e: Body) => e.pointer).sort(), ['/0/students', '/0/year'], 'schema and key problems at once');
  const unknown = await h.call('PUT', url, { items: [], total: 0, next: null });
  assertProblem(t, unknown, 400);
  t.same(unknown.body.errors.map((e: Body) => e.pointer), ['/next']);
  const domain = await h.call('PUT', url, { items: [{ ...read.body.items[0], stage: 'junior', grade: 7 }] });
  assertProblem(t, domain, 422);
  t.same(domain.body.errors.map((e: Body) => e.pointer), ['/items/0/stage'], 'domain problems point into items too');
  t.equal((await h.call('GET', url)).body.items[0].students, 44, 'the refused PUTs changed nothing');
});
