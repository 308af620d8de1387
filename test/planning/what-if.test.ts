// What-if scenarios over the synthetic Jiaoling county (441427): `before` equals the live answers, each
// change type has its exact effect, nothing is written or seen by other requests, problems are 422s
// naming every change by its pointer, and county-bound keys see only their county.

import { sql } from 'drizzle-orm';
import { fileTest } from '../helpers/file-test.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { RESOURCE_INDICATOR_IDS } from '../../src/rules/indicators/index.js';
import { countyYearDataVersion } from '../../src/services/data-versions.js';
import { loadCountyYear } from '../../src/services/planning/what-if-snapshot.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { school as schoolBody, schoolYear as schoolYearBody } from '../helpers/fixtures.js';
import { fullSnapshot } from '../helpers/security.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
// a second county with one school, for "a school of another county"
await h.call('PUT', '/v1/counties/441481', { name: '兴宁市' });
await h.call('PUT', '/v1/towns/441481100', { name: '兴田街道', countyCode: '441481' });
await h.call('PUT', '/v1/schools/2144810001', schoolBody({ name: '兴宁小学', countyCode: '441481', townCode: '441481100' }));

const read = h.as((await h.makeKey({ scopes: ['read'], counties: ['441427'] })).token);
const URL_2023 = '/v1/counties/441427/years/2023/what-if';
const whatIf = (changes: unknown[], url = URL_2023) => read('POST', url, { changes });

const TJB = '3144142706'; // 田家炳实验中学, junior, 2012 students in 2023 and five classes over 50
const CHANGTAN = '3144142739'; // 长潭中学, junior
const CHENGDONG = '2144142709'; // 城东小学, primary
const JIAOLING = '3444142703'; // 蕉岭中学, complete secondary (junior + senior)

/** The 2023 county as read, for the expectations of the changes below. */
const BEFORE_2023 = (await whatIf([])).body.before;
const before2023 = () => BEFORE_2023;

const unitOf = (state: any, stage: 'primary' | 'junior', code: string) => state.resourceAllocation[stage].units.find((u: any) => u.schoolCode === code);
const lineOf = (state: any, code: string) => state.entitlements.schools.find((s: any) => s.schoolCode === code);

t.test('before is the live answers, field by field; no change leaves after = before and an empty delta', async (t) => {
  for (const year of [2023, 2024]) {
    const r = await whatIf([], `/v1/counties/441427/years/${year}/what-if`);
    t.equal(r.status, 200);
    t.match(r.body, { countyCode: '441427', year, policyId: 'jiaoling-2023', policySource: 'default', changes: 0 });
    const { before, after, delta } = r.body;

    const live = (await read('GET', `/v1/counties/441427/years/${year}/resource-allocation`)).body;
    t.equal(before.resourceAllocation.passes, live.passes);
    for (const stage of ['primary', 'junior'] as const) {
      const mine = before.resourceAllocation[stage];
      const theirs = live.stages[stage];
      t.equal(mine.passes, theirs.passes, `${year} ${stage} passes`);
      t.equal(mine.unitsAssessed, theirs.unitsAssessed);
      t.equal(mine.schoolsPassing, theirs.schoolsPassing);
      for (const id of RESOURCE_INDICATOR_IDS) t.same(mine.dispersion[id], { cv: theirs.dispersion[id].cv, max: theirs.dispersion[id].max, met: theirs.dispersion[id].met });
      const liveUnits = live.units.filter((u: any) => u.stage === stage);
      t.same(
        mine.units,
        liveUnits.map((u: any) => ({
          unitId: u.unitId,
          schoolCode: u.schoolCode,
          schoolName: u.schoolName,
          students: u.students,
          classes: u.classes,
          assessed: u.assessed,
          metCount: u.metCount,
          passes: u.passes,
          indicators:
            u.indicators === null
              ? null
              : Object.fromEntries(RESOURCE_INDICATOR_IDS.map((id) => [id, { value: u.indicators[id].value, standard: u.indicators[id].standard, met: u.indicators[id].met, atLeastFloor: u.indicators[id].atLeastFloor }])),
        })),
        `${year} ${stage}: every unit's figures`,
      );
    }

    const classes = (await read('GET', `/v1/counties/441427/years/${year}/class-sizes`)).body;
    for (const f of ['classes', 'overLimit', 'large', 'superLarge', 'largeShare', 'superLargeShare', 'met', 'violations']) t.same(before.classSizes[f], classes[f], `${year} class sizes ${f}`);

    const card = (await read('GET', `/v1/counties/441427/years/${year}/scorecard`)).body;
    t.same(before.scorecard.statuses, Object.fromEntries(card.indicators.map((e: any) => [e.id, e.status])), `${year} scorecard statuses`);
    t.same(before.scorecard.summary, card.summary);
    t.same(before.scorecard.resourceAllocation, { primary: card.resourceAllocation.primary, junior: card.resourceAllocation.junior, passes: card.resourceAllocation.passes });
    t.equal(before.schoolSizes.met === true ? 'met' : 'not_met', card.indicators.find((e: any) => e.id === 'B11').status, 'B11 as the scorecard');
    t.equal(before.rooms.met === true ? 'met' : 'not_met', card.indicators.find((e: any) => e.id === 'B10').status, 'B10 as the scorecard');

    const money = (await read('GET', `/v1/counties/441427/years/${year}/entitlements`)).body;
    t.same(before.entitlements.schools, money.schools, `${year} entitlements per school`);
    t.same(before.entitlements.totals, money.totals, `${year} entitlement totals`);
    t.same(before.entitlements.withoutClasses, money.withoutClasses);

    // B11 and B10 per school against the school view
    const tjb = (await read('GET', `/v1/schools/${TJB}/years/${year}/indicators`)).body;
    const size = before.schoolSizes.schools.find((s: any) => s.schoolCode === TJB);
    t.same({ students: size.compulsoryStudents, limit: size.limit, met: size.met }, { students: tjb.B11.compulsoryStudents, limit: tjb.B11.limit, met: tjb.B11.met });
    const rooms = before.rooms.schools.find((s: any) => s.schoolCode === TJB);
    t.same({ required: rooms.required, music: rooms.musicRooms, art: rooms.artRooms, met: rooms.met }, { required: tjb.B10.required, music: tjb.B10.music.counting, art: tjb.B10.art.counting, met: tjb.B10.met });

    t.same(after, before, `${year}: no change, after = before`);
    t.same(delta.scorecard.changed, []);
    t.same(delta.resourceAllocation.primary.units, []);
    t.same(delta.resourceAllocation.junior.units, []);
    t.same(delta.entitlements, { totalYuan: 0, trainingMinimumYuan: 0, schools: [] });
    t.same(delta.classSizes, { classes: 0, overLimit: 0, large: 0, superLarge: 0, met: { before: before.classSizes.met, after: before.classSizes.met } });
  }
  t.equal(before2023().schoolSizes.met, false, 'the demo county has an over-size school in 2023');
});

