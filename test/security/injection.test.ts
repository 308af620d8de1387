import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { county, school, schoolYear, teacherYear, town } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

// Injection strings in every text field: stored exactly as sent and read back unchanged, or refused with
// a 400 that leaves the stored value as it was; never executed. Which values must be stored follows from the
// field's schema and the input guard alone (no NUL, no lone surrogates), so a route that refused everything
// would fail here.
const h = await createTestApp();
t.teardown(() => h.close());

const tablesBefore = await baseTables();
const SET_UP: [string, string, unknown][] = [
  ['PUT', '/v1/counties/441427', county],
  ['PUT', '/v1/towns/441427100', town],
  ['PUT', '/v1/schools/2144000001', school()],
  ['PUT', '/v1/schools/2144000001/years/2024', schoolYear()],
  ['PUT', '/v1/teachers/T001', { name: '李老师' }],
  ['PUT', '/v1/teachers/T001/years/2024', teacherYear()],
  ['PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 }]],
  ['PUT', '/v1/counties/441427/years/2024/facts', { declared: [{ indicatorId: 'B8', met: true, evidence: '布局规划已批准' }] }],
];
for (const [method, url, body] of SET_UP) {
  const r = await h.call(method as never, url, body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`set-up ${method} ${url}: ${r.status} ${r.text.slice(0, 300)}`);
}

async function baseTables(): Promise<string[]> {
  const { rows } = await h.database.db.execute<{ name: string }>(
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

const INJECTIONS = [
  "Robert'); DROP TABLE schools;--",
  "' OR '1'='1",
  '1; DELETE FROM audit_events',
  "$$; DROP TABLE teachers; $$",
  '{"$gt": ""}',
  '{"name": {"$ne": null}}',
  '"},"countyCode":"441481',
  '\\", \\"admin\\": true',
  '<img src=x onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a lookup-injection probe, sent as plain text
  '${jndi:ldap://x}',
  '%s%s%s%n',
  '蕉岭县第一中学（分校）',
  '𠀀𪚥𰻞 👩‍🏫🏫',
  'ﬁ Å Å Ω Ω',
  '\u202eevil\u202c',
  '\u200b\u200c\ufeff',
  'tab\tnew\nline\rcr',
  '\\u0000',
  'x'.repeat(200),
  'x'.repeat(201),
  'y'.repeat(100_000),
  '\u0000',
  'a\u0000b',
  '\ud800',
  'b\udc00',
];

interface Field {
  label: string;
  put: (value: string) => [string, string, unknown];
  /** Where the stored value is read back, given the answer to the write. */
  get: (written: any) => string;
  read: (body: any) => unknown;
  /** The field's schema: a value outside it is refused, any other is stored. */
  maxLength?: number;
  pattern?: RegExp;
}

/** The Name schema of records: 1–200 characters, not only white space. */
const NAME = { maxLength: 200, pattern: /\S/u };
/** Subjects and class codes are short identifiers: every injection string is refused there. */
const SUBJECT = /^[a-z][a-z0-9_]{0,31}$/u;
const LOCAL_CODE = /^[A-Za-z0-9._-]{1,32}$/u;

const FIELDS: Field[] = [
  { label: 'county name', ...NAME, put: (v) => ['PUT', '/v1/counties/441427', { ...county, name: v }], get: () => '/v1/counties/441427', read: (b) => b.name },
  { label: 'town name', ...NAME, put: (v) => ['PUT', '/v1/towns/441427100', { name: v, countyCode: '441427' }], get: () => '/v1/towns/441427100', read: (b) => b.name },
  { label: 'school name', ...NAME, put: (v) => ['PUT', '/v1/schools/2144000001', school({ name: v })], get: () => '/v1/schools/2144000001', read: (b) => b.name },
  { label: 'teacher name', ...NAME, put: (v) => ['PUT', '/v1/teachers/T001', { name: v }], get: () => '/v1/teachers/T001', read: (b) => b.name },
  {
    label: 'subject',
    pattern: SUBJECT,
    put: (v) => ['PUT', '/v1/teachers/T001/years/2024', teacherYear({ subject: v })],
    get: () => '/v1/teachers/T001/years/2024',
    read: (b) => b.subject,
  },
  {
    label: 'class code',
    pattern: LOCAL_CODE,
    put: (v) => ['PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: v, stage: 'primary', grade: 1, students: 1 }]],
    get: () => '/v1/schools/2144000001/years/2024/classes',
    read: (b) => b.items?.[0]?.classCode,
  },
  {
    label: 'declared evidence',
    maxLength: 4000,
    put: (v) => ['PUT', '/v1/counties/441427/years/2024/facts', { declared: [{ indicatorId: 'B8', met: true, evidence: v }] }],
    get: () => '/v1/counties/441427/years/2024/facts',
    read: (b) => b.declared?.[0]?.evidence,
  },
  {
    label: 'api key name',
    maxLength: 100,
    pattern: /\S/u,
    put: (v) => ['POST', '/v1/api-keys', { name: v, scopes: ['read'], counties: ['441427'] }],
    get: (written) => `/v1/api-keys/${written.id}`,
    read: (b) => b.name,
  },
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether the field must store the value (true) or refuse it (false). */
function accepts(field: Field, value: string): boolean {
  if (value.includes('\u0000') || LONE_SURROGATE.test(value)) return false; // the input guard
  if (value.length === 0) return false;
  if (field.maxLength !== undefined && [...value].length > field.maxLength) return false; // JSON Schema counts code points
  return field.pattern === undefined || field.pattern.test(value);
}

for (const field of FIELDS) {
  t.test(field.label, async (t) => {
    const expectStored = INJECTIONS.filter((v) => accepts(field, v));
    if (field.pattern === SUBJECT || field.pattern === LOCAL_CODE) t.equal(expectStored.length, 0, 'no injection string fits the identifier pattern');
    else t.ok(expectStored.length >= 18, `${expectStored.length} of ${INJECTIONS.length} strings must be stored`);
    for (const value of INJECTIONS) {
      const shown = JSON.stringify(value.slice(0, 40));
      const before = field.label === 'api key name' ? undefined : field.read((await h.call('GET', field.get(undefined))).body);
      const [method, url, body] = field.put(value);
      const r = await h.call(method as never, url, body);
      if (accepts(field, value)) {
        t.ok(r.status === 200 || r.status === 201, `${shown}: accepted (${r.status})`);
        const back = await h.call('GET', field.get(r.body));
        t.equal(back.status, 200, `${shown}: read back`);
        t.equal(field.read(back.body), value, `${shown}: stored verbatim`);
      } else {
        t.equal(r.status, 400, `${shown}: refused`);
        if (field.label !== 'api key name') {
          const after = await h.call('GET', field.get(undefined));
          t.equal(field.read(after.body), before, `${shown}: the stored value did not change`);
        }
      }
    }
  });
}

t.test('injection in query strings and path parameters: a plain answer or a 400/404, never SQL', async (t) => {
  // free-text filters take any string and match it as a value; enum and code filters and path codes refuse it
  const known = await h.call('GET', '/v1/audit-events?entityKey=2144000001');
  t.equal(known.status, 200);
  t.ok(known.body.total > 0, 'the entityKey filter finds the events of a stored record');
  const listed = await h.call('GET', '/v1/schools?countyCode=441427');
  t.same(listed.body.items?.map((s: { schoolCode: string }) => s.schoolCode), ['2144000001'], 'a plain county filter answers');
  const valid = INJECTIONS.filter((v) => !v.includes('\u0000') && !LONE_SURROGATE.test(v) && [...v].length <= 128);
  t.ok(valid.length >= 18);
  for (const value of valid) {
    const q = encodeURIComponent(value);
    const shown = JSON.stringify(value.slice(0, 30));
    for (const param of ['entityKey', 'requestId']) {
      const r = await h.call('GET', `/v1/audit-events?${param}=${q}`);
      t.equal(r.status, 200, `${param}=${shown}: answered`);
      t.same([r.body.total, r.body.items], [0, []], `${param}=${shown}: matched as a value, so nothing`);
    }
    for (const url of [`/v1/schools?countyCode=${q}`, `/v1/schools?kind=${q}`, `/v1/audit-events?entity=${q}`]) {
      const r = await h.call('GET', url);
      t.equal(r.status, 400, `${url.slice(0, 60)}: refused`);
      t.match(r.headers['content-type'], /application\/problem\+json/);
    }
    for (const url of [`/v1/teachers/${q}`, `/v1/schools/${q}/years/2024`]) {
      const r = await h.call('GET', url);
      t.ok(r.status === 400 || r.status === 404, `${url.slice(0, 60)}: ${r.status}`);
      t.match(r.headers['content-type'], /application\/problem\+json/);
    }
  }
});

t.test('nothing was executed: every table is still there, the records and the trail intact', async (t) => {
  t.same(await baseTables(), tablesBefore, 'the same tables as before the first request');
  const { rows: events } = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
  t.ok((events[0]?.n ?? 0) > SET_UP.length, 'the audit trail kept every event');
  const schools = await h.call('GET', '/v1/schools');
  t.equal(schools.body.total, 1);
  t.equal(schools.body.items[0]?.schoolCode, '2144000001');
  t.equal((await h.call('GET', '/v1/teachers/T001')).status, 200);
  t.equal((await h.call('GET', '/v1/counties/441427')).status, 200);
});
