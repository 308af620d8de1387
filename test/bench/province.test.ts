// The synthetic province generator: a pure plan (checked everywhere) and its COPY into PostgreSQL
// (checked when DATABASE_URL is set; PGlite is not the database for a province).
import { createHash } from 'node:crypto';
import t from 'tap';
import { GRADES_BY_STAGE, STAGES_BY_KIND } from '../../src/rules/vocabulary.js';
import { countyCode, isSyntheticCounty, MAX_COUNTIES } from '../../scripts/province/codes.js';
import { assertPostgresUrl, parseCli, parseYears, resolveTargets } from '../../scripts/province/options.js';
import { classesOf, planProvince, planTotals } from '../../scripts/province/plan.js';
import { copyLine, schoolClasses, walkStaff } from '../../scripts/province/rows.js';

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

t.test('county codes are synthetic and never the demo county', async (t) => {
  const codes = Array.from({ length: MAX_COUNTIES }, (_, i) => countyCode(i));
  t.equal(new Set(codes).size, MAX_COUNTIES);
  t.ok(codes.every(isSyntheticCounty));
  t.notOk(codes.includes('441427'));
  t.notOk(isSyntheticCounty('441427'));
  t.throws(() => countyCode(MAX_COUNTIES));
});

t.test('the plan is deterministic, exact and consistent with the vocabulary', async (t) => {
  const spec = { seed: 3, years: [2024], targets: resolveTargets({ scale: 0.02 }) };
  const a = planProvince(spec);
  t.same(planProvince(spec), a, 'same seed, same plan');
  t.notSame(planProvince({ ...spec, seed: 4 }).counties[0]?.schools.map((s) => s.kind), a.counties[0]?.schools.map((s) => s.kind));
  const totals = planTotals(a);
  t.match(totals, { counties: 2, schools: 300, classes: 6000, teachers: 14_000 });

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
});
