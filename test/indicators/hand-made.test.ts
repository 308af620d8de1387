// A small county built by hand through the API, with every figure worked out on paper:
//
//   A 2144990001 primary, urban, 500 students (12 classes); 22 full-time teachers (21 qualified, 5 county
//     backbone, 4 pe/music/art) + 2 part-time; 2250 m² teaching (B4 = 4.5 exactly), 3750 m² sports (7.5),
//     1 000 000 yuan equipment (2000), 12 multimedia rooms (2.4). B1 = 100 × 21 / 500 = 4.2 exactly: met.
//     B3 = 0.8 < 0.9 but ≥ 0.765: the unit passes with 6 of 7.
//   B 3144990002 nine-year, rural: 166 primary + 210 junior students; facilities 3970 m² teaching, 5955 m²
//     sports, 1 191 000 yuan, 10 multimedia rooms, split 166 : 1.1 × 210 = 166/397 : 231/397
//     (primary 1660 m², 2490 m², 498 000 yuan; junior 2310 m², 3465 m², 693 000 yuan).
//     Junior: one backbone teacher for 210 students (B2 0.4762, below the 0.85 floor): the unit fails.
//   C 2144990003 teaching point of A, rural, 30 students: listed, not assessed (fewer than 50).
//   D 2144990004 private primary: no B1–B7 unit (public schools only), but B10, B11, B12, B16, B18 and B19
//     count it like any school: its 60-student class is over 45 and a 大班额 (≥ 56); its one teacher, D01,
//     has no certificate; it has no music or art room.

import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';

const t = fileTest(import.meta);

const h = await createTestApp();
t.teardown(() => h.close());
const call = h.call;
const Y = 2024;
const A = '2144990001';
const B = '3144990002';
const C = '2144990003';
const D = '2144990004';

interface TY {
  staffCode: string;
  year: number;
  schoolCode: string;
  stage: string;
  fullTime: boolean;
  education: string;
  certified: boolean;
  backboneLevel: string;
  subject: string;
  trainingHours: number;
  rotated: boolean;
  rotationEligible?: boolean;
}

const teacherYears: TY[] = [];
const ty = (staffCode: string, schoolCode: string, stage: string, over: Partial<TY> = {}, year = Y): void => {
  teacherYears.push({
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
    rotationEligible: false,
    ...over,
  });
};
const code = (p: string, i: number) => `${p}${String(i).padStart(2, '0')}`;

// School A: A01–A21 qualified (A01–A10 associate, A11–A21 bachelor), A01–A05 county backbone,
// A06–A09 pe / music / art / pe; A22 secondary education, uncertified, 40 hours; A23, A24 part-time.
const arts = ['pe', 'music', 'art', 'pe'];
for (let i = 1; i <= 21; i++) {
  ty(code('A', i), A, 'primary', {
    education: i <= 10 ? 'associate' : 'bachelor',
    backboneLevel: i <= 5 ? 'county' : 'none',
    subject: i >= 6 && i <= 9 ? (arts[i - 6] as string) : 'chinese',
  });
}
ty('A22', A, 'primary', { education: 'secondary', certified: false, trainingHours: 40 });
ty('A23', A, 'primary', { fullTime: false, backboneLevel: 'city', subject: 'music' });
ty('A24', A, 'primary', { fullTime: false, backboneLevel: 'city', subject: 'music', certified: false });
// B16 windows 2020–2024 and B18 tenure (records from 2019):
//   A01: at A 2019–2024, rotationEligible not given → 6 years at A: eligible by tenure; 5 × 72 in the window: completed.
//   A02: at A except 2021 at B → run of 3: not eligible; completed.
//   A03: 2022 with 0 hours and 2024 with 144 → needs 2 × 72 = 144: completed exactly at the bound.
//   A04: 2023 with 50 and 2024 with 93 → 143 < 144: not completed; rotationEligible true.
//   A05: rotationEligible true.
const set = (staff: string, over: Partial<TY>) => Object.assign(teacherYears.find((x) => x.staffCode === staff && x.year === Y) as TY, over);
for (const y of [2019, 2020, 2021, 2022, 2023]) ty('A01', A, 'primary', { education: 'associate' }, y);
set('A01', { rotationEligible: undefined });
for (const y of [2019, 2020, 2022, 2023]) ty('A02', A, 'primary', {}, y);
ty('A02', B, 'primary', {}, 2021);
set('A02', { rotationEligible: undefined });
ty('A03', A, 'primary', { trainingHours: 0 }, 2022);
set('A03', { trainingHours: 144, rotationEligible: undefined });
ty('A04', A, 'primary', { trainingHours: 50 }, 2023);
set('A04', { trainingHours: 93, rotationEligible: true });
set('A05', { rotationEligible: true });
for (const x of teacherYears) if (x.rotationEligible === undefined) delete x.rotationEligible;

