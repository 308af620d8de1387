// Keys and bodies that exist in the app under test (the demo county, a funding run, API keys, the policy
// profiles), mixed into the generated requests so valid ones reach real data instead of stopping at 404.

import fc from 'fast-check';
import type { DemoBundle } from '../../src/demo/jiaoling.js';

export interface World {
  bundle: DemoBundle;
  runIds: string[];
  policyIds: string[];
  /** Policy records as GET /v1/policies answers them. */
  policies: Record<string, unknown>[];
  adminKeyId: string;
  /** Keys made for the test that DELETE /v1/api-keys/{id} may revoke (never the admin key the test uses). */
  spareKeyIds: string[];
}

/** Parts of a request: path values, query and header values, and a body. */
export interface Template {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

type Row = Record<string, unknown>;
const omit = (row: Row, keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
const pickText = (row: Row, keys: string[]) => Object.fromEntries(keys.map((k) => [k, String(row[k])]));

/** At most about `most` rows spread evenly over the list: the whole county, without thousands of near-identical templates. */
const spread = <T>(rows: T[], most = 40) => rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / most)) === 0);

/** Real values by parameter name; DELETE gets only values whose deletion the rest of the run can afford. */
export function realValues(world: World, method: string): Record<string, string[]> {
  const { bundle } = world;
  const schools = spread(bundle.schools, 12).map((s) => s.schoolCode);
  return {
    countyCode: bundle.counties.map((c) => c.countyCode),
    // the demo county's city and province (the roll-ups, the county list's filters)
    cityCode: bundle.counties.flatMap((c) => (c.cityCode ? [c.cityCode] : [])),
    provinceCode: bundle.counties.flatMap((c) => (c.provinceCode ? [c.provinceCode] : [])),
    townCode: spread(bundle.towns, 6).map((t) => t.townCode),
    schoolCode: schools,
    staffCode: spread(bundle.teachers, 12).map((t) => t.staffCode),
    year: ['2023', '2024'],
    runId: world.runIds,
    otherRunId: world.runIds,
    id: method === 'DELETE' ? world.spareKeyIds : [world.adminKeyId, ...world.spareKeyIds],
    policyId: world.policyIds,
    taskId: ['T01', 'T04', 'T09', 'T14'],
    // every level of the division data, and a city in the 6-digit form counties store
    divisionCode: ['44', '4414', '441400', '441427', '441427100'],
    entityKey: schools,
    keyId: [world.adminKeyId],
    from: ['2000-01-01T00:00:00Z', '2024-06-30T12:00:00+08:00'],
    to: ['2099-12-31T23:59:59Z'],
    'idempotency-key': ['contract-run-a', 'contract-run-b'],
    // Small pages near the start mostly: whole pages of 1000 rows would cost time without finding more.
    limit: ['1', '7', '25', '100'],
    offset: ['0', '3', '40'],
  };
}

/**
 * Whole realistic requests of the operations that take a body, by operationId. `bodyFields` names the
 * members an operation's body takes (from the document), where a record answered by GET has more.
 */
