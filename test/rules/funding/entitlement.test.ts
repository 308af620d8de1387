// Hand-worked entitlements under jiaoling-2023 unless stated: primary 1150, junior 1950, boarding 350,
// special 6000, preschool 500, senior 1000 yuan; floor 100 for rural primary/teaching points; tiers
// (100, 200] → 200 and (200, 300) → 300 for rural regular compulsory schools; training 5%.
import { fileTest } from '../../helpers/file-test.js';
import {
  computeEntitlement,
  entitlementToJson,
  fenToYuan,
  lowestCompulsoryStage,
  yuanRate,
  type SchoolEntitlement,
  type FundingParams,
} from '../../../src/rules/funding/index.js';
import { GUANGDONG_2018_FUNDING as G, JIAOLING_2023_FUNDING as J, NATIONAL_2017_FUNDING as N } from '../policies/shipped.js';
import { school } from './helpers.js';

const t = fileTest(import.meta);

/** component → amount in yuan, for compact assertions. */
function amounts(e: SchoolEntitlement): Record<string, number> {
  return Object.fromEntries(e.components.map((c) => [c.component, fenToYuan(c.amountFen)]));
}

t.test('rural primary schools around the floor and the tiers', async (t) => {
  const cases: [number, Record<string, number>, number][] = [
    // 99 < 100: base 99 × 1150 = 113850; floor (100 − 99) = 1 × 1150 = 1150; total 115000
    [99, { base_primary: 113850, small_school_floor: 1150 }, 115000],
    // 100: not < 100 (不足100人 excludes 100) and not > 100 (超过100人 excludes 100): base only, 115000
    [100, { base_primary: 115000 }, 115000],
    // 101 in (100, 200]: base 101 × 1150 = 116150; tier (200 − 101) = 99 × 1150 = 113850; total 230000
    [101, { base_primary: 116150, small_school_tier: 113850 }, 230000],
    // 200 in (100, 200]: tier quantity 200 − 200 = 0 → left out; base 200 × 1150 = 230000
    [200, { base_primary: 230000 }, 230000],
    // 201 in (200, 300): base 201 × 1150 = 231150; tier 99 × 1150 = 113850; total 345000
    [201, { base_primary: 231150, small_school_tier: 113850 }, 345000],
    // 299 in (200, 300): base 299 × 1150 = 343850; tier 1 × 1150 = 1150; total 345000
    [299, { base_primary: 343850, small_school_tier: 1150 }, 345000],
    // 300: not < 300 (不足300人): base 300 × 1150 = 345000 only
    [300, { base_primary: 345000 }, 345000],
  ];
  for (const [n, expected, total] of cases) {
    const e = computeEntitlement(school({ students: { primary: n } }), J);
    t.same(amounts(e), expected, `${n} students`);
    t.equal(fenToYuan(e.totalFen), total, `${n} students total`);
  }
  const e99 = computeEntitlement(school({ students: { primary: 99 } }), J);
  const floor = e99.components.find((c) => c.component === 'small_school_floor');
  t.equal(floor?.explanation, 'rural primary school with 99 students (<100) funded as 100: 1 × 1150.00');
  t.match(floor?.rule, /实施方案（2023—2025年）》 三\(六\)2/);
  const e101 = computeEntitlement(school({ students: { primary: 101 } }), J);
  t.equal(
    e101.components.find((c) => c.component === 'small_school_tier')?.explanation,
    'rural primary school with 101 students (in (100, 200]) funded as 200: 99 × 1150.00 (primary rate)',
  );
});

t.test('town primary schools get neither floor nor tier', async (t) => {
  // base only: n × 1150
  const cases: [number, number][] = [
    [99, 113850],
    [100, 115000],
    [101, 116150],
    [200, 230000],
    [201, 231150],
    [299, 343850],
    [300, 345000],
  ];
  for (const [n, total] of cases) {
    const e = computeEntitlement(school({ areaType: 'town', students: { primary: n } }), J);
    t.same(amounts(e), { base_primary: total }, `town ${n}`);
    t.equal(fenToYuan(e.totalFen), total);
  }
});

t.test('ruralAreaTypes is a parameter', async (t) => {
  const wide: FundingParams = { ...J, ruralAreaTypes: { areaTypes: ['rural', 'town'], clause: 'test' } };
  // town school with 99 students now gets the floor: 1 × 1150
  const e = computeEntitlement(school({ areaType: 'town', students: { primary: 99 } }), wide);
  t.equal(fenToYuan(e.totalFen), 115000);
});

