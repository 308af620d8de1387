// The task tracker over HTTP: the shipped tasks, filters, overdue at a fixed date, the progress round trip
// with its audit events, bad input, county binding and scopes.
import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { county, school, schoolYear, town } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

const BASE = '/v1/counties/441427/tasks';
const progressRows = async () => {
  const { rows } = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM plan_task_progress`);
  return rows[0]?.n ?? -1;
};
const auditCount = async () => {
  const { rows } = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity = 'plan-task'`);
  return rows[0]?.n ?? -1;
};
const ids = (items: { taskId: string }[]) => items.map((x) => x.taskId);

t.test('the 14 tasks of the plan, not started, in the table\'s order', async (t) => {
  const r = await h.call('GET', `${BASE}?asOf=2023-01-01`);
  t.equal(r.status, 200);
  t.equal(r.body.total, 14);
  t.equal(r.body.asOf, '2023-01-01');
  t.match(r.body.source, /附件3/);
  t.same(ids(r.body.items), ['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10', 'T11', 'T12', 'T13', 'T14']);
  const t03 = r.body.items[2];
  t.match(t03, {
    countyCode: '441427',
    taskId: 'T03',
    number: 3,
    deadline: '2023-05-31',
    deadlineText: '2023年5月',
    status: 'not_started',
    overdue: false,
    notes: '',
    evidence: [],
    indicators: ['B8'],
    updatedAt: null,
    updatedBy: null,
  });
  t.same(t03.responsibleUnits[3], { unitId: 'housing-construction-bureau', name: '县住房城乡建设局' });
  const page = await h.call('GET', `${BASE}?limit=5&offset=10`);
  t.same(ids(page.body.items), ['T11', 'T12', 'T13', 'T14']);
  t.equal(page.body.total, 14);
});

t.test('overdue on both sides of a deadline: the deadline day is on time, the day after is overdue', async (t) => {
  const on = await h.call('GET', `${BASE}/T01?asOf=2023-04-30`);
  t.same([on.status, on.body.deadline, on.body.overdue], [200, '2023-04-30', false]);
  const after = await h.call('GET', `${BASE}/T01?asOf=2023-05-01`);
  t.equal(after.body.overdue, true);
  const list = await h.call('GET', `${BASE}?overdue=true&asOf=2023-05-01`);
  t.same(ids(list.body.items), ['T01', 'T02'], 'only the two April tasks');
  const notYet = await h.call('GET', `${BASE}?overdue=false&asOf=2023-05-01`);
  t.equal(notYet.body.total, 12);
  const late = await h.call('GET', `${BASE}?overdue=true&asOf=2099-01-01`);
  t.same(ids(late.body.items), ['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T12', 'T13', 'T14'], 'ongoing tasks (持续推进) never');
  const today = await h.call('GET', `${BASE}/T09`);
  t.match(today.body, { deadline: null, overdue: false });
  t.match(today.body, { status: 'not_started' });
});

