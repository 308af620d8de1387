// The synthetic province generator: a pure plan (checked everywhere) and its COPY into PostgreSQL
// (checked when DATABASE_URL is set; PGlite is not the database for a province).
import { createHash } from 'node:crypto';
import { fileTest } from '../helpers/file-test.js';
import { GRADES_BY_STAGE, STAGES_BY_KIND } from '../../src/rules/vocabulary.js';
import { DEMO_COUNTY, isSyntheticCounty, maxCounties, provinceCounties, provinceCounty } from '../../scripts/province/codes.js';
import { divisions } from '../../src/services/divisions.js';
import { assertPostgresUrl, parseCli, parseYears, resolveTargets } from '../../scripts/province/options.js';
import { classesOf, planProvince, planTotals } from '../../scripts/province/plan.js';
import { copyLine, schoolClasses, walkStaff } from '../../scripts/province/rows.js';

const t = fileTest(import.meta);

const SMALL = { seed: 7, years: [2024], targets: resolveTargets({ counties: 2, scale: 0.001 }) };

t.test('targets scale with --scale and --counties', async (t) => {
  t.same(resolveTargets(), { counties: 120, schools: 15_000, classes: 300_000, teachers: 700_000 });
  t.same(resolveTargets({ scale: 0.01 }), { counties: 1, schools: 150, classes: 3000, teachers: 7000 });
  t.same(resolveTargets({ counties: 12 }), { counties: 12, schools: 1500, classes: 30_000, teachers: 70_000 });
  t.same(SMALL.targets, { counties: 2, schools: 15, classes: 300, teachers: 700 });
  t.throws(() => resolveTargets({ scale: 0 }));
  t.throws(() => resolveTargets({ counties: 3, schools: 2 }));
  t.same(parseYears('2020-2024'), [2020, 2021, 2022, 2023, 2024]);
  t.throws(() => parseYears('2024-2020'));
  const cli = parseCli(['--counties', '4', '--seed', '9', '--years=2023-2024', '--truncate'], {});
  t.match(cli, { seed: 9, years: [2023, 2024], truncate: true, defaultedUrl: true, databaseUrl: 'postgres://postgres@127.0.0.1:5432/test' });
  t.equal(parseCli(['--help'], {}), null);
  t.throws(() => parseCli(['--bogus'], {}));
  t.throws(() => assertPostgresUrl('file:///tmp/pglite'), /PGlite/);
});

