// The indicator endpoints over the synthetic Jiaoling county (441427, 2023 and 2024): shapes, figures traced
// back to their inputs, CSV answers, the policy override, problems, and the SQL B16 against the pure rule.

import { fileTest } from '../helpers/file-test.js';
import { buildJiaolingDemo } from '../../src/demo/jiaoling.js';
import { trainingCompleted, UNIT_STAGES_BY_KIND } from '../../src/rules/indicators/index.js';
import { EDUCATION_LEVELS, type Stage } from '../../src/rules/vocabulary.js';
import { JIAOLING_2023 } from '../rules/policies/shipped.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { ALLOCATION_CSV_COLUMNS, trainingByTeacher } from '../../src/services/indicators/index.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const demo = buildJiaolingDemo();
await loadDemoCounty(h.database.db);
// a read-only key is enough for every indicator endpoint
const call = h.as((await h.makeKey({ scopes: ['read'] })).token);

const BOM = '\uFEFF';
const schoolOf = new Map(demo.schools.map((s) => [s.schoolCode, s]));
const params = JIAOLING_2023.indicators;

/** CSV text → rows of cells (the demo's names hold no commas or quotes). */
const csvLines = (text: string): string[][] =>
  text
    .replace(BOM, '')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));

t.test('catalogue: B1–B31 with group, text, standards per stage and responsible units', async (t) => {
  const r = await call('GET', '/v1/indicators');
  t.equal(r.status, 200);
  t.equal(r.body.policyId, 'national-2017');
  t.equal(r.body.policySource, 'default');
  t.equal(r.body.indicators.length, 31);
  const b1 = r.body.indicators[0];
  t.match(b1, { id: 'B1', group: 'A1', groupName: '教育配置标准', source: 'unit', standard: { comparison: 'gte', primary: 4.2, junior: 5.3 } });
  t.match(b1.text, /每百名学生拥有高于规定学历教师数/);
  t.same(b1.responsibleUnits, ['县委组织部', '县教育局']);
  const b11 = r.body.indicators.find((e: any) => e.id === 'B11');
  t.equal(b11.standard.byKind.nine_year, 2500);
  t.equal(r.body.indicators.find((e: any) => e.id === 'B8').standard, null, 'declared indicators have no standard');
  const j = await call('GET', '/v1/indicators?policyId=jiaoling-2023');
  t.equal(j.body.policySource, 'override');
  t.equal(j.body.indicators.find((e: any) => e.id === 'B23').standard.value, 0.96, "the county's stricter consolidation target");
  const csv = await call('GET', '/v1/indicators', undefined, { accept: 'text/csv' });
  t.match(String(csv.headers['content-type']), /^text\/csv/);
  t.ok(csv.text.startsWith(BOM));
  t.equal(csvLines(csv.text).length, 32, 'header and one row per indicator');
  assertProblem(t, await call('GET', '/v1/indicators?policyId=no-such-policy'), 404);
  assertProblem(t, await call('GET', '/v1/indicators?policyId=Bad_Id'), 400);
});

