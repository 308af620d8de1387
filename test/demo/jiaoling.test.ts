import { fileTest } from '../helpers/file-test.js';
import { buildJiaolingDemo, demoPolicies, type DemoPolicies } from '../../src/demo/jiaoling.js';
import { SCHOOL_PLANS } from '../../src/demo/plan.js';
import type { DemoBundle, DemoClass, DemoSchool, DemoSchoolYear } from '../../src/demo/types.js';
import { toFloat } from '../../src/rules/exact.js';
import { computeEntitlement, fenToYuan, type FundingParams } from '../../src/rules/funding/index.js';
import { facilityShares } from '../../src/rules/indicators/units.js';
import { GRADES_BY_STAGE, SCHOOL_KINDS, STAGES, type Stage } from '../../src/rules/vocabulary.js';

const t = fileTest(import.meta);

const demo = buildJiaolingDemo();
const YEARS = [2023, 2024];

const schoolByCode = new Map(demo.schools.map((s) => [s.schoolCode, s]));
const school = (code: string): DemoSchool => {
  const s = schoolByCode.get(code);
  if (!s) throw new Error(`no school ${code}`);
  return s;
};
const classesOf = (schoolCode: string, year: number): DemoClass[] =>
  demo.classes.filter((c) => c.schoolCode === schoolCode && c.year === year);
const pupils = (schoolCode: string, year: number, stages: Stage[] = ['primary', 'junior']): number =>
  classesOf(schoolCode, year)
    .filter((c) => stages.includes(c.stage))
    .reduce((a, c) => a + c.students, 0);

/** Stages each kind may have classes in: what the demo plan gives each kind, narrower than vocabulary.ts allows. */
const CLASS_STAGES: Record<string, Stage[]> = {
  kindergarten: ['preschool'],
  primary: ['preschool', 'primary'],
  teaching_point: ['preschool', 'primary'],
  junior: ['junior'],
  nine_year: ['preschool', 'primary', 'junior'],
  twelve_year: ['preschool', 'primary', 'junior', 'senior'],
  complete_secondary: ['junior', 'senior'],
  senior: ['senior'],
  special: ['primary', 'junior'],
};

t.test('deterministic and pure', async (t) => {
  const realRandom = Math.random;
  const realNow = Date.now;
  Math.random = () => {
    throw new Error('Math.random used');
  };
  Date.now = () => {
    throw new Error('Date.now used');
  };
  let again: DemoBundle;
  let other: DemoBundle;
  try {
    again = buildJiaolingDemo();
    other = buildJiaolingDemo(7);
  } finally {
    Math.random = realRandom;
    Date.now = realNow;
  }
  // compare serialisations: tap's structural diff is very slow on a bundle of ~10 000 rows
  const json = JSON.stringify(demo);
  t.same(again, demo, 'the same (default) seed gives a deep-equal bundle');
  t.equal(JSON.stringify(buildJiaolingDemo(441427)), json, 'the default seed is 441427');
  t.not(JSON.stringify(other), json, 'another seed gives another bundle');
  t.same(
    other.schools.map((s) => s.schoolCode),
    demo.schools.map((s) => s.schoolCode),
    'the school plan does not depend on the seed',
  );
  t.equal(JSON.stringify(JSON.parse(json)), json, 'JSON round-trips');
  t.notOk(/null|NaN|Infinity/.test(json), 'no null, NaN or Infinity');
});

t.test('county and towns', async (t) => {
  t.same(demo.counties, [{ countyCode: '441427', name: '蕉岭县', cityCode: '441400', provinceCode: '44' }]);
  t.same(
    demo.towns.map((x) => `${x.townCode} ${x.name}`),
    [
      '441427100 蕉城镇',
      '441427102 长潭镇',
      '441427103 三圳镇',
      '441427104 新铺镇',
      '441427106 文福镇',
      '441427107 广福镇',
      '441427108 蓝坊镇',
      '441427110 南礤镇',
    ],
  );
  for (const s of demo.schools) {
    if (s.townCode === '441427100') t.equal(s.areaType, 'urban', `${s.name} in the seat is urban`);
    else t.not(s.areaType, 'urban', `${s.name} outside the seat is not urban`);
  }
});

