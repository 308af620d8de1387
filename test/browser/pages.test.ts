// The report pages in a real browser (Debian's Chromium through playwright-core): sign in through the form,
// open every page of the demo county, and check what a person would see. JavaScript is OFF in the browser,
// as the pages promise to work without it. Screenshots and one PDF go to test-artifacts/browser/ for a person
// to look at. Without a Chromium this file is skipped, unless REQUIRE_BROWSER=1 (CI) makes that a failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTEFACTS = path.resolve('test-artifacts/browser');

if (!existsSync(CHROMIUM)) {
  if (process.env.REQUIRE_BROWSER === '1') t.fail(`no Chromium at ${CHROMIUM} (install Debian's chromium and fonts-noto-cjk)`);
  else t.plan(0, `no Chromium at ${CHROMIUM}: the browser checks need Debian's chromium and fonts-noto-cjk`);
} else {
  await run();
}

async function run() {
  const h = await createTestApp();
  await loadDemoCounty(h.database.db);
  // A school name that would run as a script if any page failed to escape it.
  // (a school of an assessed unit, so the county report links its page)
  const units = (await h.call('GET', '/v1/counties/441427/years/2024/resource-allocation')).body.units;
  const code: string = units[0].schoolCode;
  const renamed = (await h.call('GET', `/v1/schools/${code}`)).body;
  const put = await h.call('PUT', `/v1/schools/${code}`, { ...withoutMeta(renamed), name: '<img src=x onerror=alert(1)>实验学校' });
  if (put.status !== 200) throw new Error(`renaming the school: ${put.status} ${put.text}`);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (h.app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  mkdirSync(ARTEFACTS, { recursive: true });

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(async () => {
    await browser.close();
    await h.close();
  });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => problems.push(`a dialog opened: ${d.message()}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
  });

  await t.test('signing in through the form', async (t) => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: '登录' }).first().click();
    await page.locator('#token').fill(h.adminToken);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    t.match(await page.locator('.who').textContent(), /已登录/);
    const cookie = (await context.cookies()).find((c) => c.name === 'edu_session');
    t.equal(cookie?.httpOnly, true);
    t.equal(cookie?.sameSite, 'Strict');
    t.notOk(page.url().includes(h.adminToken), 'the token is in no URL');
    await page.screenshot({ path: path.join(ARTEFACTS, 'landing.png'), fullPage: true });
  });

  /** Opens a page, checks it is whole and readable, and saves a screenshot; answers the links it holds to other reports. */
  async function visit(t: Test, url: string, name: string, minCharts: number): Promise<string[]> {
    const before = problems.length;
    const response = await page.goto(url);
    t.equal(response?.status(), 200, `${name}: 200`);
    t.equal(await page.locator('script').count(), 0, `${name}: no script element`);
    const charts = await page.locator('figure.chart svg').count();
    t.ok(charts >= minCharts, `${name}: ${charts} charts (at least ${minCharts})`);
    if (minCharts > 0) {
      const marks = await page.locator('figure.chart svg path, figure.chart svg rect').count();
      t.ok(marks > minCharts * 3, `${name}: the charts hold drawn marks (${marks})`);
    }
    const text = await page.locator('main').textContent();
    t.match(text, /[\u4e00-\u9fff]/, `${name}: Chinese text`);
    t.notMatch(text, /undefined|NaN|\[object Object\]/, `${name}: no unfilled values`);
    t.same(problems.slice(before), [], `${name}: no console errors, failed requests or error answers`);
    await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });
    const hrefs = await page.locator('main a[href^="/reports/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    return [...new Set(hrefs)];
  }

  await t.test('every report of the demo county', async (t) => {
    const landingLinks = await page.locator('main a[href^="/reports/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const county2024 = '/reports/counties/441427/years/2024';
    for (const expected of [county2024, '/reports/counties/441427/years/2023', '/reports/counties/441427/trends', '/reports/counties/441427/tasks'])
      t.ok(landingLinks.includes(expected), `the landing page links ${expected}`);

    const found = new Set<string>();
    const add = (links: string[]) => {
      for (const l of links) found.add(l.split('#')[0] ?? l);
    };
    add(await visit(t, `${base}${county2024}`, 'county-2024', 5));
    add(await visit(t, `${base}/reports/counties/441427/years/2023`, 'county-2023', 5));
    add(await visit(t, `${base}/reports/counties/441427/trends`, 'trends', 1));
    add(await visit(t, `${base}/reports/counties/441427/tasks`, 'tasks', 0));
    const schoolPages = [...found].filter((l) => l.startsWith('/reports/schools/'));
    t.ok(schoolPages.length >= 10, `the county reports link the school pages (${schoolPages.length})`);
    const renamedPage = schoolPages.find((l) => l.includes(renamed.schoolCode) && l.endsWith('/2024'));
    t.ok(renamedPage, 'the renamed school has a page');
    if (renamedPage) {
      await visit(t, `${base}${renamedPage}`, 'school-renamed', 0);
      t.match(await page.locator('h1').textContent(), /<img src=x onerror=alert\(1\)>实验学校/, 'the name shows as the text it is');
    }
    const another = schoolPages.find((l) => !l.includes(renamed.schoolCode));
    if (another) await visit(t, `${base}${another}`, 'school', 0);

    // Every report linked from these pages answers (through the browser's session, so it is the person's view).
    for (const link of found) {
      const res = await page.request.get(`${base}${link}`);
      t.equal(res.status(), 200, `link ${link}`);
    }
  });

  await t.test('the county report prints to a PDF', async (t) => {
    await page.goto(`${base}/reports/counties/441427/years/2024`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: path.join(ARTEFACTS, 'county-2024.pdf'), format: 'A4', printBackground: true });
    t.ok(pdf.byteLength > 20_000, `a PDF of ${pdf.byteLength} bytes`);
    t.equal(await page.locator('.site-header').isVisible(), false, 'no navigation in print');
    await page.emulateMedia({ media: 'screen' });
  });

  await t.test('the Chinese text is drawn in a CJK font', async (t) => {
    await page.goto(`${base}/reports/counties/441427/years/2024`);
    // With JavaScript off the page cannot be asked; measure in a blank page of the same browser instead.
    const probe = await browser.newPage();
    await probe.setContent('<p style="font-family: \'Noto Sans CJK SC\'">蕉岭县</p>');
    const available = await probe.evaluate(
      () => (globalThis as unknown as { document: { fonts: { check(font: string): boolean } } }).document.fonts.check('16px "Noto Sans CJK SC"'),
    );
    await probe.close();
    t.ok(available, 'Noto Sans CJK SC is installed (fonts-noto-cjk)');
  });

  await t.test('another host name reaches the same pages', async (t) => {
    const other = await browser.newContext({ javaScriptEnabled: false });
    const p = await other.newPage();
    const failed: string[] = [];
    p.on('requestfailed', (r) => failed.push(r.url()));
    const res = await p.goto(`http://localhost:${port}/sign-in`);
    t.equal(res?.status(), 200);
    await p.locator('#token').fill(h.adminToken);
    await p.getByRole('button', { name: '登录' }).click();
    await p.goto(`http://localhost:${port}/reports/counties/441427/trends`);
    t.match(await p.locator('h1').textContent(), /蕉岭县/);
    t.same(failed, [], 'the stylesheet and links are relative');
    await other.close();
  });

  await t.test('signing out', async (t) => {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${base}/sign-in`);
    const res = await page.goto(`${base}/reports/counties/441427/trends`);
    t.match(page.url(), /\/sign-in\?next=/, 'a report asks to sign in again');
    t.equal(res?.status(), 200);
  });
}

function withoutMeta(record: Record<string, unknown>): Record<string, unknown> {
  const { schoolCode: _code, createdAt: _c, updatedAt: _u, ...rest } = record;
  return rest;
}