t.test('resource allocation: documented shape, both stages and one stage', async (t) => {
  const both = await call('GET', '/v1/counties/441427/years/2023/resource-allocation');
  t.equal(both.status, 200);
  t.match(both.body, { countyCode: '441427', year: 2023, policyId: 'jiaoling-2023', policySource: 'default' });
  t.notOk('dispersion' in both.body, 'without a stage the dispersion is per stage, under stages');
  t.ok(both.body.stages.primary && both.body.stages.junior);
  const stages = new Set(both.body.units.map((u: any) => u.stage));
  t.same([...stages].sort(), ['junior', 'primary']);

  const r = await call('GET', '/v1/counties/441427/years/2023/resource-allocation?stage=primary');
  t.equal(r.status, 200);
  const body = r.body;
  t.equal(body.stage, 'primary');
  t.ok(body.units.every((u: any) => u.stage === 'primary'));
  t.equal(body.units.length, both.body.units.filter((u: any) => u.stage === 'primary').length);
  for (const key of ['units', 'dispersion', 'composite', 'schoolsPassing', 'passes']) t.ok(key in body, `has ${key}`);
  for (const u of body.units) {
    for (const key of ['schoolCode', 'stage', 'students', 'assessed', 'indicators', 'metCount', 'passes']) t.ok(key in u, `unit has ${key}`);
    if (u.indicators === null) continue;
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) {
      const ind = u.indicators[id];
      for (const key of ['value', 'numerator', 'denominator', 'standard', 'met', 'shortfall']) t.ok(key in ind, `${id} has ${key}`);
    }
  }
  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) {
    t.match(body.dispersion[id], { mean: Number, sd: Number, cv: Number, max: 0.5, met: Boolean });
  }
  t.equal(body.composite.max, 0.65);
  t.equal(body.schoolsPassing, body.units.filter((u: any) => u.assessed && u.passes === true).length);
  t.equal(body.passes, false, 'the demo county has failing primary units in 2023');
  t.equal(both.body.passes, false);
  t.same(body.dispersion, both.body.stages.primary.dispersion, 'the stage view and the both-stage view agree');

  // excluded: special, kindergartens, senior, private schools
  const excluded = new Map(body.excluded.map((e: any) => [e.schoolCode, e.reason]));
  t.match(excluded.get('5144142721'), /special/);
  t.match(excluded.get('3444142748'), /private/);

  // a small teaching point is listed but not assessed
  const tp = body.units.filter((u: any) => u.kind === 'teaching_point' && !u.assessed);
  t.ok(tp.length > 0, 'some teaching point is under 50 students');
  t.ok(tp.every((u: any) => /teachingPointMinStudents/.test(u.notAssessedReason)));

  // a shortfall is reported in physical units for a unit that misses a standard
  const failing = body.units.flatMap((u: any) =>
    u.indicators ? Object.values(u.indicators).filter((i: any) => i.met === false).map((i: any) => ({ u, i })) : [],
  );
  t.ok(failing.length > 0);
  for (const { i } of failing as any[]) {
    t.ok(i.shortfall && i.shortfall.toStandard > 0, `${i.rule}: shortfall to the standard`);
    t.ok(i.value < i.standard);
  }
});

t.test('every B1–B3 numerator is the count of qualifying full-time teacher-years of the unit', async (t) => {
  const r = await call('GET', '/v1/counties/441427/years/2024/resource-allocation');
  const qualifiedFrom = (stage: 'primary' | 'junior') => EDUCATION_LEVELS.slice(EDUCATION_LEVELS.indexOf(params.qualifiedEducationMin[stage]));
  let checked = 0;
  for (const u of r.body.units) {
    if (u.indicators === null || u.memberSchools.length !== 1) continue;
    const list = await call('GET', `/v1/teacher-years?schoolCode=${u.schoolCode}&year=2024&stage=${u.stage}&limit=1000`);
    const ft = list.body.items.filter((x: any) => x.fullTime);
    const qualified = qualifiedFrom(u.stage) as readonly string[];
    t.equal(u.indicators.B1.numerator, ft.filter((x: any) => qualified.includes(x.education)).length, `${u.unitId} B1`);
    t.equal(u.indicators.B2.numerator, ft.filter((x: any) => x.backboneLevel !== 'none').length, `${u.unitId} B2`);
    t.equal(u.indicators.B3.numerator, ft.filter((x: any) => ['pe', 'music', 'art'].includes(x.subject)).length, `${u.unitId} B3`);
    t.equal(u.inputs.teachers.fullTime, ft.length, `${u.unitId} full-time teachers`);
    t.equal(u.indicators.B1.denominator, u.students);
    // students = the sum of the class sizes of the stage
    const students = demo.classes
      .filter((c) => c.schoolCode === u.schoolCode && c.year === 2024 && c.stage === u.stage)
      .reduce((a, c) => a + c.students, 0);
    t.equal(u.students, students, `${u.unitId} students`);
    checked++;
  }
  t.ok(checked >= 25, `checked ${checked} units`);
});