t.test('natural keys are unique', async (t) => {
  const unique = (label: string, keys: string[]) => t.equal(new Set(keys).size, keys.length, `${label} unique`);
  unique('countyCode', demo.counties.map((x) => x.countyCode));
  unique('townCode', demo.towns.map((x) => x.townCode));
  unique('schoolCode', demo.schools.map((x) => x.schoolCode));
  unique('staffCode', demo.teachers.map((x) => x.staffCode));
  unique('(schoolCode, year)', demo.schoolYears.map((x) => `${x.schoolCode}|${x.year}`));
  unique('(schoolCode, year, classCode)', demo.classes.map((x) => `${x.schoolCode}|${x.year}|${x.classCode}`));
  unique('(staffCode, year)', demo.teacherYears.map((x) => `${x.staffCode}|${x.year}`));
  unique('(countyCode, year) facts', demo.countyFacts.map((x) => `${x.countyCode}|${x.year}`));
  unique('school names', demo.schools.map((x) => x.name));
});

t.test('referential integrity', async (t) => {
  const counties = new Set(demo.counties.map((x) => x.countyCode));
  const towns = new Set(demo.towns.map((x) => x.townCode));
  const staff = new Set(demo.teachers.map((x) => x.staffCode));
  const problems: string[] = [];
  for (const x of demo.towns) if (!counties.has(x.countyCode)) problems.push(`town ${x.townCode}`);
  for (const s of demo.schools) {
    if (!counties.has(s.countyCode)) problems.push(`school ${s.schoolCode} county`);
    if (s.townCode === undefined || !towns.has(s.townCode)) problems.push(`school ${s.schoolCode} town`);
    if (s.centralSchoolCode !== undefined && !schoolByCode.has(s.centralSchoolCode)) problems.push(`school ${s.schoolCode} central`);
  }
  for (const x of demo.schoolYears) if (!schoolByCode.has(x.schoolCode)) problems.push(`schoolYear ${x.schoolCode}`);
  for (const x of demo.classes) if (!schoolByCode.has(x.schoolCode)) problems.push(`class ${x.schoolCode}`);
  for (const x of demo.teacherYears) {
    if (!staff.has(x.staffCode)) problems.push(`teacherYear ${x.staffCode} staff`);
    if (!schoolByCode.has(x.schoolCode)) problems.push(`teacherYear ${x.staffCode} school`);
  }
  for (const x of demo.countyFacts) if (!counties.has(x.countyCode)) problems.push(`facts ${x.year}`);
  t.same(problems, [], 'every referenced code exists');

  const referenced = new Set(demo.teacherYears.map((x) => x.staffCode));
  t.equal(referenced.size, demo.teachers.length, 'every teacher has at least one teacher-year');
  for (const s of demo.schools) {
    for (const year of YEARS) {
      t.ok(
        demo.schoolYears.some((y) => y.schoolCode === s.schoolCode && y.year === year),
        `${s.name} has a ${year} school-year`,
      );
      t.ok(classesOf(s.schoolCode, year).length > 0, `${s.name} has ${year} classes`);
    }
  }
});

t.test('school codes and kinds', async (t) => {
  t.ok(demo.schools.length >= 30 && demo.schools.length <= 40, `about 35 schools (${demo.schools.length})`);
  const category: Record<string, string[]> = {
    kindergarten: ['11'],
    primary: ['21'],
    teaching_point: ['21'],
    junior: ['31'],
    nine_year: ['31'],
    twelve_year: ['34'],
    complete_secondary: ['34'],
    senior: ['34'],
    special: ['51'],
  };
  for (const s of demo.schools) {
    t.match(s.schoolCode, /^\d{2}44\d{6}$/, `${s.name} code format`);
    t.ok(category[s.kind]?.includes(s.schoolCode.slice(0, 2)), `${s.name} code category fits ${s.kind}`);
    t.equal(s.countyCode, '441427');
  }
  for (const kind of SCHOOL_KINDS) t.ok(demo.schools.some((s) => s.kind === kind), `a ${kind} exists`);
  const named = (fragment: string) => demo.schools.find((s) => s.name.includes(fragment));
  t.match(named('蕉岭中学'), { kind: 'complete_secondary', areaType: 'urban' });
  t.match(named('田家炳实验中学'), { kind: 'junior', areaType: 'urban' });
  t.ok(demo.schools.some((s) => s.ownership === 'private' && s.kind !== 'kindergarten'), 'a private school');
  t.ok(demo.schools.some((s) => s.ownership === 'private' && s.kind === 'kindergarten'), 'a private kindergarten');
  const kg = demo.schools.filter((s) => s.kind === 'kindergarten').length;
  t.ok(kg >= 3 && kg <= 4, '3–4 kindergartens');
});

