// The task-tracker page (/reports/counties/{c}/tasks) over the demo county: statuses, counts and overdue
// exactly as the API answers them, progress written through the API shown (notes escaped, evidence linked
// only when http(s)), the indicators not met with the units that must act, and the page's refusals.

import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { signInPages } from '../helpers/pages.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
await h.call('PUT', '/v1/counties/449901', { name: '无方案县' });

const C = '441427';
const PAGE = `/reports/counties/${C}/tasks`;
const API = `/v1/counties/${C}/tasks`;
const admin = await signInPages(h);
const writer = h.as((await h.makeKey({ scopes: ['read', 'write'], counties: [C] })).token);

/** The table row of one task (rows hold no nested tables). */
const rowOf = (body: string, taskId: string): string => {
  const m = new RegExp(`<tr id="task-${taskId}"[\\s\\S]*?</tr>`).exec(body);
  if (!m) throw new Error(`no row for ${taskId}`);
  return m[0];
};
const countOf = (body: string, key: string): number => Number(new RegExp(`data-count="${key}"><strong>(\\d+)</strong>`).exec(body)?.[1] ?? Number.NaN);
const hrefs = (body: string): string[] => [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');

await writer('PUT', `${API}/T01`, { status: 'done', notes: '方案已印发' });
await writer('PUT', `${API}/T07`, { status: 'in_progress' });

t.test('every task with the status and overdue the API answers, and the counts of the summary', async (t) => {
  for (const asOf of ['2023-01-01', '2024-10-15', '2099-01-01']) {
    const [page, api] = await Promise.all([admin.get(`${PAGE}?asOf=${asOf}`), h.call('GET', `${API}?asOf=${asOf}`)]);
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /text\/html/);
    t.equal(page.headers['cache-control'], 'no-store');
    const items: any[] = api.body.items;
    t.equal(items.length, 14);
    for (const task of items) {
      const row = rowOf(page.body, task.taskId);
      t.match(row, `data-status="${task.status}" data-overdue="${task.overdue}"`, `${asOf} ${task.taskId}`);
      t.match(row, task.deadlineText);
      for (const unit of task.responsibleUnits) t.match(row, `<a href="#unit-${unit.unitId}">${unit.name}</a>`);
    }
    const count = (test: (x: any) => boolean) => items.filter(test).length;
    t.equal(countOf(page.body, 'total'), api.body.total, `${asOf} total`);
    t.equal(countOf(page.body, 'done'), count((x) => x.status === 'done'));
    t.equal(countOf(page.body, 'in_progress'), count((x) => x.status === 'in_progress'));
    t.equal(countOf(page.body, 'not_started'), count((x) => x.status === 'not_started'));
    t.equal(countOf(page.body, 'overdue'), count((x) => x.overdue), `${asOf} overdue`);
    t.match(page.body, `截至 ${asOf}（所选日期）`);
  }
  const today = await admin.get(PAGE);
  const api = await h.call('GET', API);
  t.match(today.body, `截至 ${api.body.asOf}（今天，中国标准时间）`, 'without asOf: today in China, as the API');
  t.notMatch(today.body, 'id="as-of-note"', 'today needs no note on what the day decides');
  t.equal(countOf(today.body, 'overdue'), api.body.items.filter((x: any) => x.overdue).length);
});

t.test('overdue from the day after the deadline, shown with the days late', async (t) => {
  const onTime = await admin.get(`${PAGE}?asOf=2024-09-30`);
  const t07 = rowOf(onTime.body, 'T07');
  t.match(t07, 'data-status="in_progress" data-overdue="false"');
  t.notMatch(t07, '已逾期');
  const late = await admin.get(`${PAGE}?asOf=2024-10-01`);
  const api = await h.call('GET', `${API}/T07?asOf=2024-10-01`);
  t.equal(api.body.overdue, true);
  const row = rowOf(late.body, 'T07');
  t.match(row, /<tr id="task-T07" class="task overdue"/);
  t.match(row, '已逾期 1 天');
  t.match(row, '<span class="status in_progress">进行中</span>', 'the recorded status is still shown');
  t.notMatch(rowOf(late.body, 'T01'), '已逾期', 'a done task is never overdue');
  t.match(late.body, /id="as-of-note">所选日期只用于判断是否逾期/, 'another day says the statuses are the ones recorded now');
  const later = await admin.get(`${PAGE}?asOf=2024-10-31`);
  t.match(rowOf(later.body, 'T07'), '已逾期 31 天');
});

