import { fileTest } from '../../helpers/file-test.js';
import { assessTraining, trainingCompleted } from '../../../src/rules/indicators/training.js';
import { assessRotation, rotationEligible, tenureAtSchool } from '../../../src/rules/indicators/rotation.js';
import { assessCertification, certificationCountsFromSchools } from '../../../src/rules/indicators/certification.js';
import { NATIONAL, params, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

t.test('B16: 72 hours per recorded year over the 5-year window', async (t) => {
  // full cycle 2020–2024: 5 recorded years → 360 hours
  const full = trainingCompleted({ hoursByYear: { 2020: 72, 2021: 72, 2022: 72, 2023: 72, 2024: 72 } }, 2024, NATIONAL);
  t.equal(full.requiredHours, 360);
  t.equal(full.hours, 360);
  t.equal(full.completed, true);
  t.equal(full.windowFrom, 2020);
  const short = trainingCompleted({ hoursByYear: { 2020: 72, 2021: 72, 2022: 72, 2023: 72, 2024: 71.99 } }, 2024, NATIONAL);
  t.equal(short.completed, false, '359.99 < 360');

  // a teacher with 3 years of records (2022–2024) needs 72 × 3 = 216 hours
  const three = trainingCompleted({ hoursByYear: { 2022: 100, 2023: 0, 2024: 116 } }, 2024, NATIONAL);
  t.equal(three.recordYears, 3);
  t.equal(three.requiredHours, 216);
  t.equal(three.hours, 216);
  t.equal(three.completed, true);
  t.equal(trainingCompleted({ hoursByYear: { 2022: 100, 2023: 0, 2024: 115 } }, 2024, NATIONAL).completed, false); // 215 < 216
  t.match(three.explanation, /216 hours over 3 recorded years, needs 72 × 3 = 216: completed/);

  // years outside the window (2019) neither count hours nor add to the requirement
  const old = trainingCompleted({ hoursByYear: { 2019: 500, 2024: 72 } }, 2024, NATIONAL);
  t.equal(old.recordYears, 1);
  t.equal(old.hours, 72);
  t.equal(old.completed, true);
});

t.test('B16 county rate: 100 %', async (t) => {
  t.equal(assessTraining({ fullTime: 250, completed: 250 }, NATIONAL).met, true);
  const r = assessTraining({ fullTime: 250, completed: 249 }, NATIONAL);
  t.equal(r.met, false);
  t.equal(r.value, 0.996);
  t.equal(assessTraining(null, NATIONAL).met, null);
  t.same(assessTraining(null, NATIONAL).missing, ['training completion counts (fullTime, completed)']);
  t.equal(assessTraining({ fullTime: 0, completed: 0 }, NATIONAL).met, null);
});

t.test('B18 tenure rule: 6 consecutive years at the same school, counting Y', async (t) => {
  const six = { schoolByYear: { 2019: 'A', 2020: 'A', 2021: 'A', 2022: 'A', 2023: 'A', 2024: 'A' } };
  t.same(tenureAtSchool(six, 2024, NATIONAL), { consecutiveYears: 6, tenureYears: 6, eligible: true });
  const five = { schoolByYear: { 2020: 'A', 2021: 'A', 2022: 'A', 2023: 'A', 2024: 'A' } };
  t.equal(tenureAtSchool(five, 2024, NATIONAL).eligible, false);
  // a move breaks the run: B in 2021
  const moved = { schoolByYear: { 2018: 'A', 2019: 'A', 2020: 'A', 2021: 'B', 2022: 'A', 2023: 'A', 2024: 'A' } };
  t.equal(tenureAtSchool(moved, 2024, NATIONAL).consecutiveYears, 3);
  // a gap year breaks it too
  const gap = { schoolByYear: { 2017: 'A', 2018: 'A', 2019: 'A', 2021: 'A', 2022: 'A', 2023: 'A', 2024: 'A' } };
  t.equal(tenureAtSchool(gap, 2024, NATIONAL).eligible, false);
  t.equal(tenureAtSchool({ schoolByYear: {} }, 2024, NATIONAL).consecutiveYears, 0);

  // rotated teachers are always eligible; an explicit rotationEligible wins over the tenure rule
  t.equal(rotationEligible({ rotated: true }, { schoolByYear: { 2024: 'B' } }, 2024, NATIONAL), true);
  t.equal(rotationEligible({ rotated: false, rotationEligible: false }, six, 2024, NATIONAL), false);
  t.equal(rotationEligible({ rotated: false, rotationEligible: true }, five, 2024, NATIONAL), true);
  t.equal(rotationEligible({ rotated: false }, six, 2024, NATIONAL), true);
  t.equal(rotationEligible({ rotated: false }, five, 2024, NATIONAL), false);
  t.equal(rotationEligible({ rotated: false }, five, 2024, params({ rotation: { ...NATIONAL.rotation, tenureYears: 5 } })), true);
});

t.test('B18 county: rotated ≥ 10 % of eligible and backbone ≥ 20 % of rotated', async (t) => {
  // 10 / 100 = 10 % ≥ 10 %; backbone 2 / 10 = 20 % ≥ 20 %
  const ok = assessRotation({ rotated: 10, eligible: 100, rotatedBackbone: 2 }, NATIONAL);
  t.equal(ok.met, true);
  t.equal(ok.rotatedShare.value, 0.1);
  t.equal(ok.backboneShare.value, 0.2);
  t.equal(assessRotation({ rotated: 9, eligible: 100, rotatedBackbone: 2 }, NATIONAL).met, false); // 9 %
  t.equal(assessRotation({ rotated: 10, eligible: 100, rotatedBackbone: 1 }, NATIONAL).met, false); // 10 % backbone
  const none = assessRotation({ rotated: 0, eligible: 40, rotatedBackbone: 0 }, NATIONAL);
  t.equal(none.met, false, 'nobody rotated fails');
  t.same(none.missing, []);
  const missing = assessRotation(null, NATIONAL);
  t.equal(missing.met, null);
  t.ok(missing.missing.length > 0);
});

t.test('B19 certification: 100 %', async (t) => {
  t.equal(assessCertification({ fullTime: 300, certified: 300 }, NATIONAL).met, true);
  t.equal(assessCertification({ fullTime: 300, certified: 299 }, NATIONAL).met, false);
  const schools = [
    school({ schoolCode: 'a', kind: 'nine_year', stages: { primary: stage(300, 6, { fullTime: 20, certified: 20 }), junior: stage(200, 4, { fullTime: 15, certified: 14 }) } }),
    school({ schoolCode: 'pv', ownership: 'private', stages: { primary: stage(300, 6, { fullTime: 20, certified: 0 }) } }),
    school({ schoolCode: 'sp', kind: 'special', stages: { primary: stage(30, 3, { fullTime: 8, certified: 0 }) } }),
  ];
  // the private school's teachers count (§5 B19 is over the county's teachers); the special school's do not
  const derived = certificationCountsFromSchools(schools, NATIONAL);
  t.same(derived.counts, { fullTime: 55, certified: 34 });
  t.equal(assessCertification(derived.counts, NATIONAL).value, 0.6182); // 34 / 55
  const miss = certificationCountsFromSchools([school({ schoolCode: 'x', stages: { primary: stage(100, 2, { fullTime: 5, certified: null }) } })], NATIONAL);
  t.equal(miss.counts, null);
  t.same(miss.missing, ['certified teacher count of x:primary']);
});