t.test('filters: indicator, responsible unit by id or any of its names, status', async (t) => {
  t.same(ids((await h.call('GET', `${BASE}?indicator=B12`)).body.items), ['T01', 'T04', 'T12', 'T14']);
  const finance = ['T03', 'T04', 'T07', 'T08', 'T12'];
  t.same(ids((await h.call('GET', `${BASE}?responsibleUnit=finance-bureau`)).body.items), finance);
  t.same(ids((await h.call('GET', `${BASE}?responsibleUnit=${encodeURIComponent('县财政局')}`)).body.items), finance);
  const reform = ['T04', 'T11', 'T12'];
  t.same(ids((await h.call('GET', `${BASE}?responsibleUnit=${encodeURIComponent('县发改局')}`)).body.items), reform, '附件3\'s short name');
  t.same(ids((await h.call('GET', `${BASE}?responsibleUnit=${encodeURIComponent('县发展改革局')}`)).body.items), reform, '附件2\'s name');
  t.same(ids((await h.call('GET', `${BASE}?responsibleUnit=towns&indicator=B1`)).body.items), ['T14']);
  const unknown = await h.call('GET', `${BASE}?responsibleUnit=${encodeURIComponent('县体育局')}`);
  assertProblem(t, unknown, 422);
  t.match(unknown.body.errors, [{ in: 'query', pointer: '/responsibleUnit' }]);
  const bad = await h.call('GET', `${BASE}?status=finished&indicator=B32&overdue=maybe&asOf=2023-02-30`);
  assertProblem(t, bad, 400);
  t.same(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/asOf', '/indicator', '/overdue', '/status'], 'every problem at once');
});

t.test('progress round trip: status, notes and evidence written, audited, read back; unchanged writes nothing', async (t) => {
  const writer = await h.makeKey({ scopes: ['read', 'write'], counties: ['441427'] });
  const body = { status: 'in_progress', notes: '已完成立项，9月开工', evidence: ['https://example.gov.cn/doc/1.pdf', 'http://example.gov.cn/photo'] };
  const put = await h.as(writer.token)('PUT', `${BASE}/T07?asOf=2024-10-01`, body);
  t.equal(put.status, 200);
  t.match(put.body, { taskId: 'T07', ...body, overdue: true, updatedBy: writer.id });
  t.type(put.body.updatedAt, 'string');
  t.match(put.body.text, /^按标准完善补充各校教仪设施设备/, 'the plan\'s text stays');
  const got = await h.call('GET', `${BASE}/T07`);
  t.same(got.body, { ...put.body, overdue: got.body.overdue }, 'GET answers what PUT answered');

  const events = await h.call('GET', '/v1/audit-events?entity=plan-task');
  t.equal(events.body.total, 1);
  t.match(events.body.items[0], { action: 'create', entityKey: '441427/T07', countyCode: '441427', keyId: writer.id, before: null, after: body });

  // Sending the GET answer back with one change: the read-only members are ignored.
  const done = await h.as(writer.token)('PUT', `${BASE}/T07?asOf=2024-10-01`, { ...got.body, status: 'done', overdue: true, text: 'ignored' });
  t.equal(done.status, 200);
  t.match(done.body, { status: 'done', overdue: false, notes: body.notes });
  t.match(done.body.text, /^按标准完善补充各校教仪设施设备/);
  const after = await h.call('GET', '/v1/audit-events?entity=plan-task');
  t.equal(after.body.total, 2);
  t.match(after.body.items[1], { action: 'update', entityKey: '441427/T07', before: { status: 'in_progress' }, after: { status: 'done', evidence: body.evidence } });

  const again = await h.as(writer.token)('PUT', `${BASE}/T07`, { status: 'done', notes: body.notes, evidence: body.evidence });
  t.equal(again.status, 200);
  t.equal(again.body.updatedAt, done.body.updatedAt, 'unchanged: updatedAt stays');
  t.equal(await auditCount(), 2, 'unchanged: no event');

  const cleared = await h.call('PUT', `${BASE}/T07`, { status: 'in_progress' });
  t.match(cleared.body, { status: 'in_progress', notes: '', evidence: [] }, 'left out means none: a PUT replaces the progress');
  t.equal((await h.call('GET', `${BASE}?status=in_progress`)).body.total, 1);
  t.equal((await h.call('GET', `${BASE}?status=not_started`)).body.total, 13);
  t.equal(await progressRows(), 1);
});

t.test('bad input: 400 with every problem, nothing written', async (t) => {
  const before = [await progressRows(), await auditCount()];
  const r = await h.call('PUT', `${BASE}/T05`, {
    status: 'finished',
    notes: 'x'.repeat(4001),
    evidence: ['javascript:alert(1)', 'ftp://example.org/file', 'not a url', 'https://ok.example.org/a'],
    colour: 'red',
    taskId: 'T06',
  });
  assertProblem(t, r, 400);
  const pointers = r.body.errors.map((e: { pointer: string }) => e.pointer);
  for (const p of ['/status', '/notes', '/evidence/0', '/evidence/1', '/evidence/2', '/taskId']) t.ok(pointers.includes(p), `names ${p}`);
  t.ok(pointers.some((p: string) => p === '/colour' || p === ''), 'names the unknown member');
  t.notOk(pointers.includes('/evidence/3'), 'the good link is no problem');
  const dup = await h.call('PUT', `${BASE}/T05`, { status: 'done', evidence: ['https://a.example.org/', 'https://a.example.org/'] });
  assertProblem(t, dup, 400);
  const many = await h.call('PUT', `${BASE}/T05`, { status: 'done', evidence: Array.from({ length: 21 }, (_, i) => `https://a.example.org/${i}`) });
  assertProblem(t, many, 400);
  const noStatus = await h.call('PUT', `${BASE}/T05`, { notes: 'x' });
  assertProblem(t, noStatus, 400);
  const badId = await h.call('PUT', '/v1/counties/441427/tasks/5', { status: 'done' });
  assertProblem(t, badId, 400);
  t.same([await progressRows(), await auditCount()], before, 'nothing written');
});

t.test('unknown tasks and counties without a plan', async (t) => {
  assertProblem(t, await h.call('GET', `${BASE}/T99`), 404);
  assertProblem(t, await h.call('PUT', `${BASE}/T99`, { status: 'done' }), 404);
  // A recorded county without a shipped plan: no tasks, no units, nothing to write.
  t.equal((await h.call('PUT', '/v1/counties/441481', { ...county, name: '兴宁市' })).status, 201);
  const none = await h.call('GET', '/v1/counties/441481/tasks');
  t.match(none, { status: 200, body: { countyCode: '441481', source: null, items: [], total: 0 } });
  t.match(await h.call('GET', '/v1/counties/441481/responsible-units'), { status: 200, body: { items: [], total: 0 } });
  assertProblem(t, await h.call('PUT', '/v1/counties/441481/tasks/T01', { status: 'done' }), 404);
  assertProblem(t, await h.call('GET', '/v1/counties/441481/tasks/T01'), 404);
  // Neither recorded nor planned.
  assertProblem(t, await h.call('GET', '/v1/counties/999999/tasks'), 404);
  assertProblem(t, await h.call('GET', '/v1/counties/999999/responsible-units'), 404);
});

t.test("another county's key gets 404; a read key cannot PUT (403)", async (t) => {
  const before = [await progressRows(), await auditCount()];
  const other = await h.makeKey({ scopes: ['read', 'write'], counties: ['441481'] });
  const as = h.as(other.token);
  assertProblem(t, await as('GET', BASE), 404);
  assertProblem(t, await as('GET', `${BASE}/T01`), 404);
  assertProblem(t, await as('PUT', `${BASE}/T01`, { status: 'done' }), 404);
  assertProblem(t, await as('GET', '/v1/counties/441427/responsible-units'), 404);
  const reader = await h.makeKey({ scopes: ['read'], counties: ['441427'] });
  assertProblem(t, await h.as(reader.token)('PUT', `${BASE}/T01`, { status: 'done' }), 403);
  t.equal((await h.as(reader.token)('GET', `${BASE}/T01`)).status, 200, 'but may read');
  t.same([await progressRows(), await auditCount()], before, 'nothing written');
});

t.test('CSV: one row per task, units by name', async (t) => {
  const r = await h.call('GET', `${BASE}?format=csv&indicator=B6&asOf=2024-10-01`);
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /^text\/csv/);
  t.ok(r.text.startsWith('\uFEFF'), 'with a byte-order mark');
  const lines = r.text.slice(1).trim().split(/\r?\n/);
  t.equal(lines[0], 'countyCode,taskId,number,text,responsibleUnits,responsibleUnitIds,deadline,deadlineText,status,overdue,notes,evidence,indicators,updatedAt,updatedBy');
  t.equal(lines.length, 4, 'T01, T07, T14');
  t.match(lines[2], /^441427,T07,7,按标准完善补充.*,县财政局;县教育局,finance-bureau;education-bureau,2024-09-30,2024年9月,in_progress,true,/);
});

