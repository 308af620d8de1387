import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { JIAOLING_2023 } from '../rules/policies/shipped.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

t.before(async () => {
  await loadDemoCounty(h.database.db);
});

/** A custom profile in the plain form: Jiaoling's with boarding at 500 yuan (rates are integer fen). */
const custom = (id: string, change: (p: any) => void = () => {}) => {
  const p: any = {
    id,
    name: `custom ${id}`,
    description: 'test profile',
    validFrom: JIAOLING_2023.validFrom,
    indicators: structuredClone(JIAOLING_2023.indicators),
    funding: structuredClone(JIAOLING_2023.funding),
  };
  p.funding.boarding = { fen: 50000, clause: 'county decision 2024-07: boarding 500 yuan' };
  change(p);
  return p;
};

/** A custom profile in the dated form: Jiaoling's, with a boarding rate that rises in spring 2024. */
const dated = (id: string, change: (p: any) => void = () => {}) => {
  const p: any = {
    id,
    name: `dated ${id}`,
    description: 'boarding 350 from the plan, 420 from March 2024',
    validFrom: 2023,
    extends: 'jiaoling-2023',
    parameters: {
      'funding.boarding': {
        unit: 'fen per boarder per year',
        reference: 'county decision 2024-02: boarding 420 yuan from March 2024',
        values: [
          { from: '2023-09-01', value: 35000 },
          { from: '2024-03-01', value: 42000 },
        ],
      },
    },
  };
  change(p);
  return p;
};

const BOARDING_SCHOOL = '3144142769';

t.test('shipped profiles: dated parameters with units and references, resolved for a school year', async (t) => {
  const r = await h.call('GET', '/v1/policies');
  t.equal(r.status, 200);
  t.same(r.body.items.map((p: any) => p.id), ['national-2017', 'guangdong-2018', 'jiaoling-2023']);
  t.equal(r.body.total, 3);
  t.ok(r.body.items.every((p: any) => p.builtin === true && p.createdAt === null));

  const one = await h.call('GET', '/v1/policies/jiaoling-2023');
  t.equal(one.status, 200);
  t.same(one.body.funding, JIAOLING_2023.funding, 'the whole funding parameter set, resolved');
  t.same(one.body.indicators, JIAOLING_2023.indicators, 'the indicator thresholds, with B13/B14/B26 from the funding rules');
  t.match(one.body, { validFrom: 2023, extends: 'national-2017', resolvedYear: 2023, resolvedAt: '2023-09-01' });
  t.equal(one.body.funding.boarding.fen, 35000);
  t.same(one.body.parameters['funding.boarding'], {
    unit: 'fen per boarder per year',
    reference: '《蕉岭县创建广东省基础教育高质量发展实验区实施方案（2023—2025年）》 三(六)2: 对寄宿制学校按寄宿生人数年生均350元标准补助公用经费',
    values: [{ from: '2023-09-01', value: 35000 }],
  });
  t.match(one.body.parameters['indicators.resourceStandards.B1.primary'], {
    unit: 'teachers per 100 students',
    reference: /教督〔2017〕6号\) 第五条第（一）项/,
    values: [{ from: '2017-09-01', value: 4.2 }],
  });
  t.equal(Object.keys(one.body.parameters).length, 86, 'every parameter, the parent\'s included');

  const y2025 = await h.call('GET', '/v1/policies/jiaoling-2023?year=2025');
  t.match(y2025.body, { resolvedYear: 2025, resolvedAt: '2025-09-01' });
  const early = await h.call('GET', '/v1/policies/jiaoling-2023?year=2022');
  assertProblem(t, early, 422);
  t.match(early.body, { detail: /in force from school year 2023; it has no values for 2022/, policyId: 'jiaoling-2023', validFrom: 2023 });
  assertProblem(t, await h.call('GET', '/v1/policies/jiaoling-2023?year=1999'), 400);
  assertProblem(t, await h.call('GET', '/v1/policies/no-such-policy'), 404);
  assertProblem(t, await h.call('GET', '/v1/policies/Bad_Id'), 400);
});

