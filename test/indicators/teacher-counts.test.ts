// B1–B3 (and B19) teacher counts computed in SQL by the service against the pure rules on the same rows.
//
// The service never pulls teacher rows into JavaScript: it counts full-time teacher-years per school and
// stage in SQL, either as breakdowns by education, backbone level and subject that the rules then filter
// (`resolveTeachers`), or already filtered by the policy inside the query. Here the rows the database was
// loaded with are counted in the test exactly as docs/domain.md §1.5, §2.5 and §3.2 define (full-time
// teacher-years of the year, the school and the stage), the rules apply the policy, and every path of the
// service must give the same figures: for the demo county, and for a hand-made county of edge cases.

import { fileTest } from '../helpers/file-test.js';
import { buildJiaolingDemo } from '../../src/demo/jiaoling.js';
import { resolveTeachers, type TeacherCounts, type UnitTeachers } from '../../src/rules/indicators/index.js';
import type { IndicatorParams } from '../../src/rules/policies/indicator-params.js';
import { COMPULSORY_STAGES, STAGES, type CompulsoryStage, type Stage } from '../../src/rules/vocabulary.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { loadIndicatorInputs, loadIndicatorInputsOfCounties, type IndicatorInputs } from '../../src/services/indicators/inputs.js';
import { createTestApp } from '../helpers/app.js';
import { JIAOLING_2023, NATIONAL_2017 } from '../rules/policies/shipped.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const db = h.database.db;

interface TeacherYearRow {
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
}

// ── the hand-made county ───────────────────────────────────────────────────────────────────────────────
//
// 441498, years 2023 and 2024:
//   P 2144980001 public urban primary with a preschool stage: every education level, every backbone level,
//     pe/music/art and subjects that only look like them ('PE' is not a code, 'pe_club', 'arts'), some
//     without a certificate; part-time teachers and non-teaching staff (recorded as part-time: they are not
//     专任教师) with every attribute that would count; preschool teachers (no unit).
//   N 3144980002 public rural nine-year: primary and junior teachers, one junior teacher with associate
//     education (enough for primary, not for junior).
//   S 3444980003 complete secondary: junior and senior teachers (senior belongs to no unit).
//   T 2144980004 teaching point of P.
//   R 2144980005 private primary: counted per school and stage like any other.
//   Staff who leave: L01 taught at P in 2023 and left (no 2024 teacher-year); L02 moved from P to N during
//   2023–24 (one teacher-year per year, at the school of that year); L03 went part-time in 2024.

const COUNTY = '441498';
const P = '2144980001';
const N = '3144980002';
const S = '3444980003';
const T = '2144980004';
const R = '2144980005';

const handMade: TeacherYearRow[] = [];
const ty = (staffCode: string, year: number, schoolCode: string, stage: Stage, over: Partial<TeacherYearRow> = {}): void => {
  handMade.push({
    staffCode,
    year,
    schoolCode,
    stage,
    fullTime: true,
    education: 'bachelor',
    certified: true,
    backboneLevel: 'none',
    subject: 'chinese',
    trainingHours: 72,
    rotated: false,
    ...over,
  });
};

