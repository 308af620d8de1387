// B16 and B18 counts read in one statement (src/services/indicators/teacher-history.ts: the scorecard's
// county figures and the what-if scenarios' figures per school) against the pure rules on the same rows,
// and against the plain one-window-at-a-time statements of src/services/indicators/teacher-rates.ts.
//
// A county built by hand over 2017–2024, with fixed edge cases and generated histories: teachers who move
// between schools and stages, into and out of another county (their history follows them), gaps in the
// record, part-time years, stages outside the compulsory units (preschool, senior, a special school),
// rotated teachers, eligibility given true or false or left to the tenure rule, training hours exactly at
// the bound and one hour short. Each policy below moves a window, the tenure or the backbone levels, so a
// statement that read the wrong years or the wrong school would disagree somewhere.

import { fileTest } from '../helpers/file-test.js';
import {
  UNIT_STAGES_BY_KIND,
  rotationEligible,
  trainingCompleted,
  type TrainingCounts,
} from '../../src/rules/indicators/index.js';
import type { IndicatorParams } from '../../src/rules/policies/indicator-params.js';
import type { SchoolKind, Stage } from '../../src/rules/vocabulary.js';
import { teacherHistoryCounts, teacherHistoryCountsBySchool, type TeacherHistoryCounts } from '../../src/services/indicators/teacher-history.js';
import { rotationCounts, trainingCounts, type RotationFigures } from '../../src/services/indicators/teacher-rates.js';
import { createTestApp } from '../helpers/app.js';
import { JIAOLING_2023, NATIONAL_2017 } from '../rules/policies/shipped.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const db = h.database.db;

const COUNTY = '441497';
const OTHER = '441496';
const SCHOOLS: { code: string; county: string; kind: SchoolKind; ownership: 'public' | 'private' }[] = [
  { code: '2144970001', county: COUNTY, kind: 'primary', ownership: 'public' },
  { code: '3144970002', county: COUNTY, kind: 'nine_year', ownership: 'public' },
  { code: '3444970003', county: COUNTY, kind: 'complete_secondary', ownership: 'public' },
  { code: '2144970004', county: COUNTY, kind: 'primary', ownership: 'private' },
  { code: '5144970005', county: COUNTY, kind: 'special', ownership: 'public' },
  { code: '2144960001', county: OTHER, kind: 'primary', ownership: 'public' },
];
const [P, N, S, R, Z, Q] = SCHOOLS.map((s) => s.code) as [string, string, string, string, string, string];
const kindOf = new Map(SCHOOLS.map((s) => [s.code, s.kind]));
const countyOf = new Map(SCHOOLS.map((s) => [s.code, s.county]));
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];

interface Row {
  staffCode: string;
  year: number;
  schoolCode: string;
  stage: Stage;
  fullTime: boolean;
  education: string;
  certified: boolean;
  backboneLevel: string;
  subject: string;
  trainingHours: number;
  rotated: boolean;
  rotationEligible?: boolean;
}

const rows: Row[] = [];
const ty = (staffCode: string, year: number, schoolCode: string, stage: Stage, over: Partial<Row> = {}): void => {
  rows.push({
    staffCode,
    year,
    schoolCode,
    stage,
    fullTime: true,
    education: 'bachelor',
    certified: true,
    backboneLevel: 'none',
    subject: 'math',
    trainingHours: 72,
    rotated: false,
    ...over,
  });
};

