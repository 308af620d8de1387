import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());

// Demo codes (synthetic Jiaoling 441427; see src/demo/plan.ts).
const R063 = '2144142781'; // rural primary, 63 pupils in 2024
const R100 = '2144142787'; // rural primary, 100
const R150 = '2144142790'; // rural primary, 150
const R200 = '2144142793'; // rural primary, 200
const R201 = '2144142796'; // rural primary, 201
const TP23 = '2144142802'; // rural teaching point, 23
const NCJS = '3144142769'; // rural boarding nine-year school
const SPECIAL = '5144142721'; // 特殊教育学校, 54 + 27 pupils
const KINDERGARTEN = '1144142727'; // 机关幼儿园, 360 children
const JLZX = '3444142703'; // 蕉岭中学: complete secondary, 560 junior + 1800 senior
const PRIVATE_12 = '3444142748'; // private twelve-year school

const fen = (yuan: number) => Math.round(yuan * 100);

t.before(async () => {
  await loadDemoCounty(h.database.db);
});

const entitlement = async (code: string, year = 2024, query = '') => {
  const r = await h.call('GET', `/v1/schools/${code}/years/${year}/entitlement${query}`);
  if (r.status !== 200) throw new Error(`${code}: ${r.status} ${r.text}`);
  return r.body;
};
const component = (e: any, id: string) => e.components.find((c: any) => c.component === id);

t.test('county entitlements: every school, totals equal the sum of the lines to the fen', async (t) => {
  const r = await h.call('GET', '/v1/counties/441427/years/2024/entitlements');
  t.equal(r.status, 200);
  const body = r.body;
  t.equal(body.policyId, 'jiaoling-2023', '441427 defaults to jiaoling-2023');
  t.equal(body.policySource, 'default');
  t.equal(body.schools.length, 38, 'every demo school has classes in 2024');
  t.same(body.withoutClasses, []);
  let lines = 0;
  let schools = 0;
  for (const s of body.schools) {
    const sum = s.components.reduce((a: number, c: any) => a + fen(c.amountYuan), 0);
    t.equal(sum, fen(s.totalYuan), `${s.schoolCode}: total is the sum of its components`);
    for (const c of s.components) {
      t.equal(fen(c.amountYuan), c.quantity * fen(c.rateYuan), `${s.schoolCode} ${c.component}: quantity × rate`);
      t.ok(c.rule.length > 0 && c.explanation.length > 0, `${s.schoolCode} ${c.component} says which rule produced it`);
    }
    lines += sum;
    schools += fen(s.totalYuan);
    t.equal(fen(s.trainingMinimumYuan), Math.ceil((fen(s.totalYuan) * 5) / 100), `${s.schoolCode}: training minimum is 5% rounded up`);
  }
  t.equal(fen(body.totals.totalYuan), lines, 'county total = sum of every line');
  t.equal(fen(body.totals.totalYuan), schools);
  const byComponent = body.totals.byComponent.reduce((a: number, c: any) => a + fen(c.amountYuan), 0);
  t.equal(byComponent, lines, 'by-component totals add up to the county total');
  t.equal(body.totals.schools, 38);
});

