import { fileTest } from '../../helpers/file-test.js';
import { buildAssessmentUnits, type AssessmentUnit } from '../../../src/rules/indicators/units.js';
import { assessResourceIndicator, assessUnit, unitPasses, RESOURCE_INDICATOR_IDS, type ResourceIndicatorId } from '../../../src/rules/indicators/resource.js';
import type { SchoolInput } from '../../../src/rules/indicators/inputs.js';
import type { IndicatorParams } from '../../../src/rules/policies/indicator-params.js';
import { exactPrimary, facilities, NATIONAL, params, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

function unitOf(s: SchoolInput, p: IndicatorParams = NATIONAL, index = 0): AssessmentUnit {
  const u = buildAssessmentUnits([s], p).units[index];
  if (!u) throw new Error('no unit');
  return u;
}

/** exactPrimary with some facilities changed. */
function primaryWith(f: Partial<Parameters<typeof facilities>[0]>, teachersOver: Record<string, number> = {}): SchoolInput {
  const base = exactPrimary('p1');
  return {
    ...base,
    facilities: { ...base.facilities!, ...f },
    stages: { primary: stage(1000, 24, { fullTime: 60, qualified: 42, backbone: 10, artsPe: 9, certified: 60, ...teachersOver }) },
  };
}

t.test('a unit exactly at every standard meets all seven', async (t) => {
  const r = assessUnit(unitOf(exactPrimary('p1')), NATIONAL);
  t.equal(r.metCount, 7);
  t.equal(r.passes, true);
  for (const id of RESOURCE_INDICATOR_IDS) {
    t.equal(r.indicators?.[id].met, true, `${id} met`);
    t.equal(r.indicators?.[id].shortfall, null);
    t.equal(r.indicators?.[id].ratioToStandard, 1);
  }
  // B1: 100 × 42 / 1000 = 4.2 ≥ 4.2
  t.equal(r.indicators?.B1.value, 4.2);
  t.equal(r.indicators?.B1.numerator, 42);
  t.equal(r.indicators?.B1.denominator, 1000);
  t.equal(r.indicators?.B1.standard, 4.2);
  t.equal(r.indicators?.B1.floor, 3.57); // 0.85 × 4.2
  t.match(r.indicators?.B1.explanation, /100 × 42 .* \/ 1000 students = 4.2 ≥ 4.2: met/);
});

t.test('B1 primary: just below 4.2 does not meet', async (t) => {
  // 100 × 42 / 1001 = 4.1958… < 4.2 (a float quotient rounded to 4.2 would have said yes at 2 decimals)
  const s = primaryWith({});
  s.stages = { primary: stage(1001, 24, { fullTime: 60, qualified: 42, backbone: 11, artsPe: 10, certified: 60 }) };
  const r = assessResourceIndicator(unitOf(s), 'B1', NATIONAL);
  t.equal(r.met, false);
  t.equal(r.value, 4.1958);
  // needs ceil(4.2 × 1001 / 100) = ceil(42.042) = 43 teachers → 1 more; floor ceil(3.57 × 10.01 = 35.7357) = 36 → 0
  t.same(r.shortfall, { unit: 'teachers', toStandard: 1, toFloor: 0 });
  t.equal(r.atLeastFloor, true);
});

t.test('B1 junior: 5.3 at the bound meets, 5.29 does not', async (t) => {
  const mk = (qualified: number): SchoolInput =>
    school({ schoolCode: 'j1', kind: 'junior', stages: { junior: stage(1000, 20, { fullTime: 80, qualified }) } });
  t.equal(assessResourceIndicator(unitOf(mk(53)), 'B1', NATIONAL).met, true); // 100 × 53 / 1000 = 5.3
  const below = assessResourceIndicator(unitOf(mk(52)), 'B1', NATIONAL); // 5.2 < 5.3
  t.equal(below.met, false);
  t.same(below.shortfall, { unit: 'teachers', toStandard: 1, toFloor: 0 });
  // floor 0.85 × 5.3 = 4.505: 45 teachers → 4.5 < 4.505, below the floor; needs ceil(45.05) = 46 → 1 more
  const low = assessResourceIndicator(unitOf(mk(45)), 'B1', NATIONAL);
  t.equal(low.atLeastFloor, false);
  t.same(low.shortfall, { unit: 'teachers', toStandard: 8, toFloor: 1 });
});

t.test('areas and money at the bound, with 2 decimals', async (t) => {
  // B4 4500 m² / 1000 = 4.5 meets; 4499.99 → 4.49999 does not; shortfall 0.01 m²
  t.equal(assessResourceIndicator(unitOf(primaryWith({ teachingAreaM2: 4500 })), 'B4', NATIONAL).met, true);
  const b4 = assessResourceIndicator(unitOf(primaryWith({ teachingAreaM2: 4499.99 })), 'B4', NATIONAL);
  t.equal(b4.met, false);
  t.same(b4.shortfall, { unit: 'm2', toStandard: 0.01, toFloor: 0 });
  // B6 1 999 999.99 yuan / 1000 → 1999.99999 < 2000: short by one fen
  const b6 = assessResourceIndicator(unitOf(primaryWith({ equipmentValueYuan: 1_999_999.99 })), 'B6', NATIONAL);
  t.equal(b6.met, false);
  t.same(b6.shortfall, { unit: 'yuan', toStandard: 0.01, toFloor: 0 });
  // B5 3000 m² / 1000 = 3.0 vs 7.5: short 4500 m²; floor 6.375 × 1000 = 6375 → 3375 m²
  const b5 = assessResourceIndicator(unitOf(primaryWith({ sportsAreaM2: 3000 })), 'B5', NATIONAL);
  t.same(b5.shortfall, { unit: 'm2', toStandard: 4500, toFloor: 3375 });
  t.equal(b5.ratioToStandard, 0.4);
});

t.test('classrooms and teachers are rounded up to whole numbers', async (t) => {
  // B7: 20 classrooms / 1000 × 100 = 2.0 vs 2.3: needs 23 → 3; floor 1.955 → 19.55 → 20 → 0
  const b7 = assessResourceIndicator(unitOf(primaryWith({ multimediaClassrooms: 20 })), 'B7', NATIONAL);
  t.same(b7.shortfall, { unit: 'classrooms', toStandard: 3, toFloor: 0 });
  // B3: 5 / 1000 × 100 = 0.5 vs 0.9: needs 9 → 4; floor 0.765 × 10 = 7.65 → 8 → 3
  const b3 = assessResourceIndicator(unitOf(primaryWith({}, { artsPe: 5 })), 'B3', NATIONAL);
  t.same(b3.shortfall, { unit: 'teachers', toStandard: 4, toFloor: 3 });
  // apportioned classrooms are fractional: nine-year, 10 classrooms, 166/397 to primary = 4.1814…;
  // primary B7 = 100 × 4.1814 / 166 = 2.5189 ≥ 2.3; junior 10 × 231/397 = 5.8186 → 100 × 5.8186 / 210 = 2.7708 ≥ 2.4
  const nine = school({
    schoolCode: 'n1',
    kind: 'nine_year',
    stages: { primary: stage(166, 4), junior: stage(210, 5) },
    facilities: facilities({ multimediaClassrooms: 10 }),
  });
  const rp = assessResourceIndicator(unitOf(nine, NATIONAL, 0), 'B7', NATIONAL);
  const rj = assessResourceIndicator(unitOf(nine, NATIONAL, 1), 'B7', NATIONAL);
  t.equal(rp.numerator, 4.1814);
  t.equal(rp.value, 2.5189);
  t.equal(rj.value, 2.7708);
  t.equal(rp.met, true);
  t.equal(rj.met, true);
});

t.test('subtractIndoorSportsFromTeachingArea', async (t) => {
  const s = primaryWith({ teachingAreaM2: 5000, indoorSportsAreaM2: 600 });
  t.equal(assessResourceIndicator(unitOf(s), 'B4', NATIONAL).value, 5); // 5000 / 1000
  const p = params({ subtractIndoorSportsFromTeachingArea: true });
  const r = assessResourceIndicator(unitOf(s, p), 'B4', p); // (5000 − 600) / 1000 = 4.4 < 4.5
  t.equal(r.value, 4.4);
  t.equal(r.met, false);
});

t.test('the 6-of-7 rule with the 85% floor', async (t) => {
  // B4 floor = 0.85 × 4.5 = 3.825 → 3825 m² for 1000 students
  const atFloor = assessUnit(unitOf(primaryWith({ teachingAreaM2: 3825 })), NATIONAL);
  t.equal(atFloor.metCount, 6);
  t.equal(atFloor.indicators?.B4.atLeastFloor, true);
  t.equal(atFloor.indicators?.B4.ratioToStandard, 0.85);
  t.equal(atFloor.passes, true, '6 met + 1 exactly at 85% passes');

  // 84.9 % of 4.5 = 3.8205 → 3820.5 m²
  const below = assessUnit(unitOf(primaryWith({ teachingAreaM2: 3820.5 })), NATIONAL);
  t.equal(below.metCount, 6);
  t.equal(below.indicators?.B4.ratioToStandard, 0.849);
  t.same(below.belowFloor, ['B4']);
  t.equal(below.passes, false, '6 met + 1 at 84.9% fails');
  // to the floor: 3825 − 3820.5 = 4.5 m²; to the standard 4500 − 3820.5 = 679.5 m²
  t.same(below.indicators?.B4.shortfall, { unit: 'm2', toStandard: 679.5, toFloor: 4.5 });

  // 3824.99 m²: one hundredth below the floor still fails
  t.equal(assessUnit(unitOf(primaryWith({ teachingAreaM2: 3824.99 })), NATIONAL).passes, false);

  // 5 met (B1 41 → 4.1 = 97.6 %, B2 9 → 0.9 = 90 %, both above the floor) fails
  const five = assessUnit(unitOf(primaryWith({}, { qualified: 41, backbone: 9 })), NATIONAL);
  t.equal(five.metCount, 5);
  t.same(five.belowFloor, []);
  t.equal(five.passes, false, '5 met fails');
  t.match(five.explanation, /5 of 7 met \(need 6\).*fails/);
});

t.test('unitPasses with undecided inputs', async (t) => {
  const mk = (vals: Record<ResourceIndicatorId, [boolean | null, boolean | null]>) => {
    const out = {} as Record<ResourceIndicatorId, { met: boolean | null; atLeastFloor: boolean | null }>;
    for (const id of RESOURCE_INDICATOR_IDS) out[id] = { met: vals[id][0], atLeastFloor: vals[id][1] };
    return out;
  };
  const ok: [boolean, boolean] = [true, true];
  const unknown: [null, null] = [null, null];
  // 6 met + 1 unknown: could pass or fail → null
  t.equal(unitPasses(mk({ B1: unknown, B2: ok, B3: ok, B4: ok, B5: ok, B6: ok, B7: ok }), NATIONAL).passes, null);
  // one known below floor → false whatever the unknown
  t.equal(unitPasses(mk({ B1: unknown, B2: [false, false], B3: ok, B4: ok, B5: ok, B6: ok, B7: ok }), NATIONAL).passes, false);
  // two known not met → at most 5 met → false
  t.equal(unitPasses(mk({ B1: unknown, B2: [false, true], B3: [false, true], B4: ok, B5: ok, B6: ok, B7: ok }), NATIONAL).passes, false);
});

t.test('missing inputs are named; 0-student units have no indicators', async (t) => {
  // B2 = 100 × 1 / 100 = 1.0 and B3 = 1.0 are met; B1 and B4–B7 cannot be computed → undecided
  const s = school({ schoolCode: 'm1', facilities: null, stages: { primary: stage(100, 2, { fullTime: 5, qualified: null, backbone: 1, artsPe: 1 }) } });
  const r = assessUnit(unitOf(s), NATIONAL);
  t.equal(r.indicators?.B1.met, null);
  t.same(r.indicators?.B1.missing, ['teachers by education (byEducation or qualified) of m1:primary']);
  t.same(r.indicators?.B4.missing, ['facilities of m1']);
  t.ok(r.missing.includes('facilities of m1'));
  t.equal(r.passes, null);
  t.same(r.belowFloor, []);
  // with B2 at 0 (below its floor) the unit fails whatever the missing inputs would show
  const s2 = school({ schoolCode: 'm2', facilities: null, stages: { primary: stage(100, 2, { fullTime: 5, qualified: null, backbone: 0, artsPe: 1 }) } });
  t.equal(assessUnit(unitOf(s2), NATIONAL).passes, false);

  const zero = assessUnit(unitOf(school({ schoolCode: 'z1', kind: 'nine_year', stages: { primary: stage(10, 1) } }), NATIONAL, 1), NATIONAL);
  t.equal(zero.stage, 'junior');
  t.equal(zero.indicators, null);
  t.equal(zero.assessed, false);
  t.equal(zero.passes, null);
});