// School B primary: B01–B07 associate, B08 secondary; B01, B02 county backbone; B03 art, B04 music.
for (let i = 1; i <= 8; i++) {
  ty(code('B', i), B, 'primary', {
    education: i <= 7 ? 'associate' : 'secondary',
    backboneLevel: i <= 2 ? 'county' : 'none',
    subject: i === 3 ? 'art' : i === 4 ? 'music' : 'chinese',
  });
}
// School B junior: B11–B22 bachelor, B23 associate (not enough for junior); B11 city backbone and rotated
// this year; B12 pe, B13 art.
for (let i = 11; i <= 23; i++) {
  ty(code('B', i), B, 'junior', {
    education: i <= 22 ? 'bachelor' : 'associate',
    backboneLevel: i === 11 ? 'city' : 'none',
    subject: i === 12 ? 'pe' : i === 13 ? 'art' : 'math',
    rotated: i === 11,
  });
}
ty('C01', C, 'primary', { education: 'associate' });
ty('C02', C, 'primary', { education: 'associate' });
ty('D01', D, 'primary', { education: 'associate', certified: false });

const classes = (prefix: string, stage: string, sizes: number[]) =>
  sizes.map((students, i) => ({ classCode: `${prefix}${i + 1}`, stage, students }));

t.before(async () => {
  const put = async (url: string, body: unknown) => {
    const r = await call('PUT', url, body);
    if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${r.status} ${r.text}`);
  };
  await put('/v1/counties/441499', { name: '测试县', cityCode: '441400', provinceCode: '44' });
  const school = (name: string, kind: string, areaType: string, over: Record<string, unknown> = {}) => ({
    name,
    countyCode: '441499',
    kind,
    areaType,
    ownership: 'public',
    boarding: false,
    ...over,
  });
  await put(`/v1/schools/${A}`, school('测试县城南小学', 'primary', 'urban'));
  await put(`/v1/schools/${B}`, school('测试县九年一贯制学校', 'nine_year', 'rural'));
  await put(`/v1/schools/${C}`, school('测试县城南小学山背教学点', 'teaching_point', 'rural', { centralSchoolCode: A }));
  await put(`/v1/schools/${D}`, school('测试县私立小学', 'primary', 'urban', { ownership: 'private' }));
  const year = (over: Record<string, unknown>) => ({ boarders: 0, inclusionStudents: 0, musicRoomAreasM2: [], artRoomAreasM2: [], ...over });
  await put(`/v1/schools/${A}/years/${Y}`, year({
    teachingAreaM2: 2250, sportsAreaM2: 3750, equipmentValueYuan: 1000000, multimediaClassrooms: 12,
    musicRoomAreasM2: [96], artRoomAreasM2: [89.99],
    publicFundingAllocatedYuan: 400000, trainingSpendYuan: 20000,
  }));
  await put(`/v1/schools/${B}/years/${Y}`, year({
    teachingAreaM2: 3970, sportsAreaM2: 5955, equipmentValueYuan: 1191000, multimediaClassrooms: 10,
    musicRoomAreasM2: [100], artRoomAreasM2: [90],
    publicFundingAllocatedYuan: 300000, trainingSpendYuan: 14999.99,
  }));
  await put(`/v1/schools/${C}/years/${Y}`, year({
    teachingAreaM2: 150, sportsAreaM2: 400, equipmentValueYuan: 50000, multimediaClassrooms: 1,
    publicFundingAllocatedYuan: 65000, trainingSpendYuan: 3250,
  }));
  await put(`/v1/schools/${D}/years/${Y}`, year({
    teachingAreaM2: 300, sportsAreaM2: 300, equipmentValueYuan: 10000, multimediaClassrooms: 1,
    publicFundingAllocatedYuan: 30000, trainingSpendYuan: 1500,
  }));
  await put(`/v1/schools/${A}/years/${Y}/classes`, classes('P', 'primary', [42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 40, 40]));
  await put(`/v1/schools/${B}/years/${Y}/classes`, [
    ...classes('P', 'primary', [28, 28, 28, 28, 27, 27]),
    ...classes('J', 'junior', [51, 40, 40, 40, 39]),
  ]);
  await put(`/v1/schools/${C}/years/${Y}/classes`, classes('P', 'primary', [15, 15]));
  await put(`/v1/schools/${D}/years/${Y}/classes`, classes('P', 'primary', [60]));
  const staff = [...new Set(teacherYears.map((x) => x.staffCode))].map((staffCode) => ({ staffCode, name: `教师${staffCode}` }));
  const bulk = await call('POST', '/v1/bulk', { teachers: staff, teacherYears });
  if (bulk.status !== 200) throw new Error(`bulk: ${bulk.status} ${bulk.text}`);
});

const unitOf = (body: any, unitId: string) => body.units.find((u: any) => u.unitId === unitId);

t.test('resource allocation: hand-worked figures', async (t) => {
  const r = await call('GET', `/v1/counties/441499/years/${Y}/resource-allocation`);
  t.equal(r.status, 200);
  t.equal(r.body.policyId, 'national-2017', 'the default policy outside Jiaoling');
  t.same(r.body.units.map((u: any) => u.unitId), [`${A}:primary`, `${C}:primary`, `${B}:primary`, `${B}:junior`], 'by school code, primary units first');
  t.same(r.body.excluded, [{ schoolCode: D, schoolName: '测试县私立小学', kind: 'primary', reason: 'private school (assessPrivateSchools: false)' }]);

  const a = unitOf(r.body, `${A}:primary`);
  t.match(a, { schoolName: '测试县城南小学', students: 500, classes: 12, assessed: true, metCount: 6, passes: true });
  t.same(a.inputs.teachers, { fullTime: 22, qualified: 21, backbone: 5, artsPe: 4, certified: 21 });
  t.match(a.indicators.B1, { value: 4.2, numerator: 21, denominator: 500, standard: 4.2, met: true, shortfall: null }, 'exactly at the standard meets it');
  t.match(a.indicators.B2, { value: 1, numerator: 5, met: true });
  t.match(a.indicators.B3, { value: 0.8, numerator: 4, met: false, atLeastFloor: true, floor: 0.765 });
  t.same(a.indicators.B3.shortfall, { unit: 'teachers', toStandard: 1, toFloor: 0 });
  t.match(a.indicators.B4, { value: 4.5, numerator: 2250, met: true });
  t.match(a.indicators.B5, { value: 7.5, numerator: 3750, met: true });
  t.match(a.indicators.B6, { value: 2000, numerator: 1000000, met: true });
  t.match(a.indicators.B7, { value: 2.4, numerator: 12, met: true });
  t.equal(a.inputs.contributions[0].facilityShare, 1);

  const bp = unitOf(r.body, `${B}:primary`);
  const bj = unitOf(r.body, `${B}:junior`);
  t.equal(bp.inputs.contributions[0].facilityShareExact, '166/397', 'the nine-year split of docs/domain.md §2');
  t.equal(bj.inputs.contributions[0].facilityShareExact, '231/397');
  t.same(bp.inputs.contributions[0].schoolStudents, { primary: 166, junior: 210 });
  t.same(bp.inputs.contributions[0].schoolFacilities, {
    teachingAreaM2: 3970,
    indoorSportsAreaM2: 0,
    sportsAreaM2: 5955,
    equipmentValueYuan: 1191000,
    multimediaClassrooms: 10,
  });
  t.match(bp.inputs.facilities, { teachingAreaM2: 1660, sportsAreaM2: 2490, equipmentValueYuan: 498000, multimediaClassrooms: 4.1814 });
  t.match(bj.inputs.facilities, { teachingAreaM2: 2310, sportsAreaM2: 3465, equipmentValueYuan: 693000, multimediaClassrooms: 5.8186 });
  t.match(bp.indicators.B4, { value: 10, numerator: 1660, denominator: 166 });
  t.match(bj.indicators.B4, { value: 11, numerator: 2310, denominator: 210 });
  t.match(bp.indicators.B6, { value: 3000 });
  t.match(bj.indicators.B6, { value: 3300 });
  t.match(bp.indicators.B7, { value: 2.5189, numerator: 4.1814 }, '100 × (10 × 166/397) / 166 = 1000/397');
  t.match(bp.indicators.B1, { numerator: 7, value: 4.2169, met: true });
  t.match(bj.indicators.B1, { numerator: 12, value: 5.7143, met: true }, 'an associate degree does not count in junior');
  t.match(bj.indicators.B2, { numerator: 1, value: 0.4762, met: false, atLeastFloor: false });
  t.same(bj.indicators.B2.shortfall, { unit: 'teachers', toStandard: 2, toFloor: 1 });
  t.match(bj, { metCount: 6, belowFloor: ['B2'], passes: false });
  t.match(bp, { metCount: 7, passes: true });

  const c = unitOf(r.body, `${C}:primary`);
  t.match(c, { students: 30, assessed: false, passes: null });
  t.match(c.notAssessedReason, /fewer than teachingPointMinStudents 50/);

  // primary dispersion over A (500) and B (166); C is left out
  const p = r.body.stages.primary;
  t.equal(p.dispersion.B4.students, 666);
  t.equal(p.dispersion.B4.units, 2);
  t.equal(p.dispersion.B4.total, 3910, '2250 + 1660 m²');
  const mean = 3910 / 666;
  const sd = Math.sqrt((500 * (4.5 - mean) ** 2 + 166 * (10 - mean) ** 2) / 666);
  t.equal(p.dispersion.B4.mean, Math.round(mean * 1e6) / 1e6);
  t.equal(p.dispersion.B4.sd, Math.round(sd * 1e6) / 1e6);
  t.equal(p.dispersion.B4.cv, Math.round((sd / mean) * 1e6) / 1e6);
  t.equal(p.dispersion.B4.max, 0.5);
  t.equal(p.dispersion.B4.met, true);
  t.equal(p.dispersion.B1.total, 2800, '100 × (21 + 7) teachers');
  t.equal(p.unitsAssessed, 2);
  t.equal(p.schoolsPassing, 2);
  t.equal(p.passes, true);
  const j = r.body.stages.junior;
  t.match(j.dispersion.B4, { units: 1, sd: 0, cv: 0, met: true });
  t.equal(j.passes, false, 'the junior unit fails');
  t.equal(r.body.passes, false, 'the county fails B1–B7');
  t.equal(r.body.schoolsPassing, 2);
  t.equal(r.body.unitsAssessed, 3);

  const only = await call('GET', `/v1/counties/441499/years/${Y}/resource-allocation?stage=primary`);
  t.equal(only.body.passes, true, 'the primary stage alone passes');
  t.same(only.body.dispersion, p.dispersion);
  t.same(only.body.composite, p.composite);
});

t.test("class sizes: B's junior class over 50 and the private school's class of 60", async (t) => {
  const r = await call('GET', `/v1/counties/441499/years/${Y}/class-sizes`);
  // 12 (A) + 11 (B) + 2 (C) + 1 (D) compulsory classes; 1 大班额 of 26 = 0.0385
  t.match(r.body, { classes: 26, overLimit: 2, large: 1, superLarge: 0, largeShare: 0.0385, superLargeShare: 0, met: false });
  t.same(r.body.violations, [
    { schoolCode: D, schoolName: '测试县私立小学', classCode: 'P1', stage: 'primary', students: 60, limit: 45, large: true, superLarge: false },
    { schoolCode: B, schoolName: '测试县九年一贯制学校', classCode: 'J1', stage: 'junior', students: 51, limit: 50, large: false, superLarge: false },
  ]);
  const csv = await call('GET', `/v1/counties/441499/years/${Y}/class-sizes`, undefined, { accept: 'text/csv' });
  t.equal(
    csv.text,
    '\uFEFFcountyCode,year,schoolCode,schoolName,classCode,stage,students,limit,excess,large,superLarge\n' +
      '441499,2024,2144990004,测试县私立小学,P1,primary,60,45,15,true,false\n' +
      '441499,2024,3144990002,测试县九年一贯制学校,J1,junior,51,50,1,false,false\n',
  );
});

t.test('scorecard: B10, B11, B12, B16, B18, B19 and the funding checks', async (t) => {
  const r = await call('GET', `/v1/counties/441499/years/${Y}/scorecard`);
  t.equal(r.status, 200);
  const by = new Map<string, any>(r.body.indicators.map((e: any) => [e.id, e]));
  t.equal(by.get('B2').status, 'not_met', 'a junior unit below 85 % of the standard');
  t.equal(by.get('B3').status, 'met', 'B3 at 0.8 is above the floor and the cv is small');
  t.equal(by.get('B1').status, 'met');
  t.match(by.get('B10'), { status: 'not_met', detail: { schools: 3, notMet: [A, D] } }, "A's art room of 89.99 m² does not count; D has no room");
  t.same(by.get('B10').detail.notMet, [A, D]);
  t.match(by.get('B11'), { status: 'met', detail: { schools: 4, notMet: [] } }, 'A, B, C and the private D are checked');
  t.match(by.get('B12'), { status: 'not_met', value: 2, detail: { classes: 26, overLimit: 2, large: 1, superLarge: 0 } }, "the private school's 60 counts");
  // B16: 46 full-time teacher-years (A 22, B 21, C 2, D 1); A04 and A22 have not completed
  t.match(by.get('B16'), { status: 'not_met', value: 0.9565, detail: { fullTime: 46, completed: 44, windowFrom: 2020, windowTo: 2024, hoursPerYear: 72 } });
  // B18: eligible = B11 (rotated) + A04, A05 (declared) + A01 (6 years at A); A02's run is broken by 2021
  t.match(by.get('B18'), {
    status: 'met',
    value: 0.25,
    detail: { rotated: 1, eligible: 4, eligibleByTenure: 1, rotatedBackbone: 1, tenureYears: 6, teacherYears: 48 },
  });
  // B19: A22 and the private school's D01 have no certificate
  t.match(by.get('B19'), { status: 'not_met', detail: { fullTime: 46, certified: 44 } });
  t.equal(by.get('B13').status, 'met', 'the teaching point of 30 is funded as 100 × 650');
  t.equal(by.get('B14').status, 'met', 'no special school');
  t.match(by.get('B14').explanation, /no school to which the check applies/);
  t.match(by.get('B26'), { status: 'not_met', detail: { notMet: 1, shortfallYuan: 0.01 } }, 'B spends 14999.99 of the 15000 needed');
  for (const id of ['B15', 'B20', 'B21', 'B22', 'B23', 'B24', 'B31', 'B8']) t.equal(by.get(id).status, 'not_assessable', `${id}: no county facts`);
  t.same(by.get('B15').missing, ['facts.teacherAveragePayYuan', 'facts.civilServantAveragePayYuan']);
  t.same(r.body.resourceAllocation, {
    primary: true,
    junior: false,
    passes: false,
    explanation: r.body.resourceAllocation.explanation,
  });
});

t.test('a cv above the limit fails the stage even when every unit passes', async (t) => {
  const sy = (sportsAreaM2: number) => ({
    teachingAreaM2: 3970, sportsAreaM2, equipmentValueYuan: 1191000, multimediaClassrooms: 10,
    musicRoomAreasM2: [100], artRoomAreasM2: [90], boarders: 0, inclusionStudents: 0,
    publicFundingAllocatedYuan: 300000, trainingSpendYuan: 14999.99,
  });
  // 7940 m² at B: primary B5 = 20 against A's 7.5 → cv 0.509366 > 0.5
  t.equal((await call('PUT', `/v1/schools/${B}/years/${Y}`, sy(7940))).status, 200);
  const r = await call('GET', `/v1/counties/441499/years/${Y}/resource-allocation?stage=primary`);
  t.equal(r.body.schoolsPassing, 2, 'both primary units pass');
  t.match(r.body.dispersion.B5, { cv: 0.509366, max: 0.5, met: false });
  t.equal(r.body.passes, false);
  const card = await call('GET', `/v1/counties/441499/years/${Y}/scorecard`);
  t.equal(card.body.indicators.find((e: any) => e.id === 'B5').status, 'not_met');
  t.equal(card.body.resourceAllocation.primary, false);
  t.equal((await call('PUT', `/v1/schools/${B}/years/${Y}`, sy(5955))).status, 200);
});

t.test('B13 not assessable names the missing funding input', async (t) => {
  await call('PUT', `/v1/schools/${C}/years/${Y}`, {
    teachingAreaM2: 150, sportsAreaM2: 400, equipmentValueYuan: 50000, multimediaClassrooms: 1,
    musicRoomAreasM2: [], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0,
  });
  const r = await call('GET', `/v1/counties/441499/years/${Y}/scorecard`);
  const b13 = r.body.indicators.find((e: any) => e.id === 'B13');
  t.equal(b13.status, 'not_assessable');
  t.same(b13.missing, [`funding compliance: ${C}.publicFundingAllocatedYuan`]);
  await call('PUT', `/v1/schools/${C}/years/${Y}`, {
    teachingAreaM2: 150, sportsAreaM2: 400, equipmentValueYuan: 50000, multimediaClassrooms: 1,
    musicRoomAreasM2: [], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0,
    publicFundingAllocatedYuan: 65000, trainingSpendYuan: 3250,
  });
});

t.test('one school: units, B10, B11, B12, notes', async (t) => {
  const b = await call('GET', `/v1/schools/${B}/years/${Y}/indicators`);
  t.equal(b.status, 200);
  t.same(b.body.students, { primary: 166, junior: 210 });
  t.same(b.body.units.map((u: any) => u.unitId), [`${B}:primary`, `${B}:junior`]);
  t.match(b.body.B10, { status: 'met', compulsoryClasses: 11, required: 1, music: { rooms: 1, counting: 1 }, art: { rooms: 1, counting: 1 } });
  t.match(b.body.B11, { status: 'met', compulsoryStudents: 376, limit: 2500 });
  t.match(b.body.B12, { status: 'not_met', classes: 11, overLimit: 1 });

  const a = await call('GET', `/v1/schools/${A}/years/${Y}/indicators`);
  t.match(a.body.B10, { status: 'not_met', art: { rooms: 1, counting: 0, minAreaM2: 90 } });

  const c = await call('GET', `/v1/schools/${C}/years/${Y}/indicators`);
  t.equal(c.body.units.length, 1);
  t.equal(c.body.units[0].assessed, false);
  t.equal(c.body.B10, null);

  // the private school: no B1–B7 unit, but B10, B11 and B12 as for any school
  const d = await call('GET', `/v1/schools/${D}/years/${Y}/indicators`);
  t.same(d.body.units, []);
  t.same(d.body.notes, ['B1–B7: no assessment unit (private school (assessPrivateSchools: false))']);
  t.match(d.body.B10, { status: 'not_met', compulsoryClasses: 1, required: 1, music: { rooms: 0, counting: 0 }, art: { rooms: 0, counting: 0 } });
  t.match(d.body.B11, { status: 'met', compulsoryStudents: 60, limit: 2000 });
  t.match(d.body.B12, { status: 'not_met', classes: 1, overLimit: 1, large: 1 });
  t.same(d.body.B12.violations.map((v: any) => `${v.classCode}:${v.students}>${v.limit}`), ['P1:60>45']);

  // a year with teacher-years but no classes
  const old = await call('GET', `/v1/schools/${A}/years/2020/indicators`);
  assertProblem(t, old, 404);
  t.equal(old.body.detail, `no classes recorded for school ${A} in 2020 and no school-year record`);
});

t.test("a special school's class is never counted for B12, a private school's is", async (t) => {
  const E = '5144990005';
  const put = async (url: string, body: unknown) => t.ok([200, 201].includes((await call('PUT', url, body)).status), url);
  await put(`/v1/schools/${E}`, { name: '测试县特殊教育学校', countyCode: '441499', kind: 'special', areaType: 'urban', ownership: 'public', boarding: false });
  await put(`/v1/schools/${E}/years/${Y}/classes`, classes('S', 'primary', [70]));
  const r = await call('GET', `/v1/counties/441499/years/${Y}/class-sizes`);
  t.match(r.body, { classes: 26, overLimit: 2, large: 1, superLarge: 0 }, 'the 70 of the special school is not looked at');
  t.same(r.body.violations.map((v: any) => v.schoolCode), [D, B], "the private school's 60 still is");
  const card = await call('GET', `/v1/counties/441499/years/${Y}/scorecard`);
  t.match(card.body.indicators.find((e: any) => e.id === 'B12'), { status: 'not_met', value: 2, detail: { classes: 26, superLarge: 0 } });
  const e = await call('GET', `/v1/schools/${E}/years/${Y}/indicators`);
  t.equal(e.body.B12, null);
  t.ok(e.body.notes.includes('B12: does not apply to special schools'));
  await put(`/v1/schools/${E}/years/${Y}/classes`, []);
});

t.test('the tenure rule counts only consecutive years at the same school', async (t) => {
  // A02 moves back: 2021 at A too. Now 6 consecutive years 2019–2024 at A.
  const body = { ...(teacherYears.find((x) => x.staffCode === 'A02' && x.year === 2021) as TY), schoolCode: A };
  const { staffCode, year, ...rest } = body;
  const r = await call('PUT', `/v1/teachers/${staffCode}/years/${year}`, rest);
  t.equal(r.status, 200);
  const card = await call('GET', `/v1/counties/441499/years/${Y}/scorecard`);
  const b18 = card.body.indicators.find((e: any) => e.id === 'B18');
  t.match(b18.detail, { eligible: 5, eligibleByTenure: 2 });
  t.equal(b18.value, 0.2);
});

t.test('a key bound to another county gets 404 for this one', async (t) => {
  const other = h.as((await h.makeKey({ scopes: ['read'], counties: ['441427'] })).token);
  for (const path of ['resource-allocation', 'class-sizes', 'scorecard']) {
    const r = await other('GET', `/v1/counties/441499/years/${Y}/${path}`);
    assertProblem(t, r, 404);
  }
  assertProblem(t, await other('GET', `/v1/schools/${A}/years/${Y}/indicators`), 404);
  const anonymous = await h.as(null)('GET', `/v1/counties/441499/years/${Y}/scorecard`);
  t.equal(anonymous.status, 401);
});
