import { sql } from 'drizzle-orm';
import t from 'tap';
import { JIAOLING_2023 } from '../../src/rules/policies/profiles.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const h = await createTestApp();
t.teardown(() => h.close());

t.before(async () => {
  await loadDemoCounty(h.database.db);
});

/** A custom profile: Jiaoling's with boarding at 500 yuan (rates are integer fen). */
const custom = (id: string, change: (p: any) => void = () => {}) => {
  const p = structuredClone(JIAOLING_2023) as any;
  p.id = id;
  p.name = `custom ${id}`;
  p.description = 'test profile';
  p.funding.boarding = { fen: 50000, clause: 'county decision 2024-07: boarding 500 yuan' };
  change(p);
  return p;
};

t.test('shipped profiles are listed and readable, rates in fen with clauses', async (t) => {
  const r = await h.call('GET', '/v1/policies');
  t.equal(r.status, 200);
  t.same(r.body.items.map((p: any) => p.id), ['national-2017', 'guangdong-2018', 'jiaoling-2023']);
  t.equal(r.body.total, 3);
  t.ok(r.body.items.every((p: any) => p.builtin === true && p.createdAt === null));
  const one = await h.call('GET', '/v1/policies/jiaoling-2023');
  t.equal(one.status, 200);
  t.same(one.body.funding, JIAOLING_2023.funding, 'the whole funding parameter set');
  t.equal(one.body.funding.boarding.fen, 35000);
  assertProblem(t, await h.call('GET', '/v1/policies/no-such-policy'), 404);
  assertProblem(t, await h.call('GET', '/v1/policies/Bad_Id'), 400);
});

t.test('a custom profile is created once, then used to freeze and to assign', async (t) => {
  const r = await h.call('POST', '/v1/policies', custom('county-2024-boarding'));
  t.equal(r.status, 201, r.text);
  t.match(r.body, { id: 'county-2024-boarding', builtin: false });
  t.match(r.body.createdBy, /^(anonymous|[0-9a-f-]{36})$/, 'createdBy is the caller: its API key id, or anonymous');
  t.type(r.body.createdAt, 'string');
  t.equal(r.headers.location, '/v1/policies/county-2024-boarding');
  const list = await h.call('GET', '/v1/policies');
  t.same(list.body.items.map((p: any) => p.id), ['national-2017', 'guangdong-2018', 'jiaoling-2023', 'county-2024-boarding']);
  const page = await h.call('GET', '/v1/policies?limit=1&offset=3');
  t.same(page.body.items.map((p: any) => p.id), ['county-2024-boarding']);
  t.equal(page.body.total, 4);

  const run = await h.call('POST', '/v1/counties/441427/years/2024/funding-runs', { policyId: 'county-2024-boarding' });
  t.equal(run.status, 201);
  t.equal(run.body.policyId, 'county-2024-boarding');
  const lines = await h.call('GET', `/v1/funding-runs/${run.body.runId}/lines?schoolCode=3144142769`);
  t.equal(lines.body.items.find((l: any) => l.component === 'boarding').rateYuan, 500);
  t.equal(lines.body.items.find((l: any) => l.component === 'boarding').rule, 'county decision 2024-07: boarding 500 yuan', 'the line cites the custom clause');

  const assigned = await h.call('PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'county-2024-boarding' });
  t.equal(assigned.status, 201);
  const e = await h.call('GET', '/v1/schools/3144142769/years/2024/entitlement');
  t.equal(e.body.policyId, 'county-2024-boarding');
  t.equal(e.body.policySource, 'assigned');
  const changed = await h.call('PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'jiaoling-2023' });
  t.equal(changed.status, 200, 'changing an assignment is 200');

  const audit = await h.database.db.execute<{ action: string; entity: string }>(
    sql`SELECT action, entity FROM audit_events WHERE entity IN ('policy_profile', 'county_year_policy') ORDER BY id`,
  );
  t.same(audit.rows.map((a) => `${a.action} ${a.entity}`), ['create policy_profile', 'create county_year_policy', 'update county_year_policy']);
});

t.test('custom profile errors: every problem at once; shipped and existing ids are 409; no update route', async (t) => {
  let r = await h.call('POST', '/v1/policies', custom('bad-rates', (p) => {
    p.funding.boarding.fen = 350.5;
    p.funding.baseRate.primary.fen = -1;
    p.funding.preschool = { fen: 50000 };
    p.colour = 'red';
  }));
  assertProblem(t, r, 400);
  const pointers = r.body.errors.map((e: any) => e.pointer).sort();
  t.same(pointers, ['/colour', '/funding/baseRate/primary/fen', '/funding/boarding/fen', '/funding/preschool/clause'].sort(), 'every schema problem');

  r = await h.call('POST', '/v1/policies', custom('bad-bands', (p) => {
    p.funding.smallSchoolTier.bands = [
      { aboveStudents: 100, upToStudents: 250, upToInclusive: true, fundedAs: 200 },
      { aboveStudents: 200, upToStudents: 300, upToInclusive: false, fundedAs: 300 },
    ];
  }));
  assertProblem(t, r, 422);
  t.equal(r.body.errors.length, 2, 'both cross-field problems of the tier bands');
  t.ok(r.body.errors.every((e: any) => e.pointer === '/funding' && e.in === 'body'));
  t.match(r.body.errors.map((e: any) => e.message).join(' | '), /fundedAs 200 is below.*overlaps/);

  r = await h.call('POST', '/v1/policies', custom('jiaoling-2023'));
  assertProblem(t, r, 409);
  t.match(r.body.detail, /shipped/);
  r = await h.call('POST', '/v1/policies', custom('county-2024-boarding'));
  assertProblem(t, r, 409);
  t.match(r.body.detail, /already exists/);
  r = await h.call('POST', '/v1/policies', custom('Bad Id'));
  assertProblem(t, r, 400);
  const before = await h.call('GET', '/v1/policies/county-2024-boarding');
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    const u = await h.call(method, '/v1/policies/county-2024-boarding', method === 'DELETE' ? undefined : custom('county-2024-boarding'));
    t.ok(u.status === 404 || u.status === 405, `${method} is ${u.status}: profiles are immutable`);
  }
  t.same((await h.call('GET', '/v1/policies/county-2024-boarding')).body, before.body, 'unchanged');
  const rows = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM policy_profiles WHERE builtin = false`);
  t.equal(Number(rows.rows[0]?.n), 1, 'no failed creation wrote anything');
});
