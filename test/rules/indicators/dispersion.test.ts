import { fileTest } from '../../helpers/file-test.js';
import fc from 'fast-check';
import {
  assessComposite,
  assessDispersion,
  cvAtMost,
  dispersionFigures,
  weightedMoments,
  type WeightedValue,
} from '../../../src/rules/indicators/dispersion.js';
import { assessResourceAllocation } from '../../../src/rules/indicators/resource-allocation.js';
import { RESOURCE_INDICATOR_IDS, type ResourceIndicatorId } from '../../../src/rules/indicators/resource.js';
import { buildAssessmentUnits } from '../../../src/rules/indicators/units.js';
import { div, eq, mul, rat, sum } from '../../../src/rules/exact.js';
import { exactPrimary, facilities, NATIONAL, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

t.test('the published five-school example of docs/domain.md §4', async (t) => {
  // books per student: P = 45, 37, 89, 76, 55; totals 279, 137, 935, 160, 402
  // X = 6.2, 3.7027, 10.5056, 2.1053, 7.3091; P = 302; Σ totals = 1913
  // mean = 1913 / 302 = 6.334437; Σ P·X² = 279²/45 + 137²/37 + 935²/89 + 160²/76 + 402²/55 = 15335.28…
  // variance = 15335.28/302 − 6.334437² = 10.652790 → sd 3.263861, cv = 3.263861 / 6.334437 = 0.515257
  const P = [45, 37, 89, 76, 55];
  const totals = [279, 137, 935, 160, 402];
  const points: WeightedValue[] = P.map((p, i) => ({ weight: p, value: rat(totals[i]!, p) }));
  const m = weightedMoments(points)!;
  t.same(m.mean, rat(1913, 302));
  const f = dispersionFigures(m);
  t.equal(f.mean, 6.334437);
  t.equal(f.sd, 3.263861);
  t.equal(f.cv, 0.515257);
  t.equal(f.units, 5);
  t.equal(f.students, 302);
  // cv 0.515257 > 0.50 (primary) and > 0.45 (junior)
  t.equal(cvAtMost(m, 0.5), false);
  t.equal(cvAtMost(m, 0.52), true);

  // the unweighted cv (each school weight 1) is a different number
  const unweighted = dispersionFigures(weightedMoments(P.map((p, i) => ({ weight: 1, value: rat(totals[i]!, p) })))!);
  t.not(unweighted.cv, f.cv);
  // unweighted sd 2.915290, cv 0.488771: it would pass 0.50 where the student-weighted cv fails
  t.equal(unweighted.cv, 0.488771);
  t.equal(unweighted.mean, 5.964535); // (6.2 + 3.702703 + 10.505618 + 2.105263 + 7.309091) / 5 = 29.822675 / 5
});

t.test('cv ≤ cvMax is decided exactly at the bound', async (t) => {
  // Two units of 100 students: 3000 and 1000 yuan per student. mean 2000, sd 1000, cv = 0.5 exactly.
  const mk = (yuanA: number) => [
    school({ schoolCode: 'a', stages: { primary: stage(100, 2) }, facilities: facilities({ equipmentValueYuan: yuanA }) }),
    school({ schoolCode: 'b', stages: { primary: stage(100, 2) }, facilities: facilities({ equipmentValueYuan: 100000 }) }),
  ];
  const atBound = assessDispersion(buildAssessmentUnits(mk(300000), NATIONAL).units, 'B6', 'primary', NATIONAL);
  t.equal(atBound.cv, 0.5);
  t.equal(atBound.met, true, 'cv = 0.5 meets ≤ 0.5');
  // one fen more at school a: cv = 2000.0001/4000.0001·… > 0.5
  const above = assessDispersion(buildAssessmentUnits(mk(300000.01), NATIONAL).units, 'B6', 'primary', NATIONAL);
  t.equal(above.met, false, 'a hair above 0.5 fails');
  t.equal(above.cv, 0.5, 'even though the displayed cv rounds to 0.5');
  t.match(above.explanation, /cv 0.5 > 0.5/);
});

t.test('not-assessed units are left out; missing inputs make it not assessable', async (t) => {
  const units = buildAssessmentUnits(
    [
      school({ schoolCode: 'a', stages: { primary: stage(100, 2) }, facilities: facilities({ equipmentValueYuan: 200000 }) }),
      // a 40-student teaching point with a wildly different value is not in the figure
      school({ schoolCode: 't', kind: 'teaching_point', stages: { primary: stage(40, 2) }, facilities: facilities({ equipmentValueYuan: 1 }) }),
    ],
    NATIONAL,
  ).units;
  const d = assessDispersion(units, 'B6', 'primary', NATIONAL);
  t.equal(d.units, 1);
  t.equal(d.cv, 0);
  t.equal(d.met, true);

  const missing = assessDispersion(
    buildAssessmentUnits([school({ schoolCode: 'x', facilities: null, stages: { primary: stage(100, 2) } })], NATIONAL).units,
    'B4',
    'primary',
    NATIONAL,
  );
  t.equal(missing.met, null);
  t.same(missing.missing, ['B4 inputs of x:primary']);

  const none = assessDispersion([], 'B1', 'junior', NATIONAL);
  t.equal(none.met, null);
  t.same(none.missing, ['assessed junior units']);

  // all values 0 → mean 0 → cv undefined
  const zero = assessDispersion(buildAssessmentUnits([school({ schoolCode: 'z', stages: { primary: stage(100, 2) } })], NATIONAL).units, 'B7', 'primary', NATIONAL);
  t.equal(zero.mean, 0);
  t.equal(zero.cv, null);
  t.equal(zero.met, null);
});

t.test('composite: simple mean of the 7 cvs, informational', async (t) => {
  const cvs: Record<ResourceIndicatorId, { cv: number | null }> = {
    B1: { cv: 0.7 }, B2: { cv: 0.7 }, B3: { cv: 0.7 }, B4: { cv: 0.6 }, B5: { cv: 0.6 }, B6: { cv: 0.6 }, B7: { cv: 0.65 },
  };
  // (0.7·3 + 0.6·3 + 0.65) / 7 = 4.55 / 7 = 0.65 ≤ 0.65
  const c = assessComposite(cvs, 'primary', NATIONAL);
  t.equal(c.cv, 0.65);
  t.equal(c.met, true);
  t.equal(assessComposite(cvs, 'junior', NATIONAL).met, false); // 0.65 > 0.55
  t.equal(assessComposite({ ...cvs, B7: { cv: null } }, 'primary', NATIONAL).met, null);
});

t.test('county B1–B7 verdict: every unit passes and every cv meets', async (t) => {
  // two identical schools at every standard: cv 0 everywhere, both units pass
  const ra = assessResourceAllocation([exactPrimary('p1'), exactPrimary('p2')], NATIONAL);
  t.equal(ra.primary.passes, true);
  t.equal(ra.primary.schoolsPassing, 2);
  t.equal(ra.primary.unitsAssessed, 2);
  for (const id of RESOURCE_INDICATOR_IDS) t.equal(ra.primary.dispersion[id].cv, 0);
  t.equal(ra.primary.composite.cv, 0);
  // no junior unit at all: the junior verdict is undecided, so the county verdict is too
  t.equal(ra.junior.passes, null);
  t.equal(ra.passes, null);
  t.ok(ra.junior.missing.includes('assessed junior units'));

  // one school far richer in equipment: both units pass but B6's cv fails
  const rich = exactPrimary('p3');
  rich.facilities = { ...rich.facilities!, equipmentValueYuan: 20_000_000 };
  const ra2 = assessResourceAllocation([exactPrimary('p1'), rich], NATIONAL);
  t.equal(ra2.primary.schoolsPassing, 2);
  t.equal(ra2.primary.dispersion.B6.met, false);
  t.equal(ra2.primary.passes, false);
  t.match(ra2.primary.explanation, /cv above 0.5: B6/);
});

const unitArb = fc.record({
  students: fc.integer({ min: 1, max: 3000 }),
  total: fc.integer({ min: 0, max: 10_000_000 }),
});

t.test('property: weighted mean equals total resource / total students', async (t) => {
  fc.assert(
    fc.property(fc.array(unitArb, { minLength: 1, maxLength: 30 }), (us) => {
      const m = weightedMoments(us.map((u) => ({ weight: u.students, value: rat(u.total, u.students) })))!;
      const expected = div(sum(us.map((u) => u.total)), sum(us.map((u) => u.students)));
      return eq(m.mean, expected);
    }),
  );
  t.pass('holds');
});

t.test('property: dispersion is invariant to scaling a resource', async (t) => {
  fc.assert(
    fc.property(
      fc.array(unitArb, { minLength: 1, maxLength: 20 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 99 }),
      (us, kn, kd, cvPercent) => {
        const k = rat(kn, kd);
        const a = weightedMoments(us.map((u) => ({ weight: u.students, value: rat(u.total, u.students) })))!;
        const b = weightedMoments(us.map((u) => ({ weight: u.students, value: mul(rat(u.total, u.students), k) })))!;
        // exact: mean scales by k, variance by k², so every cv decision is the same
        if (!eq(b.mean, mul(a.mean, k)) || !eq(b.variance, mul(a.variance, mul(k, k)))) return false;
        if (cvAtMost(a, cvPercent / 100) !== cvAtMost(b, cvPercent / 100)) return false;
        const fa = dispersionFigures(a).cv;
        const fb = dispersionFigures(b).cv;
        return fa === null ? fb === null : fb !== null && Math.abs(fa - fb) <= 2e-6;
      },
    ),
  );
  t.pass('holds');
});

t.test('property: zero when all units have the same value', async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 100000 }),
      fc.integer({ min: 1, max: 100 }),
      (students, vn, vd) => {
        const m = weightedMoments(students.map((p) => ({ weight: p, value: rat(vn, vd) })))!;
        const f = dispersionFigures(m);
        return m.variance.n === 0n && f.sd === 0 && f.cv === 0 && cvAtMost(m, 0) === true;
      },
    ),
  );
  t.pass('holds');
});