t.test('the three rural boarding schools', async (t) => {
  const boarding = demo.schools.filter((s) => s.boarding);
  t.same(boarding.map((s) => s.townCode).sort(), ['441427104', '441427108', '441427110']);
  for (const s of boarding) {
    t.equal(s.kind, 'nine_year');
    t.equal(s.areaType, 'rural');
    for (const year of YEARS) {
      const sy = demo.schoolYears.find((y) => y.schoolCode === s.schoolCode && y.year === year);
      const p = pupils(s.schoolCode, year);
      t.ok(sy && sy.boarders > p * 0.4 && sy.boarders <= p, `${s.name} ${year}: many boarders`);
    }
  }
  for (const sy of demo.schoolYears) {
    if (!school(sy.schoolCode).boarding) t.equal(sy.boarders, 0, `${sy.schoolCode} ${sy.year}: no boarders`);
  }
});

t.test('teaching points and small rural schools', async (t) => {
  const tps = demo.schools.filter((s) => s.kind === 'teaching_point');
  for (const s of tps) {
    t.equal(s.areaType, 'rural');
    const central = s.centralSchoolCode ? schoolByCode.get(s.centralSchoolCode) : undefined;
    t.ok(central, `${s.name} has a central school`);
    t.ok(central && ['primary', 'nine_year'].includes(central.kind) && central.areaType !== 'urban', 'central is a rural/town primary or nine-year');
  }
  for (const s of demo.schools) if (s.kind !== 'teaching_point') t.equal(s.centralSchoolCode, undefined);
  for (const year of YEARS) {
    const sizes = tps.map((s) => pupils(s.schoolCode, year));
    t.ok(sizes.some((n) => n < 50), `${year}: a teaching point under 50 (${sizes})`);
    t.ok(sizes.some((n) => n > 50), `${year}: a teaching point over 50`);
  }
  t.ok(tps.some((s) => pupils(s.schoolCode, 2024) === 50), '2024: a teaching point at exactly 50');

  const ruralPrimary = demo.schools.filter((s) => s.kind === 'primary' && s.areaType === 'rural');
  const sizes2024 = ruralPrimary.map((s) => pupils(s.schoolCode, 2024)).sort((a, b) => a - b);
  t.same(sizes2024, [37, 63, 99, 100, 150, 200, 201, 280], 'rural primary sizes straddle the 100/200/300 bounds');
  for (const year of YEARS) {
    const sizes = ruralPrimary.map((s) => pupils(s.schoolCode, year));
    t.ok(sizes.filter((n) => n < 100).length >= 2, `${year}: rural schools under 100`);
    t.ok(sizes.filter((n) => n >= 100 && n <= 300).length >= 3, `${year}: rural schools within 100–300`);
  }
});

t.test('classes fit their school and stage', async (t) => {
  const problems: string[] = [];
  const prefix: Record<Stage, string> = { preschool: 'K', primary: 'P', junior: 'J', senior: 'S' };
  for (const c of demo.classes) {
    const s = school(c.schoolCode);
    if (!CLASS_STAGES[s.kind]?.includes(c.stage)) problems.push(`${c.schoolCode} ${c.classCode}: ${c.stage} in ${s.kind}`);
    const [lo, hi] = GRADES_BY_STAGE[c.stage];
    if (c.grade === undefined || c.grade < lo || c.grade > hi) problems.push(`${c.schoolCode} ${c.classCode}: grade ${c.grade}`);
    if (!new RegExp(`^${prefix[c.stage]}${c.grade}-\\d+$`).test(c.classCode)) problems.push(`${c.classCode}: code`);
    if (!Number.isInteger(c.students) || c.students < 1) problems.push(`${c.classCode}: students ${c.students}`);
  }
  t.same(problems, []);
  for (const s of demo.schools) {
    const stages = new Set(classesOf(s.schoolCode, 2024).map((c) => c.stage));
    if (s.kind === 'special') t.same([...stages].sort(), ['junior', 'primary'], 'special: primary and junior classes');
    if (s.kind === 'nine_year') t.ok(stages.has('primary') && stages.has('junior'), `${s.name}: both stages`);
    if (s.kind === 'complete_secondary') t.ok(stages.has('junior') && stages.has('senior'), `${s.name}: both stages`);
  }
});

