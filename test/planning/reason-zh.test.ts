// The plan's reasons in two languages (src/rules/planning/reason*.ts): every kind of reason renders in
// English and in Chinese with every figure of its statement and nothing undefined (a property over the
// figures), one sample of each kind spelled out in both languages (the English as the API has always
// written it), merged actions, and the demo county's plans over HTTP: `reasonZh` in the JSON, the CSV
// and the workbook columns.

import fc from 'fast-check';
import { fileTest } from '../helpers/file-test.js';
import { rat, type Rational } from '../../src/rules/exact.js';
import {
  mergeActions,
  percentOf,
  reasonEn,
  reasonsEn,
  reasonsZh,
  reasonZh,
  type PlanAction,
  type PlanReason,
  type PlanReasonKind,
  type UnitFigure,
} from '../../src/rules/planning/index.js';
import { EDUCATION_LEVELS, SCHOOL_KINDS } from '../../src/rules/vocabulary.js';
import { PLAN_CSV_COLUMNS } from '../../src/services/planning/remediation.js';
import { loadDemoCounty } from '../../src/services/demo.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

// Arbitrary statements ----------------------------------------------------------------------------------

const stageArb = fc.constantFrom('primary' as const, 'junior' as const);
const codeArb = fc.integer({ min: 1_000_000_000, max: 9_999_999_999 }).map(String);
const countArb = fc.integer({ min: 0, max: 5000 });
const positiveArb = fc.integer({ min: 1, max: 5000 });
/** A figure as the planner keeps it: at most 4 decimals. */
const decimalArb = fc.integer({ min: 0, max: 99_999_999 }).map((n) => n / 10_000);
const shareArb: fc.Arbitrary<Rational> = fc
  .tuple(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 50_000 }))
  .map(([a, b]) => ({ n: BigInt(Math.min(a, b)), d: BigInt(Math.max(a, b) + 1) }));
const facilityArb = fc.constantFrom('B4' as const, 'B5' as const, 'B6' as const, 'B7' as const);
const resourceArb = fc.constantFrom('B1' as const, 'B2' as const, 'B3' as const, 'B4' as const, 'B5' as const, 'B6' as const, 'B7' as const);
/** A unit id as the service makes it (code:stage), or another id (a merged unit), shown whole. */
const unitIdArb = (stage: 'primary' | 'junior') => fc.oneof(codeArb.map((c) => `${c}:${stage}`), fc.tuple(codeArb, codeArb).map(([a, b]) => `${a}+${b}`));

const figureArb = (indicator: fc.Arbitrary<UnitFigure['indicator']>): fc.Arbitrary<UnitFigure> =>
  fc.record({ indicator, stage: stageArb }).chain(({ indicator: id, stage }) =>
    fc.record({
      indicator: fc.constant(id),
      stage: fc.constant(stage),
      unitId: unitIdArb(stage),
      value: fc.option(decimalArb, { nil: null }),
      target: fc.oneof(
        fc.record({ to: fc.constant('standard' as const), standard: decimalArb }),
        fc.record({ to: fc.constant('floor' as const), floorShare: fc.integer({ min: 1, max: 999 }).map((n) => n / 1000), floor: decimalArb }),
      ),
    }),
  );

