import { fileTest } from '../../helpers/file-test.js';
import { assessSpecialRooms, assessSpecialRoomsCounty, countingRooms, requiredSpecialRooms } from '../../../src/rules/indicators/special-rooms.js';
import { assessSchoolSize, assessSchoolSizeCounty } from '../../../src/rules/indicators/school-size.js';
import { assessClassSizes, classWithinLimit } from '../../../src/rules/indicators/class-size.js';
import type { ClassInput } from '../../../src/rules/indicators/inputs.js';
import { facilities, NATIONAL, params, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

t.test('B10: one music and one art room per 12 compulsory classes, rounded up', async (t) => {
  t.equal(requiredSpecialRooms(12, 12), 1); // 12 / 12 = 1
  t.equal(requiredSpecialRooms(13, 12), 2); // ceil(13 / 12) = 2
  t.equal(requiredSpecialRooms(1, 12), 1);
  t.equal(requiredSpecialRooms(24, 12), 2);
  t.equal(requiredSpecialRooms(25, 12), 3);
  // a 95.99 m² music room does not count, 96 does; art 89.99 / 90
  t.equal(countingRooms([95.99, 96, 120], 96), 2);
  t.equal(countingRooms([89.99, 90], 90), 1);
});

t.test('B10 per school', async (t) => {
  const mk = (classes: number, music: number[], art: number[]) =>
    school({ schoolCode: 's', stages: { primary: stage(classes * 40, classes) }, facilities: facilities({ musicRoomAreasM2: music, artRoomAreasM2: art }) });
  t.equal(assessSpecialRooms(mk(12, [96], [90]), NATIONAL)?.met, true);
  const r13 = assessSpecialRooms(mk(13, [96], [90]), NATIONAL)!;
  t.equal(r13.required, 2);
  t.equal(r13.met, false);
  t.equal(assessSpecialRooms(mk(13, [96, 100], [90, 90]), NATIONAL)?.met, true);
  const small = assessSpecialRooms(mk(12, [95.99], [90]), NATIONAL)!;
  t.equal(small.met, false, 'the 95.99 m² music room does not count');
  t.same(small.music, { rooms: 1, counting: 0, minAreaM2: 96 });
  // nine-year: primary + junior classes count; senior classes do not (twelve-year)
  const twelve = school({
    schoolCode: 'tw',
    kind: 'twelve_year',
    stages: { primary: stage(400, 10), junior: stage(150, 3), senior: stage(500, 10) },
    facilities: facilities({ musicRoomAreasM2: [96], artRoomAreasM2: [90] }),
  });
  t.equal(assessSpecialRooms(twelve, NATIONAL)?.compulsoryClasses, 13);
  t.equal(assessSpecialRooms(twelve, NATIONAL)?.met, false);
  // exempt and inapplicable
  t.equal(assessSpecialRooms(school({ schoolCode: 'tp', kind: 'teaching_point', stages: { primary: stage(30, 3) } }), NATIONAL), null);
  // a private school is checked like a public one (the public-only scope of §2 is for B1–B7)
  const privateRooms = assessSpecialRooms(school({ schoolCode: 'pr', ownership: 'private', stages: { primary: stage(30, 3) }, facilities: facilities({ musicRoomAreasM2: [], artRoomAreasM2: [90] }) }), NATIONAL);
  t.match(privateRooms, { schoolCode: 'pr', required: 1, met: false, music: { rooms: 0, counting: 0 } });
  t.equal(assessSpecialRooms(school({ schoolCode: 'h', kind: 'senior', stages: { senior: stage(300, 6) } }), NATIONAL), null);
  // missing facilities
  const miss = assessSpecialRooms(school({ schoolCode: 'm', facilities: null, stages: { primary: stage(300, 6) } }), NATIONAL)!;
  t.equal(miss.met, null);
  t.same(miss.missing, ['facilities of m']);

  const county = assessSpecialRoomsCounty([mk(12, [96], [90]), { ...mk(13, [96], [90]), schoolCode: 'bad' }], NATIONAL);
  t.equal(county.met, false);
  t.same(county.notMet, ['bad']);
  t.equal(assessSpecialRoomsCounty([mk(12, [96], [90])], NATIONAL).met, true);
  t.equal(assessSpecialRoomsCounty([mk(12, [96], [90]), school({ schoolCode: 'm', facilities: null, stages: { primary: stage(300, 6) } })], NATIONAL).met, null);
});

t.test('B11 school size: 2000 / 2001, nine-year 2500 / 2501', async (t) => {
  const mk = (kind: 'primary' | 'junior' | 'nine_year' | 'twelve_year' | 'complete_secondary', p: number, j: number, s = 0) =>
    school({ schoolCode: kind, kind, stages: { primary: stage(p, 1), junior: stage(j, 1), senior: stage(s, 1) } });
  t.equal(assessSchoolSize(mk('primary', 2000, 0), NATIONAL)?.met, true);
  t.equal(assessSchoolSize(mk('primary', 2001, 0), NATIONAL)?.met, false);
  t.equal(assessSchoolSize(mk('junior', 0, 2000), NATIONAL)?.met, true);
  t.equal(assessSchoolSize(mk('junior', 0, 2001), NATIONAL)?.met, false);
  t.equal(assessSchoolSize(mk('nine_year', 1500, 1000), NATIONAL)?.met, true); // 2500
  const over = assessSchoolSize(mk('nine_year', 1500, 1001), NATIONAL)!; // 2501
  t.equal(over.met, false);
  t.equal(over.limit, 2500);
  t.match(over.explanation, /2501 compulsory students > 2500/);
  // the senior part is not counted: twelve-year 1500 + 1000 + 3000 senior = 2500 compulsory
  t.equal(assessSchoolSize(mk('twelve_year', 1500, 1000, 3000), NATIONAL)?.met, true);
  // complete secondary: its junior part against 2000
  t.equal(assessSchoolSize(mk('complete_secondary', 0, 2000, 2000), NATIONAL)?.met, true);
  t.equal(assessSchoolSize(school({ schoolCode: 'tp', kind: 'teaching_point', stages: { primary: stage(2001, 40) } }), NATIONAL)?.met, false);
  t.equal(assessSchoolSize(school({ schoolCode: 'sp', kind: 'special', stages: { primary: stage(3000, 40) } }), NATIONAL), null);
  // private schools have the same caps: 2001 in a private primary school is over
  const privateBig = school({ schoolCode: 'pv', ownership: 'private', stages: { primary: stage(2001, 40) } });
  t.match(assessSchoolSize(privateBig, NATIONAL), { schoolCode: 'pv', limit: 2000, met: false });
  t.same(assessSchoolSizeCounty([mk('primary', 2000, 0), privateBig], NATIONAL).notMet, ['pv']);
  const c = assessSchoolSizeCounty([mk('primary', 2000, 0), { ...mk('primary', 2001, 0), schoolCode: 'big' }], NATIONAL);
  t.same(c.notMet, ['big']);
  t.equal(c.met, false);
});

t.test('B12 class size: limits 45 / 50 and the 56 / 66 bands', async (t) => {
  t.equal(classWithinLimit('primary', 45, NATIONAL), true);
  t.equal(classWithinLimit('primary', 46, NATIONAL), false);
  t.equal(classWithinLimit('junior', 50, NATIONAL), true);
  t.equal(classWithinLimit('junior', 51, NATIONAL), false);

  const cls = (stageName: ClassInput['stage'], sizes: number[]): ClassInput[] =>
    sizes.map((students, i) => ({ classCode: `${stageName}-${i}`, stage: stageName, students }));
  const s = school({
    schoolCode: 'n1',
    kind: 'nine_year',
    classes: [
      ...cls('primary', [45, 46, 55, 56]),
      ...cls('junior', [50, 51, 65, 66]),
      ...cls('senior', [80]), // not a compulsory class
      ...cls('preschool', [40]),
    ],
  });
  const r = assessClassSizes([s], NATIONAL);
  t.equal(r.classes, 8);
  // over the limit: primary 46, 55, 56; junior 51, 65, 66
  t.equal(r.overLimit, 6);
  t.same(r.violations.map((v) => `${v.classCode}:${v.students}>${v.limit}`), [
    'primary-1:46>45',
    'primary-2:55>45',
    'primary-3:56>45',
    'junior-1:51>50',
    'junior-2:65>50',
    'junior-3:66>50',
  ]);
  // 大班额 ≥ 56: 56, 65, 66 → 3 (55 is not); 超大班额 ≥ 66: 66 → 1 (65 is not)
  t.equal(r.large, 3);
  t.equal(r.superLarge, 1);
  t.equal(r.largeShare, 0.375); // 3 / 8
  t.equal(r.superLargeShare, 0.125); // 1 / 8
  t.equal(r.met, false);

  const fine = assessClassSizes([school({ schoolCode: 'ok', classes: cls('primary', [45, 30]) })], NATIONAL);
  t.equal(fine.met, true);
  t.equal(fine.largeShare, 0);

  // special schools are exempt; a school without a class list makes B12 not assessable
  t.equal(assessClassSizes([school({ schoolCode: 'sp', kind: 'special', classes: cls('primary', [80]) })], NATIONAL).classes, 0);
  const missing = assessClassSizes([school({ schoolCode: 'ok', classes: cls('primary', [45]) }), school({ schoolCode: 'nolist' })], NATIONAL);
  t.equal(missing.met, null);
  t.same(missing.missing, ['classes of nolist']);
  // but a known violation decides it anyway
  t.equal(assessClassSizes([school({ schoolCode: 'x', classes: cls('primary', [46]) }), school({ schoolCode: 'nolist' })], NATIONAL).met, false);
  // private schools count whatever assessPrivateSchools says (that option is about the B1–B7 units)
  const priv = school({ schoolCode: 'pv', ownership: 'private', classes: cls('primary', [60, 40]) });
  for (const policy of [NATIONAL, params({ assessPrivateSchools: true })]) {
    const r = assessClassSizes([priv], policy);
    t.match(r, { classes: 2, overLimit: 1, large: 1, superLarge: 0, largeShare: 0.5, met: false });
    t.same(r.violations, [{ schoolCode: 'pv', classCode: 'primary-0', stage: 'primary', students: 60, limit: 45 }]);
  }
  // a private special school stays exempt: the kind decides
  t.equal(assessClassSizes([school({ schoolCode: 'ps', kind: 'special', ownership: 'private', classes: cls('primary', [70]) })], NATIONAL).classes, 0);
});
