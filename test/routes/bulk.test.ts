import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { school, schoolYear, teacherYear } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

const teachers = (n: number) => Array.from({ length: n }, (_, i) => ({ staffCode: `T${String(i).padStart(4, '0')}`, name: `教师${i}` }));
const teacherYears = (n: number) => teachers(n).map((x) => ({ staffCode: x.staffCode, year: 2024, ...teacherYear() }));

const body = (n = 50) => ({
  counties: [{ countyCode: '441427', name: '蕉岭县', cityCode: '441400', provinceCode: '44' }],
  towns: [{ townCode: '441427100', name: '蕉城镇', countyCode: '441427' }],
  schools: [
    { schoolCode: '2144000009', ...school({ name: '教学点', kind: 'teaching_point', areaType: 'rural', centralSchoolCode: '2144000001' }) },
    { schoolCode: '2144000001', ...school() },
  ],
  schoolYears: [{ schoolCode: '2144000001', year: 2024, ...schoolYear() }],
  classes: [
    { schoolCode: '2144000001', year: 2024, classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 },
    { schoolCode: '2144000001', year: 2024, classCode: 'P2-1', stage: 'primary', grade: 2, students: 41 },
  ],
  teachers: teachers(n),
  teacherYears: teacherYears(n),
  countyFacts: [{ countyCode: '441427', year: 2024, nearbyEnrolmentPrimary: { numerator: 10, denominator: 10 } }],
});

const counts = async () => {
  const sum = async (url: string) => (await h.call('GET', url)).body.total as number;
  return {
    counties: await sum('/v1/counties'),
    schools: await sum('/v1/schools'),
    teachers: await sum('/v1/teachers'),
    teacherYears: await sum('/v1/teacher-years'),
  };
};

t.test('dry run reports what would happen and writes nothing', async (t) => {
  const r = await h.call('POST', '/v1/bulk?dryRun=true', body());
  t.equal(r.status, 200, r.text);
  t.equal(r.body.dryRun, true);
  t.equal(r.body.committed, false);
  t.match(r.body.schools, { created: 2, updated: 0, unchanged: 0, errors: [] });
  t.match(r.body.teacherYears, { created: 50 });
  t.same(await counts(), { counties: 0, schools: 0, teachers: 0, teacherYears: 0 });
});

t.test('one bad row among many: 422 naming it, nothing written', async (t) => {
  const b = body(200);
  b.teacherYears[137] = { ...b.teacherYears[137]!, stage: 'junior' };
  (b.classes[1] as { students: number }).students = 41;
  b.schoolYears[0] = { ...b.schoolYears[0]!, boarders: 3 };
  const r = await h.call('POST', '/v1/bulk', b);
  t.equal(r.status, 422, r.text);
  t.match(r.headers['content-type'], /problem\+json/);
  t.same(
    r.body.errors.map((e: { pointer: string }) => e.pointer),
    ['/schoolYears/0/boarders', '/teacherYears/137/stage'],
  );
  t.equal(r.body.committed, false);
  t.equal(r.body.teacherYears.errors.length, 1);
  t.equal(r.body.teacherYears.created, 199, 'the summary still counts the rows that were fine');
  t.same(await counts(), { counties: 0, schools: 0, teachers: 0, teacherYears: 0 }, 'nothing was written');
});

t.test('schema problems in many rows are all reported with pointers', async (t) => {
  const b = body(5) as any;
  b.teacherYears[3].education = 'phd';
  b.teachers[1].nickname = 'x';
  b.schools[1].kind = 'castle';
  b.extra = [];
  const r = await h.call('POST', '/v1/bulk', b);
  t.equal(r.status, 400);
  t.same(
    r.body.errors.map((e: { pointer: string }) => e.pointer).sort(),
    ['/extra', '/schools/1/kind', '/teacherYears/3/education', '/teachers/1/nickname'],
  );
});

t.test('a schema problem in one row and a domain problem in another: both reported, each with its pointer', async (t) => {
  const b = body(8) as any;
  b.teacherYears[3].trainingHours = 'many';
  b.teacherYears[5].schoolCode = '2144000404';
  b.schoolYears[0].boarders = 3;
  const r = await h.call('POST', '/v1/bulk', b);
  assertProblem(t, r, 400);
  t.equal(r.body.type, '/problems/validation');
  t.same(
    r.body.errors.map((e: { pointer: string; in: string }) => [e.in, e.pointer]),
    [
      ['body', '/schoolYears/0/boarders'],
      ['body', '/teacherYears/3/trainingHours'],
      ['body', '/teacherYears/5/schoolCode'],
    ],
  );
  t.match(r.body.errors[2].message, /school 2144000404 does not exist/);
  t.equal(r.body.committed, false);
  t.equal(r.body.teacherYears.errors.length, 2, 'the summary lists both kinds of problem');
  t.equal(r.body.teacherYears.created, 6, 'the rows that were fine are still counted');
  t.same(await counts(), { counties: 0, schools: 0, teachers: 0, teacherYears: 0 }, 'nothing was written');
});

