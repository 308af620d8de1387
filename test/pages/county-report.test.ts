// The county report page (/reports/counties/{c}/years/{y}) over the demo county: every figure it shows is the
// API's for the same county-year (verdict, counts, statuses, units, cvs, class sizes, funding, failing units,
// the plan), one chart per B1–B7 indicator and stage plus three, links between years, escaping of what the
// county systems send, a plan that cannot be made shown with its reason, and the page's refusals.

import { fileTest } from '../helpers/file-test.js';
import { num, plain, yuanOfFen } from '../../src/pages/format.js';
import { escapeHtml } from '../../src/pages/html.js';
import { namedReason } from '../../src/pages/county-report/plan.js';
import { missingWords } from '../../src/pages/missing-words.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { yuanToFen } from '../../src/services/money.js';
import { createTestApp } from '../helpers/app.js';
import { school as schoolBody, schoolYear as schoolYearBody } from '../helpers/fixtures.js';
import { signInPages } from '../helpers/pages.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);

const C = '441427';
const page = (year: number | string) => `/reports/counties/${C}/years/${year}`;
const api = (year: number, what: string) => h.call('GET', `/v1/counties/${C}/years/${year}/${what}`);
const admin = await signInPages(h);

/** The element with this id, up to its closing tag (the page's tables and sections hold none of their own kind). */
function element(body: string, tag: string, id: string): string {
  const m = new RegExp(`<${tag}[^>]* id="${id}"[\\s\\S]*?</${tag}>`).exec(body);
  if (!m) throw new Error(`no <${tag} id="${id}">`);
  return m[0];
}
const attrs = (body: string, name: string): string[] => [...body.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');
const rowOf = (table: string, attr: string, value: string): string => {
  const m = new RegExp(`<tr ${attr}="${value}"[\\s\\S]*?</tr>`).exec(table);
  if (!m) throw new Error(`no row ${attr}=${value}`);
  return m[0];
};

/** The page and the API's answers of one year, fetched side by side. */
async function both(year: number) {
  const [res, card, allocation, sizes, funding, plan] = await Promise.all([
    admin.get(page(year)),
    api(year, 'scorecard'),
    api(year, 'resource-allocation'),
    api(year, 'class-sizes'),
    api(year, 'entitlements'),
    api(year, 'remediation-plan'),
  ]);
  for (const r of [card, allocation, sizes, funding, plan]) if (r.status !== 200) throw new Error(`API ${r.status}: ${r.text.slice(0, 300)}`);
  return { res, body: res.body, card: card.body, allocation: allocation.body, sizes: sizes.body, funding: funding.body, plan: plan.body };
}

const Y2023 = await both(2023);

t.test('a whole HTML page with no script, private to the viewer, only relative links', async (t) => {
  const { res, body, card } = Y2023;
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.equal(res.headers['cache-control'], 'no-store');
  t.notMatch(body, /<script/i);
  t.match(body, `<h1>${card.countyName} 2023 年度义务教育优质均衡发展评估报告</h1>`);
  for (const href of attrs(body, 'href')) t.ok(href.startsWith('/') || href.startsWith('#'), `relative: ${href}`);
  const order = ['verdict', 'scorecard', 'units', 'dispersion', 'class-sizes', 'funding', 'failing', 'plan'].map((id) => body.indexOf(`id="${id}" aria-labelledby`));
  t.notOk(order.includes(-1), 'every section');
  t.same(order, [...order].sort((a, b) => a - b), 'sections in the order of the report');
  t.match(body, new RegExp(`适用政策：${card.policyName}（<code>${card.policyId}</code>`), 'the policy in force');
  t.match(body, /本页计算于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
});

t.test('the links: trends, tasks, the next year only when it holds data, and the API data for API users', async (t) => {
  const { body } = Y2023;
  t.match(body, `href="/reports/counties/${C}/trends"`);
  t.match(body, `href="/reports/counties/${C}/tasks"`);
  t.match(body, `<a href="${page(2024)}" rel="next">`);
  t.notMatch(body, `href="${page(2022)}"`, 'no 2022 data, no link');
  const later = await admin.get(page(2024));
  t.match(later.body, `<a href="${page(2023)}" rel="prev">`);
  t.notMatch(later.body, `href="${page(2025)}"`);
  for (const what of ['scorecard', 'resource-allocation', 'class-sizes', 'entitlements', 'remediation-plan']) {
    t.match(body, `<code>/v1/counties/${C}/years/2023/${what}</code>`, `${what}: the API path for other systems`);
  }
  t.match(body, /API 密钥/, 'the note says the API takes a key');
});

t.test('the verdict and the counts are the scorecard\'s', async (t) => {
  const { body, card } = Y2023;
  const verdict = element(body, 'section', 'verdict');
  const ra = card.resourceAllocation;
  t.match(verdict, `data-verdict="county" data-passes="${ra.passes}"`);
  t.match(verdict, `data-stage="primary" data-passes="${ra.primary}"`);
  t.match(verdict, `data-stage="junior" data-passes="${ra.junior}"`);
  const count = (key: string) => Number(new RegExp(`data-count="${key}">[\\s\\S]*?<strong>(\\d+)</strong>`).exec(verdict)?.[1]);
  t.equal(count('met'), card.summary.met);
  t.equal(count('not_met'), card.summary.notMet);
  t.equal(count('not_assessable'), card.summary.notAssessable);
  t.equal(card.summary.met + card.summary.notMet + card.summary.notAssessable, 31);
});

t.test('B1–B31: one cell per indicator with the API status and responsible units', async (t) => {
  const { body, card } = Y2023;
  const grid = element(body, 'section', 'scorecard');
  t.equal(attrs(grid, 'data-indicator').length, card.indicators.length);
  for (const e of card.indicators) {
    const cell = new RegExp(`<div class="cell ${e.status}" id="ind-${e.id}" data-indicator="${e.id}" data-status="${e.status}">[\\s\\S]*?</div>`).exec(grid)?.[0] ?? '';
    t.ok(cell, `${e.id} is ${e.status}`);
    t.match(cell, `责任单位：${e.responsibleUnits.join('、')}`);
    if (e.status === 'not_assessable') for (const m of e.missing ?? []) t.match(cell, escapeHtml(missingWords(m)), `${e.id} names what is missing`);
    t.notMatch(cell, /缺少：[^<]*facts\./, `${e.id}: no field name of the API where words belong`);
  }
});

t.test('B1–B7 units: a chart per indicator and stage, and every unit\'s values linking to its school page', async (t) => {
  const { body, allocation } = Y2023;
  const stages = (['primary', 'junior'] as const).filter((s) => allocation.units.some((u: any) => u.stage === s && u.assessed));
  t.equal(stages.length, 2);
  const units = element(body, 'section', 'units');
  t.equal(units.match(/<svg/g)?.length, 7 * stages.length, 'seven charts per stage');
  t.equal(body.match(/<svg/g)?.length, 7 * stages.length + 3, 'and one each for dispersion, class sizes and funding');
  for (const stage of stages) {
    const table = element(units, 'table', `units-${stage}`);
    const mine = allocation.units.filter((u: any) => u.stage === stage);
    t.equal(attrs(table, 'data-unit').length, mine.length, `${stage}: every unit`);
    for (const u of mine) {
      const row = rowOf(table, 'data-unit', u.unitId);
      t.match(row, `href="/reports/schools/${u.schoolCode}/years/2023"`);
      t.match(row, u.kind === 'nine_year' ? `${u.schoolName}（${stage === 'primary' ? '小学' : '初中'}）` : u.schoolName);
      t.match(row, `>${num(u.indicators.B1.value, 2)}`, `${u.unitId} B1`);
      t.match(row, `>${num(u.indicators.B6.value, 0)}`, `${u.unitId} B6`);
      if (u.assessed) t.match(row, u.passes ? 'class="status pass">达标' : 'class="status fail">未达标');
      else t.match(row, '不参评');
    }
  }
});

t.test('the coefficients of variation and their limits are the allocation\'s', async (t) => {
  const { body, allocation } = Y2023;
  const table = element(body, 'table', 'dispersion-table');
  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) {
    const row = rowOf(table, 'data-indicator', id);
    for (const stage of ['primary', 'junior']) {
      const d = allocation.stages[stage].dispersion[id];
      t.match(row, `<td class="num">${num(d.cv, 3)}</td><td class="num">${plain(d.max)}</td>`, `${id} ${stage}`);
    }
  }
});

t.test('class sizes: every class B12 looks at in the histogram table, the limits the answer states, every violation', async (t) => {
  const { body, sizes } = Y2023;
  const section = element(body, 'section', 'class-sizes');
  t.match(element(section, 'td', 'classes-total'), `>${sizes.classes}<`, 'as many classes as the answer looked at');
  for (const at of [sizes.limits.primary, sizes.limits.junior, sizes.limits.largeMin, sizes.limits.superLargeMin]) t.match(section, `${at} 人`);
  const violations = element(section, 'table', 'class-violations');
  t.equal(violations.match(/<tr><td>/g)?.length, sizes.violations.length);
  for (const v of sizes.violations) t.match(violations, `<td>${v.classCode}</td>`);
});

t.test('funding: each component and a total equal to the entitlements total, to the fen', async (t) => {
  const { body, funding } = Y2023;
  const section = element(body, 'section', 'funding');
  const fen = yuanToFen(funding.totals.totalYuan);
  t.match(section, `data-total-fen="${fen}"`);
  t.match(element(section, 'td', 'funding-total'), `>${yuanOfFen(fen)}<`);
  const table = element(section, 'table', 'funding-table');
  t.equal(attrs(table, 'data-component').length, funding.totals.byComponent.length);
  let sum = 0;
  for (const c of funding.totals.byComponent) {
    t.match(rowOf(table, 'data-component', c.component), `${yuanOfFen(yuanToFen(c.amountYuan))}</td>`);
    sum += yuanToFen(c.amountYuan);
  }
  t.equal(sum, fen, 'the components add up to the total');
});

t.test('failing units: exactly the units that do not pass, with their shortfalls', async (t) => {
  const { body, allocation } = Y2023;
  const failing = allocation.units.filter((u: any) => u.passes === false);
  t.ok(failing.length > 0, 'the demo county has failing units');
  const table = element(body, 'table', 'failing-units');
  t.same([...new Set(attrs(table, 'data-unit'))].sort(), failing.map((u: any) => u.unitId).sort());
  for (const u of failing) {
    t.match(table, u.schoolName);
    for (const id of u.belowFloor) {
      const row = new RegExp(`<tr data-unit="${u.unitId}" data-indicator="${id}">[\\s\\S]*?</tr>`).exec(table)?.[0] ?? '';
      t.match(row, '低于底线', `${u.unitId} ${id} below its floor`);
      const s = u.indicators[id].shortfall;
      t.match(row, `达标准还差 ${num(s.toStandard, Number.isInteger(s.toStandard) ? 0 : 2)}`);
    }
  }
});

t.test('the plan: total cost, number of actions, the verdict after, one row per action', async (t) => {
  const { body, plan } = Y2023;
  const section = element(body, 'section', 'plan');
  t.match(section, `data-plan-fen="${yuanToFen(plan.totals.costYuan)}"`);
  t.match(element(section, 'td', 'plan-total'), `>${yuanOfFen(yuanToFen(plan.totals.costYuan))}<`);
  t.match(section, `data-plan-actions="${plan.actions.length}"`);
  t.match(section, `data-plan-after="${plan.after.passes}"`);
  t.equal(attrs(element(section, 'table', 'plan-actions'), 'data-action').length, plan.actions.length);
  for (const a of plan.actions) t.match(section, `href="/reports/schools/${a.schoolCode}/years/2023"`);
  // the why of each row is the API's Chinese reason, in the order of the actions; the English one is not shown
  const reasons = [...section.matchAll(/<td class="reason">([\s\S]*?)<\/td>/g)].map((m) => m[1]);
  t.ok(plan.actions.length > 0, 'the demo county needs a plan in 2023');
  const names = new Map<string, string>(Y2023.allocation.units.map((u: any) => [u.schoolCode, u.schoolName]));
  t.same(reasons, plan.actions.map((a: any) => escapeHtml(namedReason(a.reasonZh, names))), 'one Chinese reason per row, as the API states it, schools by name');
  t.ok(plan.actions.some((a: any) => /\d{10}/.test(a.reasonZh)), 'the API names schools by code in some reasons');
  for (const r of reasons) t.notMatch(r, /(?<!\d)\d{10}(?!\d)/, `a school named, not coded: ${r}`);
  for (const a of plan.actions) {
    t.match(a.reasonZh, /[\u4e00-\u9fff]/, `${a.action} at ${a.schoolCode}: a Chinese reason`);
    t.notOk(section.includes(escapeHtml(a.reason)), `${a.action} at ${a.schoolCode}: the English reason is not on the page`);
  }
});

t.test('the page\'s data downloads under its own sign-in: the API\'s figures, columns and sheets', async (t) => {
  const data = element(Y2023.body, 'details', 'api-data');
  const hrefsOf = [...data.matchAll(/href="(\/reports\/[^"]*)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
  const sets = ['scorecard', 'resource-allocation', 'class-sizes', 'entitlements', 'remediation-plan'];
  t.equal(hrefsOf.length, sets.length * 3, 'JSON, CSV and Excel of each of the five answers');
  t.notMatch(data, /href="\/v1\//, 'no link a session cannot open');
  for (const set of sets) {
    const base = `/reports/counties/${C}/years/2023/data/${set}`;
    for (const href of [base, `${base}?format=csv`, `${base}?format=xlsx`]) t.ok(hrefsOf.includes(href), href);
    const json = await admin.get(base);
    t.equal(json.statusCode, 200, `${set} JSON`);
    t.equal(json.headers['cache-control'], 'no-store');
    t.equal(json.body, (await api(2023, set)).text, `${set}: the API's answer, byte for byte`);
    const csv = await admin.get(`${base}?format=csv`);
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /text\/csv/);
    t.match(csv.headers['content-disposition'], `filename="${set}-${C}-2023.csv"`);
    t.equal(csv.body, (await api(2023, `${set}?format=csv`)).text, `${set}: the API's CSV, BOM and all`);
    const xlsx = await admin.get(`${base}?format=xlsx`);
    t.equal(xlsx.statusCode, 200);
    t.match(xlsx.headers['content-type'], /spreadsheetml/);
    t.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK', `${set}: an Excel workbook`);
  }
  const anonymous = await h.app.inject({ method: 'GET', url: `/reports/counties/${C}/years/2023/data/scorecard` });
  t.equal(anonymous.statusCode, 303, 'sign in first');
  const unknownSet = await admin.get(`/reports/counties/${C}/years/2023/data/funding-runs`);
  t.equal(unknownSet.statusCode, 400, 'only the five answers');
  t.match(unknownSet.body, '<li>数据：不是可选的值之一</li>', 'said in Chinese, once');
  t.equal((await admin.get(`/reports/counties/${C}/years/2023/data/scorecard?format=pdf`)).statusCode, 400, 'only the three formats');
  const other = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: ['449901'] })).token);
  t.equal((await other.get(`/reports/counties/${C}/years/2023/data/scorecard`)).statusCode, 404, "another county's data does not exist for its key");
});