t.test('class sizes: mostly within limits, a few over', async (t) => {
  for (const year of YEARS) {
    const regular = demo.classes.filter(
      (c) => c.year === year && (c.stage === 'primary' || c.stage === 'junior') && school(c.schoolCode).kind !== 'special',
    );
    const limit = (c: DemoClass) => (c.stage === 'primary' ? 45 : 50);
    const over = regular.filter((c) => c.students > limit(c));
    t.ok(over.length >= 3 && over.length <= regular.length * 0.05, `${year}: a handful over the limit (${over.length})`);
    t.ok(over.some((c) => c.stage === 'primary'), `${year}: a primary class over 45`);
    t.ok(over.some((c) => c.stage === 'junior'), `${year}: a junior class over 50`);
    t.ok(regular.some((c) => c.students >= 56 && c.students < 66), `${year}: a 大班额 class`);
    t.ok(regular.some((c) => c.students >= 66), `${year}: a 超大班额 class`);
    t.ok(regular.some((c) => c.stage === 'primary' && c.students >= 46 && c.students <= 55), `${year}: a class of 46–55`);
    const big = demo.schools.find((s) => s.kind === 'primary' && pupils(s.schoolCode, year) > 1900);
    t.ok(big && pupils(big.schoolCode, year) <= 2000, `${year}: a primary school near 2000 pupils`);
    const mid = regular.filter((c) => school(c.schoolCode).areaType !== 'rural' && c.stage === 'primary');
    const typical = mid.filter((c) => c.students >= 30 && c.students <= 45).length / mid.length;
    t.ok(typical > 0.85, `${year}: urban and town primary classes mostly 30–45 (${typical.toFixed(2)})`);
  }
});

t.test('numbers are well formed', async (t) => {
  const twoDecimals = (x: number) => Number.isFinite(x) && x >= 0 && Math.round(x * 100) / 100 === x;
  const count = (x: number | undefined) => x === undefined || (Number.isInteger(x) && x >= 0);
  const problems: string[] = [];
  for (const y of demo.schoolYears) {
    const id = `${y.schoolCode}/${y.year}`;
    for (const v of [y.teachingAreaM2, y.sportsAreaM2, y.equipmentValueYuan, ...y.musicRoomAreasM2, ...y.artRoomAreasM2]) {
      if (!twoDecimals(v)) problems.push(`${id}: ${v}`);
    }
    for (const v of [y.indoorSportsAreaM2, y.publicFundingAllocatedYuan, y.trainingSpendYuan]) {
      if (v !== undefined && !twoDecimals(v)) problems.push(`${id}: ${v}`);
    }
    for (const v of [y.multimediaClassrooms, y.boarders, y.inclusionStudents, y.migrantChildren, y.leftBehindChildren, y.designedSeats]) {
      if (!count(v)) problems.push(`${id}: count ${v}`);
    }
    if (y.indoorSportsAreaM2 !== undefined && y.indoorSportsAreaM2 > y.sportsAreaM2) problems.push(`${id}: indoor > sports`);
  }
  for (const ty of demo.teacherYears) {
    if (!Number.isInteger(ty.trainingHours) || ty.trainingHours < 40 || ty.trainingHours > 110) problems.push(`${ty.staffCode}: hours`);
  }
  t.same(problems, []);
});

t.test('school-years: drift, rooms, funding', async (t) => {
  let changed = 0;
  for (const s of demo.schools) {
    const a = pupils(s.schoolCode, 2023, ['preschool', 'primary', 'junior', 'senior']);
    const b = pupils(s.schoolCode, 2024, ['preschool', 'primary', 'junior', 'senior']);
    if (a !== b) changed++;
    t.ok(Math.abs(b - a) <= Math.max(5, a * 0.1), `${s.name}: enrolment drifts by a few % (${a} → ${b})`);
  }
  t.ok(changed >= demo.schools.length * 0.9, 'most schools change between years');

  const sy2024 = demo.schoolYears.filter((y) => y.year === 2024);
  t.ok(sy2024.some((y) => y.musicRoomAreasM2.some((a) => a < 96)), 'some music rooms under 96 m²');
  t.ok(sy2024.some((y) => y.artRoomAreasM2.some((a) => a < 90)), 'some art rooms under 90 m²');
  t.ok(demo.schoolYears.filter((y) => y.inclusionStudents > 0).length >= 4, 'inclusion pupils in a few schools');

  for (const year of YEARS) {
    const rows = demo.schoolYears.filter((y) => y.year === year);
    const publicRows = rows.filter((y) => school(y.schoolCode).ownership === 'public');
    const funded = publicRows.filter((y) => y.publicFundingAllocatedYuan !== undefined);
    t.ok(funded.length >= publicRows.length * 0.8, `${year}: most public schools have allocated funding`);
    const low = funded.filter((y) => (y.trainingSpendYuan ?? 0) < 0.05 * (y.publicFundingAllocatedYuan ?? 0));
    t.ok(low.length >= 1 && low.length <= 4, `${year}: a few schools spend under 5 % on training (${low.length})`);
    for (const y of rows) {
      if (school(y.schoolCode).ownership === 'private') t.equal(y.publicFundingAllocatedYuan, undefined);
    }
  }
});