t.test('rows referring to a row that failed the schema are not checked; unrelated rows are', async (t) => {
  const b = body(3) as any;
  b.schools[1].kind = 'castle'; // the central school of the teaching point, and the school of every other row
  b.schoolYears.push({ schoolCode: '2144000009', year: 2024, ...schoolYear() }); // of the teaching point, two steps away
  b.countyFacts[0].nearbyEnrolmentPrimary = { numerator: 11, denominator: 10 };
  const r = await h.call('POST', '/v1/bulk', b);
  assertProblem(t, r, 400);
  t.same(
    r.body.errors.map((e: { pointer: string }) => e.pointer),
    ['/schools/1/kind', '/countyFacts/0/nearbyEnrolmentPrimary/numerator'],
    'no "school 2144000001 does not exist" for the rows that name the rejected school',
  );
  t.match(r.body.counties, { created: 1, errors: [] });

  const notAnArray = body(3) as any;
  notAnArray.schools = { schoolCode: '2144000001' };
  notAnArray.countyFacts[0].nearbyEnrolmentPrimary = { numerator: 11, denominator: 10 };
  const whole = await h.call('POST', '/v1/bulk', notAnArray);
  assertProblem(t, whole, 400);
  t.same(
    whole.body.errors.map((e: { pointer: string }) => e.pointer),
    ['/schools', '/countyFacts/0/nearbyEnrolmentPrimary/numerator'],
    'a collection that cannot be read leaves the rows naming a school unchecked',
  );
  t.same(await counts(), { counties: 0, schools: 0, teachers: 0, teacherYears: 0 }, 'nothing was written');
});

t.test('a bad query string is reported with the body problems; neither body nor data checks decide alone', async (t) => {
  const b = body(2) as any;
  b.teachers[0].nickname = 'x';
  const r = await h.call('POST', '/v1/bulk?dryRun=perhaps', b);
  assertProblem(t, r, 400);
  t.same(
    r.body.errors.map((e: { pointer: string; in: string }) => [e.in, e.pointer]),
    [
      ['query', '/dryRun'],
      ['body', '/teachers/0/nickname'],
    ],
  );
  const query = await h.call('POST', '/v1/bulk?dryRun=perhaps', body(2));
  assertProblem(t, query, 400);
  t.same(query.body.errors.map((e: { pointer: string; in: string }) => [e.in, e.pointer]), [['query', '/dryRun']]);
  const root = await h.call('POST', '/v1/bulk', [body(1)]);
  assertProblem(t, root, 400);
  t.same(root.body.errors.map((e: { pointer: string }) => e.pointer), ['/']);
  t.same(await counts(), { counties: 0, schools: 0, teachers: 0, teacherYears: 0 }, 'nothing was written');
});

t.test('a good load commits every collection; loading it again changes nothing', async (t) => {
  let r = await h.call('POST', '/v1/bulk', body());
  t.equal(r.status, 200, r.text);
  t.equal(r.body.committed, true);
  t.match(r.body.counties, { created: 1 });
  t.match(r.body.classes, { created: 2 });
  t.match(r.body.countyFacts, { created: 1 });
  t.same(await counts(), { counties: 1, schools: 2, teachers: 50, teacherYears: 50 });
  r = await h.call('POST', '/v1/bulk', body());
  t.match(r.body.teacherYears, { created: 0, updated: 0, unchanged: 50 });
  const changed = body();
  changed.teacherYears[4] = { ...changed.teacherYears[4]!, trainingHours: 80 };
  r = await h.call('POST', '/v1/bulk', changed);
  t.match(r.body.teacherYears, { created: 0, updated: 1, unchanged: 49 });
  r = await h.call('GET', '/v1/teachers/T0004/years/2024');
  t.equal(r.body.trainingHours, 80);
});

t.test('items of list answers sent back as rows: timestamps ignored, nothing changes', async (t) => {
  const items = async (url: string) => (await h.call('GET', url)).body.items as Record<string, unknown>[];
  const facts = (await h.call('GET', '/v1/counties/441427/years/2024/facts')).body;
  const lists = {
    counties: await items('/v1/counties'),
    towns: await items('/v1/towns'),
    schools: await items('/v1/schools'),
    schoolYears: await items('/v1/schools/2144000001/years'),
    classes: (await h.call('GET', '/v1/schools/2144000001/years/2024/classes')).body.items,
    teachers: await items('/v1/teachers'),
    teacherYears: await items('/v1/teacher-years'),
    countyFacts: [facts],
  };
  t.type(lists.schools[0]?.updatedAt, 'string', 'list items carry their timestamps');
  const r = await h.call('POST', '/v1/bulk', lists);
  t.equal(r.status, 200, r.text);
  for (const name of Object.keys(lists) as (keyof typeof lists)[])
    t.match(r.body[name], { created: 0, updated: 0, unchanged: lists[name].length, errors: [] }, `${name} unchanged`);
  t.same((await h.call('GET', '/v1/counties/441427/years/2024/facts')).body, facts, 'no timestamp was stored among the facts');
  const bad = await h.call('POST', '/v1/bulk', { schools: [{ ...lists.schools[0], updatedAt: 'yesterday' }] });
  assertProblem(t, bad, 400);
  t.same(bad.body.errors.map((e: { pointer: string }) => e.pointer), ['/schools/0/updatedAt'], 'a timestamp must still be one');
});

t.test('duplicate natural keys inside one load are errors', async (t) => {
  const b = body(3);
  b.teachers.push({ staffCode: 'T0001', name: '重复' });
  const r = await h.call('POST', '/v1/bulk', b);
  t.equal(r.status, 422);
  t.match(r.body.errors[0], { pointer: '/teachers/3/staffCode', message: /duplicate of item 1/ });
});

t.test('an empty body is a valid, empty load', async (t) => {
  const r = await h.call('POST', '/v1/bulk', {});
  t.equal(r.status, 200);
  t.same(r.body, { dryRun: false, committed: true });
});