t.test('move_students: from the largest classes of the grade, into the smallest up to the limit; emptied classes closed', async (t) => {
  const r = await whatIf([{ type: 'move_students', fromSchoolCode: TJB, toSchoolCode: CHANGTAN, stage: 'junior', grade: 9, students: 20 }]);
  t.equal(r.status, 200);
  const { before, after, delta } = r.body;
  // grade 9 at 田家炳: 59 (J9-1) and 61 (J9-5) are the largest; 20 taken brings both to exactly 50
  const over = (s: any) => s.classSizes.violations.filter((v: any) => v.schoolCode === TJB).map((v: any) => v.classCode).sort();
  t.same(over(before), ['J7-2', 'J8-1', 'J8-4', 'J9-1', 'J9-5']);
  t.same(over(after), ['J7-2', 'J8-1', 'J8-4'], 'J9-1 and J9-5 are at 50 now, within the limit');
  t.equal(delta.classSizes.overLimit, -2);
  t.equal(delta.classSizes.large, -2, 'the 59 and the 61 were 大班额');
  t.equal(delta.classSizes.superLarge, 0);
  t.equal(delta.classSizes.classes, 0, 'no class opened (长潭中学 has room) and none emptied');
  t.same(
    delta.schoolSizes.students,
    [
      { schoolCode: TJB, before: 2012, after: 1992 },
      { schoolCode: CHANGTAN, before: unitOf(before, 'junior', CHANGTAN).students, after: unitOf(before, 'junior', CHANGTAN).students + 20 },
    ],
  );
  t.same(delta.schoolSizes.nowMet, [TJB], '1992 ≤ 2000: the over-size is relieved');
  t.same(delta.scorecard.changed, [{ id: 'B11', before: 'not_met', after: 'met' }]);
  // funding follows the students: 20 junior students at the base rate
  const rate = lineOf(before, TJB).components.find((c: any) => c.component === 'base_junior').rateYuan;
  t.equal(lineOf(after, TJB).totalYuan, lineOf(before, TJB).totalYuan - 20 * rate);
  t.equal(lineOf(after, CHANGTAN).totalYuan, lineOf(before, CHANGTAN).totalYuan + 20 * rate);
  t.equal(delta.entitlements.totalYuan, 0, 'the county total is unchanged');

  // beyond the destination's room: new classes are opened, the fewest that hold the rest, split evenly
  const all = await whatIf([{ type: 'move_students', fromSchoolCode: JIAOLING, toSchoolCode: TJB, stage: 'junior', students: unitOf(before, 'junior', JIAOLING).students }]);
  t.equal(all.status, 200);
  const moved = unitOf(before, 'junior', JIAOLING).students;
  t.notOk(unitOf(all.body.after, 'junior', JIAOLING)?.students, "蕉岭中学's junior classes are all emptied and closed");
  t.equal(unitOf(all.body.after, 'junior', TJB).students, 2012 + moved);
  const opened = all.body.after.resourceAllocation.junior.units.find((u: any) => u.schoolCode === TJB).classes - unitOf(before, 'junior', TJB).classes;
  t.ok(opened > 0, 'classes opened at 田家炳');
  const newOver = all.body.after.classSizes.violations.filter((v: any) => v.schoolCode === TJB && v.classCode.startsWith('new-'));
  t.same(newOver, [], 'opened classes are within the limit');
});

