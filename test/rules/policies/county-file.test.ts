// A county's policy added as one data file: written into a policies directory the service is pointed at
// (as POLICIES_DIR does), it loads, validates, is the county's default through defaults.json, and is used
// for the county's indicators and entitlements, its dated values taking effect from their school year.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileTest } from '../../helpers/file-test.js';
import { activePolicyCatalog, syncShippedPolicies, usePolicyCatalog } from '../../../src/services/policies.js';
import { loadPolicyCatalog, shippedPoliciesDir } from '../../../src/services/policy-files.js';
import { createTestApp } from '../../helpers/app.js';
import { assertProblem } from '../../helpers/assert.js';

const t = fileTest(import.meta);

const COUNTY = '441481';
const SCHOOL = '2144810001';

const dir = mkdtempSync(path.join(tmpdir(), 'edu-county-policy-'));
cpSync(shippedPoliciesDir(), dir, { recursive: true });
const BASE_REFERENCE = '《兴宁市义务教育经费保障实施方案》(测试) 二(1): 小学生均公用经费1200元，2025年2月起1300元';
writeFileSync(
  path.join(dir, 'xingning-2024.json'),
  JSON.stringify(
    {
      id: 'xingning-2024',
      name: '兴宁市方案（2024）',
      description: 'A county policy written as one file: Guangdong rates, a higher primary rate and a stricter B1 primary standard.',
      validFrom: 2024,
      extends: 'guangdong-2018',
      parameters: {
        'indicators.resourceStandards.B1.primary': {
          unit: 'teachers per 100 students',
          reference: '《兴宁市义务教育优质均衡发展实施方案》(测试) 一(1): 小学每百名学生拥有高于规定学历教师数5人以上',
          values: [{ from: '2024-09-01', value: 5 }],
        },
        'funding.baseRate.primary': {
          unit: 'fen per student per year',
          reference: BASE_REFERENCE,
          values: [
            { from: '2024-09-01', value: 120000 },
            { from: '2025-02-01', value: 130000 },
          ],
        },
      },
    },
    null,
    2,
  ),
);
writeFileSync(path.join(dir, 'defaults.json'), JSON.stringify({ '441427': 'jiaoling-2023', [COUNTY]: 'xingning-2024', '*': 'national-2017' }));

// What start-up does with POLICIES_DIR: load and validate the directory, then use it.
const shippedCatalog = activePolicyCatalog();
usePolicyCatalog(loadPolicyCatalog(dir));
const h = await createTestApp();
t.teardown(async () => {
  await h.close();
  usePolicyCatalog(shippedCatalog); // files run after this one in the same process use the shipped files
  rmSync(dir, { recursive: true, force: true });
});