/** One arbitrary per kind: the type makes a new kind of reason fail to compile here until it is tested. */
const ARBITRARIES: { [K in PlanReasonKind]: fc.Arbitrary<Extract<PlanReason, { kind: K }>> } = {
  school_size: fc.record({
    kind: fc.constant('school_size' as const),
    schoolCode: codeArb,
    schoolKind: fc.constantFrom(...SCHOOL_KINDS),
    compulsoryStudents: positiveArb,
    cap: positiveArb,
    stage: stageArb,
    moved: positiveArb,
  }),
  class_size: fc.record({
    kind: fc.constant('class_size' as const),
    schoolCode: codeArb,
    stage: stageArb,
    grade: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    students: positiveArb,
    classes: positiveArb,
    largest: positiveArb,
    limit: positiveArb,
    needed: positiveArb,
    added: countArb,
  }),
  special_rooms: fc.record({
    kind: fc.constant('special_rooms' as const),
    schoolCode: codeArb,
    room: fc.constantFrom('music' as const, 'art' as const),
    compulsoryClasses: positiveArb,
    required: positiveArb,
    minAreaM2: decimalArb,
    classesPerRoom: positiveArb,
    counting: countArb,
    rooms: countArb,
    added: positiveArb,
  }),
  unit_facility: facilityArb.chain((indicator) =>
    fc.record({
      kind: fc.constant('unit_facility' as const),
      indicator: fc.constant(indicator),
      units: fc.array(fc.record({ figure: figureArb(fc.constant(indicator)), share: fc.option(shareArb, { nil: null }) }), { minLength: 1, maxLength: 2 }),
    }),
  ),
  arts_pe_hire: fc.record({
    kind: fc.constant('arts_pe_hire' as const),
    figure: figureArb(fc.constant('B3' as const)),
    hires: positiveArb,
    subject: fc.constantFrom('pe' as const, 'music' as const, 'art' as const),
    count: positiveArb,
    education: fc.constantFrom(...EDUCATION_LEVELS),
  }),
  unit_hire: fc
    .record({
      kind: fc.constant('unit_hire' as const),
      qualified: fc.option(fc.record({ figure: figureArb(fc.constant('B1' as const)), hires: positiveArb, education: fc.constantFrom(...EDUCATION_LEVELS) }), { nil: null }),
      backbone: fc.option(fc.record({ designations: positiveArb, nonBackbone: countArb }), { nil: null }),
      artsPeHires: countArb,
    })
    // the planner states at least one of the two needs
    .filter((r) => r.qualified !== null || r.backbone !== null),
  designation: fc.record({ kind: fc.constant('designation' as const), figure: figureArb(fc.constant('B2' as const)), count: positiveArb }),
  dispersion: fc.record({ stage: stageArb, indicator: resourceArb }).chain(({ stage, indicator }) =>
    fc.record({
      kind: fc.constant('dispersion' as const),
      stage: fc.constant(stage),
      indicator: fc.constant(indicator),
      cvMax: fc.integer({ min: 1, max: 999 }).map((n) => n / 1000),
      level: decimalArb,
      unitId: unitIdArb(stage),
      from: decimalArb,
      hiredForBackbone: indicator === 'B2' ? fc.option(fc.record({ nonBackbone: countArb, hired: positiveArb }), { nil: null }) : fc.constant(null),
      share: ['B4', 'B5', 'B6', 'B7'].includes(indicator) ? fc.option(shareArb, { nil: null }) : fc.constant(null),
    }),
  ),
};

// The figures each text must show -----------------------------------------------------------------------

const num = (x: number | null): string => (x === null ? '—' : String(x));
const frac = (r: Rational): string => `${r.n}/${r.d}`;
/** The Chinese text names a unit code:stage by its code (its stage is written out in words). */
const unitCode = (unitId: string, stage: string): string => (unitId.endsWith(`:${stage}`) ? unitId.slice(0, -stage.length - 1) : unitId);

interface Expected {
  en: string[];
  zh: string[];
}

function both(out: Expected, ...xs: string[]): void {
  out.en.push(...xs);
  out.zh.push(...xs);
}

function figureTokens(out: Expected, f: UnitFigure): void {
  out.en.push(f.unitId, num(f.value));
  out.zh.push(unitCode(f.unitId, f.stage), num(f.value));
  if (f.target.to === 'standard') both(out, num(f.target.standard));
  else {
    both(out, num(f.target.floor));
    out.en.push(num(f.target.floorShare));
    out.zh.push(`${num(percentOf(f.target.floorShare))}%`);
  }
}