t.test('facilities: apportioned by weighted students, traced to the school totals', async (t) => {
  const r = await call('GET', '/v1/counties/441427/years/2024/resource-allocation');
  const nine = r.body.units.filter((u: any) => u.kind === 'nine_year' && u.memberSchools.length === 1);
  t.ok(nine.length >= 4);
  for (const u of nine) {
    const c = u.inputs.contributions[0];
    const s = c.schoolStudents;
    const w = params.apportionWeights;
    const weighted = (s.primary ?? 0) * w.primary + (s.junior ?? 0) * w.junior + (s.senior ?? 0) * w.senior;
    const expected = ((s[u.stage] ?? 0) * w[u.stage as 'primary' | 'junior']) / weighted;
    t.ok(Math.abs(c.facilityShare - expected) < 1e-6, `${u.unitId} share ${c.facilityShare} = ${expected}`);
    t.ok(Math.abs(u.inputs.facilities.teachingAreaM2 - c.schoolFacilities.teachingAreaM2 * expected) < 1e-3);
    t.ok(Math.abs(u.indicators.B4.numerator - c.schoolFacilities.teachingAreaM2 * expected) < 0.01, `${u.unitId} B4 numerator`);
    t.ok(Math.abs(u.indicators.B6.numerator - c.schoolFacilities.equipmentValueYuan * expected) < 0.01, `${u.unitId} B6 numerator`);
    t.match(c.facilityShareExact, /^\d+\/\d+$/);
    const sy = demo.schoolYears.find((y) => y.schoolCode === u.schoolCode && y.year === 2024);
    t.equal(c.schoolFacilities.teachingAreaM2, sy?.teachingAreaM2, 'the school total is the school-year record');
    t.equal(c.schoolFacilities.equipmentValueYuan, sy?.equipmentValueYuan);
  }
});

t.test('dispersion: the mean is total resource / total students over the assessed units', async (t) => {
  for (const stage of ['primary', 'junior']) {
    const r = await call('GET', `/v1/counties/441427/years/2024/resource-allocation?stage=${stage}`);
    const assessed = r.body.units.filter((u: any) => u.assessed);
    const students = assessed.reduce((a: number, u: any) => a + u.students, 0);
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']) {
      const d = r.body.dispersion[id];
      t.equal(d.students, students, `${stage} ${id} students`);
      t.equal(d.units, assessed.length);
      const total = assessed.reduce((a: number, u: any) => a + u.indicators[id].numerator * u.indicators[id].scale, 0);
      t.ok(Math.abs(d.total - total) < 0.01 * assessed.length * d.scale, `${stage} ${id} total ${d.total} ≈ Σ numerators ${total}`);
      t.ok(Math.abs(d.mean - d.total / d.students) < 1e-6, `${stage} ${id} mean = total / students`);
      // population sd, student-weighted
      const mean = d.total / d.students;
      const v = assessed.reduce((a: number, u: any) => {
        const x = (u.indicators[id].scale * u.indicators[id].numerator) / u.students;
        return a + u.students * (x - mean) ** 2;
      }, 0) / students;
      t.ok(Math.abs(d.sd - Math.sqrt(v)) < 1e-3 * Math.max(1, d.sd), `${stage} ${id} sd`);
      t.equal(d.met, d.cv <= d.max);
    }
  }
});

t.test('CSV: one row per unit, BOM, stable header', async (t) => {
  const json = await call('GET', '/v1/counties/441427/years/2023/resource-allocation?stage=junior');
  const csv = await call('GET', '/v1/counties/441427/years/2023/resource-allocation?stage=junior', undefined, { accept: 'text/csv' });
  t.equal(csv.status, 200);
  t.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  t.ok(csv.text.startsWith(BOM), 'UTF-8 with BOM');
  const lines = csvLines(csv.text);
  t.same(lines[0], [...ALLOCATION_CSV_COLUMNS]);
  t.same(
    lines[0]?.slice(0, 12),
    ['countyCode', 'year', 'policyId', 'unitId', 'schoolCode', 'schoolName', 'kind', 'stage', 'students', 'classes', 'assessed', 'facilityShare'],
  );
  t.equal(lines.length - 1, json.body.units.length, 'one row per unit');
  const col = (name: string) => (lines[0] as string[]).indexOf(name);
  const first = json.body.units[0];
  const row = lines[1] as string[];
  t.equal(row[col('schoolCode')], first.schoolCode);
  t.equal(row[col('schoolName')], first.schoolName);
  t.equal(Number(row[col('B1_numerator')]), first.indicators.B1.numerator);
  t.equal(row[col('passes')], String(first.passes));
  const fmt = await call('GET', '/v1/counties/441427/years/2023/resource-allocation?format=csv');
  t.equal(csvLines(fmt.text).length - 1, (await call('GET', '/v1/counties/441427/years/2023/resource-allocation')).body.units.length);
});