t.test('add_school: a new school with its classes, teachers and facilities enters every engine', async (t) => {
  const r = await whatIf([
    {
      type: 'add_school',
      school: { schoolCode: '2144142999', ...schoolBody({ name: '蕉岭县新城小学' }) },
      schoolYear: schoolYearBody({ teachingAreaM2: 2000, sportsAreaM2: 3500, equipmentValueYuan: 900000, multimediaClassrooms: 12, inclusionStudents: 0 }),
      classes: [
        { classCode: 'P1-1', stage: 'primary', grade: 1, students: 45 },
        { classCode: 'P1-2', stage: 'primary', grade: 1, students: 46 },
        { classCode: 'K1-1', stage: 'preschool', grade: 1, students: 30 },
      ],
      teachers: [
        { stage: 'primary', count: 5, education: 'associate', subject: 'chinese', backboneLevel: 'county' },
        { stage: 'primary', count: 1, education: 'secondary', subject: 'pe' },
        { stage: 'primary', count: 2, education: 'bachelor', subject: 'math', fullTime: false },
      ],
    },
  ]);
  t.equal(r.status, 200);
  const { after, delta } = r.body;
  const unit = unitOf(after, 'primary', '2144142999');
  t.match(unit, { students: 91, classes: 2, assessed: true });
  // 5 qualified (associate or above) of 6 full-time; the part-time teachers count nowhere in B1–B3
  t.equal(unit.indicators.B1.value, 5.4945, 'B1 = 100 × 5 / 91');
  t.equal(unit.indicators.B2.value, 5.4945, 'B2 = 100 × 5 / 91');
  t.equal(unit.indicators.B3.value, 1.0989, 'B3 = 100 × 1 / 91');
  t.equal(unit.indicators.B7.value, 13.1868, 'B7 = 100 × 12 / 91');
  t.same(delta.resourceAllocation.primary.units.map((u: any) => [u.schoolCode, u.change]), [['2144142999', 'added']]);
  t.equal(delta.classSizes.classes, 2);
  t.equal(delta.classSizes.overLimit, 1, 'the class of 46 is over 45');
  t.ok(after.classSizes.violations.some((v: any) => v.schoolCode === '2144142999' && v.classCode === 'P1-2'));
  const line = lineOf(after, '2144142999');
  t.same(
    line.components.map((c: any) => [c.component, c.quantity]),
    [
      ['base_primary', 91],
      ['preschool', 30],
    ],
  );
  t.equal(delta.entitlements.totalYuan, line.totalYuan);
  t.same(delta.entitlements.schools, [{ schoolCode: '2144142999', schoolName: '蕉岭县新城小学', beforeYuan: null, afterYuan: line.totalYuan, changeYuan: line.totalYuan }]);
  t.ok(after.rooms.schools.some((s: any) => s.schoolCode === '2144142999' && s.required === 1 && s.met === true), 'B10: 1 music and 1 art room of the minimum area');
});

t.test('remove_school: its units, classes, entitlement and teachers leave the county', async (t) => {
  const before = before2023();
  const r = await whatIf([{ type: 'remove_school', schoolCode: TJB }]);
  t.equal(r.status, 200);
  const { after, delta } = r.body;
  t.notOk(unitOf(after, 'junior', TJB));
  t.same(delta.resourceAllocation.junior.units.map((u: any) => [u.schoolCode, u.change]), [[TJB, 'removed']]);
  t.equal(delta.classSizes.overLimit, -5, 'its five classes over 50 are gone');
  t.equal(delta.entitlements.totalYuan, -lineOf(before, TJB).totalYuan);
  t.notOk(lineOf(after, TJB));
  t.equal(after.schoolSizes.met, true, 'the only over-size school is gone');
  t.equal(after.scorecard.statuses.B11, 'met');
});

