// The school page (/reports/schools/{s}/years/{y}) over the demo county: every figure it shows is the API's
// for the same school-year (units, B10–B12, every class, the entitlement, the comparison with the year
// before), a school without a previous year says so, names from the county systems are escaped, and the
// page refuses what the API refuses (unknown school, another county's school, no session, bad parameters).

import { fileTest } from '../helpers/file-test.js';
import { num, plain, yuanOfFen } from '../../src/pages/format.js';
import { percentOfStandard } from '../../src/pages/school-report/units.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { yuanToFen } from '../../src/services/money.js';
import { createTestApp } from '../helpers/app.js';
import { school as schoolBody } from '../helpers/fixtures.js';
import { signInPages } from '../helpers/pages.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const admin = await signInPages(h);

const TJB = '3144142706'; // 蕉岭县田家炳实验中学: junior, B11 not met in 2023 and met in 2024, four classes over 50 in 2024
const GUILING = '3144142718'; // 蕉岭县桂岭学校: nine-year, a primary and a junior unit
const page = (school: string, year: number | string) => `/reports/schools/${school}/years/${year}`;
const money = (yuan: number) => yuanOfFen(yuanToFen(yuan));

/** The element with this id, up to its closing tag (the page's sections hold none of their own kind). */
function element(body: string, tag: string, id: string): string {
  const m = new RegExp(`<${tag}[^>]* id="${id}"[\\s\\S]*?</${tag}>`).exec(body);
  if (!m) throw new Error(`no <${tag} id="${id}">`);
  return m[0];
}
const hrefs = (body: string): string[] => [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');

async function api(url: string) {
  const r = await h.call('GET', url);
  if (r.status !== 200) throw new Error(`API ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.body;
}

const res2024 = await admin.get(page(TJB, 2024));
const body = res2024.body;
const indicators = await api(`/v1/schools/${TJB}/years/2024/indicators`);
const entitlement = await api(`/v1/schools/${TJB}/years/2024/entitlement`);
const comparison = await api(`/v1/schools/${TJB}/compare?from=2023&to=2024`);
const classes = (await api(`/v1/schools/${TJB}/years/2024/classes`)).items;
const record = await api(`/v1/schools/${TJB}`);
const town = await api(`/v1/towns/${record.townCode}`);

t.test('a whole HTML page with no script, private to the viewer, only relative links', async (t) => {
  t.equal(res2024.statusCode, 200);
  t.match(res2024.headers['content-type'], /text\/html/);
  t.equal(res2024.headers['cache-control'], 'no-store');
  t.notMatch(body, /<script/i);
  t.match(body, `<h1>${indicators.schoolName}</h1>`);
  for (const href of hrefs(body)) t.ok(href.startsWith('/') || href.startsWith('#'), `relative: ${href}`);
});

t.test('who the school is, and the way back to its county report of the year', async (t) => {
  const summary = element(body, 'section', 'summary');
  t.match(summary, `<dd>${TJB}</dd>`);
  t.match(summary, `<dd>${town.name}</dd>`);
  t.match(summary, '<dd>初级中学</dd>');
  t.match(summary, `<a href="/reports/counties/441427/years/2024">${(await api('/v1/counties/441427')).name}</a>`);
  t.match(summary, 'href="/reports/counties/441427/trends"');
  t.match(summary, `href="${page(TJB, 2023)}"`, 'the other year of the school');
  t.match(summary, `初中 ${num(indicators.students.junior, 0)}`);
  t.match(summary, money(entitlement.totalYuan));
});

t.test('each unit: B1–B7 against the standard and the floor, as the indicators answer them', async (t) => {
  t.equal(indicators.units.length, 1);
  const unit = indicators.units[0];
  const card = element(body, 'section', `unit-${unit.stage}`);
  t.equal((card.match(/<figure class="chart"><svg/g) ?? []).length, 1, 'one chart of the seven as % of standard');
  t.match(card, `${unit.metCount} / 7`);
  for (const [id, r] of Object.entries<any>(unit.indicators)) {
    const row = element(card, 'tr', `unit-${unit.stage}-${id}`);
    t.match(row, `<td class="num">${num(r.value, 2)}</td>`, `${id} value`);
    t.match(row, `<td class="num">${plain(r.standard)}</td>`, `${id} standard`);
    t.match(row, `<td class="num">${plain(r.floor)}</td>`, `${id} floor`);
    t.match(row, `${num(percentOfStandard(r), 2)}%`, `${id} share of the standard`);
    t.match(row, r.met ? 'status met' : 'status not_met', `${id} status`);
    if (r.shortfall) t.match(row, plain(r.shortfall.toStandard), `${id} shortfall`);
  }
});

t.test('a nine-year school has a card and a chart for each of its units', async (t) => {
  const res = await admin.get(page(GUILING, 2024));
  t.equal(res.statusCode, 200);
  const answer = await api(`/v1/schools/${GUILING}/years/2024/indicators`);
  t.same(answer.units.map((u: any) => u.stage), ['primary', 'junior']);
  for (const u of answer.units) {
    const card = element(res.body, 'section', `unit-${u.stage}`);
    t.match(card, '<figure class="chart"><svg');
    t.match(element(card, 'tr', `unit-${u.stage}-B4`), num(u.indicators.B4.value, 2));
  }
});

t.test('B10 and B11: the figures behind each verdict', async (t) => {
  const rooms = element(body, 'section', 'B10');
  t.match(rooms, `status ${indicators.B10.status}`);
  t.match(rooms, `各需 ${indicators.B10.required} 间`);
  t.match(rooms, `${indicators.B10.music.counting}（≥ ${plain(indicators.B10.music.minAreaM2)} 平方米）`);
  const size = element(body, 'section', 'B11');
  t.match(size, `status ${indicators.B11.status}`);
  t.match(size, num(indicators.B11.compulsoryStudents, 0));
  t.match(size, num(indicators.B11.limit, 0));
});

t.test('B12: every class with its size, the over-limit ones marked as the indicator lists them', async (t) => {
  const section = element(body, 'section', 'B12');
  t.match(section, `status ${indicators.B12.status}`);
  t.match(section, '<figure class="chart"><svg', 'a histogram of the sizes');
  const over = new Map(indicators.B12.violations.map((v: any) => [v.classCode, v]));
  t.ok(over.size > 0, 'the demo school has classes over the limit');
  for (const c of classes) {
    const v: any = over.get(c.classCode);
    const chip = new RegExp(`<li class="class-size( \\w+)?"><span class="code">${c.classCode}</span> (<strong>)?${c.students}(</strong>)?`).exec(section);
    t.ok(chip, `${c.classCode} with ${c.students}`);
    const level = v ? (v.superLarge ? ' super' : v.large ? ' large' : ' over') : undefined;
    t.equal(chip?.[1], level, `${c.classCode} ${v ? 'marked' : 'not marked'}`);
  }
  t.equal((section.match(/<li class="class-size /g) ?? []).length, over.size, 'as many marked as listed');
  t.match(section, `共 ${classes.length} 个班`);
});

t.test('the entitlement, line by line, with its total from integer fen', async (t) => {
  const section = element(body, 'section', 'entitlement');
  for (const c of entitlement.components) {
    t.match(section, `${num(c.quantity, 0)} `, `${c.component} quantity`);
    t.match(section, `<td class="num">${money(c.rateYuan)}</td>`, `${c.component} rate`);
    t.match(section, `<td class="num">${money(c.amountYuan)}</td>`, `${c.component} amount`);
  }
  t.match(section, new RegExp(`<tr class="total">[\\s\\S]*?${money(entitlement.totalYuan).replace('.', '\\.')}`));
  t.match(section, money(entitlement.trainingMinimumYuan));
});

t.test('the year before: inputs, indicators and entitlement, from → to with the difference', async (t) => {
  const section = element(body, 'section', 'compare');
  t.match(section, '与上一年对比（2023 → 2024）');
  const total = comparison.entitlement.totalYuan;
  t.match(section, new RegExp(`<td class="num">${money(total.from)}</td><td class="num">${money(total.to)}</td>`));
  t.match(section, `−${money(Math.abs(total.delta))}`, 'the total fell');
  const students = comparison.inputs['students.junior'];
  t.match(section, `<td class="num">${plain(students.from)}</td><td class="num">${plain(students.to)}</td>`);
  const b11 = comparison.indicators.find((i: any) => i.id === 'B11');
  t.same([b11.status.from, b11.status.to, b11.status.changed], ['not_met', 'met', true]);
  t.match(section, /<span class="status not_met">未达标<\/span> → <span class="status met">达标<\/span> <strong class="changed">有变化<\/strong>/);
  const b1 = comparison.indicators.find((i: any) => i.id === 'B1');
  t.match(section, `<td class="num">${num(b1.figures.value.from, 2)}</td><td class="num">${num(b1.figures.value.to, 2)}</td>`, 'B1 with the decimals of the rest of the page');
  t.notMatch(section, /\d\.\d{3,}</, 'no value with more decimals than the page shows');
});

t.test('a school without a previous year says so instead of failing', async (t) => {
  const first = await admin.get(page(TJB, 2023));
  t.equal(first.statusCode, 200);
  t.match(element(first.body, 'section', 'compare'), '2022 年没有班级数据');

  // A school that opened in 2024: its 2024 page has everything but a comparison.
  const NEW = '2144142899';
  t.equal((await h.call('PUT', `/v1/schools/${NEW}`, schoolBody({ name: '蕉岭县新开小学' }))).status, 201);
  const put = await h.call('PUT', `/v1/schools/${NEW}/years/2024/classes`, [
    { classCode: 'P1-1', stage: 'primary', grade: 1, students: 44 },
    { classCode: 'P1-2', stage: 'primary', grade: 1, students: 47 },
  ]);
  t.equal(put.status, 200, put.text);
  const opened = await admin.get(page(NEW, 2024));
  t.equal(opened.statusCode, 200);
  t.match(element(opened.body, 'section', 'compare'), '蕉岭县新开小学在 2023 年没有班级数据');
  t.match(opened.body, /<span class="code">P1-2<\/span> <strong>47<\/strong> <span class="mark">超 2 人<\/span>/);
  t.equal((await h.call('GET', `/v1/schools/${NEW}/compare?from=2023&to=2024`)).status, 404, 'where the API answers 404');
});

t.test('names from the county systems are escaped', async (t) => {
  const CHENGDONG = '2144142709';
  const current = await api(`/v1/schools/${CHENGDONG}`);
  const { schoolCode: _c, createdAt: _a, updatedAt: _u, ...fields } = current;
  const renamed = await h.call('PUT', `/v1/schools/${CHENGDONG}`, { ...fields, name: '<script>alert(1)</script>' });
  t.equal(renamed.status, 200, renamed.text);
  const res = await admin.get(page(CHENGDONG, 2024));
  t.equal(res.statusCode, 200);
  t.match(res.body, '<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
  t.notMatch(res.body, /<script/i);
});

t.test('what the page refuses, it refuses as the API does', async (t) => {
  const unknown = await admin.get(page('2144142890', 2024));
  t.equal(unknown.statusCode, 404);
  t.match(unknown.headers['content-type'], /text\/html/);
  t.match(unknown.body, /找不到该页面/);
  t.match(unknown.body, '学校 2144142890 不存在，或者当前登录的密钥无权查看', 'said in Chinese');
  t.match(unknown.body, /<details class="note"><summary>技术细节<\/summary><p>Not Found：school 2144142890 does not exist/, "the API's words kept for support");

  const noYear = await admin.get(page(TJB, 2030));
  t.equal(noYear.statusCode, 404);
  t.match(noYear.body, '2030 年没有班级数据');
  t.match(noYear.body, '2023、2024', 'naming the years that have a page');

  const other = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: ['449901'] })).token);
  const hidden = await other.get(page(TJB, 2024));
  t.equal(hidden.statusCode, 404, 'a school of a county the key may not see does not exist for it');
  t.notMatch(hidden.body, /田家炳/);
  t.match(hidden.body, `学校 ${TJB} 不存在，或者当前登录的密钥无权查看`, 'the same words as for a school that does not exist');
  const own = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: ['441427'] })).token);
  t.equal((await own.get(page(TJB, 2024))).statusCode, 200, 'the key of the county sees it');

  const anonymous = await h.app.inject({ method: 'GET', url: page(TJB, 2024) });
  t.equal(anonymous.statusCode, 303);
  t.equal(anonymous.headers.location, `/sign-in?next=${encodeURIComponent(page(TJB, 2024))}`);

  for (const bad of [page(TJB, 'twenty'), page(TJB, 1999), page('31441427', 2024), page('abcdefghij', 2024)]) {
    const res = await admin.get(bad);
    t.equal(res.statusCode, 400, bad);
    t.match(res.headers['content-type'], /text\/html/);
    t.notMatch(res.body, /<script/i);
    t.match(res.body, '地址中的参数不符合要求', `${bad}: said in Chinese`);
  }
  const badYear = await admin.get(page(TJB, 'twenty'));
  t.match(badYear.body, '<li>年份：应为整数</li>', 'each problem with the field named');

  const nowhere = await admin.get('/reports/nope');
  t.equal(nowhere.statusCode, 404, 'a path under /reports that no page answers');
  t.match(nowhere.headers['content-type'], /text\/html/, 'is a page, not the API\'s JSON');
  t.match(nowhere.body, /找不到该页面/);
  t.match(nowhere.body, '已登录', 'with the viewer signed in as on every page');
});