t.test('the rules show through: floor, tiers, boarding, special, preschool, senior, private', async (t) => {
  const r63 = await entitlement(R063);
  t.same(component(r63, 'base_primary'), { component: 'base_primary', quantity: 63, rateYuan: 1150, amountYuan: 72450, rule: component(r63, 'base_primary').rule, explanation: '63 primary students × 1150.00' });
  const floor = component(r63, 'small_school_floor');
  t.match(floor, { quantity: 37, rateYuan: 1150, amountYuan: 42550 }, 'a rural school of 63 is funded as 100');
  t.match(floor.explanation, /63 students \(<100\) funded as 100/);
  t.equal(r63.totalYuan, 115000);
  t.equal(r63.inputs.students.primary, 63, 'the inputs used are in the answer');
  t.equal(r63.schoolCode, R063);
  t.equal(r63.year, 2024);
  t.equal(r63.policyId, 'jiaoling-2023');
  t.notOk(component(r63, 'small_school_tier'));

  const tp = await entitlement(TP23);
  t.match(component(tp, 'small_school_floor'), { quantity: 77 }, 'a teaching point of 23 gets the floor');

  const r100 = await entitlement(R100);
  t.notOk(component(r100, 'small_school_floor'), '100 is not below 100');
  t.notOk(component(r100, 'small_school_tier'), '100 is not above 100');

  const r150 = await entitlement(R150);
  t.match(component(r150, 'small_school_tier'), { quantity: 50, rateYuan: 1150, amountYuan: 57500 }, '150 is funded as 200');
  t.notOk(component(r150, 'small_school_floor'));
  const r200 = await entitlement(R200);
  t.notOk(component(r200, 'small_school_tier'), '200 is in the first band with a top-up of 0, left out');
  const r201 = await entitlement(R201);
  t.match(component(r201, 'small_school_tier'), { quantity: 99 }, '201 is funded as 300');

  const boarding = await entitlement(NCJS);
  const line = component(boarding, 'boarding');
  t.equal(line.rateYuan, 350, 'boarding at 350 under jiaoling-2023');
  t.equal(line.quantity, boarding.inputs.boarders);
  t.ok(line.quantity > 0);

  const special = await entitlement(SPECIAL);
  t.same(special.components.map((c: any) => c.component), ['special_education'], 'special school: special rate instead of base');
  t.match(component(special, 'special_education'), { quantity: 81, rateYuan: 6000, amountYuan: 486000 });

  const kg = await entitlement(KINDERGARTEN);
  t.same(kg.components.map((c: any) => c.component), ['preschool']);
  t.match(component(kg, 'preschool'), { quantity: 360, rateYuan: 500, amountYuan: 180000 });

  const jlzx = await entitlement(JLZX);
  t.match(component(jlzx, 'senior'), { quantity: 1800, rateYuan: 1000, amountYuan: 1800000 }, '蕉岭中学 senior line');
  t.match(component(jlzx, 'base_junior'), { quantity: 560, rateYuan: 1950 });

  const priv = await entitlement(PRIVATE_12);
  t.equal(priv.entitled, true, 'private schools are entitled (国发〔2015〕67号)');
  t.equal(priv.inputs.ownership, 'private');
});

t.test('CSV: one row per school-component, BOM and header', async (t) => {
  const r = await h.call('GET', '/v1/counties/441427/years/2024/entitlements?format=csv');
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /^text\/csv/);
  t.ok(r.text.startsWith('\uFEFF'), 'starts with a BOM');
  const rows = r.text.slice(1).trim().split('\n');
  t.equal(rows[0], 'countyCode,year,policyId,schoolCode,schoolName,kind,component,quantity,rateYuan,amountYuan,rule,explanation');
  const json = await h.call('GET', '/v1/counties/441427/years/2024/entitlements');
  const lines = json.body.schools.reduce((a: number, s: any) => a + s.components.length, 0);
  t.equal(rows.length - 2, lines, 'one row per school-component, then the totals row');
  const total = (rows[rows.length - 1] as string).split(',');
  t.same(total.slice(0, 7), ['441427', '2024', json.body.policyId, '', '', '', 'total'], 'the last row is the county total');
  t.equal(Number(total[9]), json.body.totals.totalYuan, 'with the county total amount');
  const sumFen = rows.slice(1, -1).reduce((a, r) => a + Math.round(Number(r.split(',')[9]) * 100), 0);
  t.equal(sumFen, Math.round(json.body.totals.totalYuan * 100), 'which is the sum of the lines above, to the fen');
  const viaAccept = await h.call('GET', '/v1/counties/441427/years/2024/entitlements', undefined, { accept: 'text/csv' });
  t.equal(viaAccept.text, r.text, 'Accept: text/csv gives the same file');
});

