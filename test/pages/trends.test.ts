// The trends page (/reports/counties/{c}/trends) over the demo county: every indicator of the series up to
// the plan's deadline with the statuses and figures of GET /v1/counties/{c}/indicator-series, one chart per
// group, each year linking to its county report, the deadline marked; later years left out and said so;
// names escaped; and the page's refusals (unknown county, another county's, no data, no session, bad code).

import { fileTest } from '../helpers/file-test.js';
import { num, percent, plain } from '../../src/pages/format.js';
import { figureText } from '../../src/pages/trends/figures.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { schoolYear as schoolYearBody } from '../helpers/fixtures.js';
import { signInPages } from '../helpers/pages.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const admin = await signInPages(h);

const C = '441427';
const URL = `/reports/counties/${C}/trends`;
const DEADLINE = 2025;

function element(body: string, tag: string, id: string): string {
  const m = new RegExp(`<${tag}[^>]* id="${id}"[\\s\\S]*?</${tag}>`).exec(body);
  if (!m) throw new Error(`no <${tag} id="${id}">`);
  return m[0];
}
const statuses = (html: string): string[] => [...html.matchAll(/<span class="status (\w+)">/g)].map((m) => m[1] ?? '');
const charts = (html: string): number => (html.match(/<figure class="chart"><svg/g) ?? []).length;

const seriesReply = await h.call('GET', `/v1/counties/${C}/indicator-series?to=${DEADLINE}`);
const series = seriesReply.body;
const res = await admin.get(URL);
const body = res.body;
const byId = new Map<string, any>(series.indicators.map((e: any) => [e.id, e]));
const RATES = ['B15', 'B16', 'B18', 'B19', 'B20', 'B21', 'B22', 'B23', 'B24'];

t.test('a whole HTML page with no script, only relative links, every year up to the deadline', async (t) => {
  t.equal(seriesReply.status, 200);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.equal(res.headers['cache-control'], 'no-store');
  t.notMatch(body, /<script/i);
  t.match(body, `<h1>${series.countyName} 义务教育优质均衡发展指标趋势</h1>`);
  for (const [, href] of body.matchAll(/href="([^"]*)"/g)) t.ok(href?.startsWith('/') || href?.startsWith('#'), `relative: ${href}`);
  t.same(series.years, [2023, 2024]);
  for (const y of series.years) t.match(body, `<a href="/reports/counties/${C}/years/${y}">${y}</a>`, `${y} links its county report`);
  t.match(body, `${DEADLINE}<br><span class="deadline-mark">目标年</span>`, 'the deadline is a column of its own, marked');
  t.notMatch(body, /2025 年没有班级数据/, 'a year still to come is no gap');
});

t.test('every indicator at a glance, each status as the series answers it', async (t) => {
  const overview = element(body, 'section', 'overview');
  t.equal(series.indicators.length, 31);
  for (const e of series.indicators) {
    const row = new RegExp(`<tr><th scope="row"><a href="#${e.id}">[^<]*</a></th>[\\s\\S]*?</tr>`).exec(overview)?.[0] ?? '';
    t.same(statuses(row), e.points.map((p: any) => p.status), `${e.id}: ${e.points.map((p: any) => p.status).join(', ')}`);
  }
  for (const [status, label] of [['met', '达标'], ['not_met', '未达标']]) {
    const counts = series.years.map((y: number) => series.indicators.filter((e: any) => e.points.find((p: any) => p.year === y)?.status === status).length);
    t.match(overview, new RegExp(`${label}（项）</th>${counts.map((n: number) => `<td class="num">${n}</td>`).join('')}<td class="num deadline">—</td>`), `${label} per year`);
  }
});

t.test('B1–B7: cv per stage against the limit, units passing, each figure of the series', async (t) => {
  const section = element(body, 'section', 'allocation');
  t.equal(charts(section), 3, 'cv of each stage, and the share of units passing');
  t.match(section, '上限 0.5');
  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) {
    const e = byId.get(id);
    for (const p of e.points) {
      for (const stage of ['primary', 'junior']) {
        t.match(section, `${num(p.figures[`${stage}.cv`], 4)}</span><span class="note"> / ${plain(p.figures[`${stage}.cvMax`])}</span>`, `${id} ${stage} cv ${p.year}`);
        t.match(section, `${p.figures[`${stage}.unitsMet`]} / ${p.figures[`${stage}.unitsAssessed`]}`, `${id} ${stage} units ${p.year}`);
        t.match(section, num(p.figures[`${stage}.mean`], 2), `${id} ${stage} mean ${p.year}`);
      }
    }
  }
  for (const a of series.resourceAllocation) {
    for (const stage of ['primary', 'junior']) {
      const s = a[stage];
      t.match(section, `${s.schoolsPassing} / ${s.unitsAssessed}（${percent(s.schoolsPassing / s.unitsAssessed, 1)}）`, `${stage} passing ${a.year}`);
      t.match(section, num(s.compositeCv, 4));
    }
  }
});