t.test('class sizes: exactly the over-limit demo classes', async (t) => {
  for (const year of [2023, 2024]) {
    const r = await call('GET', `/v1/counties/441427/years/${year}/class-sizes`);
    t.equal(r.status, 200);
    // every school's compulsory classes, public and private alike, except special schools'
    const looked = demo.classes.filter((c) => {
      const s = schoolOf.get(c.schoolCode);
      return (
        c.year === year &&
        (c.stage === 'primary' || c.stage === 'junior') &&
        s !== undefined &&
        s.kind !== 'special' &&
        UNIT_STAGES_BY_KIND[s.kind].length > 0
      );
    });
    t.ok(looked.some((c) => schoolOf.get(c.schoolCode)?.ownership === 'private'), `${year}: private schools' classes are among them`);
    const over = looked.filter((c) => c.students > (c.stage === 'primary' ? 45 : 50));
    t.equal(r.body.classes, looked.length, `${year}: compulsory classes`);
    t.equal(r.body.overLimit, over.length, `${year}: over the limit`);
    t.ok(over.length > 0);
    t.same(
      r.body.violations.map((v: any) => `${v.schoolCode}/${v.classCode}/${v.students}/${v.limit}`).sort(),
      over.map((c) => `${c.schoolCode}/${c.classCode}/${c.students}/${c.stage === 'primary' ? 45 : 50}`).sort(),
    );
    t.equal(r.body.large, looked.filter((c) => c.students >= 56).length);
    t.equal(r.body.superLarge, looked.filter((c) => c.students >= 66).length);
    t.equal(r.body.largeShare, Math.round((r.body.large / r.body.classes) * 1e4) / 1e4);
    t.equal(r.body.met, false);
    const tjb = r.body.violations.filter((v: any) => v.schoolCode === '3144142706');
    t.ok(tjb.length >= 4 && tjb.every((v: any) => v.schoolName === '蕉岭县田家炳实验中学'), '田家炳 has 大班额 classes');
    const csv = await call('GET', `/v1/counties/441427/years/${year}/class-sizes`, undefined, { accept: 'text/csv' });
    const lines = csvLines(csv.text);
    t.ok(csv.text.startsWith(BOM));
    t.same(lines[0], ['countyCode', 'year', 'schoolCode', 'schoolName', 'classCode', 'stage', 'students', 'limit', 'excess', 'large', 'superLarge']);
    t.equal(lines.length - 1, over.length, 'one row per violating class');
  }
});