t.test('compliance: shortfalls, B13, B14, B26, county verdicts; CSV one row per school', async (t) => {
  const r = await h.call('GET', '/v1/counties/441427/years/2024/funding-compliance');
  t.equal(r.status, 200);
  const b = r.body;
  t.equal(b.schools.length, 38);
  t.same(Object.keys(b.verdicts).sort(), ['B13', 'B14', 'B26', 'allocation']);
  const shortfalls = b.schools.reduce((a: number, s: any) => a + fen(s.shortfallYuan ?? 0), 0);
  t.equal(fen(b.totals.shortfallYuan), shortfalls, 'county shortfall is the sum of per-school shortfalls');
  t.equal(fen(b.totals.entitlementYuan), fen((await h.call('GET', '/v1/counties/441427/years/2024/entitlements')).body.totals.totalYuan));
  // 白湖小学 (37 pupils) is funded on its actual pupils: a B13 breach and an allocation shortfall.
  const baihu = b.schools.find((s: any) => s.schoolCode === '2144142778');
  const b13 = baihu.checks.find((c: any) => c.check === 'B13');
  t.equal(b13.status, 'not_met');
  t.equal(b13.requiredYuan, 115000);
  t.ok(baihu.shortfallYuan > 0);
  t.equal(b.verdicts.B13.status, 'not_met');
  const special = b.schools.find((s: any) => s.schoolCode === SPECIAL);
  t.equal(special.checks.find((c: any) => c.check === 'B14').requiredYuan, 486000);
  // 长隆小学 spends 3.1% on training: B26 fails.
  const changlong = b.schools.find((s: any) => s.schoolCode === '2144142784');
  t.equal(changlong.checks.find((c: any) => c.check === 'B26').status, 'not_met');
  t.equal(b.verdicts.B26.status, 'not_met');
  const kg = b.schools.find((s: any) => s.schoolCode === KINDERGARTEN);
  t.same(kg.checks.map((c: any) => c.check), ['allocation'], 'kindergartens have no B26 check');

  const csv = await h.call('GET', '/v1/counties/441427/years/2024/funding-compliance?format=csv');
  t.ok(csv.text.startsWith('\uFEFF'));
  const rows = csv.text.slice(1).trim().split('\n');
  t.match(rows[0], /^countyCode,year,policyId,schoolCode,schoolName,kind,entitlementYuan,allocatedYuan,shortfallYuan,allocationStatus,b13Status/);
  t.equal(rows.length, 39, 'header + one row per school');
});

t.test('assigning national-2017 changes the rates; what-if by query; GET policy says assigned or default', async (t) => {
  let r = await h.call('GET', '/v1/counties/441427/years/2023/policy');
  t.match(r.body, { policyId: 'jiaoling-2023', source: 'default', defaultPolicyId: 'jiaoling-2023', updatedAt: null });
  r = await h.call('PUT', '/v1/counties/441427/years/2023/policy', { policyId: 'national-2017' });
  t.equal(r.status, 201, 'first assignment is created');
  t.match(r.body, { countyCode: '441427', year: 2023, policyId: 'national-2017', source: 'assigned' });
  r = await h.call('PUT', '/v1/counties/441427/years/2023/policy', { policyId: 'national-2017' });
  t.equal(r.status, 200, 'the same assignment again is 200');
  r = await h.call('GET', '/v1/counties/441427/years/2023/policy');
  t.match(r.body, { policyId: 'national-2017', source: 'assigned' });
  t.type(r.body.updatedAt, 'string');

  const y2023 = await entitlement(NCJS, 2023);
  t.equal(y2023.policyId, 'national-2017');
  t.equal(y2023.policySource, 'assigned');
  t.equal(component(y2023, 'boarding').rateYuan, 200, 'boarding at 200 under national-2017');
  t.equal(component(y2023, 'base_primary').rateYuan, 650);
  const y2024 = await entitlement(NCJS, 2024);
  t.equal(component(y2024, 'boarding').rateYuan, 350, '2024 still uses the default');
  const whatIf = await entitlement(NCJS, 2024, '?policyId=guangdong-2018');
  t.equal(whatIf.policySource, 'override');
  t.equal(component(whatIf, 'boarding').rateYuan, 300);
  assertProblem(t, await h.call('GET', `/v1/schools/${NCJS}/years/2024/entitlement?policyId=no-such-policy`), 404);

  const county = await h.call('GET', '/v1/counties/441427/years/2023/entitlements');
  t.equal(county.body.policyId, 'national-2017');

  r = await h.call('PUT', '/v1/counties/441427/years/2023/policy', { policyId: 'no-such-policy' });
  assertProblem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer), ['/policyId'], 'an unknown policy is 422 pointing at policyId');
  assertProblem(t, await h.call('PUT', '/v1/counties/441499/years/2023/policy', { policyId: 'national-2017' }), 404);
  assertProblem(t, await h.call('GET', '/v1/counties/441499/years/2023/policy'), 404);
  assertProblem(t, await h.call('PUT', '/v1/counties/441427/years/2023/policy', { policyId: 'national-2017', extra: 1 }), 400);

  const audit = await h.database.db.execute<{ n: number }>(
    (await import('drizzle-orm')).sql`SELECT count(*)::int AS n FROM audit_events WHERE entity = 'county-year-policy' AND entity_key = '441427/2023'`,
  );
  t.equal(Number(audit.rows[0]?.n), 1, 'one audit event: the unchanged second PUT writes nothing');
});