t.test('add_teachers: B1–B3 of the unit move by exactly the teachers added', async (t) => {
  const before = before2023();
  const unit = unitOf(before, 'primary', CHENGDONG);
  const r = await whatIf([
    { type: 'add_teachers', schoolCode: CHENGDONG, stage: 'primary', count: 4, subject: 'music', backboneLevel: 'city' },
    { type: 'add_teachers', schoolCode: CHENGDONG, stage: 'primary', count: 2, education: 'secondary', certified: false },
  ]);
  t.equal(r.status, 200);
  const after = unitOf(r.body.after, 'primary', CHENGDONG);
  const n = unit.students;
  const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const qualified = Math.round((unit.indicators.B1.value * n) / 100);
  const backbone = Math.round((unit.indicators.B2.value * n) / 100);
  const artsPe = Math.round((unit.indicators.B3.value * n) / 100);
  t.equal(after.indicators.B1.value, round4((100 * (qualified + 4)) / n), 'default education: the required level, so the 4 count for B1; the 2 below it do not');
  t.equal(after.indicators.B2.value, round4((100 * (backbone + 4)) / n));
  t.equal(after.indicators.B3.value, round4((100 * (artsPe + 4)) / n), 'music counts for B3; the default subject does not');
  t.equal(r.body.after.scorecard.statuses.B19, 'not_met', 'two uncertified full-time teachers: B19 below 100%');
});

t.test('set_facilities: school-year fields replaced, the rest kept; B10 and B7 follow', async (t) => {
  const before = before2023();
  const short = before.rooms.schools.find((s: any) => s.met === false);
  t.ok(short, 'the demo county has a school short of a B10 room');
  const rooms = Array.from({ length: short.required }, () => 120);
  const r = await whatIf([{ type: 'set_facilities', schoolCode: short.schoolCode, musicRoomAreasM2: rooms, artRoomAreasM2: rooms }]);
  t.equal(r.status, 200);
  t.same(r.body.delta.rooms.nowMet, [short.schoolCode]);
  t.equal(r.body.delta.rooms.short, -1);
  const unitBefore = before.resourceAllocation.primary.units.find((u: any) => u.schoolCode === short.schoolCode) ?? before.resourceAllocation.junior.units.find((u: any) => u.schoolCode === short.schoolCode);
  const stage = before.resourceAllocation.primary.units.includes(unitBefore) ? 'primary' : 'junior';
  t.same(unitOf(r.body.after, stage, short.schoolCode).indicators, unitBefore.indicators, 'rooms do not enter B1–B7');

  const more = await whatIf([{ type: 'set_facilities', schoolCode: CHENGDONG, multimediaClassrooms: 100 }]);
  t.equal(unitOf(more.body.after, 'primary', CHENGDONG).indicators.B7.value, Math.round((100 * 100 * 10_000) / unitOf(before, 'primary', CHENGDONG).students) / 10_000);
  t.same(unitOf(more.body.after, 'primary', CHENGDONG).indicators.B4, unitOf(before, 'primary', CHENGDONG).indicators.B4, 'teaching area kept');
});

t.test('set_facilities: a problem of merged fields points at the field the change gave', async (t) => {
  const sports = await whatIf([{ type: 'set_facilities', schoolCode: CHENGDONG, sportsAreaM2: 10 }]);
  assertProblem(t, sports, 422);
  t.same(sports.body.errors.map((e: any) => e.pointer), ['/changes/0/sportsAreaM2'], 'the sports area given, not the indoor area recorded');
  t.match(sports.body.errors[0].message, /^sports area 10 is less than the indoor sports area [\d.]+ recorded as part of it/);
  const indoor = await whatIf([{ type: 'set_facilities', schoolCode: CHENGDONG, indoorSportsAreaM2: 999999 }]);
  assertProblem(t, indoor, 422);
  t.same(indoor.body.errors.map((e: any) => e.pointer), ['/changes/0/indoorSportsAreaM2'], 'the indoor area given');
  t.match(indoor.body.errors[0].message, /^indoor sports area 999999 exceeds the sports area [\d.]+ it is part of/);
  const both = await whatIf([{ type: 'set_facilities', schoolCode: CHENGDONG, sportsAreaM2: 10, indoorSportsAreaM2: 20 }]);
  t.same(both.body.errors.map((e: any) => e.pointer), ['/changes/0/indoorSportsAreaM2'], 'both given: the part, as the write route does');
  // the same sports area with an indoor area that fits it is fine
  t.equal((await whatIf([{ type: 'set_facilities', schoolCode: CHENGDONG, sportsAreaM2: 10, indoorSportsAreaM2: 5 }])).status, 200);
});

t.test('changes apply in order: a school added, then filled by a move, then given teachers', async (t) => {
  const r = await whatIf([
    {
      type: 'add_school',
      school: { schoolCode: '3144142998', ...schoolBody({ name: '蕉岭县新城中学', kind: 'junior' }) },
      schoolYear: schoolYearBody({ inclusionStudents: 0 }),
      classes: [],
    },
    { type: 'move_students', fromSchoolCode: TJB, toSchoolCode: '3144142998', stage: 'junior', students: 101 },
    { type: 'add_teachers', schoolCode: '3144142998', stage: 'junior', count: 6, education: 'bachelor' },
  ]);
  t.equal(r.status, 200);
  const unit = unitOf(r.body.after, 'junior', '3144142998');
  t.match(unit, { students: 101, classes: 3 }, '101 students need 3 classes of at most 50');
  t.equal(unit.indicators.B1.value, 5.9406, 'B1 = 100 × 6 / 101');
});