t.test('B12, the rates and the funding checks: a chart each, and their figures per year', async (t) => {
  const sizes = element(body, 'section', 'class-sizes');
  t.equal(charts(sizes), 1);
  for (const p of byId.get('B12').points) for (const key of ['overLimit', 'large', 'superLarge', 'classes']) t.match(sizes, `>${plain(p.figures[key])}</td>`);

  const rates = element(body, 'section', 'rates');
  // B20's stages have standards of their own (100% and 95%): a chart for each.
  t.equal(charts(rates), RATES.length + 1);
  for (const id of RATES) {
    const e = byId.get(id);
    t.ok(e, id);
    for (const p of e.points) {
      for (const [key, value] of Object.entries<number | null>(p.figures)) t.match(rates, `>${figureText(id, key, value)}</td>`, `${id} ${key} ${p.year}`);
    }
  }
  t.match(rates, `${percent(byId.get('B23').points[0].figures.value)}`);

  const funding = element(body, 'section', 'funding');
  t.equal(charts(funding), 1);
  for (const id of ['B13', 'B14', 'B26']) {
    for (const p of byId.get(id).points) t.match(funding, `>${num(p.figures.shortfallYuan, 2)}</td>`, `${id} shortfall ${p.year}`);
  }

  const other = element(body, 'section', 'other');
  for (const id of ['B8', 'B9', 'B10', 'B11', 'B17', 'B25', 'B27', 'B28', 'B29', 'B30', 'B31']) t.match(other, `id="${id}"`, `${id} in the table of the others`);
});

t.test('data after the deadline is left out, and said so', async (t) => {
  const put = await h.call('PUT', '/v1/schools/3144142706/years/2026', schoolYearBody());
  t.ok(put.status === 200 || put.status === 201, put.text);
  const later = await admin.get(URL);
  t.equal(later.statusCode, 200);
  t.match(later.body, '2026 年的数据在规划目标年之后，不在本页');
  t.notMatch(later.body, /years\/2026/);
});

t.test('what the page refuses, it refuses as the API does', async (t) => {
  const unknown = await admin.get('/reports/counties/449999/trends');
  t.equal(unknown.statusCode, 404);
  t.match(unknown.headers['content-type'], /text\/html/);

  // A county on record without any school data yet.
  const created = await h.call('PUT', '/v1/counties/441481', { name: '兴宁市' });
  t.equal(created.status, 201, created.text);
  const empty = await admin.get('/reports/counties/441481/trends');
  t.equal(empty.statusCode, 404);
  t.match(empty.body, '兴宁市在 2025 年及以前没有班级数据');

  const other = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: ['449901'] })).token);
  const hidden = await other.get(URL);
  t.equal(hidden.statusCode, 404, 'a county the key may not see does not exist for it');
  t.notMatch(hidden.body, /蕉岭/);

  const anonymous = await h.app.inject({ method: 'GET', url: URL });
  t.equal(anonymous.statusCode, 303);
  t.equal(anonymous.headers.location, `/sign-in?next=${encodeURIComponent(URL)}`);

  for (const bad of ['/reports/counties/4414/trends', '/reports/counties/44142x/trends']) {
    const r = await admin.get(bad);
    t.equal(r.statusCode, 400, bad);
    t.match(r.headers['content-type'], /text\/html/);
  }
});

t.test('the county name from the county systems is escaped', async (t) => {
  const county = (await h.call('GET', `/v1/counties/${C}`)).body;
  const { countyCode: _c, createdAt: _a, updatedAt: _u, ...fields } = county;
  t.equal((await h.call('PUT', `/v1/counties/${C}`, { ...fields, name: '<script>alert(1)</script>县' })).status, 200);
  const r = await admin.get(URL);
  t.equal(r.statusCode, 200);
  t.match(r.body, '<h1>&lt;script&gt;alert(1)&lt;/script&gt;县 义务教育优质均衡发展指标趋势</h1>');
  t.notMatch(r.body, /<script/i);
});
