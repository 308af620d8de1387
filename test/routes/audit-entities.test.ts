import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { AUDIT_ENTITIES } from '../../src/schemas/access.js';
import { PolicyBody } from '../../src/schemas/policies.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { county, school, schoolYear, teacherYear, town } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

// Audit events name their entity in one spelling, and the `entity` filter takes exactly those names.
const h = await createTestApp();
t.teardown(() => h.close());

t.before(async () => {
  const writes: [string, string, unknown][] = [
    ['PUT', '/v1/counties/441427', county],
    ['PUT', '/v1/towns/441427100', town],
    ['PUT', '/v1/schools/2144000001', school()],
    ['PUT', '/v1/schools/2144000001/years/2024', schoolYear()],
    ['PUT', '/v1/schools/2144000001/years/2024/classes', [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 45 }]],
    ['PUT', '/v1/teachers/T001', { name: '李老师' }],
    ['PUT', '/v1/teachers/T001/years/2024', teacherYear()],
    ['PUT', '/v1/counties/441427/years/2024/facts', { teacherAveragePayYuan: 98000 }],
    ['PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'guangdong-2018' }],
    ['POST', '/v1/counties/441427/years/2024/funding-runs', {}],
    ['POST', '/v1/api-keys', { name: 'county-sync', scopes: ['read'], counties: ['441427'] }],
    ['PUT', '/v1/counties/441427/tasks/T01', { status: 'done' }],
  ];
  for (const [method, url, body] of writes) {
    const r = await h.call(method as 'PUT', url, body);
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text}`);
  }
  // A custom profile: a shipped one under a new id, in the plain form (its indicators and funding as they are).
  const shipped = (await h.call('GET', '/v1/policies/national-2017')).body as Record<string, unknown>;
  const profile = Object.fromEntries(Object.entries(shipped).filter(([k]) => k in PolicyBody.properties && k !== 'parameters' && k !== 'extends'));
  const made = await h.call('POST', '/v1/policies', { ...profile, id: 'audit-entity-test', name: 'audit entity test' });
  if (made.status !== 201) throw new Error(`POST /v1/policies: ${made.status} ${made.text}`);
});

t.test('every entity the service writes is one of the listed names, and the filter finds its events', async (t) => {
  const { rows } = await h.database.db.execute<{ entity: string; n: number }>(
    sql`SELECT entity, count(*)::int AS n FROM audit_events GROUP BY entity ORDER BY entity`,
  );
  t.same(rows.map((r) => r.entity), [...AUDIT_ENTITIES].sort(), 'each kind of write was made once at least, under a listed name');
  for (const { entity, n } of rows) {
    const r = await h.call('GET', `/v1/audit-events?entity=${entity}&limit=1000`);
    t.equal(r.status, 200, entity);
    t.equal(r.body.total, n, `?entity=${entity} finds all ${n} of its events`);
    t.ok(r.body.items.every((e: { entity: string }) => e.entity === entity));
  }
});

t.test('an unknown entity is a 400 listing the names, not an empty page', async (t) => {
  for (const wrong of ['api_key', 'funding_run', 'schools', 'School', 'x']) {
    const r = await h.call('GET', `/v1/audit-events?entity=${wrong}`);
    assertProblem(t, r, 400);
    t.equal(r.body.errors.length, 1);
    t.match(r.body.errors[0], { in: 'query', pointer: '/entity' });
    for (const name of AUDIT_ENTITIES) t.match(r.body.errors[0].message, new RegExp(`\\b${name}\\b`), `${wrong}: the answer lists ${name}`);
  }
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const parameter = doc.paths['/v1/audit-events'].get.parameters.find((p: { name: string }) => p.name === 'entity');
  t.same(parameter.schema.enum, [...AUDIT_ENTITIES], 'the OpenAPI document lists the names');
});