t.test('refusals: sign in first, a malformed year, a year or county without data, another county\'s key', async (t) => {
  const anonymous = await h.app.inject({ method: 'GET', url: page(2023) });
  t.equal(anonymous.statusCode, 303);
  t.equal(anonymous.headers.location, `/sign-in?next=${encodeURIComponent(page(2023))}`);
  for (const bad of ['abc', '1999', '2023.5']) {
    const res = await admin.get(page(bad));
    t.equal(res.statusCode, 400, `year ${bad}`);
    t.match(res.headers['content-type'], /text\/html/, 'an error page, not JSON');
  }
  const noYear = await admin.get(page(2030));
  t.equal(noYear.statusCode, 404);
  t.match(noYear.body, /2030 年度没有学校数据（有数据的年度：2023、2024）/);
  const noCounty = await admin.get('/reports/counties/441499/years/2023');
  t.equal(noCounty.statusCode, 404);

  await h.call('PUT', '/v1/counties/449901', { name: '无班级县' });
  await h.call('PUT', '/v1/towns/449901100', { name: '城关镇', countyCode: '449901' });
  t.equal((await h.call('PUT', '/v1/schools/2144990101', schoolBody({ name: '城关小学', countyCode: '449901', townCode: '449901100' }))).status, 201);
  t.equal((await h.call('PUT', '/v1/schools/2144990101/years/2023', schoolYearBody())).status, 201);
  const noClasses = await admin.get('/reports/counties/449901/years/2023');
  t.equal(noClasses.statusCode, 404, 'a school-year without classes has no figures');
  t.match(noClasses.body, /no classes recorded/);

  const bound = await signInPages(h, (await h.makeKey({ scopes: ['read'], counties: ['449901'] })).token);
  const other = await bound.get(page(2023));
  t.equal(other.statusCode, 404);
  t.notMatch(other.body, /蕉岭/, 'nothing about the county it may not see');
  t.equal((await bound.get('/reports/counties/449901/years/2023')).statusCode, 404, 'its own county, still without classes');
});