function expected(r: PlanReason): Expected {
  const out: Expected = { en: [], zh: [] };
  switch (r.kind) {
    case 'school_size':
      both(out, r.schoolCode, num(r.compulsoryStudents), num(r.cap), num(r.moved));
      break;
    case 'class_size':
      both(out, r.schoolCode, num(r.students), num(r.classes), num(r.largest), num(r.limit), num(r.needed));
      if (r.grade !== null) both(out, num(r.grade));
      if (r.added > 0) both(out, num(r.added));
      break;
    case 'special_rooms':
      both(out, r.schoolCode, ...[r.compulsoryClasses, r.required, r.minAreaM2, r.classesPerRoom, r.counting, r.rooms, r.added].map(num));
      break;
    case 'unit_facility':
      for (const u of r.units) {
        figureTokens(out, u.figure);
        if (u.share) both(out, frac(u.share));
      }
      break;
    case 'arts_pe_hire':
      figureTokens(out, r.figure);
      both(out, num(r.hires), num(r.count));
      break;
    case 'unit_hire':
      if (r.qualified) {
        figureTokens(out, r.qualified.figure);
        both(out, num(r.qualified.hires));
      }
      if (r.backbone) both(out, num(r.backbone.designations), num(r.backbone.nonBackbone));
      if (r.artsPeHires > 0) both(out, num(r.artsPeHires));
      break;
    case 'designation':
      figureTokens(out, r.figure);
      both(out, num(r.count));
      break;
    case 'dispersion':
      both(out, num(r.cvMax), num(r.level), num(r.from));
      out.en.push(r.unitId);
      out.zh.push(unitCode(r.unitId, r.stage));
      if (r.hiredForBackbone) both(out, num(r.hiredForBackbone.nonBackbone), num(r.hiredForBackbone.hired));
      if (r.share) both(out, frac(r.share));
      break;
  }
  return out;
}