t.test('apply_plan: the remediation plan of the scenario so far, applied; its actions listed; after passes', async (t) => {
  const URL_2024 = '/v1/counties/441427/years/2024/what-if';
  const plan = (await read('GET', '/v1/counties/441427/years/2024/remediation-plan')).body;
  t.ok(plan.actions.length > 0, 'the demo county needs a plan in 2024');
  const r = await whatIf([{ type: 'apply_plan' }], URL_2024);
  t.equal(r.status, 200);
  const { before, after, delta, plans } = r.body;
  t.equal(plans.length, 1);
  t.equal(plans[0].change, '/changes/0');
  const key = (a: any) => [a.schoolCode, a.stage ?? null, a.grade ?? null, a.action, a.subject ?? null, a.quantity, a.costYuan];
  t.same(plans[0].actions.map(key), plan.actions.map(key), 'the actions of GET …/remediation-plan, one for one');
  t.same(
    plans[0].actions.map((a: any) => [a.reason, a.reasonZh]),
    plan.actions.map((a: any) => [a.reason, a.reasonZh]),
    'with their reasons in English and Chinese',
  );
  t.equal(plans[0].costYuan, plan.totals.costYuan);
  t.equal(before.resourceAllocation.passes, false);
  t.equal(after.resourceAllocation.passes, true, 'B1–B7 pass once the plan is applied');
  for (const stage of ['primary', 'junior'] as const) {
    t.equal(after.resourceAllocation[stage].passes, true, `${stage} passes`);
    t.equal(after.resourceAllocation[stage].schoolsPassing, plan.after.resourceAllocation[stage].unitsPassing, `${stage}: the plan's own count of passing units`);
    for (const id of RESOURCE_INDICATOR_IDS) t.equal(after.resourceAllocation[stage].dispersion[id].cv, plan.after.resourceAllocation[stage].cv[id], `${stage} ${id} cv as the plan's after`);
  }
  t.equal(after.classSizes.overLimit, 0, 'B12: no class over its limit');
  t.equal(after.schoolSizes.over, 0, 'B11: no school over its limit');
  t.equal(after.rooms.short, 0, 'B10: no school short of a room');
  t.equal(delta.classSizes.classes, plans[0].actions.filter((a: any) => a.action === 'split_classes').reduce((n: number, a: any) => n + a.quantity, 0), 'classes opened by the splits');
  t.same(
    delta.scorecard.changed.filter((c: any) => ['B10', 'B11', 'B12'].includes(c.id)),
    ['B10', 'B11', 'B12'].filter((id) => before.scorecard.statuses[id] !== 'met').map((id) => ({ id, before: before.scorecard.statuses[id], after: 'met' })),
  );

  // costs of the request, as POST …/remediation-plan takes them
  const costs = { hire_teachers: 1, add_music_room: 0 };
  const cheap = await whatIf([{ type: 'apply_plan', costs }], URL_2024);
  const posted = (await read('POST', '/v1/counties/441427/years/2024/remediation-plan', { costs })).body;
  t.equal(cheap.body.plans[0].costYuan, posted.totals.costYuan);
  t.same(cheap.body.plans[0].actions.map(key), posted.actions.map(key));

  // planned on the scenario as it stands: a school removed first gets no action, and the plan still passes
  const target = plan.actions.find((a: any) => a.action.startsWith('add_')).schoolCode;
  const without = await whatIf([{ type: 'remove_school', schoolCode: target }, { type: 'apply_plan' }], URL_2024);
  t.equal(without.status, 200);
  t.notOk(without.body.plans[0].actions.some((a: any) => a.schoolCode === target), `no action at ${target}, which the scenario removed`);
  t.equal(without.body.after.resourceAllocation.passes, true);

  // the hired teachers are new teacher-years of B16 (full-time, no training hours yet): the county's
  // completion rate can only fall
  const b16 = (s: any) => s.scorecard.statuses.B16;
  if (b16(before) === 'not_met') t.equal(b16(after), 'not_met');
  t.equal(r.body.changes, 1);
});