t.test('grouped by deadline year (default) or by status, overdue first', async (t) => {
  const byYear = (await admin.get(`${PAGE}?asOf=2024-10-15`)).body;
  const years = [...byYear.matchAll(/<h3 id="(year-[^"]+)">/g)].map((m) => m[1]);
  t.same(years, ['year-2023', 'year-2024', 'year-2025', 'year-ongoing']);
  t.match(byYear, '<span aria-current="true">按完成年度</span>');
  t.match(byYear, `<a href="${PAGE}?group=status&amp;asOf=2024-10-15">按状态</a>`, 'the switch keeps the day asked');
  const byStatus = await admin.get(`${PAGE}?group=status&asOf=2024-10-15`);
  t.equal(byStatus.statusCode, 200);
  const api = (await h.call('GET', `${API}?asOf=2024-10-15`)).body.items as any[];
  const groups = [...byStatus.body.matchAll(/<tbody id="(status-[^"]+)">([\s\S]*?)<\/tbody>/g)].map((m) => ({
    key: m[1],
    ids: [...(m[2] ?? '').matchAll(/<tr id="task-(T\d+)"/g)].map((x) => x[1]),
  }));
  const standing = (x: any) => (x.overdue ? 'overdue' : x.status);
  const expected = ['overdue', 'in_progress', 'not_started', 'done']
    .map((s) => ({ key: `status-${s}`, ids: api.filter((x) => standing(x) === s).map((x) => x.taskId) }))
    .filter((g) => g.ids.length > 0);
  t.same(groups, expected);
  t.equal(groups[0]?.key, 'status-overdue');
});

t.test('notes and evidence written through the API appear; notes are escaped', async (t) => {
  const notes = '主体工程已完工\n<img src=x onerror=alert(1)> 待验收';
  const evidence = ['https://www.jiaoling.gov.cn/doc?id=1&v=2', 'http://example.org/photo.jpg'];
  const put = await writer('PUT', `${API}/T04`, { status: 'in_progress', notes, evidence });
  t.equal(put.status, 200);
  const page = await admin.get(PAGE);
  const row = rowOf(page.body, 'T04');
  t.match(row, '主体工程已完工\n&lt;img src=x onerror=alert(1)&gt; 待验收');
  t.notMatch(page.body, '<img');
  t.match(row, '<a href="https://www.jiaoling.gov.cn/doc?id=1&amp;v=2" rel="noopener noreferrer nofollow">https://www.jiaoling.gov.cn/doc?id=1&amp;v=2</a>');
  t.match(row, '<a href="http://example.org/photo.jpg" rel="noopener noreferrer nofollow">http://example.org/photo.jpg</a>');
  t.match(row, '更新于 ');
  t.match(rowOf(page.body, 'T05'), '尚未报送进展');
});