t.test('responsible units: duties, indicators and tasks; who must act for B5', async (t) => {
  const r = await h.call('GET', '/v1/counties/441427/responsible-units?limit=1000&asOf=2024-10-01');
  t.equal(r.status, 200);
  t.equal(r.body.total, 38);
  const finance = r.body.items.find((u: { unitId: string }) => u.unitId === 'finance-bureau');
  t.match(finance, { name: '县财政局', aliases: [], dutiesSharedWith: [] });
  t.match(finance.duties, /^县财政局负责落实教育投入各项政策/);
  t.same(ids(finance.tasks), ['T03', 'T04', 'T07', 'T08', 'T12']);
  t.match(finance.tasks[2], { taskId: 'T07', deadline: '2024-09-30', status: 'in_progress', overdue: true });
  const b5 = await h.call('GET', '/v1/counties/441427/responsible-units?indicator=B5');
  t.same(
    b5.body.items.map((u: { unitId: string }) => u.unitId),
    ['development-reform-bureau', 'education-bureau', 'finance-bureau', 'natural-resources-bureau', 'housing-construction-bureau'],
  );
  const csv = await h.call('GET', '/v1/counties/441427/responsible-units?format=csv&indicator=B25');
  const lines = csv.text.slice(1).trim().split(/\r?\n/);
  t.equal(lines[0], 'unitId,name,aliases,indicators,taskIds,dutiesSharedWith,duties');
  t.match(lines[1], /^education-bureau,县教育局,,B1;B2;.*;B31,T01;T02;/);
  t.match(lines[2], /^justice-bureau,县司法局,,B25,,,/);
});