// Fixed cases (2024 unless said; the national policy: 5-year window, 72 h a year, tenure 6 years).
for (const y of [2018, 2019, 2020, 2021, 2022, 2023, 2024]) ty('F01', y, P, 'primary'); // 7 years at P: eligible by tenure
for (const y of [2020, 2021, 2022, 2023, 2024]) ty('F02', y, P, 'primary'); // 5 years: eligible only with tenure ≤ 5
for (const y of [2019, 2020, 2022, 2023, 2024]) ty('F03', y, P, 'primary'); // a year without any record: run of 3
for (const y of [2019, 2020, 2021, 2022, 2023]) ty('F04', y, Q, 'primary', { trainingHours: 10 }); // from the other county
ty('F04', 2024, P, 'primary', { trainingHours: 320 }); // 4 × 10 + 320 = 360 = 5 × 72: completed at the bound
for (const y of [2020, 2021, 2022, 2023]) ty('F05', y, P, 'primary', { trainingHours: 72 });
ty('F05', 2024, P, 'primary', { trainingHours: 71 }); // one hour short
ty('F06', 2023, P, 'primary', { trainingHours: 0 });
ty('F06', 2024, P, 'primary', { trainingHours: 144 }); // two records: 144 needed, exactly
for (const y of [2019, 2020, 2021, 2022, 2023]) ty('F07', y, N, 'primary');
ty('F07', 2024, N, 'junior'); // another stage, the same school: tenure continues
for (const y of [2019, 2020, 2021, 2022, 2023]) ty('F08', y, N, 'junior');
ty('F08', 2024, S, 'junior', { rotated: true, backboneLevel: 'city' }); // rotated: eligible, a backbone rotation
for (const y of [2019, 2020, 2021, 2022, 2023, 2024]) ty('F09', y, P, 'primary', { rotationEligible: false }); // tenure, but declared not eligible
ty('F10', 2024, R, 'primary', { rotationEligible: true }); // declared eligible without tenure
ty('F11', 2024, P, 'primary', { fullTime: false, trainingHours: 0, rotated: true }); // part-time: B18 only
ty('F12', 2024, S, 'senior', { rotated: true }); // senior stage: no unit
ty('F13', 2024, Z, 'primary', { rotated: true }); // special school: no unit
ty('F14', 2024, P, 'preschool'); // preschool: no unit
for (const y of [2022, 2023]) ty('F15', y, P, 'primary', { trainingHours: 200 });
ty('F15', 2024, Q, 'primary'); // moved out of the county: not counted here in 2024, counted in 2023
ty('F16', 2023, N, 'junior', { rotated: true, backboneLevel: 'city' }); // a backbone rotation in 2023
for (let y = 2017; y <= 2024; y++) ty('F17', y, S, 'junior'); // 8 years at S: eligible under a 7-year tenure in 2023 too

// Generated histories: a small linear congruential generator, so that every run builds the same county.
let seed = 20240917;
const next = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const PLACES: [string, Stage][] = [
  [P, 'primary'],
  [P, 'preschool'],
  [N, 'primary'],
  [N, 'junior'],
  [S, 'junior'],
  [S, 'senior'],
  [R, 'primary'],
  [Z, 'junior'],
  [Q, 'primary'],
];
const HOURS = [0, 36, 60, 71, 72, 73, 90, 144];
const LEVELS = ['none', 'none', 'county', 'city', 'province', 'national'];
for (let i = 0; i < 90; i++) {
  const staff = `G${String(i).padStart(3, '0')}`;
  let place = PLACES[next(PLACES.length)] as [string, Stage];
  for (const year of YEARS) {
    if (next(7) === 0) continue; // no record this year
    if (next(4) === 0) place = PLACES[next(PLACES.length)] as [string, Stage]; // moved
    const eligibility = next(4);
    ty(staff, year, place[0], place[1], {
      fullTime: next(6) !== 0,
      trainingHours: HOURS[next(HOURS.length)] as number,
      rotated: next(5) === 0,
      backboneLevel: LEVELS[next(LEVELS.length)] as string,
      ...(eligibility === 0 ? { rotationEligible: true } : eligibility === 1 ? { rotationEligible: false } : {}),
    });
  }
}

