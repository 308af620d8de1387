import { fileTest } from '../helpers/file-test.js';
import { TOWNS } from '../../src/demo/plan.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { school, schoolYear, teacherYear } from '../helpers/fixtures.js';
import { fingerprint } from '../helpers/security.js';

const t = fileTest(import.meta);

// Two counties; keys bound to one of them. Records of the other are answered as if they did not exist.
const h = await createTestApp();
t.teardown(() => h.close());

await h.call('PUT', '/v1/counties/441427', { name: '蕉岭县' });
await h.call('PUT', '/v1/counties/441481', { name: '兴宁市' });
await h.call('PUT', '/v1/towns/441427100', { name: '蕉城镇', countyCode: '441427' });
await h.call('PUT', '/v1/towns/441481100', { name: '兴田街道', countyCode: '441481' });
await h.call('PUT', '/v1/schools/2144270001', school());
await h.call('PUT', '/v1/schools/2144810001', school({ name: '兴宁小学', countyCode: '441481', townCode: '441481100' }));
await h.call('PUT', '/v1/schools/2144270001/years/2024', schoolYear());
await h.call('PUT', '/v1/schools/2144810001/years/2024', schoolYear());
await h.call('PUT', '/v1/schools/2144810001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 }]);
await h.call('PUT', '/v1/teachers/JL001', { name: '蕉岭老师' });
await h.call('PUT', '/v1/teachers/JL001/years/2024', teacherYear({ schoolCode: '2144270001' }));
await h.call('PUT', '/v1/teachers/XN001', { name: '兴宁老师' });
await h.call('PUT', '/v1/teachers/XN001/years/2024', teacherYear({ schoolCode: '2144810001' }));
await h.call('PUT', '/v1/counties/441481/years/2024/facts', { teacherAveragePayYuan: 1 });

const jl = h.as((await h.makeKey({ name: 'jiaoling', scopes: ['read', 'write', 'audit'], counties: ['441427'] })).token);
const both = h.as((await h.makeKey({ name: 'both', scopes: ['read'], counties: ['441427', '441481'] })).token);

t.test('reads: 404 for every record of another county, exactly like a missing one', async (t) => {
  for (const path of [
    '/v1/counties/441481',
    '/v1/towns/441481100',
    '/v1/schools/2144810001',
    '/v1/schools/2144810001/years/2024',
    '/v1/schools/2144810001/years/2024/classes',
    '/v1/teachers/XN001',
    '/v1/teachers/XN001/years/2024',
    '/v1/counties/441481/years/2024/facts',
  ]) {
    const hidden = await jl('GET', path);
    assertProblem(t, hidden, 404);
    const missing = await jl('GET', path.replace('441481', '441499').replace('2144810001', '2144990001').replace('XN001', 'ZZ999'));
    t.equal(hidden.body.detail.replace(/441481|2144810001|XN001/g, 'X'), missing.body.detail.replace(/441499|2144990001|ZZ999/g, 'X'), `${path}: the same words as for a missing record`);
  }
  t.equal((await jl('GET', '/v1/schools/2144270001')).status, 200, 'its own county reads');
  t.equal((await both('GET', '/v1/schools/2144810001')).status, 200, 'a key of two counties reads both');
});

t.test('lists: filtered to the key\'s counties, never refused', async (t) => {
  const codes = async (path: string, field: string) => ((await jl('GET', path)).body.items as any[]).map((i) => i[field]);
  t.same(await codes('/v1/counties', 'countyCode'), ['441427']);
  t.same(await codes('/v1/towns', 'townCode'), TOWNS.map((x) => x.townCode), 'the towns 441427 came with (docs/divisions.md)');
  t.same(await codes('/v1/schools', 'schoolCode'), ['2144270001']);
  t.same(await codes('/v1/schools?countyCode=441481', 'schoolCode'), [], 'asking for the other county by filter gives nothing');
  t.same(await codes('/v1/schools/2144810001/years', 'year'), []);
  t.same(await codes('/v1/teachers', 'staffCode'), ['JL001'], 'teachers: only those with a teacher-year in the county');
  t.same(await codes('/v1/teacher-years', 'staffCode'), ['JL001']);
  t.same(await codes('/v1/teachers/XN001/years', 'year'), []);
  const total = (await jl('GET', '/v1/schools')).body.total;
  t.equal(total, 1, 'the total counts visible rows only');
  const csv = await jl('GET', '/v1/schools?format=csv');
  t.notOk(csv.text.includes('2144810001'), 'CSV is filtered the same way');
  t.same(((await both('GET', '/v1/schools')).body.items as any[]).map((s) => s.schoolCode), ['2144270001', '2144810001']);
});

t.test('single writes: another county\'s record is 404 (or the missing reference it would be), nothing written', async (t) => {
  const before = await fingerprint(h.database.db);
  assertProblem(t, await jl('PUT', '/v1/counties/441481', { name: '改名' }), 404);
  assertProblem(t, await jl('PUT', '/v1/counties/441482', { name: '新县' }), 404);
  assertProblem(t, await jl('DELETE', '/v1/counties/441481'), 404);
  const r0 = await jl('PUT', '/v1/towns/441481100', { name: '改名', countyCode: '441481' });
  t.match(r0.body.errors, [{ pointer: '/countyCode', message: 'county 441481 does not exist' }], 'naming another county: as for a missing county');
  assertProblem(t, await jl('PUT', '/v1/towns/441481100', { name: '改名', countyCode: '441427' }), 404);
  assertProblem(t, await jl('DELETE', '/v1/towns/441481100'), 404);
  // Moving the other county's school into one's own county is refused like touching a missing record.
  let r = await jl('PUT', '/v1/schools/2144810001', school());
  assertProblem(t, r, 404);
  t.equal(r.body.detail, 'school 2144810001 does not exist');
  assertProblem(t, await jl('DELETE', '/v1/schools/2144810001'), 404);
  r = await jl('PUT', '/v1/schools/2144270009', school({ countyCode: '441481', townCode: undefined }));
  assertProblem(t, r, 422);
  t.same(r.body.errors, [{ pointer: '/countyCode', message: 'county 441481 does not exist', in: 'body' }], 'a new school in another county');
  r = await jl('PUT', '/v1/schools/2144270009', school({ townCode: '441481100' }));
  t.match(r.body.errors, [{ pointer: '/townCode', message: 'town 441481100 does not exist' }], 'a town of another county');
  r = await jl('PUT', '/v1/schools/2144270009', school({ kind: 'teaching_point', centralSchoolCode: '2144810001' }));
  t.match(r.body.errors, [{ pointer: '/centralSchoolCode', message: 'central school 2144810001 does not exist' }]);
  r = await jl('PUT', '/v1/schools/2144810001/years/2024', schoolYear({ boarders: 5 }));
  assertProblem(t, r, 422);
  t.same(r.body.errors, [{ pointer: '/schoolCode', message: 'school 2144810001 does not exist', in: 'path' }], 'no other message (e.g. "not a boarding school") leaks');
  const missing = await jl('PUT', '/v1/schools/2144990001/years/2024', schoolYear());
  t.same(missing.body.errors, [{ pointer: '/schoolCode', message: 'school 2144990001 does not exist', in: 'path' }], 'identical to a missing school');
  assertProblem(t, await jl('DELETE', '/v1/schools/2144810001/years/2024'), 404);
  assertProblem(t, await jl('PUT', '/v1/schools/2144810001/years/2024/classes', []), 404);
  assertProblem(t, await jl('PUT', '/v1/teachers/XN001', { name: '改名' }), 404);
  assertProblem(t, await jl('DELETE', '/v1/teachers/XN001'), 404);
  r = await jl('PUT', '/v1/teachers/XN001/years/2023', teacherYear({ schoolCode: '2144270001' }));
  t.match(r.body.errors, [{ pointer: '/staffCode', message: 'teacher XN001 does not exist' }], 'cannot claim another county\'s teacher');
  r = await jl('PUT', '/v1/teachers/JL001/years/2024', teacherYear({ schoolCode: '2144810001' }));
  t.match(r.body.errors, [{ pointer: '/schoolCode', message: 'school 2144810001 does not exist' }]);
  assertProblem(t, await jl('DELETE', '/v1/teachers/XN001/years/2024'), 404);
  r = await jl('PUT', '/v1/counties/441481/years/2024/facts', {});
  t.match(r.body.errors, [{ pointer: '/countyCode', message: 'county 441481 does not exist' }]);
  assertProblem(t, await jl('DELETE', '/v1/counties/441481/years/2024/facts'), 404);
  t.equal(await fingerprint(h.database.db), before, 'none of it was written');
});

t.test('own county: writes work, and a new teacher can be placed', async (t) => {
  t.equal((await jl('PUT', '/v1/schools/2144270002', school({ name: '新学校' }))).status, 201);
  // A new teacher belongs to no county until a teacher-year places it: the key may write it, then place it.
  t.equal((await jl('PUT', '/v1/teachers/JL002', { name: '新老师' })).status, 201);
  assertProblem(t, await jl('GET', '/v1/teachers/JL002'), 404);
  t.equal((await jl('PUT', '/v1/teachers/JL002', { name: '新老师', gender: 'male' })).status, 200, 'an unplaced teacher may still be written');
  t.equal((await jl('PUT', '/v1/teachers/JL002/years/2024', teacherYear({ schoolCode: '2144270002' }))).status, 201);
  t.equal((await jl('GET', '/v1/teachers/JL002')).status, 200, 'placed in the county, it is visible');
  const events = await jl('GET', '/v1/audit-events?entityKey=JL002/2024');
  t.equal(events.body.items.length, 1, 'the key sees the audit events of its county');
  const teacher = await jl('GET', '/v1/audit-events?entityKey=JL002');
  t.equal(teacher.body.total, 0, 'a teacher record belongs to no county: its events are for unbound keys only');
  t.equal((await h.call('GET', '/v1/audit-events?entityKey=JL002')).body.total, 2);
});

t.test('bulk: a row of another county is an error for that row, and nothing is written', async (t) => {
  const before = await fingerprint(h.database.db);
  const r = await jl('POST', '/v1/bulk', {
    schools: [school({ schoolCode: '2144270003', name: '甲' }), { ...school({ countyCode: '441481', townCode: undefined }), schoolCode: '2144810001' }],
    schoolYears: [{ ...schoolYear(), schoolCode: '2144810001', year: 2023 }, { ...schoolYear(), schoolCode: '2144270003', year: 2024 }],
    classes: [{ schoolCode: '2144810001', year: 2024, classCode: 'P1-9', stage: 'primary', grade: 1, students: 3 }],
    teachers: [{ staffCode: 'XN001', name: '改名' }],
    teacherYears: [{ ...teacherYear({ schoolCode: '2144270003' }), staffCode: 'XN001', year: 2023 }],
    countyFacts: [{ countyCode: '441481', year: 2023 }],
  });
  assertProblem(t, r, 422);
  t.same(
    r.body.errors.map((e: any) => `${e.pointer} ${e.message}`),
    [
      '/schools/1/countyCode county 441481 does not exist',
      '/schoolYears/0/schoolCode school 2144810001 does not exist',
      '/classes/0/schoolCode school 2144810001 does not exist',
      '/teachers/0/staffCode teacher XN001 does not exist',
      '/teacherYears/0/staffCode teacher XN001 does not exist',
      '/countyFacts/0/countyCode county 441481 does not exist',
    ],
    'one error per foreign row; the rows of its own county pass',
  );
  t.equal(await fingerprint(h.database.db), before);
});