t.test('the indicator catalogue and the scorecard name the same units the plan lists', async (t) => {
  const units = (await h.call('GET', '/v1/counties/441427/responsible-units?limit=1000')).body.items as { name: string; aliases: string[]; indicators: string[] }[];
  const byName = new Map(units.flatMap((u) => [u.name, ...u.aliases].map((n) => [n, u] as const)));
  const check = (what: string, entries: { id: string; responsibleUnits: string[] }[]) => {
    t.equal(entries.length, 31, `${what}: B1–B31`);
    for (const e of entries)
      for (const name of e.responsibleUnits) t.ok(byName.get(name)?.indicators.includes(e.id), `${what} ${e.id}: ${name} is a unit answering for it`);
  };
  check('catalogue', (await h.call('GET', '/v1/indicators')).body.indicators);
  // A county-year the scorecard can answer: one school with one class.
  for (const [url, body] of [
    ['/v1/counties/441427', county],
    ['/v1/towns/441427100', town],
    ['/v1/schools/2144000001', school()],
    ['/v1/schools/2144000001/years/2024', schoolYear()],
    ['/v1/schools/2144000001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 45 }]],
  ] as const) t.ok((await h.call('PUT', url, body)).status < 300, url);
  const scorecard = await h.call('GET', '/v1/counties/441427/years/2024/scorecard');
  t.equal(scorecard.status, 200);
  check('scorecard', scorecard.body.indicators);
});

t.test('concurrent writes of one task take turns: one create, then updates each replacing the one before', async (t) => {
  const notes = ['a', 'b', 'c', 'd', 'e'];
  const answers = await Promise.all(notes.map((n) => h.call('PUT', `${BASE}/T13`, { status: 'in_progress', notes: n })));
  t.same(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
  const events = (await h.call('GET', '/v1/audit-events?entity=plan-task&entityKey=441427/T13')).body.items as {
    action: string;
    before: { notes: string } | null;
    after: { notes: string };
  }[];
  t.equal(events.length, 5);
  t.same(events.map((e) => e.action), ['create', 'update', 'update', 'update', 'update']);
  for (let i = 1; i < events.length; i++) t.equal(events[i]!.before?.notes, events[i - 1]!.after.notes, `event ${i} replaced what event ${i - 1} wrote`);
  t.same([...events.map((e) => e.after.notes)].sort(), notes, 'every write recorded');
  t.equal((await h.call('GET', `${BASE}/T13`)).body.notes, events[4]!.after.notes, 'the last event is what is stored');
});
