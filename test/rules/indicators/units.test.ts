import { fileTest } from '../../helpers/file-test.js';
import { facilityShares, buildAssessmentUnits, resolveTeachers } from '../../../src/rules/indicators/units.js';
import { resourceQuantity } from '../../../src/rules/indicators/resource.js';
import { add, fromHundredths, mul, rat, toNumber, eq } from '../../../src/rules/exact.js';
import { facilities, NATIONAL, params, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

t.test('nine-year split: 166 primary + 210 junior share 23226 by weighted students', async (t) => {
  // weighted: 166·1 + 210·1.1 = 166 + 231 = 397; primary 166/397, junior 231/397
  const shares = facilityShares({ primary: { students: 166, classes: 4 }, junior: { students: 210, classes: 5 } }, NATIONAL.apportionWeights);
  t.same(shares.primary, rat(166, 397));
  t.same(shares.junior, rat(231, 397));
  // 23226 · 166/397 = 3855516/397 = 9711.627… → 9711.6 to one decimal (docs/domain.md's figure);
  // 23226 · 231/397 = 5365206/397 = 13514.372… → 13514.4; together exactly 23226
  t.same(mul(23226, shares.primary), rat(3855516, 397));
  t.equal(toNumber(mul(23226, shares.primary), 1), 9711.6);
  t.equal(toNumber(mul(23226, shares.junior), 1), 13514.4);
  t.ok(eq(add(mul(23226, shares.primary), mul(23226, shares.junior)), 23226));

  const s = school({
    schoolCode: '2144000001',
    kind: 'nine_year',
    stages: { primary: stage(166, 4), junior: stage(210, 5) },
    facilities: facilities({ equipmentValueYuan: 23226, teachingAreaM2: 23226 }),
  });
  const { units } = buildAssessmentUnits([s], NATIONAL);
  t.equal(units.length, 2);
  const [p, j] = units;
  t.equal(p?.unitId, '2144000001:primary');
  t.equal(j?.unitId, '2144000001:junior');
  t.equal(toNumber(resourceQuantity(p!, 'B6', NATIONAL)!, 1), 9711.6);
  t.equal(toNumber(resourceQuantity(j!, 'B6', NATIONAL)!, 1), 13514.4);
  t.match(p?.explanation, /166\/397/);
});

t.test('plain split with weights {1,1,1}; senior part takes its share and is dropped', async (t) => {
  const w = { preschool: 0, primary: 1, junior: 1, senior: 1 };
  const shares = facilityShares({ primary: { students: 100, classes: 2 }, junior: { students: 100, classes: 2 } }, w);
  t.same(shares.primary, rat(1, 2));
  // complete secondary: 300 junior, 200 senior; weights 1.1 / 1.32 → 330 / (330 + 264) = 330/594 = 5/9
  const cs = facilityShares({ junior: { students: 300, classes: 6 }, senior: { students: 200, classes: 4 } }, NATIONAL.apportionWeights);
  t.same(cs.junior, rat(5, 9));
  // preschool children take nothing by default
  const ps = facilityShares({ preschool: { students: 90, classes: 3 }, primary: { students: 300, classes: 6 } }, NATIONAL.apportionWeights);
  t.same(ps.primary, rat(1));
  // no students at all: every share 0
  t.same(facilityShares({}, NATIONAL.apportionWeights).primary, rat(0));
});

t.test('private, special, kindergarten and senior schools have no unit', async (t) => {
  const { units, excluded } = buildAssessmentUnits(
    [
      school({ schoolCode: 'p1', ownership: 'private', stages: { primary: stage(500, 10) } }),
      school({ schoolCode: 's1', kind: 'special', stages: { primary: stage(50, 5) } }),
      school({ schoolCode: 'k1', kind: 'kindergarten', stages: { preschool: stage(200, 6) } }),
      school({ schoolCode: 'h1', kind: 'senior', stages: { senior: stage(900, 18) } }),
      school({ schoolCode: 'a1', stages: { primary: stage(500, 10) } }),
    ],
    NATIONAL,
  );
  t.same(units.map((u) => u.unitId), ['a1:primary']);
  t.same(excluded.map((e) => e.schoolCode), ['p1', 's1', 'k1', 'h1']);
  t.match(excluded[0]?.reason, /private/);

  const withPrivate = buildAssessmentUnits([school({ schoolCode: 'p1', ownership: 'private', stages: { primary: stage(500, 10) } })], params({ assessPrivateSchools: true }));
  t.equal(withPrivate.units.length, 1, 'assessPrivateSchools: true brings them in');
});

t.test('a unit with 0 students is listed, not assessed', async (t) => {
  const { units } = buildAssessmentUnits([school({ schoolCode: 'n1', kind: 'nine_year', stages: { primary: stage(300, 6) } })], NATIONAL);
  t.equal(units.length, 2);
  t.equal(units[1]?.stage, 'junior');
  t.equal(units[1]?.assessed, false);
  t.equal(units[1]?.notAssessedReason, '0 students');
  t.equal(units[0]?.assessed, true);
});

t.test('teaching points: separate with the 50-student cut (49 excluded, 50 assessed)', async (t) => {
  const schools = [
    school({ schoolCode: 'c1', stages: { primary: stage(400, 8) } }),
    school({ schoolCode: 't49', kind: 'teaching_point', centralSchoolCode: 'c1', stages: { primary: stage(49, 3) } }),
    school({ schoolCode: 't50', kind: 'teaching_point', centralSchoolCode: 'c1', stages: { primary: stage(50, 3) } }),
  ];
  const { units } = buildAssessmentUnits(schools, NATIONAL);
  t.same(units.map((u) => [u.unitId, u.assessed]), [
    ['c1:primary', true],
    ['t49:primary', false],
    ['t50:primary', true],
  ]);
  t.match(units[1]?.notAssessedReason, /49 students, fewer than teachingPointMinStudents 50/);
});

t.test('teaching points: merge adds students, teachers and facilities to the central primary unit', async (t) => {
  const p = params({ teachingPoints: 'merge' });
  const schools = [
    school({
      schoolCode: 'c1',
      kind: 'nine_year',
      stages: { primary: stage(166, 4, { fullTime: 10, qualified: 8 }), junior: stage(210, 5, { fullTime: 15, qualified: 12 }) },
      facilities: facilities({ teachingAreaM2: 23226 }),
    }),
    school({
      schoolCode: 't1',
      kind: 'teaching_point',
      centralSchoolCode: 'c1',
      stages: { primary: stage(30, 3, { fullTime: 3, qualified: 2 }) },
      facilities: facilities({ teachingAreaM2: 200.5 }),
    }),
  ];
  const { units, excluded } = buildAssessmentUnits(schools, p);
  t.equal(excluded.length, 0);
  t.same(units.map((u) => u.unitId), ['c1:primary', 'c1:junior']);
  const c = units[0]!;
  t.equal(c.students, 196); // 166 + 30
  t.equal(c.classes, 7);
  t.equal(c.teachers.fullTime, 13);
  t.equal(c.teachers.qualified, 10);
  // 3855516/397 (central's primary share, 9711.627…) + 200.5 (all of the teaching point's area) = 9912.127…
  t.same(c.facilities!.teachingAreaM2, add(rat(3855516, 397), fromHundredths(200.5)));
  t.equal(toNumber(c.facilities!.teachingAreaM2, 2), 9912.13);
  t.same(c.contributions.map((x) => x.schoolCode), ['c1', 't1']);
  t.equal(c.assessed, true, 'the 50-student cut applies to separate teaching points only');
  t.match(c.explanation, /merged teaching point t1/);
});

t.test('teaching points: merge without a known central school falls back to separate', async (t) => {
  const { units } = buildAssessmentUnits(
    [school({ schoolCode: 't1', kind: 'teaching_point', centralSchoolCode: 'nowhere', stages: { primary: stage(60, 3) } })],
    params({ teachingPoints: 'merge' }),
  );
  t.equal(units.length, 1);
  t.equal(units[0]?.assessed, true);
  t.match(units[0]?.explanation, /assessed separately/);
});

t.test('teaching points: exclude', async (t) => {
  const { units, excluded } = buildAssessmentUnits(
    [
      school({ schoolCode: 'c1', stages: { primary: stage(400, 8) } }),
      school({ schoolCode: 't1', kind: 'teaching_point', centralSchoolCode: 'c1', stages: { primary: stage(80, 3) } }),
    ],
    params({ teachingPoints: 'exclude' }),
  );
  t.same(units.map((u) => u.unitId), ['c1:primary']);
  t.same(excluded, [{ schoolCode: 't1', kind: 'teaching_point', reason: 'teaching point (teachingPoints: exclude)' }]);
});

t.test('missing facilities are named on the unit', async (t) => {
  const { units } = buildAssessmentUnits([school({ schoolCode: 'x1', facilities: null, stages: { primary: stage(100, 2) } })], NATIONAL);
  t.equal(units[0]?.facilities, null);
  t.same(units[0]?.missing, ['facilities of x1']);
});

t.test('resolveTeachers applies the policy to breakdowns; breakdowns win over counts', async (t) => {
  const counts = {
    fullTime: 20,
    byEducation: { secondary: 2, associate: 5, bachelor: 10, master: 3 },
    byBackboneLevel: { none: 15, county: 3, city: 1, national: 1 },
    bySubject: { chinese: 8, pe: 2, music: 1, art: 1, math: 8 },
    qualified: 999,
    certified: 19,
  };
  // primary: associate or higher = 5 + 10 + 3 = 18; junior: bachelor or higher = 13
  t.equal(resolveTeachers(counts, 'primary', NATIONAL).qualified, 18);
  t.equal(resolveTeachers(counts, 'junior', NATIONAL).qualified, 13);
  t.equal(resolveTeachers(counts, 'primary', NATIONAL).backbone, 5); // county + city + national
  t.equal(resolveTeachers(counts, 'primary', NATIONAL).artsPe, 4); // pe + music + art
  t.equal(resolveTeachers(counts, 'primary', NATIONAL).certified, 19);
  // without breakdowns the given counts are used; absent counts are null (missing)
  t.same(resolveTeachers({ fullTime: 3, qualified: 2 }, 'primary', NATIONAL), { fullTime: 3, qualified: 2, backbone: null, artsPe: null, certified: null });
  // no teacher record at all: zero teachers
  t.same(resolveTeachers(undefined, 'junior', NATIONAL), { fullTime: 0, qualified: 0, backbone: 0, artsPe: 0, certified: 0 });
});
