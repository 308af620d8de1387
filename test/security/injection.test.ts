import { sql } from 'drizzle-orm';
import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { county, school, schoolYear, teacherYear, town } from '../helpers/fixtures.js';

// Injection strings in every text field: stored exactly as sent, or refused with a 4xx; never executed.
const h = await createTestApp();
t.teardown(() => h.close());
await h.call('PUT', '/v1/counties/441427', county);
await h.call('PUT', '/v1/towns/441427100', town);
await h.call('PUT', '/v1/schools/2144000001', school());
await h.call('PUT', '/v1/schools/2144000001/years/2024', schoolYear());
await h.call('PUT', '/v1/teachers/T001', { name: '李老师' });

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
  read: (body: any) => unknown;
  get: string;
}

const FIELDS: Field[] = [
  { label: 'county name', put: (v) => ['PUT', '/v1/counties/441427', { name: v }], get: '/v1/counties/441427', read: (b) => b.name },
  { label: 'town name', put: (v) => ['PUT', '/v1/towns/441427100', { name: v, countyCode: '441427' }], get: '/v1/towns/441427100', read: (b) => b.name },
  { label: 'school name', put: (v) => ['PUT', '/v1/schools/2144000001', school({ name: v })], get: '/v1/schools/2144000001', read: (b) => b.name },
  { label: 'teacher name', put: (v) => ['PUT', '/v1/teachers/T001', { name: v }], get: '/v1/teachers/T001', read: (b) => b.name },
  { label: 'subject', put: (v) => ['PUT', '/v1/teachers/T001/years/2024', teacherYear({ subject: v })], get: '/v1/teachers/T001/years/2024', read: (b) => b.subject },
  {
    label: 'class code',
    put: (v) => ['PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: v, stage: 'primary', grade: 1, students: 1 }]],
    get: '/v1/schools/2144000001/years/2024/classes',
    read: (b) => b.items?.[0]?.classCode,
  },
  {
    label: 'declared evidence',
    put: (v) => ['PUT', '/v1/counties/441427/years/2024/facts', { declared: [{ indicatorId: 'B8', met: true, evidence: v }] }],
    get: '/v1/counties/441427/years/2024/facts',
    read: (b) => b.declared?.[0]?.evidence,
  },
  {
    label: 'api key name',
    put: (v) => ['POST', '/v1/api-keys', { name: v, scopes: ['read'], counties: ['441427'] }],
    get: '',
    read: (b) => b.name,
  },
];

for (const field of FIELDS) {
  t.test(field.label, async (t) => {
    let stored = 0;
    for (const value of INJECTIONS) {
      const [method, url, body] = field.put(value);
      const r = await h.call(method as never, url, body);
      const shown = JSON.stringify(value.slice(0, 40));
      if (r.status < 300) {
        const back = field.get ? (await h.call('GET', field.get)).body : r.body;
        t.equal(field.read(back), value, `${shown}: stored verbatim`);
        stored++;
      } else {
        t.ok(r.status >= 400 && r.status < 500, `${shown}: refused with ${r.status}`);
      }
    }
    t.ok(stored > 0 || field.label === 'subject' || field.label === 'class code', `${stored} of ${INJECTIONS.length} stored verbatim`);
  });
}

t.test('injection in query strings and path parameters: a 4xx or a plain answer', async (t) => {
  for (const value of INJECTIONS.slice(0, 18)) {
    const q = encodeURIComponent(value);
    for (const url of [
      `/v1/schools?countyCode=${q}`,
      `/v1/schools?kind=${q}`,
      `/v1/audit-events?entityKey=${q}`,
      `/v1/audit-events?requestId=${q}`,
      `/v1/audit-events?entity=${q}`,
      `/v1/teachers/${q}`,
      `/v1/schools/${q}/years/2024`,
    ]) {
      const r = await h.call('GET', url);
      t.ok(r.status < 500, `${url.slice(0, 80)}: ${r.status}`);
    }
  }
  const audit = await h.call('GET', `/v1/audit-events?entityKey=${encodeURIComponent("' OR '1'='1")}`);
  t.equal(audit.body.total, 0, 'a quoted condition is a value, not SQL');
});

t.test('nothing was executed: every table is still there, the trail intact', async (t) => {
  const { rows } = await h.database.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('schools','teachers','audit_events','counties')`,
  );
  t.equal(rows[0]?.n, 4);
  const { rows: events } = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
  t.ok((events[0]?.n ?? 0) > 10, 'the audit trail kept every event');
  t.equal((await h.call('GET', '/v1/schools')).body.total, 1);
});