t.test('scorecard: statuses, missing inputs, responsible units, overall verdict', async (t) => {
  const r = await call('GET', '/v1/counties/441427/years/2023/scorecard');
  t.equal(r.status, 200);
  const ids = r.body.indicators.map((e: any) => e.id);
  t.same(ids, Array.from({ length: 31 }, (_, i) => `B${i + 1}`));
  const by = new Map<string, any>(r.body.indicators.map((e: any) => [e.id, e]));
  for (const e of r.body.indicators) {
    t.ok(['met', 'not_met', 'not_assessable'].includes(e.status));
    t.ok(e.responsibleUnits.length > 0, `${e.id} responsible units`);
    if (e.status === 'not_assessable') t.ok(e.missing.length > 0, `${e.id} names what is missing`);
  }
  t.match(by.get('B31'), { status: 'not_assessable', missing: ['facts.qualityMonitoring'] }, 'no quality monitoring in 2023');
  t.equal(by.get('B12').status, 'not_met', '大班额 at 田家炳');
  t.equal(by.get('B11').status, 'not_met', '田家炳 over 2000 in 2023');
  t.equal(by.get('B15').status, 'met');
  t.equal(by.get('B19').status, 'not_met', 'four teachers without a certificate in 2023');
  t.equal(by.get('B19').detail.fullTime - by.get('B19').detail.certified, 4);
  t.equal(by.get('B23').status, 'not_met');
  t.equal(by.get('B24').status, 'not_met', "the county's own 98 % target");
  t.match(by.get('B18').detail, { rotated: Number, eligible: Number, rotatedBackbone: Number });
  t.equal(by.get('B18').value, Math.round((by.get('B18').detail.rotated / by.get('B18').detail.eligible) * 1e4) / 1e4);
  t.equal(by.get('B16').value, Math.round((by.get('B16').detail.completed / by.get('B16').detail.fullTime) * 1e4) / 1e4);
  for (const id of ['B13', 'B14', 'B26']) t.ok(['met', 'not_met'].includes(by.get(id).status), `${id} decided by the funding checks`);
  t.equal(by.get('B13').status, 'not_met', 'a small rural school funded on its actual pupils');
  t.equal(by.get('B1').standardByStage.primary, 4.2);
  t.match(r.body.resourceAllocation, { primary: false, junior: Boolean, passes: false });
  t.equal(r.body.summary.met + r.body.summary.notMet + r.body.summary.notAssessable, 31);

  const ra = await call('GET', '/v1/counties/441427/years/2023/resource-allocation');
  t.equal(r.body.resourceAllocation.passes, ra.body.passes, 'the same verdict as the resource-allocation endpoint');

  const y24 = await call('GET', '/v1/counties/441427/years/2024/scorecard');
  const by24 = new Map<string, any>(y24.body.indicators.map((e: any) => [e.id, e]));
  t.equal(by24.get('B31').status, 'met', 'quality monitoring reported in 2024');
  t.equal(by24.get('B19').status, 'met', 'certificates obtained in 2024');
  t.equal(by24.get('B15').status, 'not_met');

  const csv = await call('GET', '/v1/counties/441427/years/2023/scorecard?format=csv');
  t.ok(csv.text.startsWith(BOM));
  const text = csv.text.replace(BOM, '').trim().split(/\r?\n/);
  t.equal(text[0], 'countyCode,year,policyId,id,group,status,value,valuePrimary,valueJunior,standard,standardPrimary,standardJunior,missing,responsibleUnits,text,explanation');
  // quoted fields may hold line breaks in theory; the demo's do not
  t.equal(text.length, 32, 'one row per indicator');
  t.ok(text.some((l) => l.startsWith('441427,2023,jiaoling-2023,B31,A3,not_assessable')));
});

t.test('policyId: computing under another profile changes a verdict where the profiles differ', async (t) => {
  const own = await call('GET', '/v1/counties/441427/years/2023/scorecard');
  const nat = await call('GET', '/v1/counties/441427/years/2023/scorecard?policyId=national-2017');
  t.equal(nat.status, 200);
  t.equal(nat.body.policyId, 'national-2017');
  t.equal(nat.body.policySource, 'override');
  const b24 = (r: any) => r.body.indicators.find((e: any) => e.id === 'B24');
  t.equal(b24(own).status, 'not_met');
  t.equal(b24(own).standard, 0.98);
  t.equal(b24(nat).status, 'met', '126 / 130 meets the national 95 %');
  t.equal(b24(nat).standard, 0.95);
  assertProblem(t, await call('GET', '/v1/counties/441427/years/2023/scorecard?policyId=no-such-policy'), 404);
  assertProblem(t, await call('GET', '/v1/counties/441427/years/2023/resource-allocation?policyId=nope-2000'), 404);
});

t.test('one school: its units, B10, B11, B12', async (t) => {
  const nine = demo.schools.find((s) => s.kind === 'nine_year' && s.ownership === 'public') as (typeof demo.schools)[number];
  const r = await call('GET', `/v1/schools/${nine.schoolCode}/years/2024/indicators`);
  t.equal(r.status, 200);
  t.match(r.body, { schoolCode: nine.schoolCode, schoolName: nine.name, kind: 'nine_year', countyCode: '441427', year: 2024, policyId: 'jiaoling-2023' });
  t.same(r.body.units.map((u: any) => u.stage), ['primary', 'junior']);
  const county = await call('GET', '/v1/counties/441427/years/2024/resource-allocation');
  for (const u of r.body.units) {
    t.same(u, county.body.units.find((c: any) => c.unitId === u.unitId), `${u.unitId} equals the county view`);
  }
  t.match(r.body.B10, { rule: 'docs/domain.md §5.2 B10', status: /met/, required: Number });
  t.equal(r.body.B11.compulsoryStudents, r.body.students.primary + r.body.students.junior);
  t.equal(r.body.B11.limit, 2500);
  t.match(r.body.B12, { classes: Number, overLimit: Number });

  const tjb = await call('GET', '/v1/schools/3144142706/years/2023/indicators');
  t.equal(tjb.body.B11.status, 'not_met');
  t.equal(tjb.body.B12.status, 'not_met');
  t.ok(tjb.body.B12.violations.length >= 4);

  const special = await call('GET', '/v1/schools/5144142721/years/2024/indicators');
  t.equal(special.status, 200);
  t.same(special.body.units, []);
  t.ok(special.body.notes.some((n: string) => /special/.test(n)));
  t.equal(special.body.B12, null, 'special schools are exempt from B12');

  const tp = await call('GET', '/v1/schools/2144142802/years/2024/indicators');
  t.equal(tp.body.B10, null, 'teaching points are exempt from B10');
  t.ok(tp.body.notes.some((n: string) => /exempt/.test(n)));

  assertProblem(t, await call('GET', '/v1/schools/2144999999/years/2024/indicators'), 404);
  const none = await call('GET', `/v1/schools/${nine.schoolCode}/years/2031/indicators`);
  assertProblem(t, none, 404);
  t.match(none.body.detail, /no classes recorded for school .* in 2031/);
  assertProblem(t, await call('GET', '/v1/schools/21441427/years/2024/indicators'), 400);
});