t.test('404s name what is missing', async (t) => {
  let r = await h.call('GET', '/v1/counties/441499/years/2024/entitlements');
  assertProblem(t, r, 404);
  t.match(r.body.detail, /county 441499/);
  r = await h.call('GET', '/v1/counties/441427/years/2030/entitlements');
  assertProblem(t, r, 404);
  t.match(r.body.detail, /no school of county 441427 has classes in 2030/);
  r = await h.call('GET', '/v1/counties/441427/years/2030/funding-compliance');
  assertProblem(t, r, 404);
  r = await h.call('GET', '/v1/schools/2144999999/years/2024/entitlement');
  assertProblem(t, r, 404);
  t.match(r.body.detail, /school 2144999999/);
  r = await h.call('GET', `/v1/schools/${R063}/years/2030/entitlement`);
  assertProblem(t, r, 404);
  t.match(r.body.detail, /no classes in 2030/);
  assertProblem(t, await h.call('GET', '/v1/schools/21441427/years/2024/entitlement'), 400);
  assertProblem(t, await h.call('GET', '/v1/counties/441427/years/1999/entitlements'), 400);
});

t.test('a county with schools but no classes that year, and a school-year without classes', async (t) => {
  await h.call('PUT', '/v1/counties/441481', { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
  let r = await h.call('GET', '/v1/counties/441481/years/2024/entitlements');
  assertProblem(t, r, 404);
  t.match(r.body.detail, /has no schools/);
  // A school-year record without classes is listed in withoutClasses, not funded at zero.
  r = await h.call('PUT', `/v1/schools/${R063}/years/2025`, {
    teachingAreaM2: 300, sportsAreaM2: 500, equipmentValueYuan: 100000, multimediaClassrooms: 2,
    musicRoomAreasM2: [], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0,
  });
  t.equal(r.status, 201, r.text);
  r = await h.call('GET', '/v1/counties/441427/years/2025/entitlements');
  assertProblem(t, r, 404);
  t.match(r.body.detail, /1 of 38 schools have a school-year record/);
  r = await h.call('PUT', `/v1/schools/${R150}/years/2025/classes`, [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 30 }]);
  t.equal(r.status, 200, r.text);
  r = await h.call('GET', '/v1/counties/441427/years/2025/entitlements');
  t.equal(r.status, 200);
  t.same(r.body.withoutClasses, [R063]);
  t.same(r.body.schools.map((s: any) => s.schoolCode), [R150], 'a school with classes but no school-year takes part');
  t.match(r.body.schools[0].components.find((c: any) => c.component === 'small_school_floor'), { quantity: 70 });
  const c = await h.call('GET', '/v1/counties/441427/years/2025/funding-compliance');
  t.equal(c.body.schools[0].checks[0].status, 'not_assessable', 'no school-year: the allocation is not declared');
  t.same(c.body.schools[0].allocatedYuan, null);
});