const EDUCATIONS = ['below_secondary', 'secondary', 'associate', 'bachelor', 'master', 'doctorate'];
const BACKBONES = ['none', 'county', 'city', 'province', 'national'];
const SUBJECTS = ['pe', 'music', 'art', 'chinese', 'math', 'pe_club', 'arts', 'it'];
for (const year of [2023, 2024]) {
  // P primary: 48 full-time teachers crossing education, backbone level and subject
  for (let i = 0; i < 48; i++) {
    ty(`P${String(i).padStart(2, '0')}`, year, P, 'primary', {
      education: EDUCATIONS[(i + year) % EDUCATIONS.length] as string,
      backboneLevel: BACKBONES[i % BACKBONES.length] as string,
      subject: SUBJECTS[(i * 3 + year) % SUBJECTS.length] as string,
      certified: i % 7 !== 3,
    });
  }
  // part-time teachers and non-teaching staff, each with what would count for B1, B2 and B3
  for (let i = 0; i < 5; i++) {
    ty(`PX${i}`, year, P, 'primary', { fullTime: false, education: 'doctorate', backboneLevel: 'national', subject: i % 2 ? 'music' : 'pe' });
  }
  ty('PS1', year, P, 'primary', { fullTime: false, education: 'master', backboneLevel: 'province', subject: 'art' });
  // P preschool: counted for its stage, in no unit
  for (let i = 0; i < 4; i++) ty(`PK${i}`, year, P, 'preschool', { education: 'associate', subject: i === 0 ? 'music' : 'chinese' });
  // N: primary and junior
  for (let i = 0; i < 9; i++) ty(`NP${i}`, year, N, 'primary', { education: i < 2 ? 'secondary' : 'associate', subject: i === 4 ? 'art' : 'math' });
  for (let i = 0; i < 12; i++) {
    ty(`NJ${i}`, year, N, 'junior', {
      education: i === 0 ? 'associate' : i === 1 ? 'master' : 'bachelor',
      backboneLevel: i === 2 ? 'city' : i === 3 && year === 2024 ? 'county' : 'none',
      subject: i === 5 ? 'pe' : 'math',
      certified: i !== 6,
    });
  }
  // S: junior and senior
  for (let i = 0; i < 6; i++) ty(`SJ${i}`, year, S, 'junior', { subject: i === 0 ? 'pe' : 'physics', backboneLevel: i === 1 ? 'province' : 'none' });
  for (let i = 0; i < 7; i++) ty(`SS${i}`, year, S, 'senior', { education: 'master', backboneLevel: 'national', subject: 'music' });
  // T and R
  ty('T01', year, T, 'primary', { education: 'secondary' });
  ty('T02', year, T, 'primary', { education: 'associate', subject: 'pe' });
  ty('R01', year, R, 'primary', { education: 'associate', certified: false, backboneLevel: 'county' });
  ty('R02', year, R, 'primary', { subject: 'art' });
}
ty('L01', 2023, P, 'primary', { education: 'master', backboneLevel: 'city', subject: 'pe' });
ty('L02', 2023, P, 'primary', { education: 'master', backboneLevel: 'county', subject: 'music' });
ty('L02', 2024, N, 'junior', { education: 'master', backboneLevel: 'county', subject: 'music', rotated: true });
ty('L03', 2023, N, 'junior', { education: 'bachelor', backboneLevel: 'county', subject: 'art' });
ty('L03', 2024, N, 'junior', { education: 'bachelor', backboneLevel: 'county', subject: 'art', fullTime: false });

const classes = (schoolCode: string, year: number, stage: Stage, prefix: string, grade: number, sizes: number[]) =>
  sizes.map((students, i) => ({ schoolCode, year, classCode: `${prefix}${grade}-${i + 1}`, stage, grade, students }));
const school = (schoolCode: string, name: string, kind: string, areaType: string, over: Record<string, unknown> = {}) => ({
  schoolCode,
  name,
  countyCode: COUNTY,
  kind,
  areaType,
  ownership: 'public',
  boarding: false,
  ...over,
});

const handMadeBody = {
  counties: [{ countyCode: COUNTY, name: '样例县', cityCode: '441400', provinceCode: '44' }],
  schools: [
    school(P, '样例县实验小学', 'primary', 'urban'),
    school(N, '样例县九年一贯制学校', 'nine_year', 'rural'),
    school(S, '样例县中学', 'complete_secondary', 'town'),
    school(T, '样例县实验小学教学点', 'teaching_point', 'rural', { centralSchoolCode: P }),
    school(R, '样例县民办小学', 'primary', 'urban', { ownership: 'private' }),
  ],
  classes: [2023, 2024].flatMap((year) => [
    ...classes(P, year, 'primary', 'P', 1, [45, 44, 43, 45, 42, 41, 40, 44, 45, 43, 42, 41, 40, 39, 45, 44]),
    ...classes(P, year, 'preschool', 'K', 3, [30, 28]),
    ...classes(N, year, 'primary', 'P', 2, [30, 29, 28, 31]),
    ...classes(N, year, 'junior', 'J', 7, [45, 44, 46]),
    ...classes(S, year, 'junior', 'J', 8, [48, 47]),
    ...classes(S, year, 'senior', 'S', 10, [50, 49, 48]),
    ...classes(T, year, 'primary', 'P', 1, [12, 14]),
    ...classes(R, year, 'primary', 'P', 3, [40, 38]),
  ]),
  teachers: [...new Set(handMade.map((x) => x.staffCode))].map((staffCode) => ({ staffCode, name: `教师${staffCode}` })),
  teacherYears: handMade,
};