t.test('names from the county systems are escaped wherever they appear', async (t) => {
  const code = '2144142790'; // a failing unit of 2023: named in the units, the charts, the failing table and the plan
  const current = (await h.call('GET', `/v1/schools/${code}`)).body;
  const { schoolCode: _code, createdAt: _c, updatedAt: _u, ...body } = current;
  t.equal((await h.call('PUT', `/v1/schools/${code}`, { ...body, name: '<script>alert(1)</script>' })).status, 200);
  t.equal((await h.call('PUT', `/v1/counties/${C}`, { name: '"><img src=x onerror=alert(1)>县' })).status, 200);
  const res = await admin.get(page(2023));
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, /<script/i);
  t.notMatch(res.body, /<img/i);
  t.match(res.body, '&lt;script&gt;alert(1)&lt;/script&gt;');
  t.match(res.body, '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;县 2023 年度');
  const failing = element(res.body, 'table', 'failing-units');
  t.match(failing, `<a href="/reports/schools/${code}/years/2023">&lt;script&gt;alert(1)&lt;/script&gt;</a>`);
});

t.test('a plan that cannot be made shows its reason; the other sections stand', async (t) => {
  // without its school-year record a school has no facilities: the plan answers 422, the rest still answers
  t.equal((await h.call('DELETE', '/v1/schools/2144142796/years/2024')).status, 204);
  const plan = await api(2024, 'remediation-plan');
  t.equal(plan.status, 422);
  const res = await admin.get(page(2024));
  t.equal(res.statusCode, 200);
  const section = element(res.body, 'section', 'plan');
  t.match(section, 'data-status="422"');
  t.match(section, '无法给出整改方案');
  for (const e of plan.body.errors) t.match(section, e.message);
  t.notMatch(section, 'plan-actions');
  const card = (await api(2024, 'scorecard')).body;
  t.match(element(res.body, 'section', 'verdict'), `data-verdict="county" data-passes="${card.resourceAllocation.passes}"`);
  t.ok(element(res.body, 'table', 'funding-table'), 'funding still shown');
});