export function templates(world: World, bodyFields: (operationId: string) => string[]): Record<string, fc.Arbitrary<Template>> {
  const { bundle } = world;
  const rows = (list: Row[], keys: string[]) =>
    fc.constantFrom(...spread(list)).map((row) => ({ params: pickText(row, keys), body: omit(row, keys) }));
  const classesOf = (schoolCode: string, year: number) =>
    bundle.classes.filter((c) => c.schoolCode === schoolCode && c.year === year).map((c) => omit(c, ['schoolCode', 'year']));
  const policyFields = bodyFields('createPolicy');
  const customPolicy = (record: Row, n: number) => ({
    ...Object.fromEntries(Object.entries(record).filter(([k]) => policyFields.includes(k))),
    id: `contract-${n}`,
  });
  return {
    putCounty: rows(bundle.counties, ['countyCode']),
    putTown: rows(bundle.towns, ['townCode']),
    putSchool: rows(bundle.schools, ['schoolCode']),
    putSchoolYear: rows(bundle.schoolYears, ['schoolCode', 'year']),
    putSchoolClasses: fc.constantFrom(...spread(bundle.schoolYears)).map((row) => ({
      params: pickText(row, ['schoolCode', 'year']),
      body: classesOf(row.schoolCode, row.year),
    })),
    putTeacher: rows(bundle.teachers, ['staffCode']),
    putTeacherYear: rows(bundle.teacherYears, ['staffCode', 'year']),
    putCountyFacts: rows(bundle.countyFacts, ['countyCode', 'year']),
    bulkLoad: fc.record({ from: fc.nat(20), dryRun: fc.constantFrom('true', 'false') }).map(({ from, dryRun }) => ({
      query: { dryRun },
      body: {
        schools: bundle.schools.slice(from, from + 2),
        schoolYears: bundle.schoolYears.slice(from, from + 2),
        teachers: bundle.teachers.slice(from, from + 3),
        teacherYears: bundle.teacherYears.slice(from, from + 3),
        countyFacts: bundle.countyFacts.slice(0, 1),
      },
    })),
    createApiKey: fc.constantFrom(
      { body: { name: 'contract-reader', scopes: ['read'], counties: ['441427'] } },
      { body: { name: 'contract-auditor', scopes: ['audit', 'read'], counties: ['*'], expiresAt: '2099-01-01T00:00:00Z' } },
    ),
    createCountyFundingRun: fc.record({ year: fc.constantFrom('2023', '2024'), policyId: fc.option(fc.constantFrom(...world.policyIds), { nil: undefined }) }).map(
      ({ year, policyId }) => ({ params: { countyCode: '441427', year }, body: policyId ? { policyId } : {} }),
    ),
    createPolicy: fc.record({ record: fc.constantFrom(...world.policies), n: fc.nat(1_000_000) }).map(({ record, n }) => ({ body: customPolicy(record, n) })),
    // Two years in order that both hold classes: the demo county's 2023 and 2024.
    getCountyCompare: fc.constant({ params: { countyCode: '441427' }, query: { from: '2023', to: '2024' } }),
    getSchoolCompare: fc
      .constantFrom(...spread(bundle.schoolYears.filter((y) => y.year === 2023 && bundle.classes.some((c) => c.schoolCode === y.schoolCode && c.year === 2024))))
      .map((row) => ({ params: { schoolCode: String(row.schoolCode) }, query: { from: '2023', to: '2024' } })),
    // A school-year with classes: the school's indicators exist.
    getSchoolIndicators: fc
      .constantFrom(...spread(bundle.schoolYears.filter((y) => bundle.classes.some((c) => c.schoolCode === y.schoolCode && c.year === y.year))))
      .map((row) => ({ params: { schoolCode: String(row.schoolCode), year: String(row.year) } })),
    // A task of the county's shipped plan (plans/441427/tasks.json) and its progress.
    putCountyTask: fc
      .record({
        n: fc.integer({ min: 1, max: 14 }),
        status: fc.constantFrom('not_started', 'in_progress', 'done'),
        notes: fc.constantFrom('', '已完成立项', '进度过半，待验收'),
        evidence: fc.subarray(['https://www.jiaoling.gov.cn/doc/1.html', 'http://example.org/photo.jpg']),
      })
      .map(({ n, status, notes, evidence }) => ({
        params: { countyCode: '441427', taskId: `T${String(n).padStart(2, '0')}` },
        body: { status, notes, evidence },
      })),
    putCountyPolicy: fc.record({ year: fc.constantFrom('2023', '2024'), policyId: fc.constantFrom(...world.policyIds) }).map(({ year, policyId }) => ({
      params: { countyCode: '441427', year },
      body: { policyId },
    })),
  };
}