t.test("counties are Guangdong's real ones, every city before a second county of any, never the demo county", async (t) => {
  const real = divisions().countiesOf('44');
  t.equal(real.length, 124, 'Guangdong has 124 county-level units in the division data');
  const pool = provinceCounties();
  t.equal(maxCounties(), 123);
  t.same(pool.map((c) => c.countyCode).sort(), real.map((c) => c.countyCode).filter((c) => c !== DEMO_COUNTY));
  t.ok(pool.every((c) => isSyntheticCounty(c.countyCode)));
  t.notOk(isSyntheticCounty(DEMO_COUNTY));
  t.notOk(isSyntheticCounty('451427'), 'nor a county of another province');
  const cities = new Set(real.map((c) => c.cityCode));
  t.equal(cities.size, 21);
  t.same(new Set(pool.slice(0, 21).map((c) => c.cityCode)), cities, 'the first 21 counties are in 21 different cities');
  t.match(provinceCounty(0), { countyCode: '440103', name: '荔湾区', cityCode: '440100', district: true });
  const dongguan = pool.find((c) => c.countyCode === '441900');
  t.match(dongguan, { name: '东莞市', district: true }, 'a city without counties is urban');
  t.match(pool.find((c) => c.countyCode === '441481'), { name: '兴宁市', district: false });
  for (const c of pool) t.same(c.towns, divisions().townsOf(c.countyCode));
  t.throws(() => provinceCounty(123), RangeError);
  t.throws(() => resolveTargets({ counties: 124 }), /counties must be 1\.\.123 \(Guangdong's county-level units in the division data, less the demo county 441427\), got 124/);
  t.same(resolveTargets({ counties: 123 }).counties, 123);
});

t.test('the plan is deterministic, exact and consistent with the vocabulary', async (t) => {
  const spec = { seed: 3, years: [2024], targets: resolveTargets({ scale: 0.02 }) };
  const a = planProvince(spec);
  t.same(planProvince(spec), a, 'same seed, same plan');
  t.notSame(planProvince({ ...spec, seed: 4 }).counties[0]?.schools.map((s) => s.kind), a.counties[0]?.schools.map((s) => s.kind));
  const totals = planTotals(a);
  t.match(totals, { counties: 2, schools: 300, classes: 6000, teachers: 14_000 });
  for (const [i, county] of a.counties.entries()) {
    const real = provinceCounty(i);
    t.match(county, { countyCode: real.countyCode, name: real.name, cityCode: real.cityCode }, `county ${i} is ${real.name}`);
    t.same(county.towns, real.towns, 'with its real towns');
    const towns = new Set(county.towns.map((x) => x.townCode));
    t.ok(county.schools.every((s) => towns.has(s.townCode)), 'its schools are in its towns');
  }

  const schools = a.counties.flatMap((c) => c.schools);
  t.equal(new Set(schools.map((s) => s.schoolCode)).size, schools.length, 'school codes unique');
  const byCode = new Map(schools.map((s) => [s.schoolCode, s]));
  const kinds = new Set(schools.map((s) => s.kind));
  for (const k of ['primary', 'teaching_point', 'junior', 'nine_year', 'complete_secondary', 'kindergarten', 'special']) t.ok(kinds.has(k as never), `has ${k}`);
  for (const s of schools) {
    t.match(s.schoolCode, /^(11|21|31|34|51)44[5-9][0-9]{5}$/);
    t.equal(s.townCode.slice(0, 6), s.countyCode);
    for (const st of s.stages) {
      if (!STAGES_BY_KIND[s.kind].includes(st.stage)) t.fail(`${s.schoolCode} ${s.kind} teaches ${st.stage}`);
      const [lo, hi] = GRADES_BY_STAGE[st.stage];
      st.perGrade.forEach((n, i) => {
        if (n > 0 && (st.firstGrade + i < lo || st.firstGrade + i > hi)) t.fail(`${s.schoolCode} grade ${st.firstGrade + i} in ${st.stage}`);
      });
      if (classesOf(st) > 0 && st.teachers < 1) t.fail(`${s.schoolCode} ${st.stage} has classes and no teacher`);
    }
    if (s.centralSchoolCode) {
      const central = byCode.get(s.centralSchoolCode);
      t.ok(central && ['primary', 'nine_year', 'twelve_year'].includes(central.kind) && central.countyCode === s.countyCode);
      t.equal(s.kind, 'teaching_point');
    }
  }
});

t.test('rows: COPY escaping, classes and staff are reproducible', async (t) => {
  t.equal(copyLine(['a\tb\\c\nd', null, true, 3, [1.5, 96]]), 'a\\tb\\\\c\\nd\t\\N\tt\t3\t{1.5,96}\n');
  const plan = planProvince(SMALL);
  const school = plan.counties[0]!.schools[0]!;
  t.same(schoolClasses(plan, school, 2024), schoolClasses(plan, school, 2024));
  t.equal(schoolClasses(plan, school, 2024).length, school.stages.reduce((a, st) => a + classesOf(st), 0));
  const county = plan.counties[0]!;
  const first: string[] = [];
  const second: string[] = [];
  walkStaff(plan, county, { teacher: (x) => first.push(x.staffCode) });
  walkStaff(plan, county, { teacherYear: (x) => second.push(x.staffCode) });
  t.same(first, second, 'the teachers pass and the teacher-years pass agree');
  const multi = planProvince({ ...SMALL, years: [2020, 2021, 2022, 2023, 2024] });
  let posts = 0;
  const staff = new Set<string>();
  walkStaff(multi, multi.counties[0]!, { teacher: (x) => staff.add(x.staffCode), teacherYear: () => posts++ });
  t.equal(posts, 5 * multi.counties[0]!.schools.reduce((a, s) => a + s.stages.reduce((b, st) => b + st.teachers, 0), 0));
  t.ok(staff.size > posts / 5, 'turnover brings new teachers');
});

const skip = process.env.DATABASE_URL ? false : 'needs PostgreSQL: set DATABASE_URL (PGlite is not the database for a province)';

t.test('generate: COPY into PostgreSQL, refuse to duplicate, truncate and reproduce', { skip }, async (t) => {
  // Imported here: the generator and the database layer take seconds of CPU to load, wasted when skipped.
  const { default: pg } = await import('pg');
  const { generateProvince, provinceCounts } = await import('../../scripts/province/generate.js');
  const { createTestDatabase } = await import('../helpers/database.js');
  const db = await createTestDatabase({ migrate: false });
  t.teardown(() => db.destroy());
  const url = db.url as string;
  const progress: number[] = [];
  const result = await generateProvince({ databaseUrl: url, spec: SMALL, onProgress: (p) => progress.push(p.done) });
  t.match(result.counts, { counties: 2, schools: 15, school_years: 15, classes: 300, teacher_years: 700, teachers: 700 });
  t.ok(progress.length > 0 && progress.at(-1) === Object.values(result.counts).reduce((a, b) => a + b, 0));

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  t.match(await provinceCounts(client), { counties: 2, schools: 15, classesByYear: { 2024: 300 }, teacherYearsByYear: { 2024: 700 } });
  const digest = async () => {
    const parts: string[] = [];
    for (const [table, key] of [
      ['schools', 'school_code'],
      ['school_years', 'school_code'],
      ['classes', 'school_code, class_code'],
      ['teachers', 'staff_code'],
      ['teacher_years', 'staff_code'],
    ]) {
      const { rows } = await client.query(`SELECT * FROM ${table} ORDER BY ${key}`);
      parts.push(JSON.stringify(rows.map(({ created_at: _c, updated_at: _u, ...rest }) => rest)));
    }
    return createHash('sha256').update(parts.join('\n')).digest('hex');
  };
  const before = await digest();

  await t.rejects(generateProvince({ databaseUrl: url, spec: SMALL, migrate: false }), { name: 'ProvinceExistsError' });
  const again = await generateProvince({ databaseUrl: url, spec: SMALL, migrate: false, truncate: true });
  t.match(again.deleted, { teacher_years: 700, teachers: 700, classes: 300, schools: 15, counties: 2 });
  t.equal(await digest(), before, 'same seed, same rows');

  const plan = again.plan;
  const { rows: counties } = await client.query('SELECT county_code, name, city_code, province_code FROM counties ORDER BY county_code');
  t.same(
    counties,
    plan.counties.map((c) => ({ county_code: c.countyCode, name: c.name, city_code: c.cityCode, province_code: '44' })).sort((a, b) => a.county_code.localeCompare(b.county_code)),
    "Guangdong's real counties, names and cities",
  );
  const { rows: towns } = await client.query('SELECT town_code, name FROM towns ORDER BY town_code');
  t.same(towns, plan.counties.flatMap((c) => c.towns.map((x) => ({ town_code: x.townCode, name: x.name }))).sort((a, b) => a.town_code.localeCompare(b.town_code)));

  // A school the generator did not make, in a county of the plan: the province refuses to mix with it.
  const county = plan.counties[0]!;
  await client.query(
    `INSERT INTO schools (school_code, name, county_code, town_code, kind, area_type, ownership, boarding) VALUES ('2144000001', '真实小学', $1, $2, 'primary', 'urban', 'public', false)`,
    [county.countyCode, county.towns[0]!.townCode],
  );
  await t.rejects(generateProvince({ databaseUrl: url, spec: SMALL, migrate: false, truncate: true }), {
    name: 'ProvinceConflictError',
    message: new RegExp(`${county.countyCode} ${county.name} \\(1\\)`),
  });
  t.match(await provinceCounts(client), { counties: 2, schools: 15 }, 'rolled back: the province is as it was');
});