t.test('teachers', async (t) => {
  for (const year of YEARS) {
    const rows = demo.teacherYears.filter((x) => x.year === year);
    t.ok(rows.length >= 1200 && rows.length <= 2600, `${year}: ${rows.length} teacher-years`);
    const partTime = rows.filter((x) => !x.fullTime).length;
    t.ok(partTime > 0 && partTime < rows.length * 0.05, `${year}: a few part-time (${partTime})`);
    const problems: string[] = [];
    for (const x of rows) {
      const stages = new Set(classesOf(x.schoolCode, year).map((c) => c.stage));
      if (!stages.has(x.stage)) problems.push(`${x.staffCode}: ${x.stage} at ${x.schoolCode}`);
    }
    t.same(problems, [], `${year}: every teacher teaches a stage the school has classes in`);

    const ft = rows.filter((x) => x.fullTime);
    const share = (pred: (x: (typeof ft)[number]) => boolean, of = ft) => of.filter(pred).length / of.length;
    t.ok(share((x) => x.backboneLevel === 'none') > 0.7, 'most teachers are not backbone');
    t.ok(share((x) => x.backboneLevel === 'province') < 0.03, 'province backbone is rare');
    t.ok(share((x) => ['pe', 'music', 'art'].includes(x.subject)) < 0.2, 'pe/music/art a minority');
    t.ok(share((x) => x.certified) > 0.99, 'nearly all certified');
    t.ok(ft.some((x) => x.rotated), 'some rotated');
    const primary = ft.filter((x) => x.stage === 'primary');
    const junior = ft.filter((x) => x.stage === 'junior');
    t.ok(share((x) => x.education === 'associate' || x.education === 'bachelor', primary) > 0.85, 'primary mostly associate/bachelor');
    t.ok(share((x) => x.education === 'bachelor', junior) > 0.7, 'junior mostly bachelor');
    t.ok(junior.some((x) => x.education === 'master') && junior.some((x) => x.education === 'associate'), 'junior: some master and associate');
    const p = (stage: Stage) =>
      demo.classes.filter((c) => c.year === year && c.stage === stage).reduce((a, c) => a + c.students, 0);
    const ratioP = p('primary') / primary.length;
    const ratioJ = p('junior') / junior.length;
    t.ok(ratioP > 11 && ratioP < 15, `${year}: ~13 primary pupils per teacher (${ratioP.toFixed(1)})`);
    t.ok(ratioJ > 9 && ratioJ < 13, `${year}: ~11 junior pupils per teacher (${ratioJ.toFixed(1)})`);
  }
  // continuity
  const at = (year: number) => new Map(demo.teacherYears.filter((x) => x.year === year).map((x) => [x.staffCode, x]));
  const y23 = at(2023);
  const y24 = at(2024);
  const both = [...y23.keys()].filter((k) => y24.has(k));
  t.ok(both.length > y23.size * 0.9, 'most teachers continue into 2024');
  const moved = both.filter((k) => y23.get(k)?.schoolCode !== y24.get(k)?.schoolCode);
  t.ok(moved.length >= 5 && moved.length < both.length * 0.03, `a few move school (${moved.length})`);
  for (const k of moved) t.equal(y24.get(k)?.rotated, true, `${k} moved and is marked rotated`);
});