const body = {
  counties: [
    { countyCode: COUNTY, name: '历史县', cityCode: '441400', provinceCode: '44' },
    { countyCode: OTHER, name: '邻县', cityCode: '441400', provinceCode: '44' },
  ],
  schools: SCHOOLS.map((s) => ({ schoolCode: s.code, name: `学校${s.code}`, countyCode: s.county, kind: s.kind, areaType: 'urban', ownership: s.ownership, boarding: false })),
  teachers: [...new Set(rows.map((r) => r.staffCode))].map((staffCode) => ({ staffCode, name: `教师${staffCode}` })),
  teacherYears: rows,
};
const loaded = await h.call('POST', '/v1/bulk', body);
if (loaded.status !== 200) throw new Error(`bulk: ${loaded.status} ${loaded.text.slice(0, 500)}`);

// ── the rules' side ─────────────────────────────────────────────────────────────────────────────────────

const zero = (): TeacherHistoryCounts => ({
  training: { fullTime: 0, completed: 0 },
  rotation: { teacherYears: 0, rotated: 0, eligible: 0, rotatedBackbone: 0, eligibleByTenure: 0 },
});

/** Per school of the county: each teacher-year of Y in a compulsory unit, judged by the pure rules. */
function countedByTheRules(year: number, params: IndicatorParams): Map<string, TeacherHistoryCounts> {
  const hoursByYear = new Map<string, Record<number, number>>();
  const schoolByYear = new Map<string, Record<number, string>>();
  for (const r of rows) {
    (hoursByYear.get(r.staffCode) ?? hoursByYear.set(r.staffCode, {}).get(r.staffCode)!)[r.year] = r.trainingHours;
    (schoolByYear.get(r.staffCode) ?? schoolByYear.set(r.staffCode, {}).get(r.staffCode)!)[r.year] = r.schoolCode;
  }
  const out = new Map<string, TeacherHistoryCounts>();
  for (const r of rows) {
    if (r.year !== year || countyOf.get(r.schoolCode) !== COUNTY) continue;
    if (!(UNIT_STAGES_BY_KIND[kindOf.get(r.schoolCode) as SchoolKind] as readonly Stage[]).includes(r.stage)) continue;
    const c = out.get(r.schoolCode) ?? out.set(r.schoolCode, zero()).get(r.schoolCode)!;
    if (r.fullTime) {
      c.training.fullTime++;
      if (trainingCompleted({ hoursByYear: hoursByYear.get(r.staffCode) ?? {} }, year, params).completed) c.training.completed++;
    }
    const history = { schoolByYear: schoolByYear.get(r.staffCode) ?? {} };
    c.rotation.teacherYears++;
    if (r.rotated) c.rotation.rotated++;
    if (rotationEligible(r, history, year, params)) {
      c.rotation.eligible++;
      if (!r.rotated && r.rotationEligible === undefined) c.rotation.eligibleByTenure++;
    }
    if (r.rotated && params.backboneLevels.includes(r.backboneLevel as never)) c.rotation.rotatedBackbone++;
  }
  return out;
}

function sum(counts: Iterable<TeacherHistoryCounts>): TeacherHistoryCounts {
  const total = zero();
  for (const c of counts) {
    for (const k of Object.keys(total.training) as (keyof TrainingCounts)[]) total.training[k] += c.training[k];
    for (const k of Object.keys(total.rotation) as (keyof RotationFigures)[]) total.rotation[k] += c.rotation[k];
  }
  return total;
}