/** `token` in `text` as a whole figure: not the middle of a longer number. */
function showsFigure(text: string, token: string): boolean {
  const escaped = token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<![0-9.])${escaped}(?![0-9]|\\.[0-9])`).test(text);
}

t.test('every kind of reason, any figures: both texts show every figure and nothing undefined', async (t) => {
  let runs = 0;
  fc.assert(
    fc.property(fc.oneof(...(Object.values(ARBITRARIES) as fc.Arbitrary<PlanReason>[])), (r) => {
      runs++;
      const en = reasonEn(r);
      const zh = reasonZh(r);
      for (const text of [en, zh]) {
        if (/undefined|NaN|null|\[object/.test(text)) throw new Error(`a hole in ${text}`);
      }
      // every code is put into words: no Latin letter is left in the Chinese text
      if (/[A-Za-z]/.test(zh)) throw new Error(`untranslated code in ${zh}`);
      if (!/[\u4e00-\u9fff]/.test(zh)) throw new Error(`not Chinese: ${zh}`);
      const want = expected(r);
      for (const token of want.en) if (!showsFigure(en, token)) throw new Error(`English lacks ${token}: ${en}`);
      for (const token of want.zh) if (!showsFigure(zh, token)) throw new Error(`Chinese lacks ${token}: ${zh}`);
    }),
    { numRuns: 3000, seed: 20240901 },
  );
  t.equal(runs, 3000);
  // the property's own check catches a figure left out
  t.notOk(showsFigure('… 6.2388 平方米', '6.238'), 'a shorter figure inside a longer one does not count');
  t.notOk(showsFigure('… 16 人', '6'), 'nor a figure inside a larger one');
  t.ok(showsFigure('… 85% 底线 6.375 平方米', '6.375'));
});

// One of each kind, spelled out ---------------------------------------------------------------------------

const B5_FLOOR: UnitFigure = {
  indicator: 'B5',
  stage: 'primary',
  unitId: '2144142796:primary',
  value: 6.2388,
  target: { to: 'floor', floorShare: 0.85, floor: 6.375 },
};

const SAMPLES: { [K in PlanReasonKind]: { reason: Extract<PlanReason, { kind: K }>; en: string; zh: string } } = {
  school_size: {
    reason: { kind: 'school_size', schoolCode: '3144142706', schoolKind: 'junior', compulsoryStudents: 2012, cap: 2000, stage: 'junior', moved: 12 },
    en: 'B11: 3144142706 (junior) has 2012 compulsory students, above its cap of 2000; 12 junior students move to places at other schools, taken from its largest classes',
    zh: '学校规模：3144142706（初中）义务教育阶段学生 2012 人，超过规模上限 2000 人；从该校最大的班级中分流初中学生 12 人到其他学校就读',
  },
  class_size: {
    reason: { kind: 'class_size', schoolCode: '2144000000', stage: 'junior', grade: 9, students: 151, classes: 3, largest: 61, limit: 50, needed: 4, added: 1 },
    en: 'B12: grade 9 (junior) at 2144000000 has 151 students in 3 classes, the largest of 61, above the limit of 50; ceil(151 / 50) = 4 classes, so 1 more, with the students re-divided evenly',
    zh: '班额：2144000000 初中 9 年级共有学生 151 人、3 个班，最大班额 61 人，超过 50 人的上限；151 ÷ 50 向上取整为 4 个班，需增设 1 个班，并将学生重新均衡分班',
  },
  special_rooms: {
    reason: { kind: 'special_rooms', schoolCode: '2144000001', room: 'music', compulsoryClasses: 57, required: 5, minAreaM2: 96, classesPerRoom: 12, counting: 2, rooms: 3, added: 3 },
    en: 'B10: 57 compulsory classes at 2144000001 need 5 music room(s) of at least 96 m² (1 per 12 classes); 2 of its 3 reach that area, so 3 more',
    zh: '音乐、美术专用教室：2144000001 有义务教育班级 57 个，按每 12 个班 1 间，需音乐专用教室 5 间（每间不小于 96 平方米）；现有 3 间中面积达标的 2 间，需新建 3 间',
  },
  unit_facility: {
    reason: { kind: 'unit_facility', indicator: 'B5', units: [{ figure: B5_FLOOR, share: null }] },
    en:
      'B5 of the primary unit 2144142796:primary is 6.2388 m² of sports grounds and halls per student, to reach its 0.85 floor 6.375 ' +
      '(the option leaves B5 below standard): the least amount to the hundredth added to the school that does it',
    zh: '小学评估单位（2144142796）生均体育运动场馆面积 6.2388 平方米，低于标准；按本方案只需达到 85% 底线 6.375 平方米：在该校增加达到底线所需的最少面积（精确到 0.01 平方米）',
  },
  arts_pe_hire: {
    reason: {
      kind: 'arts_pe_hire',
      figure: { indicator: 'B3', stage: 'primary', unitId: '2144000001:primary', value: 0.3, target: { to: 'standard', standard: 0.9 } },
      hires: 12,
      subject: 'pe',
      count: 5,
      education: 'associate',
    },
    en:
      'B3 of the primary unit 2144000001:primary is 0.3 PE, music and art teachers per 100 students, to reach the standard 0.9: ' +
      '12 more full-time PE, music or art teachers (5 pe), each with associate education or above so they count for B1 too',
    zh:
      '小学评估单位（2144000001）体育、艺术专任教师数 0.3 人/百名学生，须达到标准 0.9 人/百名学生：需增配体育、艺术专任教师 12 人（其中体育 5 人），' +
      '均须具有专科及以上学历，因此同时计入高于规定学历教师数',
  },
  unit_hire: {
    reason: {
      kind: 'unit_hire',
      qualified: {
        figure: { indicator: 'B1', stage: 'primary', unitId: '2144000001:primary', value: 2.829, target: { to: 'standard', standard: 4.2 } },
        hires: 23,
        education: 'associate',
      },
      backbone: { designations: 82, nonBackbone: 49 },
      artsPeHires: 2,
    },
    en:
      'B1 of the primary unit 2144000001:primary is 2.829 teachers above the required education level per 100 students, to reach the standard 4.2: ' +
      '23 more teachers with associate education or above; B2 needs 82 teachers made backbone but the unit has 49 full-time non-backbone teachers ' +
      '(the 2 PE, music and art hires count towards it)',
    zh:
      '小学评估单位（2144000001）高于规定学历教师数 2.829 人/百名学生，须达到标准 4.2 人/百名学生：需增配具有专科及以上学历的教师 23 人；' +
      '县级以上骨干教师数达到要求需认定骨干教师 82 人，但该单位非骨干专任教师只有 49 人（已增配的 2 名体育、艺术教师计入其中）',
  },
  designation: {
    reason: {
      kind: 'designation',
      figure: { indicator: 'B2', stage: 'primary', unitId: '2144142790:primary', value: 0, target: { to: 'standard', standard: 1 } },
      count: 2,
    },
    en: 'B2 of the primary unit 2144142790:primary is 0 backbone teachers per 100 students, to reach the standard 1: 2 full-time non-backbone teachers made county-level backbone',
    zh: '小学评估单位（2144142790）县级以上骨干教师数 0 人/百名学生，须达到标准 1 人/百名学生：将 2 名非骨干专任教师认定为县级骨干教师',
  },
  dispersion: {
    reason: {
      kind: 'dispersion',
      stage: 'primary',
      indicator: 'B5',
      cvMax: 0.5,
      level: 10.2065,
      unitId: '2144000001:primary',
      from: 9.2727,
      hiredForBackbone: null,
      share: rat(1130, 2331),
    },
    en:
      'dispersion: the primary cv of B5 is above 0.5; the lowest units are raised to a common level of 10.2065, the least that brings it within the limit; ' +
      "2144000001:primary goes from 9.2727 (the unit takes 1130/2331 of the school's facilities)",
    zh:
      '差异系数：小学生均体育运动场馆面积的差异系数高于 0.5；将最低的评估单位统一提高到 10.2065 平方米，这是使差异系数降到限值以内的最低水平；' +
      '小学评估单位（2144000001）由 9.2727 平方米 提高到该水平（该单位占该校设施的 1130/2331）',
  },
};

t.test('one reason of each kind, in both languages', async (t) => {
  for (const [kind, s] of Object.entries(SAMPLES)) {
    t.equal(reasonEn(s.reason), s.en, `${kind}: English`);
    t.equal(reasonZh(s.reason), s.zh, `${kind}: Chinese`);
  }
});

t.test('variants: a grade not recorded, no new class, two units of a nine-year school, B2 hires of a dispersion step, a unit id kept whole', async (t) => {
  t.equal(
    reasonZh({ kind: 'class_size', schoolCode: '2144000000', stage: 'primary', grade: null, students: 490, classes: 12, largest: 58, limit: 45, needed: 11, added: 0 }),
    '班额：2144000000 小学未登记年级的班级共有学生 490 人、12 个班，最大班额 58 人，超过 45 人的上限；490 ÷ 45 向上取整为 11 个班，无需增班，将学生重新均衡分班',
  );
  const multimedia: PlanReason = {
    kind: 'unit_facility',
    indicator: 'B7',
    units: [
      { figure: { indicator: 'B7', stage: 'primary', unitId: '3144142769:primary', value: 1.7908, target: { to: 'floor', floorShare: 0.85, floor: 1.955 } }, share: rat(3720, 6701) },
      { figure: { indicator: 'B7', stage: 'junior', unitId: '3144142769:junior', value: 1.9699, target: { to: 'standard', standard: 2.4 } }, share: rat(2981, 6701) },
    ],
  };
  t.equal(
    reasonEn(multimedia),
    "B7 of the primary unit 3144142769:primary is 1.7908 networked multimedia classrooms per 100 students, to reach its 0.85 floor 1.955 (the option leaves B7 below standard) (it takes 3720/6701 of the school's facilities); " +
      "B7 of the junior unit 3144142769:junior is 1.9699 networked multimedia classrooms per 100 students, to reach the standard 2.4 (it takes 2981/6701 of the school's facilities): the least whole number added to the school that does it",
  );
  t.equal(
    reasonZh(multimedia),
    '小学评估单位（3144142769）网络多媒体教室数 1.7908 间/百名学生，低于标准；按本方案只需达到 85% 底线 1.955 间/百名学生（该单位占该校设施的 3720/6701）；' +
      '初中评估单位（3144142769）网络多媒体教室数 1.9699 间/百名学生，须达到标准 2.4 间/百名学生（该单位占该校设施的 2981/6701）：在该校增加达到要求所需的最少网络多媒体教室（按整间计）',
    'one unit at its floor and one at its standard: the school adds what both require',
  );
  const hired: PlanReason = { ...SAMPLES.dispersion.reason, indicator: 'B2', level: 4.1632, from: 3.4971, share: null, hiredForBackbone: { nonBackbone: 0, hired: 9 } };
  t.equal(
    reasonEn(hired),
    'dispersion: the primary cv of B2 is above 0.5; the lowest units are raised to a common level of 4.1632, the least that brings it within the limit; ' +
      '2144000001:primary goes from 3.4971; the unit has 0 full-time non-backbone teachers to make backbone, so 9 are hired',
  );
  t.equal(
    reasonZh(hired),
    '差异系数：小学县级以上骨干教师数的差异系数高于 0.5；将最低的评估单位统一提高到 4.1632 人/百名学生，这是使差异系数降到限值以内的最低水平；' +
      '小学评估单位（2144000001）由 3.4971 人/百名学生 提高到该水平；该单位可认定为骨干的非骨干专任教师只有 0 人，因此增配 9 人',
  );
  t.match(reasonZh({ ...hired, unitId: '2144000001+2144000002' }), '小学评估单位（2144000001+2144000002）', 'an id that is not code:stage is shown whole');
  t.equal(percentOf(0.57), 57, '0.57 is 57%, not 56.99999999999999%');
  t.equal(percentOf(0.575), 57.5);
});

t.test('merged actions: reasons joined in both languages, a reason already stated not repeated', async (t) => {
  const designation = SAMPLES.designation.reason;
  const dispersion: PlanReason = { ...SAMPLES.dispersion.reason, indicator: 'B2', unitId: '2144142790:primary', share: null };
  const base = { schoolCode: '2144142790', stage: 'primary', action: 'designate_backbone', unit: 'teachers' } as const;
  const actions: PlanAction[] = [
    { ...base, indicators: ['B2'], quantity: 2, reasons: [designation] },
    { ...base, indicators: ['B2'], quantity: 1, reasons: [dispersion] },
    { ...base, indicators: ['B2'], quantity: 1, reasons: [designation] },
  ];
  const [merged, ...rest] = mergeActions(actions);
  t.equal(rest.length, 0, 'one action');
  t.equal(merged?.quantity, 4);
  t.same(merged?.reasons, [designation, dispersion], 'the repeated reason is stated once');
  t.equal(reasonsEn(merged?.reasons ?? []), `${SAMPLES.designation.en}; and ${reasonEn(dispersion)}`);
  t.equal(reasonsZh(merged?.reasons ?? []), `${SAMPLES.designation.zh}；同时，${reasonZh(dispersion)}`);
  t.same(actions[0]?.reasons, [designation], "the caller's actions are left as they were");
});

// The demo county over HTTP ---------------------------------------------------------------------------------

const h = await createTestApp();
t.teardown(() => h.close());
await loadDemoCounty(h.database.db);
const read = h.as((await h.makeKey({ scopes: ['read'] })).token);

t.test('the demo plans: reasonZh beside the unchanged English reason', async (t) => {
  const plans = {
    2023: (await read('GET', '/v1/counties/441427/years/2023/remediation-plan')).body,
    2024: (await read('GET', '/v1/counties/441427/years/2024/remediation-plan')).body,
  };
  const find = (year: 2023 | 2024, schoolCode: string, action: string) => {
    const found = plans[year].actions.filter((a: any) => a.schoolCode === schoolCode && a.action === action);
    t.equal(found.length, 1, `${year}: one ${action} at ${schoolCode}`);
    return found[0] ?? {};
  };
  const sports = find(2024, '2144142796', 'add_sports_area');
  t.equal(sports.reason, SAMPLES.unit_facility.en);
  t.equal(sports.reasonZh, SAMPLES.unit_facility.zh);
  const equipment = find(2024, '2144142814', 'add_equipment');
  t.equal(
    equipment.reason,
    'B6 of the primary unit 2144142814:primary is 1600 yuan of teaching equipment per student, to reach the standard 2000: the least amount to the hundredth added to the school that does it',
  );
  t.equal(equipment.reasonZh, '小学评估单位（2144142814）生均教学仪器设备值 1600 元，须达到标准 2000 元：在该校增加达到标准所需的最少设备值（精确到 0.01 元）');
  const music = find(2024, '2144142781', 'add_music_room');
  t.equal(music.reason, 'B10: 6 compulsory classes at 2144142781 need 1 music room(s) of at least 96 m² (1 per 12 classes); 0 of its 1 reach that area, so 1 more');
  t.equal(music.reasonZh, '音乐、美术专用教室：2144142781 有义务教育班级 6 个，按每 12 个班 1 间，需音乐专用教室 1 间（每间不小于 96 平方米）；现有 1 间中面积达标的 0 间，需新建 1 间');
  const relocation = find(2023, '3144142706', 'relocate_students');
  t.equal(relocation.reason, SAMPLES.school_size.en);
  t.equal(relocation.reasonZh, SAMPLES.school_size.zh);
  const designation = find(2023, '2144142790', 'designate_backbone');
  t.equal(designation.reason, SAMPLES.designation.en);
  t.equal(designation.reasonZh, SAMPLES.designation.zh);
  const split = plans[2024].actions.find((a: any) => a.action === 'split_classes' && a.schoolCode === '3144142706' && a.grade === 8);
  t.equal(
    split?.reason,
    'B12: grade 8 (junior) at 3144142706 has 643 students in 14 classes, the largest of 54, above the limit of 50; ceil(643 / 50) = 13 classes: no new class is needed, the students are re-divided evenly',
  );
  t.equal(split?.reasonZh, '班额：3144142706 初中 8 年级共有学生 643 人、14 个班，最大班额 54 人，超过 50 人的上限；643 ÷ 50 向上取整为 13 个班，无需增班，将学生重新均衡分班');
  for (const a of [...plans[2023].actions, ...plans[2024].actions]) {
    t.ok(typeof a.reasonZh === 'string' && /[\u4e00-\u9fff]/.test(a.reasonZh) && !/[A-Za-z]/.test(a.reasonZh), `${a.action} at ${a.schoolCode}: a Chinese reason`);
  }
});

t.test('CSV: reasonZh is the last column, as in the JSON', async (t) => {
  t.equal(PLAN_CSV_COLUMNS.at(-1), 'reasonZh');
  t.equal(PLAN_CSV_COLUMNS.at(-2), 'reason');
  const json = (await read('GET', '/v1/counties/441427/years/2024/remediation-plan')).body;
  const csv = await read('GET', '/v1/counties/441427/years/2024/remediation-plan?format=csv');
  t.equal(csv.status, 200);
  const lines = csv.text.replace('\uFEFF', '').trim().split(/\r?\n/);
  t.equal(lines.length, json.actions.length + 1);
  json.actions.forEach((a: any, i: number) => {
    // no reason holds a quote, so the last field is the quoted or plain text itself
    const line = lines[i + 1] ?? '';
    t.ok(line.endsWith(`,${a.reasonZh}`) || line.endsWith(`,"${a.reasonZh}"`), `row ${i + 1} ends with its Chinese reason`);
  });
});