t.test('a javascript: link cannot be written; one stored anyway is shown as text, never as a link', async (t) => {
  const refused = await writer('PUT', `${API}/T05`, { status: 'done', evidence: ['javascript:alert(1)'] });
  t.equal(refused.status, 400);
  t.equal((await h.call('GET', `${API}/T05`)).body.status, 'not_started', 'nothing written');

  const hostile = [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(2)',
    'data:text/html,<script>alert(3)</script>',
    'https://example.org/"><script>alert(4)</script>',
  ];
  await h.database.db.execute(
    sql`INSERT INTO plan_task_progress (county_code, task_id, status, notes, evidence) VALUES (${C}, 'T05', 'in_progress', '', ${JSON.stringify(hostile)}::jsonb)`,
  );
  const page = await admin.get(PAGE);
  t.equal(page.statusCode, 200);
  const row = rowOf(page.body, 'T05');
  t.notMatch(page.body, /href="\s*(javascript|data):/i);
  t.notMatch(page.body, /<script/i);
  t.match(row, '<span class="unlinked">javascript:alert(1)</span>');
  t.match(row, '<span class="unlinked"> JaVaScRiPt:alert(2)</span>');
  t.match(row, '<span class="unlinked">data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;</span>');
  t.match(row, /<a href="https:\/\/example\.org\/%22%3E%3Cscript%3Ealert\(4\)%3C\/script%3E" rel="noopener noreferrer nofollow">https:\/\/example\.org\/&quot;&gt;&lt;script&gt;/);
});

t.test('indicators link to their cells in the latest county report; not-met indicators lead to the units', async (t) => {
  const years = (await h.call('GET', `/v1/counties/${C}/years`)).body.items.map((i: any) => i.year);
  const latest = Math.max(...years);
  const page = (await admin.get(PAGE)).body;
  t.match(rowOf(page, 'T04'), `<a class="indicator" href="/reports/counties/${C}/years/${latest}#B12"`);
  t.match(page, `<a href="/reports/counties/${C}/years/${latest}">`, 'the crumb to the county report');

  const card = (await h.call('GET', `/v1/counties/${C}/years/${latest}/scorecard`)).body;
  const notMet = card.indicators.filter((i: any) => i.status === 'not_met');
  t.ok(notMet.length > 0, 'the demo county misses some indicators');
  t.match(page, `<h2>未达标指标与责任单位（${latest} 年度）</h2>`);
  t.equal(countOf(page, 'not-met'), notMet.length);
  const rows = [...page.matchAll(/<tr data-indicator="(B\d+)">([\s\S]*?)<\/tr>/g)];
  t.same(
    rows.map((m) => m[1]),
    notMet.map((i: any) => i.id),
  );
  const tasks = (await h.call('GET', API)).body.items as any[];
  for (const [, id, row = ''] of rows) {
    const units = (await h.call('GET', `/v1/counties/${C}/responsible-units?indicator=${id}`)).body.items as any[];
    t.ok(units.length > 0, `${id} has responsible units`);
    t.same([...row.matchAll(/href="#unit-([a-z0-9-]+)"/g)].map((m) => m[1]), units.map((u) => u.unitId), `${id}: the units of the API`);
    const serving = tasks.filter((x) => x.indicators.includes(id)).map((x) => x.taskId);
    t.same([...row.matchAll(/href="#task-(T\d+)"/g)].map((m) => m[1]), serving, `${id}: the tasks serving it`);
    t.match(row, `<a class="indicator" href="/reports/counties/${C}/years/${latest}#${id}"`);
  }
  const met = card.indicators.find((i: any) => i.status === 'met');
  if (met) t.notMatch(page, `data-indicator="${met.id}"`, 'a met indicator is not listed');
});

t.test('the responsible units with their duties, indicators and tasks, as the API answers them', async (t) => {
  const page = (await admin.get(PAGE)).body;
  const units = (await h.call('GET', `/v1/counties/${C}/responsible-units`)).body.items as any[];
  t.equal(units.length, 38);
  for (const u of units) {
    const row = new RegExp(`<tr id="unit-${u.unitId}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
    t.match(row, u.name);
    t.match(row, u.duties.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    t.same([...row.matchAll(/href="#task-(T\d+)"/g)].map((m) => m[1]), u.tasks.map((x: any) => x.taskId), `${u.unitId} tasks`);
    t.same([...row.matchAll(/years\/\d+#(B\d+)"/g)].map((m) => m[1]), u.indicators, `${u.unitId} indicators`);
  }
});

t.test('read-only: no form posts anything but sign-out, and the note says where progress is written', async (t) => {
  const page = (await admin.get(PAGE)).body;
  t.match(page, '本页只读');
  t.match(page, `PUT /v1/counties/${C}/tasks/{taskId}`);
  t.same([...page.matchAll(/<form[^>]*method="post"[^>]*>/g)].map((m) => m[0]), ['<form method="post" action="/sign-out">']);
  t.notMatch(page, /<script/i);
  const own = hrefs(page).filter((href) => !/^https?:\/\/(www\.jiaoling\.gov\.cn|example\.org)\//.test(href));
  for (const href of own) t.match(href, /^(\/|#)(?!\/)/, `${href} is a relative link`);
});

t.test('a county-bound key sees its own county and gets 404 for another', async (t) => {
  const own = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: [C] })).token);
  t.equal((await own.get(PAGE)).statusCode, 200);
  const other = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: ['449901'] })).token);
  const res = await other.get(PAGE);
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /text\/html/);
  t.notMatch(res.body, '附件3');
});

t.test('404 pages: an unknown county, and a county without a plan', async (t) => {
  const unknown = await admin.get('/reports/counties/449999/tasks');
  t.equal(unknown.statusCode, 404);
  t.match(unknown.headers['content-type'], /text\/html/);
  const noPlan = await admin.get('/reports/counties/449901/tasks');
  t.equal(noPlan.statusCode, 404);
  t.match(noPlan.headers['content-type'], /text\/html/);
  t.match(noPlan.body, '没有随服务发布的规划实施方案');
  t.equal((await h.call('GET', '/v1/counties/449901/tasks')).body.total, 0, 'the API answers an empty list for it');
});

t.test('without a session: a redirect to sign in that comes back here', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: `${PAGE}?asOf=2024-10-01` });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/sign-in?next=${encodeURIComponent(`${PAGE}?asOf=2024-10-01`)}`);
});

t.test('bad input is a 400 page', async (t) => {
  for (const url of [`${PAGE}?asOf=2024-13-01`, `${PAGE}?asOf=2023-02-30`, `${PAGE}?asOf=yesterday`, `${PAGE}?group=month`, `${PAGE}?limit=5`, '/reports/counties/44142/tasks']) {
    const res = await admin.get(url);
    t.equal(res.statusCode, 400, url);
    t.match(res.headers['content-type'], /text\/html/, url);
    t.match(res.body, '请求有误');
  }
});