t.test('a plain custom profile is stored dated, then used to freeze and to assign', async (t) => {
  const r = await h.call('POST', '/v1/policies', custom('county-2024-boarding'));
  t.equal(r.status, 201, r.text);
  t.match(r.body, { id: 'county-2024-boarding', builtin: false, validFrom: 2023, resolvedYear: 2023 });
  t.notOk('extends' in r.body);
  t.same(r.body.parameters['funding.boarding'], {
    unit: 'fen per boarder per year',
    reference: 'county decision 2024-07: boarding 500 yuan',
    values: [{ from: '2023-09-01', value: 50000 }],
  }, 'the plain value applies from validFrom, its clause is the reference');
  t.same(r.body.funding.boarding, { fen: 50000, clause: 'county decision 2024-07: boarding 500 yuan' });
  t.match(r.body.createdBy, /^(anonymous|[0-9a-f-]{36})$/, 'createdBy is the caller: its API key id, or anonymous');
  t.type(r.body.createdAt, 'string');
  t.equal(r.headers.location, '/v1/policies/county-2024-boarding');
  const stored = await h.database.db.execute<{ definition: any }>(sql`SELECT definition FROM policy_profiles WHERE policy_id = 'county-2024-boarding'`);
  const definition = typeof stored.rows[0]?.definition === 'string' ? JSON.parse(stored.rows[0].definition) : stored.rows[0]?.definition;
  t.ok(definition.parameters && !definition.funding, 'stored in the dated form');

  const list = await h.call('GET', '/v1/policies');
  t.same(list.body.items.map((p: any) => p.id), ['national-2017', 'guangdong-2018', 'jiaoling-2023', 'county-2024-boarding']);
  const page = await h.call('GET', '/v1/policies?limit=1&offset=3');
  t.same(page.body.items.map((p: any) => p.id), ['county-2024-boarding']);
  t.equal(page.body.total, 4);

  const run = await h.call('POST', '/v1/counties/441427/years/2024/funding-runs', { policyId: 'county-2024-boarding' });
  t.equal(run.status, 201);
  t.equal(run.body.policyId, 'county-2024-boarding');
  const lines = await h.call('GET', `/v1/funding-runs/${run.body.runId}/lines?schoolCode=${BOARDING_SCHOOL}`);
  t.equal(lines.body.items.find((l: any) => l.component === 'boarding').rateYuan, 500);
  t.equal(lines.body.items.find((l: any) => l.component === 'boarding').rule, 'county decision 2024-07: boarding 500 yuan', 'the line cites the custom clause');

  const assigned = await h.call('PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'county-2024-boarding' });
  t.equal(assigned.status, 201);
  const e = await h.call('GET', `/v1/schools/${BOARDING_SCHOOL}/years/2024/entitlement`);
  t.equal(e.body.policyId, 'county-2024-boarding');
  t.equal(e.body.policySource, 'assigned');
  const changed = await h.call('PUT', '/v1/counties/441427/years/2024/policy', { policyId: 'jiaoling-2023' });
  t.equal(changed.status, 200, 'changing an assignment is 200');

  const audit = await h.database.db.execute<{ action: string; entity: string }>(
    sql`SELECT action, entity FROM audit_events WHERE entity IN ('policy-profile', 'county-year-policy') ORDER BY id`,
  );
  t.same(audit.rows.map((a) => `${a.action} ${a.entity}`), ['create policy-profile', 'create county-year-policy', 'update county-year-policy']);
});

t.test('a dated custom profile: the spring change applies from school year 2024, runs freeze value and source', async (t) => {
  const r = await h.call('POST', '/v1/policies', dated('county-2024-spring'));
  t.equal(r.status, 201, r.text);
  t.match(r.body, { extends: 'jiaoling-2023', resolvedYear: 2024, resolvedAt: '2024-09-01' }, 'answered with its latest values');
  t.equal(r.body.funding.boarding.fen, 42000);
  t.equal(Object.keys(r.body.parameters).length, 86, 'the parent\'s parameters are copied in');

  const rate = async (year: number) => {
    const e = await h.call('GET', `/v1/schools/${BOARDING_SCHOOL}/years/${year}/entitlement?policyId=county-2024-spring`);
    t.equal(e.status, 200, e.text);
    return e.body.components.find((c: any) => c.component === 'boarding');
  };
  t.equal((await rate(2023)).rateYuan, 350, '2023: the value in force on 2023-09-01');
  t.equal((await rate(2024)).rateYuan, 420, '2024: the value dated 2024-03-01');
  t.equal((await rate(2024)).rule, 'county decision 2024-02: boarding 420 yuan from March 2024');

  for (const [year, fen, from] of [[2023, 35000, '2023-09-01'], [2024, 42000, '2024-03-01']] as const) {
    const run = await h.call('POST', `/v1/counties/441427/years/${year}/funding-runs`, { policyId: 'county-2024-spring' });
    t.equal(run.status, 201, run.text);
    const detail = await h.call('GET', `/v1/funding-runs/${run.body.runId}`);
    const frozen = detail.body.snapshot.policy;
    t.match(frozen, { id: 'county-2024-spring', resolvedYear: year, resolvedAt: `${year}-09-01` });
    t.equal(frozen.funding.boarding.fen, fen, `${year}: the resolved value is frozen`);
    t.same(frozen.sources['funding.boarding'], { from, reference: frozen.funding.boarding.clause }, `${year}: with where it came from`);
    t.match(frozen.sources['indicators.floorShare'], { from: '2017-09-01', reference: /教督〔2017〕6号/ });
    const verify = await h.call('POST', `/v1/funding-runs/${run.body.runId}/verify`);
    t.equal(verify.body.reproducible, true, `${year}: the frozen run recomputes to the same hashes`);
  }
  const scorecard = await h.call('GET', '/v1/counties/441427/years/2024/scorecard?policyId=county-2024-spring');
  t.equal(scorecard.status, 200);
  t.equal(scorecard.body.policyId, 'county-2024-spring');
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

  r = await h.call('POST', '/v1/policies', custom('contradicts', (p) => {
    p.indicators.smallSchoolFundedStudents = 80;
    p.indicators.trainingBudgetShareMin = 0.04;
  }));
  assertProblem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer), ['/indicators/smallSchoolFundedStudents', '/indicators/trainingBudgetShareMin'], 'a B13 or B26 standard that contradicts its funding rule');
  r = await h.call('POST', '/v1/policies', custom('no-derived', (p) => {
    delete p.indicators.smallSchoolFundedStudents;
    delete p.indicators.specialSchoolFundingPerStudentYuan;
    delete p.indicators.trainingBudgetShareMin;
  }));
  t.equal(r.status, 201, 'the plain form may leave the three derived standards out');
  t.equal(r.body.indicators.smallSchoolFundedStudents, 100, '… and they are read from the funding rules');

  r = await h.call('POST', '/v1/policies', { ...custom('both-forms'), parameters: {} });
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/', message: /either parameters .* or indicators and funding/ }]);
  const { indicators: _i, funding: _f, ...bare } = custom('no-form');
  r = await h.call('POST', '/v1/policies', bare);
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/parameters' }]);
  r = await h.call('POST', '/v1/policies', { ...bare, indicators: custom('x').indicators });
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/funding', message: 'the plain form needs funding' }]);

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
  t.equal(Number(rows.rows[0]?.n), 3, 'no failed creation wrote anything');
});