t.test('teaching point with 37 students', async (t) => {
  const e = computeEntitlement(school({ kind: 'teaching_point', students: { primary: 37 } }), J);
  // base 37 × 1150 = 42550; floor (100 − 37) = 63 × 1150 = 72450; total 115000; training 5% = 5750
  t.same(amounts(e), { base_primary: 42550, small_school_floor: 72450 });
  t.equal(fenToYuan(e.totalFen), 115000);
  t.equal(fenToYuan(e.trainingMinimumFen), 5750);
  t.equal(
    e.components[1]?.explanation,
    'rural teaching point with 37 students (<100) funded as 100: 63 × 1150.00',
  );
});

t.test('a school with 0 students gets no floor', async (t) => {
  const e = computeEntitlement(school({ kind: 'teaching_point' }), J);
  t.same(e.components, []);
  t.equal(e.totalFen, 0);
  t.equal(e.trainingMinimumFen, 0);
});

t.test('special school: all its students at the special rate instead of base', async (t) => {
  const e = computeEntitlement(
    school({
      kind: 'special',
      areaType: 'rural',
      boarding: true,
      boarders: 10,
      inclusionStudents: 5, // ignored: a special school is funded at the special rate already
      students: { preschool: 2, primary: 30, junior: 15 },
    }),
    J,
  );
  // special (2 + 30 + 15) = 47 × 6000 = 282000; boarding 10 × 350 = 3500; total 285500; 5% = 14275
  t.same(amounts(e), { special_education: 282000, boarding: 3500 });
  t.equal(fenToYuan(e.totalFen), 285500);
  t.equal(fenToYuan(e.trainingMinimumFen), 14275);
});

t.test('nine-year rural boarding school with inclusion students', async (t) => {
  const e = computeEntitlement(
    school({
      kind: 'nine_year',
      boarding: true,
      boarders: 120,
      inclusionStudents: 4,
      students: { preschool: 30, primary: 150, junior: 90 },
    }),
    J,
  );
  // base_primary 150 × 1150 = 172500; base_junior 90 × 1950 = 175500
  // compulsory 240 in (200, 300): tier (300 − 240) = 60 × 1150 (primary, lowest stage) = 69000
  // boarding 120 × 350 = 42000; inclusion 4 × (6000 − 1150) = 4 × 4850 = 19400; preschool 30 × 500 = 15000
  // total 172500 + 175500 + 69000 + 42000 + 19400 + 15000 = 493400; 5% = 24670
  t.same(amounts(e), {
    base_primary: 172500,
    base_junior: 175500,
    small_school_tier: 69000,
    boarding: 42000,
    inclusion: 19400,
    preschool: 15000,
  });
  t.same(
    e.components.map((c) => c.component),
    ['base_primary', 'base_junior', 'small_school_tier', 'boarding', 'inclusion', 'preschool'],
  );
  t.equal(fenToYuan(e.totalFen), 493400);
  t.equal(fenToYuan(e.trainingMinimumFen), 24670);
  const inc = e.components.find((c) => c.component === 'inclusion');
  t.equal(inc?.rateFen, 485000);
  t.equal(inc?.explanation, '4 disabled students in regular classes topped up to the special rate: 4 × (6000.00 − 1150.00 primary rate)');
});

t.test('rural junior school: the tier uses the junior rate (its lowest compulsory stage)', async (t) => {
  const e = computeEntitlement(school({ kind: 'junior', students: { junior: 150 } }), J);
  // base 150 × 1950 = 292500; tier (200 − 150) = 50 × 1950 = 97500; total 390000
  t.same(amounts(e), { base_junior: 292500, small_school_tier: 97500 });
  // rateBasis 'primary' (alternative reading): 50 × 1150 = 57500
  const p: FundingParams = { ...J, smallSchoolTier: { ...J.smallSchoolTier, rateBasis: 'primary' } };
  t.same(amounts(computeEntitlement(school({ kind: 'junior', students: { junior: 150 } }), p)), {
    base_junior: 292500,
    small_school_tier: 57500,
  });
  // a rural nine-year school with 63 students gets no floor (only primary schools and teaching points do)
  t.same(amounts(computeEntitlement(school({ kind: 'nine_year', students: { primary: 40, junior: 23 } }), J)), {
    base_primary: 46000, // 40 × 1150
    base_junior: 44850, // 23 × 1950
  });
});

t.test('kindergarten (private)', async (t) => {
  const e = computeEntitlement(
    school({ kind: 'kindergarten', areaType: 'town', ownership: 'private', inclusionStudents: 2, students: { preschool: 90 } }),
    J,
  );
  // preschool 90 × 500 = 45000; no compulsory stage → no inclusion top-up; private schools are entitled
  t.same(amounts(e), { preschool: 45000 });
  t.equal(fenToYuan(e.trainingMinimumFen), 2250); // 45000 × 5%
  t.equal(e.entitled, true);
  const noPrivate: FundingParams = { ...J, privateSchoolsEntitled: { enabled: false, clause: 'test' } };
  const none = computeEntitlement(
    school({ kind: 'kindergarten', ownership: 'private', students: { preschool: 90 } }),
    noPrivate,
  );
  t.equal(none.entitled, false);
  t.equal(none.totalFen, 0);
  t.same(none.components, []);
});

