// Compliance under jiaoling-2023 (primary 1150, special minimum 6000, training 5%).
import { fileTest } from '../../helpers/file-test.js';
import { assessCompliance, assessSchoolCompliance } from '../../../src/rules/funding/index.js';
import { JIAOLING_2023_FUNDING as J } from '../policies/shipped.js';
import { school } from './helpers.js';

const t = fileTest(import.meta);

function check(s: ReturnType<typeof assessSchoolCompliance>, id: string) {
  return s.checks.find((c) => c.check === id);
}

t.test('B13 and allocation shortfall for a small rural teaching point', async (t) => {
  const base = school({ schoolCode: '2144000037', kind: 'teaching_point', students: { primary: 37 }, trainingSpendYuan: 5000 });
  // entitlement 115000 (37 × 1150 + 63 × 1150); B13 requires 100 × 1150 = 115000
  const short = assessSchoolCompliance({ ...base, publicFundingAllocatedYuan: 100000 }, J);
  t.equal(check(short, 'allocation')?.status, 'not_met');
  t.equal(check(short, 'allocation')?.shortfallFen, 1500000); // 115000 − 100000 = 15000.00
  t.equal(check(short, 'B13')?.status, 'not_met');
  t.equal(check(short, 'B13')?.requiredFen, 11500000);
  t.equal(
    check(short, 'B13')?.explanation,
    'rural school with 37 students must be funded as 100: allocated 100000.00 < 100 × 1150.00 = 115000.00',
  );
  // B26: 5% of 100000 = 5000 ≤ spend 5000 → met (bound included: 不低于)
  t.equal(check(short, 'B26')?.status, 'met');
  t.equal(check(short, 'B14'), undefined);

  const exact = assessSchoolCompliance({ ...base, publicFundingAllocatedYuan: 115000 }, J);
  t.equal(check(exact, 'B13')?.status, 'met'); // 115000 ≥ 115000
  t.equal(check(exact, 'allocation')?.shortfallFen, 0);
  // B26: 5% of 115000 = 5750 > spend 5000 → not met, short 750
  t.equal(check(exact, 'B26')?.status, 'not_met');
  t.equal(check(exact, 'B26')?.shortfallFen, 75000);

  // a town school, or one with 100 students, has no B13 check
  t.equal(check(assessSchoolCompliance({ ...base, areaType: 'town' }, J), 'B13'), undefined);
  t.equal(check(assessSchoolCompliance({ ...base, students: { ...base.students, primary: 100 } }, J), 'B13'), undefined);
});

t.test('B14 special school per student ≥ 6000, exactly at the bound', async (t) => {
  const s = school({ kind: 'special', students: { primary: 30, junior: 17 }, trainingSpendYuan: 20000 });
  // 47 students × 6000 = 282000
  t.equal(check(assessSchoolCompliance({ ...s, publicFundingAllocatedYuan: 282000 }, J), 'B14')?.status, 'met');
  const under = assessSchoolCompliance({ ...s, publicFundingAllocatedYuan: 281999.99 }, J);
  t.equal(check(under, 'B14')?.status, 'not_met');
  t.equal(check(under, 'B14')?.shortfallFen, 1);
  const empty = assessSchoolCompliance(school({ kind: 'special', publicFundingAllocatedYuan: 1000 }), J);
  t.equal(check(empty, 'B14')?.status, 'not_assessable');
  t.same(check(empty, 'B14')?.missing, ['students']);
});

t.test('B26 rounds the 5% up to the fen', async (t) => {
  // budget 1000.10 yuan = 100010 fen; 5% = 5000.5 fen → 5001 fen = 50.01 yuan
  const s = school({ areaType: 'town', students: { primary: 1 }, publicFundingAllocatedYuan: 1000.1 });
  t.equal(check(assessSchoolCompliance({ ...s, trainingSpendYuan: 50 }, J), 'B26')?.status, 'not_met');
  t.equal(check(assessSchoolCompliance({ ...s, trainingSpendYuan: 50.01 }, J), 'B26')?.status, 'met');
  t.equal(check(assessSchoolCompliance({ ...s, trainingSpendYuan: 50.01 }, J), 'B26')?.requiredFen, 5001);
  // kindergartens and senior schools are outside B26 (not compulsory education)
  const k = assessSchoolCompliance(school({ kind: 'kindergarten', students: { preschool: 30 } }), J);
  t.equal(check(k, 'B26'), undefined);
});

t.test('county totals and verdicts', async (t) => {
  const inputs = [
    // entitlement 115000, allocated 100000 → short 15000; B13 not met; B26 5000 ≥ 5000 met
    school({ schoolCode: 'A', kind: 'teaching_point', students: { primary: 37 }, publicFundingAllocatedYuan: 100000, trainingSpendYuan: 5000 }),
    // town primary 400 × 1150 = 460000, allocated 500000 (surplus does not offset A); B26 25000 ≥ 25000
    school({ schoolCode: 'B', areaType: 'town', students: { primary: 400 }, publicFundingAllocatedYuan: 500000, trainingSpendYuan: 25000 }),
    // special: 47 × 6000 = 282000 allocated exactly; B26 needs 14100, has none declared → not assessable
    school({ schoolCode: 'C', kind: 'special', students: { primary: 47 }, publicFundingAllocatedYuan: 282000 }),
    // no allocation declared: allocation and B26 not assessable
    school({ schoolCode: 'D', areaType: 'town', students: { primary: 10 } }),
  ];
  const c = assessCompliance(inputs, J);
  // entitlements 115000 + 460000 + 282000 + 11500 = 868500; allocated 100000 + 500000 + 282000 = 882000
  t.same(c.totals, {
    entitlementFen: 86850000,
    allocatedFen: 88200000,
    shortfallFen: 1500000,
    schoolsWithShortfall: 1,
    schoolsMissingAllocation: 1,
  });
  t.equal(c.verdicts.allocation.status, 'not_met'); // A fails, even though D is not assessable
  t.same(c.verdicts.allocation.missing, ['D.publicFundingAllocatedYuan']);
  t.equal(c.verdicts.B13.status, 'not_met');
  t.equal(c.verdicts.B13.schools, 1);
  t.equal(c.verdicts.B14.status, 'met');
  t.equal(c.verdicts.B26.status, 'not_assessable');
  t.same(c.verdicts.B26.missing, ['C.trainingSpendYuan', 'D.publicFundingAllocatedYuan', 'D.trainingSpendYuan']);
  t.equal(c.verdicts.B26.met, 2);

  // with no applicable school a verdict is vacuously met
  const none = assessCompliance([school({ schoolCode: 'E', areaType: 'town', students: { primary: 10 }, publicFundingAllocatedYuan: 11500, trainingSpendYuan: 575 })], J);
  t.equal(none.verdicts.B13.status, 'met');
  t.equal(none.verdicts.B13.schools, 0);
  t.equal(none.verdicts.allocation.status, 'met');
  t.equal(none.verdicts.B26.status, 'met');
});