t.test('apply_plan: a plan costing more than a JSON number carries to the fen is refused at the cost override; one just inside is exact', async (t) => {
  const URL_2024 = '/v1/counties/441427/years/2024/what-if';
  const BOUND = 999_999_999_999_999n; // fen: 9,999,999,999,999.99 yuan (docs/planning.md §4)
  const zero = { type: 'set_facilities', schoolCode: CHENGDONG, equipmentValueYuan: 0 };
  const r = await whatIf([zero, { type: 'apply_plan', costs: { add_equipment: 9999999999.99 } }], URL_2024);
  assertProblem(t, r, 422);
  t.same(
    r.body.errors.map((e: any) => e.pointer),
    ['/changes/1/costs/add_equipment', '/changes/1/costs/add_equipment'],
    'each add_equipment action over the bound, at the cost that made it so',
  );
  const [first] = r.body.errors;
  t.match(first.message, `add_equipment at school ${CHENGDONG}:`);
  t.match(first.message, '9999999999.99 yuan');
  t.match(first.message, '9999999999999.99 yuan', 'the bound is named');

  // the largest unit cost that keeps every amount within the bound: answered, every figure exact (the
  // equipment is dear already at a million yuan per yuan, so the plan's options are those of the bound)
  const base = (await whatIf([zero, { type: 'apply_plan', costs: { add_equipment: 1_000_000 } }], URL_2024)).body.plans[0];
  const fen = (yuan: number) => BigInt(Math.round(yuan * 100));
  const equipment = base.actions.filter((a: any) => a.action === 'add_equipment');
  const otherFen = fen(base.costYuan) - equipment.reduce((s: bigint, a: any) => s + fen(a.costYuan), 0n);
  const quantityFen = equipment.reduce((s: bigint, a: any) => s + fen(a.quantity), 0n);
  // quantities in whole yuan here, so a line costs quantity × unit cost with no rounding
  t.ok(equipment.every((a: any) => Number.isInteger(a.quantity)), 'whole yuan of equipment');
  const unitFen = ((BOUND - otherFen) * 100n) / quantityFen;
  const inside = await whatIf([zero, { type: 'apply_plan', costs: { add_equipment: Number(unitFen) / 100 } }], URL_2024);
  t.equal(inside.status, 200, inside.text.slice(0, 500));
  const plan = inside.body.plans[0];
  const lines = plan.actions.reduce((s: bigint, a: any) => s + fen(a.costYuan ?? 0), 0n);
  t.equal(fen(plan.costYuan), lines, 'the total is the sum of the lines, to the fen');
  t.ok(fen(plan.costYuan) <= BOUND && fen(plan.costYuan) > BOUND - quantityFen, 'just inside the bound');
  for (const a of equipment) {
    const line = plan.actions.find((b: any) => b.action === 'add_equipment' && b.schoolCode === a.schoolCode);
    t.equal(fen(line.costYuan), (fen(a.quantity) * unitFen) / 100n, `${a.schoolCode}: quantity × unit cost, exactly`);
  }
  const over = await whatIf([zero, { type: 'apply_plan', costs: { add_equipment: Number(unitFen + 1n) / 100 } }], URL_2024);
  assertProblem(t, over, 422);
  t.same(over.body.errors.map((e: any) => e.pointer), ['/changes/1'], 'one fen more per yuan: the plan total, at the change');
  t.match(over.body.errors[0].message, /the plan costs \d+\.\d{2} yuan in all, above the 9999999999999.99 yuan/);
});