t.test('county facts', async (t) => {
  t.same(demo.countyFacts.map((f) => f.year), [2023, 2024]);
  const [f23, f24] = demo.countyFacts;
  t.equal(f23?.qualityMonitoring, undefined, '2023 leaves out quality monitoring');
  t.ok(f24?.qualityMonitoring && f24.qualityMonitoring.length > 0, '2024 has quality monitoring');
  for (const f of demo.countyFacts) {
    for (const r of [f.nearbyEnrolmentPrimary, f.nearbyEnrolmentJunior, f.qualityHighSchoolQuota, f.migrantChildrenInPublic, f.disabledEnrolment]) {
      t.ok(r && Number.isInteger(r.numerator) && Number.isInteger(r.denominator) && r.numerator <= r.denominator && r.denominator > 0);
    }
    t.ok(f.declared && f.declared.length === 8);
  }
});

/**
 * A compact B1–B7 check (docs/domain.md §2–3 defaults: public schools, teaching points apart and excluded
 * under 50 pupils, facilities apportioned 1 : 1.1 : 1.32), to show the demo exercises both outcomes.
 */
t.test('resource allocation: most units pass, a few fail', async (t) => {
  const STD: Record<'primary' | 'junior', number[]> = {
    primary: [4.2, 1, 0.9, 4.5, 7.5, 2000, 2.3],
    junior: [5.3, 1, 0.9, 5.8, 10.2, 2500, 2.4],
  };
  const W: Record<string, number> = { primary: 1, junior: 1.1, senior: 1.32 };
  for (const year of YEARS) {
    let units = 0;
    let passing = 0;
    let belowFloor = 0;
    for (const s of demo.schools) {
      if (s.ownership !== 'public' || ['special', 'kindergarten', 'senior'].includes(s.kind)) continue;
      const sy = demo.schoolYears.find((y) => y.schoolCode === s.schoolCode && y.year === year);
      if (!sy) continue;
      const P: Record<string, number> = { primary: 0, junior: 0, senior: 0 };
      for (const c of classesOf(s.schoolCode, year)) if (c.stage in P) P[c.stage] = (P[c.stage] ?? 0) + c.students;
      const weighted = Object.entries(P).reduce((a, [k, v]) => a + (W[k] ?? 1) * v, 0);
      for (const stage of ['primary', 'junior'] as const) {
        const p = P[stage] ?? 0;
        if (p === 0 || (s.kind === 'teaching_point' && p < 50)) continue;
        const ft = demo.teacherYears.filter(
          (x) => x.year === year && x.schoolCode === s.schoolCode && x.stage === stage && x.fullTime,
        );
        const qualified = ft.filter((x) =>
          (stage === 'primary' ? ['associate', 'bachelor', 'master', 'doctorate'] : ['bachelor', 'master', 'doctorate']).includes(x.education),
        ).length;
        const share = ((W[stage] ?? 1) * p) / weighted;
        const values = [
          (100 * qualified) / p,
          (100 * ft.filter((x) => x.backboneLevel !== 'none').length) / p,
          (100 * ft.filter((x) => ['pe', 'music', 'art'].includes(x.subject)).length) / p,
          (sy.teachingAreaM2 * share) / p,
          (sy.sportsAreaM2 * share) / p,
          (sy.equipmentValueYuan * share) / p,
          (100 * sy.multimediaClassrooms * share) / p,
        ];
        const ratios = values.map((v, i) => v / (STD[stage][i] as number));
        const met = ratios.filter((r) => r >= 1).length;
        const pass = met >= 6 && ratios.every((r) => r >= 0.85);
        units++;
        if (pass) passing++;
        if (ratios.some((r) => r < 0.85)) belowFloor++;
      }
    }
    t.ok(units >= 25, `${year}: ${units} assessed units`);
    t.ok(passing >= units * 0.8, `${year}: most units pass (${passing}/${units})`);
    t.ok(passing < units, `${year}: at least one unit fails`);
    t.ok(belowFloor >= 1, `${year}: some indicator below 85 % of its standard`);
  }
});

// ── the demo reads its numbers from the county's policy and calls the engines ──────────────────────

