import pg from 'pg';
import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { fullSnapshot } from '../helpers/security.js';

const t = fileTest(import.meta);

// Writers of the same county-year serialise on its data-version counter (docs/performance.md). Two
// transactions that touch two counties in opposite orders can deadlock; PostgreSQL then rolls one back.
// The request so rolled back answers 409 with Retry-After, and nothing of it is written.
if (!process.env.DATABASE_URL) {
  t.plan(0, 'needs PostgreSQL (set DATABASE_URL): PGlite runs one transaction at a time and cannot deadlock');
} else {
  const h = await createTestApp();
  t.teardown(() => h.close());
  const put = async (url: string, body: unknown) => {
    const r = await h.call('PUT', url, body);
    if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${r.status} ${r.text}`);
  };
  await put('/v1/counties/441427', { name: '蕉岭县', cityCode: '441400', provinceCode: '44' });
  await put('/v1/counties/441481', { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
  const school = (name: string, countyCode: string) => ({ name, countyCode, kind: 'primary', areaType: 'urban', ownership: 'public', boarding: false });
  await put('/v1/schools/2144142701', school('甲小学', '441427'));
  await put('/v1/schools/2144148101', school('乙小学', '441481'));

  const locker = new pg.Client({ connectionString: h.database.url as string });
  await locker.connect();
  t.teardown(() => locker.end());
  const admin = new pg.Client({ connectionString: h.database.url as string });
  await admin.connect();
  t.teardown(() => admin.end());
  const lockerPid = (locker as unknown as { processID: number }).processID;
  const dbName = new URL(h.database.url as string).pathname.slice(1);

  /** Polls until a statement of the service waits on a lock: the request is in flight and holds its first counter. */
  const blocked = async () => {
    for (let i = 0; i < 2400; i++) {
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2`,
        [dbName, lockerPid],
      );
      if (rows[0].n >= 1) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the request never reached the lock');
  };
  const bump = (county: string, year: number) =>
    locker.query(
      `INSERT INTO data_versions (county_code, year, version) VALUES ($1, $2, 1)
       ON CONFLICT (county_code, year) DO UPDATE SET version = data_versions.version + 1`,
      [county, year],
    );

  t.test('a deadlock between two writers: 409 with Retry-After, nothing of the request written', async (t) => {
    const before = await fullSnapshot(h.database.db);
    // The other transaction holds 441427's 2024 counter and will not be the one PostgreSQL picks.
    await locker.query('BEGIN');
    await locker.query(`SET LOCAL deadlock_timeout = '60s'`);
    await bump('441427', 2024);
    // The bulk load renames 441481's school first (its counter), then writes a 441427 school-year and waits.
    const request = h.call('POST', '/v1/bulk', {
      schools: [{ schoolCode: '2144148101', ...school('乙小学（改名）', '441481') }],
      schoolYears: [
        {
          schoolCode: '2144142701', year: 2024, teachingAreaM2: 1000, sportsAreaM2: 1000, equipmentValueYuan: 100000,
          multimediaClassrooms: 2, musicRoomAreasM2: [], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0,
        },
      ],
    });
    await blocked();
    // Now the other transaction wants 441481's counter, which the request holds: a cycle.
    const closing = bump('441481', 0).then(
      () => 'granted',
      (error: Error) => error.message,
    );
    const r = await request;
    t.equal(await closing, 'granted', 'the other transaction goes on once the request is rolled back');
    await locker.query('ROLLBACK');
    assertProblem(t, r, 409);
    t.equal(r.body.type, '/problems/concurrent-write');
    t.equal(r.headers['retry-after'], '1', 'Retry-After says when to send it again');
    t.same(await fullSnapshot(h.database.db), before, 'nothing of the request was written');

    const again = await h.call('POST', '/v1/bulk', {
      schools: [{ schoolCode: '2144148101', ...school('乙小学（改名）', '441481') }],
    });
    t.equal(again.status, 200, 'sent again, it is written');
  });
}