t.test('complete secondary school with junior and senior students', async (t) => {
  const e = computeEntitlement(
    school({ kind: 'complete_secondary', areaType: 'town', inclusionStudents: 3, students: { junior: 600, senior: 900 } }),
    J,
  );
  // base_junior 600 × 1950 = 1170000; inclusion 3 × (6000 − 1950) = 3 × 4050 = 12150;
  // senior 900 × 1000 = 900000; total 2082150; 5% = 104107.5 (exact to the fen)
  t.same(amounts(e), { base_junior: 1170000, inclusion: 12150, senior: 900000 });
  t.equal(fenToYuan(e.totalFen), 2082150);
  t.equal(fenToYuan(e.trainingMinimumFen), 104107.5);
});

t.test('training minimum rounds a fractional fen up', async (t) => {
  const p: FundingParams = { ...J, boarding: yuanRate('350.07', 'test rate with fen') };
  const e = computeEntitlement(school({ areaType: 'town', boarders: 1, students: { primary: 10 } }), p);
  // base 10 × 1150 = 11500.00; boarding 1 × 350.07 = 350.07; total 11850.07 = 1185007 fen
  // 5% = 59250.35 fen → rounded up 59251 fen = 592.51 yuan
  t.equal(e.totalFen, 1185007);
  t.equal(e.trainingMinimumFen, 59251);
  t.equal(entitlementToJson(e).trainingMinimumYuan, 592.51);
});

t.test('the three profiles give different amounts for the same school', async (t) => {
  const s = school({ boarding: true, boarders: 20, inclusionStudents: 2, students: { preschool: 10, primary: 63 } });
  // national-2017: base 63 × 650 = 40950; floor 37 × 650 = 24050; boarding 20 × 200 = 4000;
  //   inclusion 2 × (6000 − 650) = 10700; no preschool rate → left out; total 79700
  t.same(amounts(computeEntitlement(s, N)), {
    base_primary: 40950,
    small_school_floor: 24050,
    boarding: 4000,
    inclusion: 10700,
  });
  t.equal(fenToYuan(computeEntitlement(s, N).totalFen), 79700);
  // guangdong-2018: 63 × 1150 = 72450; 37 × 1150 = 42550; 20 × 300 = 6000; 2 × 4850 = 9700;
  //   preschool 10 × 500 = 5000; total 135700
  t.equal(fenToYuan(computeEntitlement(s, G).totalFen), 135700);
  // jiaoling-2023: 72450 + 42550 + 20 × 350 = 7000 + 9700 + 5000 = 136700
  t.equal(fenToYuan(computeEntitlement(s, J).totalFen), 136700);

  // a rural primary with 150 students: the tier only exists in jiaoling-2023
  const mid = school({ students: { primary: 150 } });
  t.equal(fenToYuan(computeEntitlement(mid, N).totalFen), 97500); // 150 × 650
  t.equal(fenToYuan(computeEntitlement(mid, G).totalFen), 172500); // 150 × 1150
  t.equal(fenToYuan(computeEntitlement(mid, J).totalFen), 230000); // 172500 + 50 × 1150
});

t.test('entitlementToJson is the API §2 shape in yuan', async (t) => {
  const e = computeEntitlement(school({ kind: 'teaching_point', students: { primary: 37 } }), J);
  const json = entitlementToJson(e);
  t.same(Object.keys(json), ['totalYuan', 'trainingMinimumYuan', 'components']);
  t.same(json.components[0], {
    component: 'base_primary',
    quantity: 37,
    rateYuan: 1150,
    amountYuan: 42550,
    rule: J.baseRate.primary.clause,
    explanation: '37 primary students × 1150.00',
  });
});

t.test('lowestCompulsoryStage by kind', async (t) => {
  t.equal(lowestCompulsoryStage('nine_year'), 'primary');
  t.equal(lowestCompulsoryStage('complete_secondary'), 'junior');
  t.equal(lowestCompulsoryStage('kindergarten'), null);
  t.equal(lowestCompulsoryStage('senior'), null);
});

t.test('invalid inputs are refused', async (t) => {
  t.throws(() => computeEntitlement(school({ students: { primary: -1 } }), J));
  t.throws(() => computeEntitlement(school({ boarders: 1.5 }), J));
  t.throws(() => computeEntitlement(school({ publicFundingAllocatedYuan: 1.234 }), J));
});