const policies = demoPolicies();
const stagePupils = (schoolCode: string, year: number): Record<Stage, number> => {
  const out: Record<Stage, number> = { preschool: 0, primary: 0, junior: 0, senior: 0 };
  for (const c of classesOf(schoolCode, year)) out[c.stage] += c.students;
  return out;
};
/** The funding engine's entitlement of a demo school-year under `funding`, in yuan (with or without the floor and tiers). */
const entitlement = (bundle: DemoBundle, sy: DemoSchoolYear, funding: FundingParams, smallSchoolTopUps = true): number => {
  const s = bundle.schools.find((x) => x.schoolCode === sy.schoolCode) as DemoSchool;
  const students = { preschool: 0, primary: 0, junior: 0, senior: 0 };
  for (const c of bundle.classes) if (c.schoolCode === sy.schoolCode && c.year === sy.year) students[c.stage] += c.students;
  const e = computeEntitlement(
    { schoolCode: s.schoolCode, kind: s.kind, areaType: s.areaType, ownership: s.ownership, boarding: s.boarding, students, boarders: sy.boarders, inclusionStudents: sy.inclusionStudents },
    funding,
  );
  const kept = e.components.filter((c) => smallSchoolTopUps || (c.component !== 'small_school_floor' && c.component !== 'small_school_tier'));
  return fenToYuan(kept.reduce((a, c) => a + c.amountFen, 0));
};

t.test('the demo is generated against the county\'s default profile, one per year', async (t) => {
  t.same(Object.keys(policies), ['2023', '2024']);
  for (const year of YEARS) t.match(policies[year as 2023 | 2024], { id: 'jiaoling-2023', resolvedYear: year, resolvedAt: `${year}-09-01` });
});

t.test('allocations are drawn around the funding engine\'s entitlements under that profile', async (t) => {
  const planOf = new Map(SCHOOL_PLANS.map((p) => [p.name, p]));
  let checked = 0;
  for (const sy of demo.schoolYears) {
    if (sy.publicFundingAllocatedYuan === undefined) continue;
    const plan = planOf.get(school(sy.schoolCode).name);
    const funding = policies[sy.year as 2023 | 2024].funding;
    const allocated = sy.publicFundingAllocatedYuan;
    const id = `${school(sy.schoolCode).name} ${sy.year}`;
    if (plan?.fundedOnActualPupils) {
      t.equal(allocated, entitlement(demo, sy, funding, false), `${id}: funded on its actual pupils, without the floor`);
      t.ok(allocated < entitlement(demo, sy, funding), `${id}: so below its entitlement (B13)`);
    } else if (plan?.fundingShare !== undefined) {
      t.ok(Math.abs(allocated - entitlement(demo, sy, funding) * plan.fundingShare) <= 0.005, `${id}: ${plan.fundingShare} of its entitlement`);
    } else {
      const ratio = allocated / entitlement(demo, sy, funding);
      t.ok(ratio >= 0.99999 && ratio <= 1.12001, `${id}: 100–112 % of its entitlement (${ratio.toFixed(4)})`);
    }
    checked++;
  }
  t.ok(checked >= 50, `every allocation checked (${checked})`);
});

t.test('another profile gives other numbers: nothing is restated in the generator', async (t) => {
  const changed = structuredClone(policies) as { -readonly [Y in keyof DemoPolicies]: DemoPolicies[Y] };
  changed[2024].funding.boarding = { fen: 70000, clause: 'test: boarding doubled' };
  changed[2024].funding.trainingMinimum = { basisPoints: 800, clause: 'test: training 8 %' };
  changed[2024].indicators.training.hoursPerYear = 90;
  const other = buildJiaolingDemo(undefined, changed);
  t.same(other.classes, demo.classes, 'the same pupils');
  const boarding = other.schools.filter((s) => s.boarding).map((s) => s.schoolCode);
  for (const code of boarding) {
    const before = demo.schoolYears.find((y) => y.schoolCode === code && y.year === 2024) as DemoSchoolYear;
    const after = other.schoolYears.find((y) => y.schoolCode === code && y.year === 2024) as DemoSchoolYear;
    const ratio = (after.publicFundingAllocatedYuan as number) / entitlement(other, after, changed[2024].funding);
    t.ok(ratio >= 0.9 && ratio <= 1.12, `${code}: allocated around the changed entitlement (${ratio.toFixed(3)})`);
    t.ok((after.publicFundingAllocatedYuan as number) > (before.publicFundingAllocatedYuan as number), `${code}: more money for its boarders`);
    t.ok((after.trainingSpendYuan as number) >= 0.08 * (after.publicFundingAllocatedYuan as number), `${code}: training follows the 8 % minimum`);
  }
  const atLeast90 = (bundle: DemoBundle) => {
    const hours = bundle.teacherYears.filter((x) => x.year === 2024 && x.fullTime).map((x) => x.trainingHours);
    return hours.filter((h) => h >= 90).length / hours.length;
  };
  t.ok(atLeast90(other) > 0.9, `training hours are drawn around the changed 90 hours a year (${atLeast90(other).toFixed(2)} at 90 or more)`);
  t.ok(atLeast90(demo) < 0.7, `under the profile's 72 hours fewer reach 90 (${atLeast90(demo).toFixed(2)})`);
});