const inCodeOrder = (m: Map<string, TeacherHistoryCounts>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

/** A policy that moves both windows and the backbone levels away from the shipped ones. */
const SHORT: IndicatorParams = {
  ...NATIONAL_2017.indicators,
  training: { ...NATIONAL_2017.indicators.training, hoursPerYear: 60, windowYears: 3 },
  rotation: { ...NATIONAL_2017.indicators.rotation, tenureYears: 3 },
  backboneLevels: ['city'],
};
const LONG: IndicatorParams = {
  ...NATIONAL_2017.indicators,
  training: { ...NATIONAL_2017.indicators.training, windowYears: 7 },
  rotation: { ...NATIONAL_2017.indicators.rotation, tenureYears: 7 },
  backboneLevels: [],
};
const POLICIES: [string, IndicatorParams][] = [
  ['national-2017', NATIONAL_2017.indicators],
  ['jiaoling-2023', JIAOLING_2023.indicators],
  ['3-year windows, city backbone only', SHORT],
  ['7-year windows, no backbone level', LONG],
];

for (const [name, params] of POLICIES) {
  t.test(`${name}: one statement, per school and for the county, equals the rules and the plain statements`, async (t) => {
    for (const year of [2023, 2024]) {
      const rules = countedByTheRules(year, params);
      const bySchool = await teacherHistoryCountsBySchool(db, COUNTY, year, params);
      t.same(inCodeOrder(bySchool), inCodeOrder(rules), `${year}: per school as the rules count`);
      t.notOk(bySchool.has(Z), `${year}: the special school has no teachers in scope`);
      t.notOk(bySchool.has(Q), `${year}: a school of another county is not counted`);

      const county = await teacherHistoryCounts(db, COUNTY, year, params);
      t.same(county, sum(rules.values()), `${year}: the county's counts are the sum of the schools'`);
      const plain = { training: await trainingCounts(db, COUNTY, year, params), rotation: await rotationCounts(db, COUNTY, year, params) };
      t.same(county, plain, `${year}: as the one-window-at-a-time statements`);

      // the data reaches every branch the statement decides, so the equalities above are not vacuous
      const total = sum(rules.values());
      t.ok(total.training.completed > 0 && total.training.completed < total.training.fullTime, `${year}: completed and not completed`);
      t.ok(total.rotation.teacherYears > total.training.fullTime, `${year}: part-time teacher-years in B18 only`);
      t.ok(total.rotation.rotated > 0 && total.rotation.eligible > total.rotation.rotated, `${year}: rotated and eligible without rotating`);
      t.ok(total.rotation.eligibleByTenure > 0, `${year}: eligible by the tenure rule`);
      if (params.backboneLevels.length > 0) t.ok(total.rotation.rotatedBackbone > 0, `${year}: backbone rotations`);
      else t.equal(total.rotation.rotatedBackbone, 0, `${year}: no backbone level, no backbone rotation`);
    }
  });
}

t.test('the fixed cases sit on the edges the comments say (national policy, 2024), and the statement agrees at P', async (t) => {
  const params = NATIONAL_2017.indicators;
  const schoolsOf = (staff: string) => ({ schoolByYear: Object.fromEntries(rows.filter((r) => r.staffCode === staff).map((r) => [r.year, r.schoolCode])) });
  const hoursOf = (staff: string) => ({ hoursByYear: Object.fromEntries(rows.filter((r) => r.staffCode === staff).map((r) => [r.year, r.trainingHours])) });
  t.equal(rotationEligible({ rotated: false }, schoolsOf('F01'), 2024, params), true, 'F01: 7 years at P');
  t.equal(rotationEligible({ rotated: false }, schoolsOf('F02'), 2024, params), false, 'F02: 5 years at P');
  t.equal(rotationEligible({ rotated: false }, schoolsOf('F03'), 2024, params), false, 'F03: a year without a record');
  t.equal(rotationEligible({ rotated: false }, schoolsOf('F07'), 2024, params), true, 'F07: 6 years at N over two stages');
  t.equal(trainingCompleted(hoursOf('F04'), 2024, params).completed, true, 'F04: 360 h over 5 records, 4 of them in the other county');
  t.equal(trainingCompleted(hoursOf('F05'), 2024, params).completed, false, 'F05: one hour short');
  t.equal(trainingCompleted(hoursOf('F06'), 2024, params).completed, true, 'F06: 144 h over 2 records, exactly');
  const at = (await teacherHistoryCountsBySchool(db, COUNTY, 2024, params)).get(P);
  t.same(at, countedByTheRules(2024, params).get(P));
});