t.before(async () => {
  await syncShippedPolicies(h.database.db);
  const put = async (url: string, body: unknown) => {
    const r = await h.call('PUT', url, body);
    if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${r.status} ${r.text}`);
  };
  await put(`/v1/counties/${COUNTY}`, { name: '兴宁市', cityCode: '441400', provinceCode: '44' });
  await put(`/v1/schools/${SCHOOL}`, { name: '兴宁市城区小学', countyCode: COUNTY, kind: 'primary', areaType: 'urban', ownership: 'public', boarding: false });
  const teachers = Array.from({ length: 18 }, (_, i) => ({ staffCode: `X${String(i + 1).padStart(3, '0')}`, name: `教师${i + 1}` }));
  for (const year of [2024, 2025]) {
    await put(`/v1/schools/${SCHOOL}/years/${year}`, {
      teachingAreaM2: 2000, sportsAreaM2: 3200, equipmentValueYuan: 900000, multimediaClassrooms: 10,
      musicRoomAreasM2: [100], artRoomAreasM2: [95], boarders: 0, inclusionStudents: 0,
      publicFundingAllocatedYuan: 500000, trainingSpendYuan: 30000,
    });
    await put(
      `/v1/schools/${SCHOOL}/years/${year}/classes`,
      Array.from({ length: 10 }, (_, i) => ({ classCode: `P${i + 1}`, stage: 'primary', students: 40 })),
    );
    const teacherYears = teachers.map((x, i) => ({
      staffCode: x.staffCode, year, schoolCode: SCHOOL, stage: 'primary', fullTime: true, education: 'bachelor', certified: true,
      backboneLevel: i < 5 ? 'county' : 'none', subject: i < 4 ? 'pe' : 'chinese', trainingHours: 80, rotated: false,
    }));
    const bulk = await h.call('POST', '/v1/bulk', { teachers, teacherYears });
    if (bulk.status !== 200) throw new Error(`bulk: ${bulk.status} ${bulk.text}`);
  }
});

t.test('the file is a profile like the shipped ones, and the county\'s default', async (t) => {
  const list = await h.call('GET', '/v1/policies');
  t.same(list.body.items.map((p: any) => p.id), ['national-2017', 'guangdong-2018', 'jiaoling-2023', 'xingning-2024']);
  const one = await h.call('GET', '/v1/policies/xingning-2024');
  t.match(one.body, { builtin: true, extends: 'guangdong-2018', validFrom: 2024, resolvedYear: 2025 });
  t.equal(one.body.funding.baseRate.primary.fen, 130000, 'its latest values');
  t.equal(one.body.funding.boarding.fen, 30000, 'the rest from Guangdong');
  const policy = await h.call('GET', `/v1/counties/${COUNTY}/years/2024/policy`);
  t.match(policy.body, { policyId: 'xingning-2024', source: 'default', defaultPolicyId: 'xingning-2024' });
});

t.test('entitlements use the file\'s rates, each from the school year after its date', async (t) => {
  const base = async (year: number) => {
    const r = await h.call('GET', `/v1/counties/${COUNTY}/years/${year}/entitlements`);
    t.equal(r.status, 200, r.text);
    t.match(r.body, { policyId: 'xingning-2024', policySource: 'default' });
    return r.body.schools[0].components.find((c: any) => c.component === 'base_primary');
  };
  t.match(await base(2024), { quantity: 400, rateYuan: 1200, amountYuan: 480000, rule: BASE_REFERENCE });
  t.match(await base(2025), { quantity: 400, rateYuan: 1300, amountYuan: 520000 }, 'the value dated 2025-02-01 applies from school year 2025');
  const run = await h.call('POST', `/v1/counties/${COUNTY}/years/2024/funding-runs`, {});
  t.equal(run.status, 201, run.text);
  const detail = await h.call('GET', `/v1/funding-runs/${run.body.runId}`);
  t.same(detail.body.snapshot.policy.sources['funding.baseRate.primary'], { from: '2024-09-01', reference: BASE_REFERENCE });
});

t.test('indicators use the file\'s standards', async (t) => {
  const unit = async (query = '') => {
    const r = await h.call('GET', `/v1/counties/${COUNTY}/years/2024/resource-allocation?stage=primary${query}`);
    t.equal(r.status, 200, r.text);
    return { body: r.body, b1: r.body.units[0].indicators.B1 };
  };
  const own = await unit();
  t.match(own.body, { policyId: 'xingning-2024', policySource: 'default' });
  t.match(own.b1, { value: 4.5, standard: 5, met: false }, '18 qualified teachers for 400 pupils: 4.5 is short of the file\'s 5');
  const national = await unit('&policyId=national-2017');
  t.match(national.b1, { value: 4.5, standard: 4.2, met: true }, 'the same unit meets the national 4.2');
  const card = await h.call('GET', '/v1/indicators?policyId=xingning-2024');
  t.equal(card.body.indicators.find((e: any) => e.id === 'B1').standard.primary, 5);
});

t.test('a year before the file\'s first school year has no policy', async (t) => {
  const empty = await h.call('GET', `/v1/counties/${COUNTY}/years/2023/scorecard`);
  assertProblem(t, empty, 404);
  t.match(empty.body, { missing: ['classes', 'school-years'] }, 'without data the year has nothing to answer, whatever the policy');
  const put = await h.call('PUT', `/v1/schools/${SCHOOL}/years/2023/classes`, [{ classCode: 'P1', stage: 'primary', students: 40 }]);
  t.ok(put.status === 200 || put.status === 201, put.text);
  const r = await h.call('GET', `/v1/counties/${COUNTY}/years/2023/scorecard`);
  assertProblem(t, r, 422);
  t.match(r.body, { detail: /policy xingning-2024 is in force from school year 2024/, policyId: 'xingning-2024', validFrom: 2024 });
});