const demo = buildJiaolingDemo();
await loadDemoCounty(db);
const loaded = await h.call('POST', '/v1/bulk', handMadeBody);
if (loaded.status !== 200) throw new Error(`bulk: ${loaded.status} ${loaded.text.slice(0, 500)}`);

// ── the rules' side: the rows counted as docs/domain.md defines, the policy applied by the rules ─────────

/** Full-time teacher-years of one school, stage and year, tallied (§1.5, §2.5); undefined when there are none. */
function countedByTheRules(rows: readonly TeacherYearRow[], schoolCode: string, stage: Stage, year: number): TeacherCounts | undefined {
  const fullTime = rows.filter((r) => r.year === year && r.schoolCode === schoolCode && r.stage === stage && r.fullTime);
  if (fullTime.length === 0) return undefined;
  const tally = (pick: (r: TeacherYearRow) => string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of fullTime) out[pick(r)] = (out[pick(r)] ?? 0) + 1;
    return out;
  };
  return {
    fullTime: fullTime.length,
    certified: fullTime.filter((r) => r.certified).length,
    byEducation: tally((r) => r.education),
    byBackboneLevel: tally((r) => r.backboneLevel),
    bySubject: tally((r) => r.subject),
  };
}

/** A policy that moves every filter B1–B3 apply, so a query that ignored the policy would disagree. */
const STRICT: IndicatorParams = {
  ...NATIONAL_2017.indicators,
  qualifiedEducationMin: { primary: 'bachelor', junior: 'master' },
  backboneLevels: ['province', 'national'],
  artsPeSubjects: ['pe', 'arts'],
};
const POLICIES: [string, IndicatorParams][] = [
  ['national-2017', NATIONAL_2017.indicators],
  ['jiaoling-2023', JIAOLING_2023.indicators],
  ['a stricter policy', STRICT],
];

interface Disagreement {
  where: string;
  service: unknown;
  rules: unknown;
}

/** Every school and stage of the service's inputs against the rules on the rows; the list of disagreements. */
function compare(
  inputs: IndicatorInputs,
  rows: readonly TeacherYearRow[],
  year: number,
  params: IndicatorParams,
  label: string,
): { disagreements: Disagreement[]; compared: number } {
  const disagreements: Disagreement[] = [];
  let compared = 0;
  for (const s of inputs.schools) {
    for (const stage of STAGES) {
      const service = s.stages[stage]?.teachers ?? undefined;
      const rules = countedByTheRules(rows, s.schoolCode, stage, year);
      const where = `${label} ${s.schoolCode} ${stage} ${year}`;
      if ((service === undefined) !== (rules === undefined)) {
        disagreements.push({ where, service, rules });
        continue;
      }
      if (service === undefined || rules === undefined) continue;
      compared++;
      if ((COMPULSORY_STAGES as readonly Stage[]).includes(stage)) {
        const a: UnitTeachers = resolveTeachers(service, stage as CompulsoryStage, params);
        const b: UnitTeachers = resolveTeachers(rules, stage as CompulsoryStage, params);
        if (JSON.stringify(a) !== JSON.stringify(b)) disagreements.push({ where, service: a, rules: b });
      } else if (service.fullTime !== rules.fullTime || service.certified !== rules.certified) {
        disagreements.push({ where, service: [service.fullTime, service.certified], rules: [rules.fullTime, rules.certified] });
      }
    }
  }
  return { disagreements, compared };
}