t.test('422: every change that does not fit, each by its pointer, all at once; nothing computed', async (t) => {
  const r = await whatIf([
    { type: 'remove_school', schoolCode: '2144999999' },
    { type: 'remove_school', schoolCode: '2144810001' },
    { type: 'move_students', fromSchoolCode: TJB, toSchoolCode: CHANGTAN, stage: 'junior', students: 5000 },
    {
      type: 'add_school',
      school: { schoolCode: CHENGDONG, ...schoolBody({ name: '重复' }) },
      schoolYear: schoolYearBody(),
      classes: [],
    },
    { type: 'add_school', school: { schoolCode: '2144142997', ...schoolBody({ name: '甲' }) }, schoolYear: schoolYearBody(), classes: [] },
    { type: 'add_school', school: { schoolCode: '2144142997', ...schoolBody({ name: '乙' }) }, schoolYear: schoolYearBody(), classes: [] },
    { type: 'remove_school', schoolCode: CHANGTAN },
    { type: 'add_teachers', schoolCode: CHANGTAN, stage: 'junior', count: 1 },
    { type: 'add_teachers', schoolCode: CHENGDONG, stage: 'primary', count: 0 },
    { type: 'move_students', fromSchoolCode: TJB, toSchoolCode: CHENGDONG, stage: 'junior', students: -3 },
    { type: 'add_teachers', schoolCode: CHENGDONG, stage: 'senior', count: 2 },
    { type: 'move_students', fromSchoolCode: TJB, toSchoolCode: JIAOLING, stage: 'junior', grade: 3, students: 1 },
    { type: 'set_facilities', schoolCode: CHENGDONG, boarders: 10 },
    { type: 'add_school', school: { schoolCode: '2144142996', ...schoolBody({ name: '丙', countyCode: '441481', townCode: '441481100' }) }, schoolYear: schoolYearBody(), classes: [] },
    { type: 'move_students', fromSchoolCode: CHENGDONG, toSchoolCode: '2144810001', stage: 'primary', students: 10 },
    { type: 'apply_plan' },
  ]);
  assertProblem(t, r, 422);
  const got = r.body.errors.map((e: any) => [e.pointer, e.message]);
  t.same(
    got.map(([p]: string[]) => p),
    [
      '/changes/0/schoolCode',
      '/changes/1/schoolCode',
      '/changes/2/students',
      '/changes/3/school/schoolCode',
      '/changes/5/school/schoolCode',
      '/changes/7/schoolCode',
      '/changes/8/count',
      '/changes/9/toSchoolCode',
      '/changes/9/students',
      '/changes/10/stage',
      '/changes/11/grade',
      '/changes/12/boarders',
      '/changes/13/school/countyCode',
      '/changes/13/school/townCode',
      '/changes/14/toSchoolCode',
    ],
    'apply_plan after changes with problems is not planned (its scenario does not exist), so it adds none',
  );
  const message = (p: string) => got.filter(([q]: string[]) => q === p).map(([, m]: string[]) => m).join(' | ');
  t.match(message('/changes/0/schoolCode'), 'no school 2144999999 in county 441427');
  t.match(message('/changes/1/schoolCode'), 'no school 2144810001 in county 441427', 'a county-bound key is not told where another county\'s school is');
  t.match(message('/changes/2/students'), 'has 2012 students in junior classes; 5000 cannot be moved');
  t.match(message('/changes/3/school/schoolCode'), 'already in use');
  t.match(message('/changes/5/school/schoolCode'), 'already added by /changes/4');
  t.match(message('/changes/7/schoolCode'), 'was removed by /changes/6');
  t.match(message('/changes/8/count'), 'at least 1, not 0');
  t.match(message('/changes/9/toSchoolCode'), 'no junior stage');
  t.match(message('/changes/9/students'), 'at least 1, not -3');
  t.match(message('/changes/10/stage'), 'is a primary, which has no senior stage');
  t.match(message('/changes/11/grade'), 'grade 3 is not a junior grade (7–9)');
  t.match(message('/changes/12/boarders'), 'not a boarding school');
  t.match(message('/changes/13/school/countyCode'), 'the scenario is for county 441427; a school of county 441481 cannot be added to it');
  t.match(message('/changes/13/school/townCode'), 'town 441481100 is not a town of county 441427');
  t.match(message('/changes/14/toSchoolCode'), 'no school 2144810001 in county 441427');

  const admin = await h.call('POST', URL_2023, {
    changes: [
      { type: 'remove_school', schoolCode: '2144810001' },
      { type: 'move_students', fromSchoolCode: '2144810001', toSchoolCode: CHENGDONG, stage: 'primary', students: 1 },
    ],
  });
  assertProblem(t, admin, 422);
  t.same(
    admin.body.errors.map((e: any) => [e.pointer, e.message]),
    [
      ['/changes/0/schoolCode', 'school 2144810001 belongs to county 441481, not 441427'],
      ['/changes/1/fromSchoolCode', 'school 2144810001 belongs to county 441481, not 441427'],
    ],
    'a key that sees both counties is told where the school is',
  );

  const costs = await whatIf([{ type: 'apply_plan', costs: { hire_teachers: 1, paint_walls: 5 } }]);
  assertProblem(t, costs, 400);
  t.ok(costs.body.errors.some((e: any) => e.pointer.startsWith('/changes/0')), 'an unknown action among the costs is a 400 at its change');

  const shape = await whatIf([{ type: 'move_students', fromSchoolCode: TJB, stage: 'junior', students: 1, extra: true }, { type: 'rename_school' }]);
  assertProblem(t, shape, 400);
  const pointers = shape.body.errors.map((e: any) => e.pointer);
  t.ok(pointers.includes('/changes/1/type'), 'an unknown type is a 400 at its pointer');
  t.ok(pointers.some((p: string) => p.startsWith('/changes/0')), 'a malformed change is a 400 at its pointer');
});

