import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { fileTest } from '../helpers/file-test.js';
import { openDatabase, type Database, type Db, type Queryable } from '../../src/db/connection.js';
import { migrateDatabase, migrationsFolder } from '../../src/db/migrate.js';
import type { SchoolRowT } from '../../src/schemas/bulk.js';
import { CHANGE_ENTITIES } from '../../src/schemas/changes.js';
import { runBulk } from '../../src/services/bulk.js';
import { readChanges } from '../../src/services/changes.js';
import { systemContext } from '../../src/services/context.js';
import { schoolCollection } from '../../src/services/reference/index.js';
import { deleteOne, writeCollection } from '../../src/services/reference/writer.js';
import { createTestApp, type Call } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { assertProblem } from '../helpers/assert.js';
import { schoolYear, teacherYear } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

// The change feed (docs/changes.md): every committed change once, in (transaction, change) order, none
// of a rolled-back write; county binding and filters; paging by cursor; and, with writers running, a
// poller following the cursor misses nothing.

const h = await createTestApp();
t.teardown(() => h.close());
const onPostgres = h.database.kind === 'postgres';

interface Item {
  changeVersion: string;
  entity: string;
  key: string;
  countyCode: string | null;
  operation: 'upsert' | 'delete';
  at: string;
}

/** How long a poller waits for what it expects: other databases' transactions on a shared server hold the horizon back. */
const DEADLINE_MS = 120_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One answer of the feed, checked for its shape. */
async function page(call: Call, query: Record<string, string | number | undefined>) {
  const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])));
  const r = await call('GET', `/v1/changes?${params}`);
  if (r.status !== 200) throw new Error(`GET /v1/changes?${params}: ${r.status} ${r.text}`);
  return r.body as { items: Item[]; nextCursor: string; hasMore: boolean };
}

/**
 * Follows the feed from `since` until `done` holds for what it has seen and the feed has nothing more ready
 * (a later write commits after the one awaited, so waiting for a marker write proves everything before it
 * has been served); fails after the deadline.
 */
async function follow(call: Call, query: { since?: string; limit?: number; countyCode?: string; entity?: string }, done: (seen: Item[]) => boolean) {
  const seen: Item[] = [];
  let since = query.since;
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const answer = await page(call, { ...query, since });
    seen.push(...answer.items);
    since = answer.nextCursor;
    if (!answer.hasMore && done(seen)) return { items: seen, cursor: since };
    if (Date.now() > until) throw new Error(`the feed did not deliver what was awaited within ${DEADLINE_MS} ms (${seen.length} items seen)`);
    if (!answer.hasMore && answer.items.length === 0) await pause(10);
  }
}

/** Writes a marker (a county-facts record of a county of its own) and returns its key: awaiting it drains the feed. */
let markers = 0;
async function marker(): Promise<string> {
  markers += 1;
  const r = await h.call('PUT', `/v1/counties/449909/years/${2000 + markers}/facts`, { teacherAveragePayYuan: 90000 + markers });
  if (r.status >= 300) throw new Error(`marker: ${r.status} ${r.text}`);
  return `449909/${2000 + markers}`;
}
const sawKey = (key: string) => (seen: Item[]) => seen.some((i) => i.key === key);

async function send(method: string, url: string, body?: unknown, expected = [200, 201, 204]) {
  const r = await h.call(method as 'PUT', url, body);
  if (!expected.includes(r.status)) throw new Error(`${method} ${url}: ${r.status} ${r.text}`);
  return r;
}

const county = (name: string) => ({ name, cityCode: '449900', provinceCode: '44' });
const school = (countyCode: string, over: Record<string, unknown> = {}) => ({
  name: '测试小学',
  countyCode,
  townCode: `${countyCode}100`,
  kind: 'primary',
  areaType: 'urban',
  ownership: 'public',
  boarding: false,
  ...over,
});
const schoolRow = (schoolCode: string, countyCode: string, over: Record<string, unknown> = {}) => ({ schoolCode, ...school(countyCode, over) }) as SchoolRowT;