t.test('problems: unknown county, a year without data, bad parameters', async (t) => {
  for (const path of ['resource-allocation', 'class-sizes', 'scorecard']) {
    const missing = await call('GET', `/v1/counties/441427/years/2031/${path}`);
    assertProblem(t, missing, 404);
    t.match(missing.body.detail, /no classes recorded for county 441427 in 2031/);
    t.same(missing.body.missing, ['classes', 'school-years']);
    const unknown = await call('GET', `/v1/counties/441488/years/2024/${path}`);
    assertProblem(t, unknown, 404);
    t.match(unknown.body.detail, /county 441488 does not exist/);
    assertProblem(t, await call('GET', `/v1/counties/12/years/2024/${path}`), 400);
    assertProblem(t, await call('GET', `/v1/counties/441427/years/1999/${path}`), 400);
    assertProblem(t, await call('GET', `/v1/counties/441427/years/2024/${path}?colour=red`), 400);
  }
  const senior = await call('GET', '/v1/counties/441427/years/2024/resource-allocation?stage=senior');
  assertProblem(t, senior, 400);
  t.equal(senior.body.errors[0].pointer, '/stage');
});

t.test('B16 in SQL agrees with the pure rule trainingCompleted, teacher by teacher', async (t) => {
  for (const year of [2023, 2024]) {
    const sqlRows = await trainingByTeacher(h.database.db, '441427', year, params);
    const history = new Map<string, Record<number, number>>();
    for (const ty of demo.teacherYears) {
      const hist = history.get(ty.staffCode) ?? {};
      hist[ty.year] = ty.trainingHours;
      history.set(ty.staffCode, hist);
    }
    const inScope = demo.teacherYears.filter((ty) => {
      const s = schoolOf.get(ty.schoolCode);
      return (
        ty.year === year &&
        ty.fullTime &&
        s !== undefined &&
        (UNIT_STAGES_BY_KIND[s.kind] as readonly Stage[]).includes(ty.stage)
      );
    });
    t.same(sqlRows.map((r) => r.staffCode).sort(), inScope.map((ty) => ty.staffCode).sort(), `${year}: the same teachers`);
    let disagreements = 0;
    for (const row of sqlRows) {
      const rule = trainingCompleted({ hoursByYear: history.get(row.staffCode) ?? {} }, year, params);
      if (rule.completed !== row.completed || rule.hours !== row.hours || rule.recordYears !== row.recordYears) disagreements++;
    }
    t.equal(disagreements, 0, `${year}: ${sqlRows.length} teachers, SQL and rule agree`);
    t.ok(sqlRows.some((r) => !r.completed) && sqlRows.some((r) => r.completed), 'both outcomes occur');
    if (year === 2024) t.ok(sqlRows.some((r) => r.recordYears === 2), 'some windows span two recorded years');
    const card = await call('GET', `/v1/counties/441427/years/${year}/scorecard`);
    const b16 = card.body.indicators.find((e: any) => e.id === 'B16');
    t.equal(b16.detail.fullTime, sqlRows.length);
    t.equal(b16.detail.completed, sqlRows.filter((r) => r.completed).length);
  }
});