t.test('nothing written: every table as before; a concurrent reader sees the live data', async (t) => {
  // the auth layer records a key's last use (api_keys.last_used_at), not the scenario
  const tables = await fullSnapshot(h.database.db, ['api_keys']);
  const keys = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM api_keys`);
  const audit = await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
  const paths = ['class-sizes', 'resource-allocation', 'scorecard', 'entitlements'].map((p) => `/v1/counties/441427/years/2023/${p}`);
  const stored = async () => Promise.all(paths.map(async (p) => (await read('GET', p)).body));
  const live = await stored();
  const scenario = [
    { type: 'remove_school', schoolCode: TJB },
    { type: 'move_students', fromSchoolCode: CHENGDONG, toSchoolCode: '2144142712', stage: 'primary', students: 300 },
    { type: 'set_facilities', schoolCode: CHENGDONG, teachingAreaM2: 1 },
    { type: 'add_teachers', schoolCode: '2144142712', stage: 'primary', count: 9 },
    { type: 'apply_plan' },
  ];
  const [changed, during] = await Promise.all([whatIf(scenario), stored()]);
  t.equal(changed.status, 200);
  t.not(changed.body.after.classSizes.overLimit, live[0].overLimit, 'the scenario changed the class sizes');
  t.equal(changed.body.after.resourceAllocation.passes, true, 'and, with the plan applied, the county passes');
  t.same(during, live, 'requests running beside it answer from the stored data');
  t.same(await stored(), live, 'and so do those after it');
  t.same((await whatIf([])).body.before, before2023(), 'the next scenario starts from the stored county-year, not from a changed copy');
  assertProblem(t, await whatIf([{ type: 'remove_school', schoolCode: '2144999999' }]), 422);
  t.same(await fullSnapshot(h.database.db, ['api_keys']), tables, 'every table (audit log included) unchanged');
  t.same((await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`)).rows, audit.rows, 'no audit event');
  t.same((await h.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM api_keys`)).rows, keys.rows, 'no key made or removed');
});

t.test('scope: read scope, county-bound keys see only their county', async (t) => {
  const other = h.as((await h.makeKey({ scopes: ['read'], counties: ['441481'] })).token);
  assertProblem(t, await other('POST', URL_2023, { changes: [] }), 404);
  const writeOnly = h.as((await h.makeKey({ scopes: ['write'], counties: ['441427'] })).token);
  assertProblem(t, await writeOnly('POST', URL_2023, { changes: [] }), 403);
  assertProblem(t, await h.as(null)('POST', URL_2023, { changes: [] }), 401);
  assertProblem(t, await read('POST', '/v1/counties/441427/years/2030/what-if', { changes: [] }), 404);
  assertProblem(t, await read('POST', '/v1/counties/441499/years/2023/what-if', { changes: [] }), 404);
  assertProblem(t, await read('POST', `${URL_2023}?policyId=no-such-policy`, { changes: [] }), 404);
  const national = await read('POST', `${URL_2023}?policyId=national-2017`, { changes: [] });
  t.equal(national.status, 200);
  t.equal(national.body.policySource, 'override');
});

t.test('a write to the county-year is seen by the next scenario (the kept county-year is dropped)', async (t) => {
  const writer = h.as((await h.makeKey({ scopes: ['write', 'read'], counties: ['441427'] })).token);
  const first = (await whatIf([])).body.before;
  const unit = unitOf(first, 'primary', CHENGDONG);
  const year = (await writer('GET', `/v1/schools/${CHENGDONG}/years/2023`)).body;
  const put = await writer('PUT', `/v1/schools/${CHENGDONG}/years/2023`, { ...year, multimediaClassrooms: year.multimediaClassrooms + 50 });
  t.equal(put.status, 200);
  const next = (await whatIf([])).body.before;
  t.equal(unitOf(next, 'primary', CHENGDONG).indicators.B7.value, Math.round((100 * (year.multimediaClassrooms + 50) * 10_000) / unit.students) / 10_000);
  t.not(unitOf(next, 'primary', CHENGDONG).indicators.B7.value, unit.indicators.B7.value);
});

t.test('a write landing while the county-year is read: read again as one snapshot, kept under the newer version', async (t) => {
  // The snapshot reads its statements side by side between two reads of the data version; a write that
  // commits in between must not leave a mixture kept under the older version. The write is made here
  // after the first version read (passed in as the version the caller has just read), so the second read
  // differs and the county-year is read again inside one transaction.
  const writer = h.as((await h.makeKey({ scopes: ['write', 'read'], counties: ['441427'] })).token);
  const stale = await countyYearDataVersion(h.database.db, '441427', 2023);
  const year = (await writer('GET', `/v1/schools/${CHENGDONG}/years/2023`)).body;
  const put = await writer('PUT', `/v1/schools/${CHENGDONG}/years/2023`, { ...year, multimediaClassrooms: year.multimediaClassrooms + 7 });
  t.equal(put.status, 200);
  const current = await countyYearDataVersion(h.database.db, '441427', 2023);
  t.not(current, stale, 'the write raised the version');
  const { base, version } = await loadCountyYear(h.database.db, '441427', 2023, undefined, stale);
  t.equal(version, current, 'kept under the version the data was read as of, not the one read before the write');
  t.equal(base.schools.get(CHENGDONG)?.facilities?.multimediaClassrooms, year.multimediaClassrooms + 7, 'the data after the write');
  const unchanged = await loadCountyYear(h.database.db, '441427', 2023, undefined, current);
  t.equal(unchanged.version, current, 'no write in between: the version read before is kept');
  t.same([...unchanged.base.schools.values()], [...base.schools.values()], 'the same records either way');
});