const COUNTIES: [string, string, readonly TeacherYearRow[]][] = [
  ['the demo county', '441427', demo.teacherYears as TeacherYearRow[]],
  ['the hand-made county', COUNTY, handMade],
];

for (const [name, countyCode, rows] of COUNTIES) {
  t.test(`${name}: SQL counts agree with the rules on the same rows`, async (t) => {
    for (const year of [2023, 2024]) {
      // breakdowns counted in SQL, the policy applied by the rules
      const breakdowns = await loadIndicatorInputs(db, countyCode, year);
      const expectedSchools = new Set(
        [...(countyCode === COUNTY ? handMadeBody.classes : demo.classes)].filter((c) => c.year === year).map((c) => c.schoolCode),
      );
      t.same(breakdowns.schools.map((s) => s.schoolCode).sort(), [...expectedSchools].sort(), `${year}: every school with classes`);
      for (const [policyName, params] of POLICIES) {
        const plain = compare(breakdowns, rows, year, params, 'breakdowns');
        t.same(plain.disagreements, [], `${year}, ${policyName}: breakdowns from SQL, filtered by the rules`);
        t.ok(plain.compared >= (countyCode === COUNTY ? 6 : 40), `${year}: ${plain.compared} school stages compared`);
        // the policy applied inside the query
        const filtered = await loadIndicatorInputs(db, countyCode, year, { policy: params });
        t.same(compare(filtered, rows, year, params, 'filtered').disagreements, [], `${year}, ${policyName}: filtered in SQL`);
        // many counties at once (a join instead of an array of the county's schools)
        const many = (await loadIndicatorInputsOfCounties(db, ['441427', COUNTY], year, { policy: params })).get(countyCode);
        t.ok(many, 'loaded with the other county');
        if (many) t.same(compare(many, rows, year, params, 'province').disagreements, [], `${year}, ${policyName}: many counties at once`);
      }
    }
  });
}

t.test('the hand-made edge cases count as the rules define, and the policy moves them', async (t) => {
  const at = async (year: number, params: IndicatorParams, schoolCode: string, stage: CompulsoryStage) => {
    const inputs = await loadIndicatorInputs(db, COUNTY, year, { policy: params });
    return resolveTeachers(inputs.schools.find((s) => s.schoolCode === schoolCode)?.stages[stage]?.teachers, stage, params);
  };
  const national = NATIONAL_2017.indicators;
  // P primary 2024: 48 full-time; the six part-time and non-teaching staff with doctorates and titles do not count
  const p24 = await at(2024, national, P, 'primary');
  t.equal(p24.fullTime, 48, 'part-time teachers and non-teaching staff are not full-time teachers');
  const p23 = await at(2023, national, P, 'primary');
  t.equal(p23.fullTime, 50, '2023 also counts L01 (left afterwards) and L02 (moved afterwards)');
  // L02 counts at N junior in 2024 only; L03 counts there in 2023 only (part-time in 2024)
  const n23 = await at(2023, national, N, 'junior');
  const n24 = await at(2024, national, N, 'junior');
  t.same([n23.fullTime, n24.fullTime], [13, 13], 'N junior: 12 + L03 in 2023, 12 + L02 in 2024');
  t.equal(n24.qualified, 12, 'N junior 2024: the associate NJ0 does not count, L02 (master) does');
  t.equal(n24.backbone, 3, 'N junior 2024: NJ2 (city), NJ3 (county) and L02 (county)');
  // the stricter policy: junior needs a master's degree, only province and national titles, pe and 'arts'
  const strict = await at(2024, STRICT, N, 'junior');
  t.same([strict.qualified, strict.backbone, strict.artsPe], [2, 0, 1], 'NJ1 and L02 hold a master; no province title; NJ5 teaches pe');
  const sj = await at(2024, STRICT, S, 'junior');
  t.equal(sj.backbone, 1, "S junior: SJ1's province title; the senior teachers' national titles belong to no unit");
  // B19: certified among full-time only
  t.equal((await at(2024, national, R, 'primary')).certified, 1, 'R: one of two full-time teachers certified');
});