// The audit trail's events of data entities, as the feed must show them (the same positions, in the same order).
async function auditTrail(db: Db) {
  const { rows } = await db.execute<{ entity: string; entity_key: string; action: string; county_code: string | null; cv: string }>(sql`
    SELECT entity, entity_key, action, county_code,
           lpad(to_hex(tx::text::numeric::bigint), 16, '0') || '.' || lpad(to_hex(id), 16, '0') || '.' ||
           lpad(to_hex(((extract(epoch FROM at) * 1000000)::bigint) & 4294967295), 8, '0') AS cv
      FROM audit_events WHERE entity <> 'api-key' ORDER BY tx, id`);
  return rows;
}

let start = '';
const written: Item[] = [];

t.before(async () => {
  start = (await follow(h.call, {}, () => true)).cursor;
  await send('PUT', '/v1/counties/449901', county('一号县'));
  await send('PUT', '/v1/counties/449902', county('二号县'));
  await send('PUT', '/v1/counties/449909', county('标记县'));
  await send('PUT', '/v1/towns/449901100', { name: '一号镇', countyCode: '449901' });
  await send('PUT', '/v1/towns/449902100', { name: '二号镇', countyCode: '449902' });
  await send('PUT', '/v1/schools/2144990001', school('449901'));
  await send('PUT', '/v1/schools/2144990002', school('449902'));
  await send('PUT', '/v1/schools/2144990001/years/2024', schoolYear());
  await send('PUT', '/v1/schools/2144990001/years/2024/classes', [
    { classCode: 'P1-1', stage: 'primary', grade: 1, students: 45 },
    { classCode: 'P1-2', stage: 'primary', grade: 1, students: 44 },
  ]);
  await send('PUT', '/v1/teachers/T001', { name: '李老师' });
  await send('PUT', '/v1/teachers/T002', { name: '王老师' });
  await send('PUT', '/v1/teachers/T001/years/2024', teacherYear({ schoolCode: '2144990001' }));
  await send('PUT', '/v1/counties/449901/years/2024/facts', { teacherAveragePayYuan: 98000 });
  await send('PUT', '/v1/counties/449901/years/2024/policy', { policyId: 'guangdong-2018' });
  await send('POST', '/v1/counties/449901/years/2024/funding-runs', {});
  await send('PUT', '/v1/counties/441427/tasks/T01', { status: 'in_progress' });
  await send('POST', '/v1/api-keys', { name: 'not in the feed', scopes: ['read'], counties: ['449901'] });
  // An update, an unchanged write (no change, so no item), a class dropped, a teacher deleted.
  await send('PUT', '/v1/schools/2144990001', school('449901', { name: '测试小学（新名）' }));
  await send('PUT', '/v1/schools/2144990001', school('449901', { name: '测试小学（新名）' }));
  await send('PUT', '/v1/schools/2144990001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 46 }]);
  await send('DELETE', '/v1/teachers/T002');
  // A bulk load; one refused for a bad row and a dry run: neither leaves a trace.
  await send('POST', '/v1/bulk', { schools: [school('449901', { schoolCode: '2144990003' }), school('449902', { schoolCode: '2144990004' })] });
  await send('POST', '/v1/bulk', { schools: [school('449901', { schoolCode: '2144990005' }), school('449901', { schoolCode: '2144990006', townCode: '449902100' })] }, [422]);
  await send('POST', '/v1/bulk?dryRun=true', { schools: [school('449901', { schoolCode: '2144990007' })] });
  written.push(...(await follow(h.call, { since: start }, sawKey(await marker()))).items);
});

t.test('every committed change appears once, as the audit trail holds it, in order', async (t) => {
  const expected = (await auditTrail(h.database.db)).filter((e) => e.cv > start);
  t.same(
    written.map((i) => [i.changeVersion, i.key]),
    expected.map((e) => [e.cv, e.entity_key]),
    'the same events at the same positions',
  );
  t.ok(written.every((item, i) => i === 0 || item.changeVersion > (written[i - 1] as Item).changeVersion), 'changeVersion increases (as text)');
  const of = (entity: string, key: string) => written.filter((i) => i.entity === entity && i.key === key).map((i) => [i.operation, i.countyCode]);
  t.same(of('counties', '449901'), [['upsert', '449901']]);
  t.same(of('towns', '449902100'), [['upsert', '449902']]);
  t.same(of('schools', '2144990001'), [['upsert', '449901'], ['upsert', '449901']], 'created, then changed; the unchanged write is not a change');
  t.same(of('schoolYears', '2144990001/2024'), [['upsert', '449901']]);
  t.same(of('classes', '2144990001/2024/P1-1'), [['upsert', '449901'], ['upsert', '449901']]);
  t.same(of('classes', '2144990001/2024/P1-2'), [['upsert', '449901'], ['delete', '449901']], 'a class dropped from the list is a delete');
  t.same(of('teachers', 'T001'), [['upsert', null]], 'teachers have no county');
  t.same(of('teachers', 'T002'), [['upsert', null], ['delete', null]]);
  t.same(of('teacherYears', 'T001/2024'), [['upsert', '449901']]);
  t.same(of('countyFacts', '449901/2024'), [['upsert', '449901']]);
  t.same(of('countyYearPolicies', '449901/2024'), [['upsert', '449901']]);
  t.same(of('tasks', '441427/T01'), [['upsert', '441427']]);
  const runs = written.filter((i) => i.entity === 'fundingRuns');
  t.equal(runs.length, 1, 'the funding run');
  t.match(runs[0], { operation: 'upsert', countyCode: '449901', key: /^[0-9a-f-]{36}$/ });
  t.same(of('schools', '2144990003'), [['upsert', '449901']], 'bulk-loaded rows, once each');
  t.same(of('schools', '2144990004'), [['upsert', '449902']]);
  for (const key of ['2144990005', '2144990006', '2144990007']) t.same(of('schools', key), [], `school ${key} (refused or dry run) appears nowhere`);
  t.ok(written.every((i) => (CHANGE_ENTITIES as readonly string[]).includes(i.entity)), 'only data: no API key events');
  t.ok(written.every((i) => !Number.isNaN(Date.parse(i.at))), 'each change has a time');
});

t.test('paging: any page size gives the same sequence; a changeVersion resumes right after its change', async (t) => {
  const all = (await follow(h.call, { since: start, limit: 1000 }, () => true)).items;
  t.same(all, written, 'one large page');
  for (const limit of [1, 3, 7]) {
    t.same((await follow(h.call, { since: start, limit }, () => true)).items, written, `pages of ${limit}`);
  }
  const first = await page(h.call, { since: start, limit: 4 });
  t.equal(first.items.length, 4);
  t.ok(first.hasMore, 'a full page says there may be more');
  t.equal(first.nextCursor, first.items[3]?.changeVersion, 'a full page ends at its last item');
  const middle = written[5] as Item;
  const after = await page(h.call, { since: middle.changeVersion, limit: 2 });
  t.same(after.items, written.slice(6, 8), 'since = an item\'s changeVersion: the changes after it');
  const end = await follow(h.call, { since: start }, () => true);
  const idle = await page(h.call, { since: end.cursor });
  t.same(idle.items, [], 'caught up: nothing new');
  t.equal(idle.hasMore, false);
  t.ok(idle.nextCursor >= end.cursor, 'the cursor never goes back');
  const fromScratch = await follow(h.call, {}, () => true);
  t.same(fromScratch.items.slice(-written.length), written, 'without since: from the first change');
});

t.test('county binding and filters', async (t) => {
  const one = await h.makeKey({ scopes: ['read'], counties: ['449901'] });
  const asOne = h.as(one.token);
  const seenByOne = (await follow(asOne, { since: start }, () => true)).items;
  t.ok(seenByOne.length > 0);
  t.ok(
    seenByOne.every((i) => i.countyCode === '449901' || (i.entity === 'teachers' && i.key === 'T001')),
    'a key bound to 449901 sees that county\'s changes and the teacher placed there',
  );
  t.same(seenByOne, written.filter((i) => i.countyCode === '449901' || (i.entity === 'teachers' && i.key === 'T001')), 'all of them, in order');
  t.notOk(seenByOne.some((i) => i.key === 'T002'), 'not a teacher with no teacher-year in its counties');

  const byCounty = (await follow(h.call, { since: start, countyCode: '449902' }, () => true)).items;
  t.same(byCounty, written.filter((i) => i.countyCode === '449902'), 'countyCode filter');
  const elsewhere = await follow(asOne, { since: start, countyCode: '449902' }, () => true);
  t.same(elsewhere.items, [], 'a county-bound key asking for another county gets nothing');
  t.ok(elsewhere.cursor > start, 'and its cursor still moves on');

  const schools = (await follow(h.call, { since: start, entity: 'schools', limit: 2 }, () => true)).items;
  t.same(schools, written.filter((i) => i.entity === 'schools'), 'entity filter, paged');
  const teachersOfOne = (await follow(asOne, { since: start, entity: 'teachers' }, () => true)).items;
  t.same(teachersOfOne.map((i) => i.key), ['T001']);

  const noData = await h.makeKey({ scopes: ['audit'], counties: ['*'] });
  assertProblem(t, await h.as(noData.token)('GET', '/v1/changes'), 403);
});

t.test('a record moved to another county is a change for both counties', async (t) => {
  const [one, two] = [await h.makeKey({ scopes: ['read'], counties: ['449901'] }), await h.makeKey({ scopes: ['read'], counties: ['449902'] })];
  const from = (await follow(h.call, { since: start }, () => true)).cursor;
  await send('PUT', '/v1/schools/2144990003', school('449902', { townCode: '449902100' }));
  await send('PUT', '/v1/teachers/T001/years/2024', teacherYear({ schoolCode: '2144990002' }));
  const last = await marker();
  const all = (await follow(h.call, { since: from }, sawKey(last))).items;
  const moves = all.filter((i) => i.key === '2144990003' || i.key === 'T001/2024');
  t.same(moves.map((i) => [i.entity, i.key, i.countyCode]), [['schools', '2144990003', '449902'], ['teacherYears', 'T001/2024', '449902']], 'reported with the county they moved to');
  for (const [name, key] of [['449901, which they left', one], ['449902, which they joined', two]] as const) {
    const seen = (await follow(h.as(key.token), { since: from }, () => true)).items;
    t.same(seen.filter((i) => i.entity !== 'teachers'), moves, `a key bound to ${name} sees both moves`);
  }
  t.same((await follow(h.call, { since: from, countyCode: '449901' }, () => true)).items, moves, 'so does the countyCode filter');
});

t.test('bad input is a 400; a cursor this database does not hold is a 410', async (t) => {
  const wrong = await h.call('GET', '/v1/changes?entity=school');
  assertProblem(t, wrong, 400);
  t.match(wrong.body.errors[0], { in: 'query', pointer: '/entity' });
  for (const name of CHANGE_ENTITIES) t.match(wrong.body.errors[0].message, new RegExp(`\\b${name}\\b`), `the answer lists ${name}`);
  for (const query of ['limit=0', 'limit=1001', 'since=abc', 'since=0000000000000001.0000000000000001', 'since=00000000000002F4.000000000000001c.5e0f3a21', 'countyCode=4414']) {
    const r = await h.call('GET', `/v1/changes?${query}`);
    assertProblem(t, r, 400);
    t.equal(r.body.errors?.[0]?.in, 'query', query);
  }
  const huge = await h.call('GET', '/v1/changes?since=0000000000000001.8000000000000000.00000000');
  assertProblem(t, huge, 400);
  t.match(huge.body.errors[0], { pointer: '/since' });
  const last = written.at(-1) as Item;
  const [tx, id, check] = last.changeVersion.split('.') as [string, string, string];
  const otherCheck = `${check.slice(0, 7)}${check.at(-1) === '0' ? '1' : '0'}`;
  for (const cursor of [`${tx}.${id}.${otherCheck}`, `${tx}.${(BigInt(`0x${id}`) + 1000n).toString(16).padStart(16, '0')}.${check}`]) {
    const r = await h.call('GET', `/v1/changes?since=${cursor}`);
    assertProblem(t, r, 410);
    t.match(r.body.type, /cursor-gone$/);
  }
  const zero = await page(h.call, { since: '0000000000000000.0000000000000000.00000000', limit: 1 });
  t.equal(zero.items.length, 1, 'the beginning cursor is a valid one');
});

t.test('a transaction that began first is served first, and not skipped while it runs', { skip: onPostgres ? false : 'PostgreSQL only: PGlite is one connection, so two transactions cannot overlap' }, async (t) => {
  const url = h.database.url as string;
  const [a, b] = [await openDatabase({ databaseUrl: url, poolSize: 1 }), await openDatabase({ databaseUrl: url, poolSize: 1 })];
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const ctx = systemContext('overlap');
  const before = (await follow(h.call, { since: start }, () => true)).cursor;
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let wroteA = () => {};
  const aWrote = new Promise<void>((resolve) => {
    wroteA = resolve;
  });
  // A writes first (the smaller transaction id and audit id) and commits last; B writes in another county,
  // so that it does not wait for A's lock on the county's data version.
  const slow = a.db.transaction(async (tx) => {
    await writeCollection(tx, schoolCollection, [schoolRow('2144991001', '449901')], ctx);
    wroteA();
    await gate;
  });
  await aWrote;
  await b.db.transaction((tx) => writeCollection(tx, schoolCollection, [schoolRow('2144991002', '449902')], ctx));
  const meanwhile = await follow(h.call, { since: before }, () => true);
  t.notOk(meanwhile.items.some((i) => i.key === '2144991002'), 'B committed, but is not served while A, which began before it, runs');
  t.notOk(meanwhile.items.some((i) => i.key === '2144991001'), 'nor is A\'s uncommitted change');
  release();
  await slow;
  const after = await follow(h.call, { since: meanwhile.cursor }, sawKey('2144991002'));
  t.same(after.items.filter((i) => i.key.startsWith('21449910')).map((i) => i.key), ['2144991001', '2144991002'], 'both, A first, once each');
});

t.test('writers running at once: a poller following the cursor sees every committed change once, none rolled back', async (t) => {
  const WRITERS = 8;
  const OPS = 14;
  const url = h.database.url;
  // On PostgreSQL each writer has a connection of its own; PGlite is one connection, whose transactions take turns.
  const connections: Database[] = url ? await Promise.all(Array.from({ length: WRITERS }, () => openDatabase({ databaseUrl: url, poolSize: 1 }))) : [];
  t.teardown(() => Promise.all(connections.map((c) => c.close())));
  const dbOf = (w: number): Db => (connections[w] ?? h.database).db;
  // Each writer writes in a county of its own (counties' data versions are locked per county), and all in a shared one.
  const countyOf = (w: number) => `4499${10 + w}`;
  const counties = ['449903', ...Array.from({ length: WRITERS }, (_, w) => countyOf(w))];
  await send('POST', '/v1/bulk', {
    counties: counties.map((c) => ({ countyCode: c, ...county(`县 ${c}`) })),
    towns: counties.map((c) => ({ townCode: `${c}100`, name: `镇 ${c}`, countyCode: c })),
  });
  const from = (await follow(h.call, { since: start }, sawKey(`${counties.at(-1)}100`))).cursor;

  const committed: string[] = [];
  const rolledBack = new Set<string>();
  const sleepIn = (db: Queryable) => db.execute(sql`SELECT pg_sleep(${Math.random() * 0.02})`);
  class Refused extends Error {}
  const codeOf = (w: number, n: number, part: number) => `21449${w}${String(n).padStart(2, '0')}${part}0`;

  async function writer(w: number) {
    const db = dbOf(w);
    const ctx = systemContext(`writer-${w}`);
    const own = countyOf(w);
    const mine: string[] = [];
    for (let n = 0; n < OPS; n++) {
      await pause(Math.random() * 15);
      const kind = n % 7;
      if (kind === 3 || kind === 6) {
        // Rolled back: a transaction that fails after writing, or a bulk load with a bad row.
        const codes = [codeOf(w, n, 7), codeOf(w, n, 8)] as const;
        for (const c of codes) rolledBack.add(c);
        if (kind === 3) {
          await t.rejects(
            db.transaction(async (tx) => {
              await writeCollection(tx, schoolCollection, [schoolRow(codes[0], own)], ctx);
              await sleepIn(tx);
              await writeCollection(tx, schoolCollection, [schoolRow(codes[1], own)], ctx);
              throw new Refused('on purpose');
            }),
            { message: 'on purpose' },
          );
        } else {
          const bad = schoolRow(codes[1], own, { townCode: '449901100' });
          await t.rejects(runBulk(db, { schools: [schoolRow(codes[0], own), bad] } as never, false, ctx), { message: /nothing was written/ });
        }
        continue;
      }
      if (kind === 5 && mine.length > 0) {
        const code = mine.shift() as string;
        await deleteOne(db, schoolCollection, { schoolCode: code }, ctx);
        committed.push(`schools ${code} delete`);
        continue;
      }
      // Committed: one to three schools in one transaction, with pauses inside it, and a school all writers rename.
      const codes = Array.from({ length: 1 + (n % 3) }, (_, part) => codeOf(w, n, part));
      const changes: string[] = [];
      await db.transaction(async (tx) => {
        for (const code of codes) {
          const outcome = await writeCollection(tx, schoolCollection, [schoolRow(code, own, { name: `学校 ${w}-${n}` })], ctx);
          changes.push(...outcome.changes.map((c) => `schools ${c.key.join('/')} upsert`));
          await sleepIn(tx);
        }
        if (n % 4 === 0) {
          const shared = await writeCollection(tx, schoolCollection, [schoolRow('2144999999', '449903', { name: `共用 ${w}-${n}` })], ctx);
          changes.push(...shared.changes.map((c) => `schools ${c.key.join('/')} upsert`));
        }
      });
      committed.push(...changes);
      mine.push(...codes);
    }
  }

  const seen: Item[] = [];
  let cursor = from;
  let writing = true;
  let reversals = 0;
  const poller = (async () => {
    let lastId = 0n;
    const until = Date.now() + DEADLINE_MS;
    for (;;) {
      const stillWriting = writing;
      const answer = await page(h.call, { since: cursor, limit: 1 + Math.floor(Math.random() * 20) });
      for (const item of answer.items) {
        const id = BigInt(`0x${item.changeVersion.split('.')[1]}`);
        if (id < lastId) reversals += 1;
        lastId = id > lastId ? id : lastId;
      }
      seen.push(...answer.items);
      cursor = answer.nextCursor;
      // Done once the writers had finished before this answer was asked for and it had nothing more.
      if (!stillWriting && !answer.hasMore && seen.filter((i) => i.entity === 'schools').length >= committed.length) return;
      if (Date.now() > until) throw new Error(`poller: ${seen.length} changes after ${DEADLINE_MS} ms, ${committed.length} committed`);
      if (!answer.hasMore) await pause(2);
    }
  })();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  writing = false;
  await poller;

  const schoolsSeen = seen.filter((i) => i.entity === 'schools');
  t.ok(committed.length > WRITERS * 5, `${committed.length} committed changes`);
  t.same(schoolsSeen.map((i) => `schools ${i.key} ${i.operation}`).sort(), [...committed].sort(), 'every committed change, once');
  t.equal(new Set(seen.map((i) => i.changeVersion)).size, seen.length, 'no change twice');
  t.notOk(schoolsSeen.some((i) => rolledBack.has(i.key)), 'no change of a rolled-back transaction');
  t.ok(seen.every((item, i) => i === 0 || item.changeVersion > (seen[i - 1] as Item).changeVersion), 'in (transaction, change) order');
  const trail = (await auditTrail(h.database.db)).filter((e) => e.cv > from);
  t.same(seen.map((i) => i.changeVersion), trail.map((e) => e.cv), 'exactly the audit trail\'s events since the cursor');
  t.same((await page(h.call, { since: cursor })).items, [], 'and then nothing more');
  t.comment(`${reversals} change(s) came after one with a larger audit id (begun earlier, committed later): a cursor on the audit id alone could skip such changes`);
});

t.test('the migration gives events already stored one transaction id, in id order, before later ones', async (t) => {
  // The migrations as they were before the change feed: the same folder, the journal cut before its migration.
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-migrations-'));
  cpSync(migrationsFolder(), dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === '0007_change_feed'));
  writeFileSync(journalFile, JSON.stringify(journal));
  const database = await createTestDatabase({ migrate: false });
  t.teardown(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const db = database.db;
  if (database.kind === 'postgres') await migratePg(db as unknown as NodePgDatabase, { migrationsFolder: dir });
  else await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: dir });
  await db.execute(sql`
    INSERT INTO audit_events (action, entity, entity_key, county_code) VALUES
      ('create', 'school', '2144000001', '441427'), ('create', 'api-key', '00000000-0000-4000-8000-000000000001', NULL),
      ('delete', 'school', '2144000001', '441427'), ('create', 'town', '441427100', '441427')`);
  await migrateDatabase(database);
  const { rows } = await db.execute<{ txs: number }>(sql`SELECT count(DISTINCT tx)::int AS txs FROM audit_events`);
  t.equal(rows[0]?.txs, 1, 'one transaction id for the events stored before');
  await db.execute(sql`INSERT INTO audit_events (action, entity, entity_key, county_code) VALUES ('update', 'town', '441427100', '441427')`);
  // The new event is served once no older transaction is open anywhere on the server (other test files' too).
  let feed = await readChanges(db, { limit: 100 }, '*');
  for (const until = Date.now() + DEADLINE_MS; feed.items.length < 4 && Date.now() < until; ) {
    await pause(10);
    feed = await readChanges(db, { limit: 100 }, '*');
  }
  t.same(
    feed.items.map((i) => [i.entity, i.key, i.operation]),
    [
      ['schools', '2144000001', 'upsert'],
      ['schools', '2144000001', 'delete'],
      ['towns', '441427100', 'upsert'],
      ['towns', '441427100', 'upsert'],
    ],
    'the old events in id order, then the new one',
  );
  t.equal(feed.hasMore, false);
  await t.rejects(db.execute(sql`UPDATE audit_events SET entity = 'x'`), 'the trail is still append-only');
  // As after a logical dump restored into a cluster whose transaction counter is behind the copied ids.
  await db.execute(sql`INSERT INTO audit_events (action, entity, entity_key, county_code, tx) VALUES ('create', 'town', '441427101', '441427', '999999999999'::xid8)`);
  await t.rejects(readChanges(db, { limit: 100 }, '*'), { message: /transaction ids ahead of this database/ }, 'a log ahead of the database is refused, not served out of order');
});