t.test('dated custom profile errors: shape 400, content 422, every problem at once', async (t) => {
  let r = await h.call('POST', '/v1/policies', dated('bad-shape', (p) => {
    p.parameters['funding.boarding'].unit = 'yuan per boarder per year';
    p.parameters['funding.boarding'].values[1].from = '2024-02-30';
    p.parameters['funding.noSuchRate'] = p.parameters['funding.boarding'];
  }));
  assertProblem(t, r, 400);
  t.same(
    [...new Set(r.body.errors.map((e: any) => e.pointer))].sort(),
    ['/parameters/funding.boarding/unit', '/parameters/funding.boarding/values/1/from', '/parameters/funding.noSuchRate'].sort(),
    'a wrong unit, a date that does not exist, an unknown parameter',
  );

  r = await h.call('POST', '/v1/policies', dated('bad-content', (p) => {
    p.parameters['funding.boarding'].values = [
      { from: '2024-03-01', value: 42000 },
      { from: '2024-03-01', value: 43000 },
    ];
  }));
  assertProblem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer), [
    '/parameters/funding.boarding/values/1/from',
    '/parameters/funding.boarding/values/0/from',
  ]);
  t.match(r.body.errors.map((e: any) => e.message), [/dates must ascend/, /no value for school year 2023 \(resolved at 2023-09-01\)/]);

  r = await h.call('POST', '/v1/policies', dated('no-parent', (p) => delete p.extends));
  assertProblem(t, r, 422);
  t.equal(r.body.errors.length, 75, 'without a parent every other parameter is missing');
  t.match(r.body.errors[0], { pointer: '/parameters', message: /^missing parameter indicators\.resourceStandards\.B1\.primary/ });
  r = await h.call('POST', '/v1/policies', dated('unknown-parent', (p) => (p.extends = 'no-such-policy')));
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/extends', message: 'policy no-such-policy does not exist' }]);
});

t.test('assignments: a profile applies only from its first school year', async (t) => {
  const r = await h.call('PUT', '/v1/counties/441427/years/2022/policy', { policyId: 'jiaoling-2023' });
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/policyId', message: /in force from school year 2023; it cannot apply to 2022/ }]);
  const none = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM county_year_policies WHERE year = 2022`);
  t.equal(Number(none.rows[0]?.n), 0, 'nothing written');
  // 2022 has no classes: 404 whichever policy (a year with classes under a policy not in force is 422,
  // test/planning/demo-plan.test.ts)
  const early = await h.call('GET', '/v1/counties/441427/years/2022/scorecard');
  assertProblem(t, early, 404);
  t.match(early.body.detail, /no classes recorded for county 441427 in 2022/);
  const national = await h.call('PUT', '/v1/counties/441427/years/2022/policy', { policyId: 'national-2017' });
  t.equal(national.status, 201, 'a profile in force that year can be assigned');
});