t.test('the subjects B3 counts are the profile\'s: arts teachers teach them, no other teacher does', async (t) => {
  const changed = structuredClone(policies) as { -readonly [Y in keyof DemoPolicies]: DemoPolicies[Y] };
  for (const year of [2023, 2024] as const) changed[year].indicators.artsPeSubjects = ['pe', 'music', 'art', 'english'];
  const other = buildJiaolingDemo(undefined, changed);
  const counted = new Set(changed[2024].indicators.artsPeSubjects);
  for (const year of [2023, 2024] as const) {
    const units = (bundle: DemoBundle, subjects: ReadonlySet<string>) => {
      const perUnit = new Map<string, { arts: number; pupils: number }>();
      for (const x of bundle.teacherYears) {
        if (x.year !== year || !x.fullTime || (x.stage !== 'primary' && x.stage !== 'junior')) continue;
        const key = `${x.schoolCode}|${x.stage}`;
        const u = perUnit.get(key) ?? { arts: 0, pupils: pupils(x.schoolCode, year, [x.stage]) };
        if (subjects.has(x.subject)) u.arts++;
        perUnit.set(key, u);
      }
      return perUnit;
    };
    // english is now an arts subject: it is drawn for arts teachers only, so the general teachers teach none
    const english = other.teacherYears.filter((x) => x.year === year && x.subject === 'english').length;
    const englishBefore = demo.teacherYears.filter((x) => x.year === year && x.subject === 'english').length;
    t.ok(englishBefore > 100, `${year}: under the shipped profile english is a general subject (${englishBefore})`);
    t.ok(english > 0 && english < englishBefore / 4, `${year}: under the changed profile only some arts teachers teach it (${english})`);
    // and B3 is still what the plan wants: each unit's arts teachers per 100 pupils as before, under each profile
    const before = units(demo, new Set(policies[2024].indicators.artsPeSubjects));
    const after = units(other, counted);
    const b3Met = (m: Map<string, { arts: number; pupils: number }>, standard: Record<'primary' | 'junior', number>) =>
      [...m].filter(([key, u]) => (100 * u.arts) / u.pupils >= standard[key.endsWith('primary') ? 'primary' : 'junior']).length;
    t.equal(
      b3Met(after, changed[year].indicators.resourceStandards.B3),
      b3Met(before, policies[year].indicators.resourceStandards.B3),
      `${year}: as many units meet B3 as under the shipped profile`,
    );
  }
});

/**
 * The demo once split a school's facilities with its own weights, preschool counted as 1 where the
 * policy's weight is 0, so a primary school with kindergarten classes was given area for its preschool
 * pupils too. It now asks the engine (facilityShares, the policy's weights): the primary unit takes the
 * whole school and its facilities are drawn around what that unit needs. Only those schools' facility
 * figures changed; every other row of the bundle is what it was.
 */
t.test('facilities are split with the policy\'s weights: preschool takes no share', async (t) => {
  const params = policies[2024].indicators;
  t.equal(params.apportionWeights.preschool, 0);
  const withPreschool = demo.schools.filter(
    (s) => s.ownership === 'public' && stagePupils(s.schoolCode, 2024).preschool > 0 && stagePupils(s.schoolCode, 2024).primary > 0,
  );
  t.ok(withPreschool.length >= 2, `primary schools with kindergarten classes (${withPreschool.length})`);
  for (const s of withPreschool) {
    const pupils = stagePupils(s.schoolCode, 2024);
    const shares = facilityShares(Object.fromEntries(STAGES.map((x) => [x, { students: pupils[x], classes: 0 }])), params.apportionWeights);
    t.equal(toFloat(shares.primary), 1, `${s.name}: the primary unit takes all the facilities`);
    const sy = demo.schoolYears.find((y) => y.schoolCode === s.schoolCode && y.year === 2024) as DemoSchoolYear;
    const b4 = sy.teachingAreaM2 / pupils.primary;
    t.ok(b4 >= params.resourceStandards.B4.primary, `${s.name}: B4 ${b4.toFixed(2)} meets ${params.resourceStandards.B4.primary}`);
    t.ok(b4 < params.resourceStandards.B4.primary * 1.6, `${s.name}: and is drawn around it, not around a preschool norm`);
  }
});
