// The pure remediation planner (src/rules/planning): the least-cost option against a brute-force search,
// exact bounds, a nine-year school whose addition serves both units, a county already passing, a county
// whose only problem is a cv, special schools and teaching points, and applyPlanActions leaving its input alone.

import fc from 'fast-check';
import { fileTest } from '../helpers/file-test.js';
import { fromDecimal, mul, rat, type Rational } from '../../src/rules/exact.js';
import type { ClassInput, SchoolInput, StageInput } from '../../src/rules/indicators/inputs.js';
import { assessUnit } from '../../src/rules/indicators/resource.js';
import { buildAssessmentUnits } from '../../src/rules/indicators/units.js';
import {
  applyPlanActions,
  costsBeyondBound,
  fenToYuanExact,
  MAX_ANSWERED_FEN,
  planCosts,
  planRemediation,
  planVerdict,
  type PlanAction,
} from '../../src/rules/planning/index.js';
import type { IndicatorParams } from '../../src/rules/policies/indicator-params.js';
import { REMEDIATION_ACTIONS, type RemediationAction } from '../../src/rules/policies/remediation-costs.js';
import { NATIONAL_2017 } from '../rules/policies/shipped.js';

const t = fileTest(import.meta);

const params: IndicatorParams = NATIONAL_2017.indicators;
const policyCosts = planCosts(NATIONAL_2017.remediationCosts);

interface Spec {
  code?: string;
  kind?: SchoolInput['kind'];
  students: number;
  junior?: number;
  qualified?: number;
  backbone?: number;
  artsPe?: number;
  fullTime?: number;
  teaching?: number;
  sports?: number;
  equipment?: number;
  multimedia?: number;
  classes?: SchoolInput['classes'];
  ownership?: SchoolInput['ownership'];
  centralSchoolCode?: string;
}

/** Teachers meeting every standard of `stage` for `students`, unless a count is given. */
function teachers(stage: 'primary' | 'junior', students: number, s: Spec) {
  const need = (id: 'B1' | 'B2' | 'B3') => Math.ceil((params.resourceStandards[id][stage] * students) / 100 - 1e-9);
  const qualified = s.qualified ?? need('B1') + 1;
  const fullTime = s.fullTime ?? qualified + 2;
  return { fullTime, certified: fullTime, qualified, backbone: s.backbone ?? need('B2'), artsPe: s.artsPe ?? need('B3') };
}

/** One school; facilities meet every standard for its students unless given. */
function school(s: Spec): SchoolInput {
  const primary = s.kind === 'junior' ? 0 : s.students;
  const junior = s.kind === 'junior' ? s.students : (s.junior ?? 0);
  const per = (id: 'B4' | 'B5' | 'B6') => Math.ceil((params.resourceStandards[id].primary * primary + params.resourceStandards[id].junior * junior) * 1.1);
  const stages: Partial<Record<'primary' | 'junior', StageInput>> = {};
  const perClass = (n: number) => Math.max(1, Math.ceil(n / 40));
  if (primary > 0) stages.primary = { students: primary, classes: perClass(primary), teachers: teachers('primary', primary, s) };
  if (junior > 0) stages.junior = { students: junior, classes: perClass(junior), teachers: teachers('junior', junior, s.kind === 'junior' ? s : {} as Spec) };
  const code = s.code ?? '2144000001';
  const classes: ClassInput[] = [];
  for (const stage of ['primary', 'junior'] as const) {
    const n = stage === 'primary' ? primary : junior;
    if (n === 0) continue;
    const k = perClass(n);
    for (let i = 0; i < k; i++) classes.push({ classCode: `${stage}-${i}`, stage, students: Math.floor(n / k) + (i < n % k ? 1 : 0) });
  }
  return {
    schoolCode: code,
    kind: s.kind ?? 'primary',
    areaType: 'town',
    ownership: s.ownership ?? 'public',
    centralSchoolCode: s.centralSchoolCode ?? null,
    facilities: {
      teachingAreaM2: s.teaching ?? per('B4'),
      sportsAreaM2: s.sports ?? per('B5'),
      equipmentValueYuan: s.equipment ?? per('B6'),
      multimediaClassrooms: s.multimedia ?? Math.ceil(((primary + junior) * 2.5) / 100),
      musicRoomAreasM2: rooms(classes.length),
      artRoomAreasM2: rooms(classes.length),
    },
    stages,
    classes: s.classes ?? classes,
  };
}

/** As many rooms of 100 m² as B10 asks for that many classes. */
const rooms = (classes: number): number[] => Array.from({ length: Math.max(1, Math.ceil(classes / 12)) }, () => 100);

const costOf = (actions: readonly { costFen: bigint | null }[]) => actions.reduce((a, x) => a + (x.costFen ?? 0n), 0n);

t.test('a county already passing gets an empty plan', async (t) => {
  const schools = [school({ code: '2144000001', students: 400 }), school({ code: '2144000002', students: 300 })];
  const plan = planRemediation({ schools, params, costs: policyCosts });
  t.equal(plan.before.passes, true);
  t.same(plan.actions, []);
  t.equal(plan.totals.fen, 0n);
  t.equal(plan.after.passes, true);
  t.same(plan.units.map((u) => u.option), ['all', 'all']);
  t.same(plan.dispersion, { minimal: true, rounds: 0, steps: [] });
});

t.test('exact bounds: 0.01 m² short, one teacher short', async (t) => {
  // B6 below standard (at the floor) and B4 short by exactly 0.01 m²: the cheapest fix is the 0.01 m²
  const schools = [school({ students: 100, teaching: 449.99, equipment: 170000 }), school({ code: '2144000002', students: 100 })];
  const plan = planRemediation({ schools, params, costs: policyCosts });
  const area = plan.actions.filter((a) => a.action === 'add_teaching_area');
  t.same(area.map((a) => [a.schoolCode, a.quantity]), [['2144000001', 0.01]], 'exactly the hundredth that is missing');
  t.equal(plan.units[0]?.option, 'B6', 'B6 stays at its floor');
  t.equal(area[0]?.costFen, 3500n, '0.01 m² at 3,500 yuan per m² is 35 yuan');
  t.equal(plan.after.passes, true);

  // 41 qualified teachers for 1000 students (4.1 < 4.2) while B4 is at its floor: one hire gives exactly 4.2
  const one = [school({ students: 1000, qualified: 41, teaching: 3825 }), school({ code: '2144000002', students: 900 })];
  const p1 = planRemediation({ schools: one, params, costs: policyCosts });
  t.same(p1.actions.map((a) => [a.action, a.subject, a.quantity]), [['hire_teachers', 'other', 1]]);
  t.equal(p1.after.passes, true);
  // and 40 qualified need 2: one is not enough
  const two = planRemediation({ schools: [school({ students: 1000, qualified: 40, teaching: 3825 }), school({ code: '2144000002', students: 900 })], params, costs: policyCosts });
  t.same(two.actions.map((a) => [a.action, a.quantity]), [['hire_teachers', 2]]);
  const short: PlanAction[] = [{ ...(two.actions[0] as PlanAction), quantity: 1 }];
  t.equal(planVerdict(applyPlanActions(two.actions.length ? [school({ students: 1000, qualified: 40, teaching: 3825 }), school({ code: '2144000002', students: 900 })] : [], short, params), params, ['primary']).passes, false, 'one hire less fails');
});

t.test('a nine-year school: one school-level addition serves both units, scored with the apportionment', async (t) => {
  // 166 primary + 210 junior: primary takes 166/397 of the facilities, junior 231/397; sports area short for both
  const nine = school({ code: '2144000009', kind: 'nine_year', students: 166, junior: 210, sports: 2000, equipment: 200000 });
  const schools = [nine, school({ code: '2144000002', students: 500 }), school({ code: '3144000003', kind: 'junior', students: 500 })];
  const units = buildAssessmentUnits(schools, params).units.filter((u) => u.schoolCode === '2144000009');
  t.same(units.map((u) => u.contributions[0]?.facilityShare), [rat(166, 397), rat(231, 397)]);
  const plan = planRemediation({ schools, params, costs: policyCosts });
  t.equal(plan.after.passes, true);
  const sports = plan.actions.filter((a) => a.action === 'add_sports_area');
  t.equal(sports.length, 1, 'one addition on the school');
  const x = sports[0] as PlanAction;
  t.equal(x.schoolCode, '2144000009');
  // the least amount: 0.01 m² less leaves a unit short of what its option needs
  const less = plan.actions.map((a) => (a === x ? { ...a, quantity: Math.round(a.quantity * 100 - 1) / 100 } : a));
  const lessVerdict = planVerdict(applyPlanActions(schools, less, params), params, ['primary', 'junior']);
  t.equal(lessVerdict.passes, false, '0.01 m² less fails');
  const both = plan.units.filter((u) => u.schoolCode === '2144000009');
  t.same(both.map((u) => [u.stage, u.before.passes, u.after.passes]), [
    ['primary', false, true],
    ['junior', false, true],
  ]);
});

t.test('a county whose only problem is a cv: the dispersion step', async (t) => {
  // every unit at or above the B6 floor (1700) but two far above: cv above 0.5
  const schools = [
    school({ code: '2144000001', students: 600, equipment: 600 * 1700, kind: 'primary' }),
    school({ code: '2144000002', students: 600, equipment: 600 * 1700 }),
    school({ code: '2144000003', students: 300, equipment: 300 * 9000 }),
    school({ code: '2144000004', students: 200, equipment: 200 * 9000 }),
  ];
  const before = planVerdict(schools, params, ['primary']);
  t.equal(before.resourceAllocation.primary?.cvMet.B6, false, 'the B6 cv is above its limit');
  t.equal(before.resourceAllocation.primary?.unitsPassing, 4, 'and every unit passes');
  const plan = planRemediation({ schools, params, costs: policyCosts, stages: ['primary'] });
  t.equal(plan.after.passes, true);
  t.ok(plan.actions.length > 0 && plan.actions.every((a) => a.action === 'add_equipment'), 'only equipment is added');
  t.equal(plan.dispersion.steps.length, 1);
  const step = plan.dispersion.steps[0];
  t.match(step, { stage: 'primary', indicator: 'B6', round: 1 });
  t.ok((step?.lowerBound ?? 0) < (step?.added ?? 0), 'the bound is below what is added');
  t.ok((step?.added ?? 0) - (step?.lowerBound ?? 0) <= 0.01, 'and within a hundredth of it');
  t.equal(step?.provedMinimal, true, 'proved minimal');
  t.equal(plan.dispersion.minimal, true);
  // the lowest units are raised to one level: both 1700-units end at the same value
  const after = applyPlanActions(schools, plan.actions, params);
  const eq = after.slice(0, 2).map((s) => (s.facilities?.equipmentValueYuan ?? 0) / 600);
  t.ok(Math.abs((eq[0] ?? 0) - (eq[1] ?? 0)) < 0.01, 'a common level');
});

t.test('special schools and teaching points: exempt where the rules exempt them', async (t) => {
  const big = (code: string, n: number) => Array.from({ length: 4 }, (_, i) => ({ classCode: `${code}-${i}`, stage: 'primary' as const, students: n }));
  const special = { ...school({ code: '5144000005', kind: 'special', students: 240 }), classes: big('s', 60) };
  const smallPoint = { ...school({ code: '2144000007', kind: 'teaching_point', students: 30, equipment: 0, teaching: 10 }), facilities: { ...school({ students: 30 }).facilities!, equipmentValueYuan: 0, teachingAreaM2: 10, musicRoomAreasM2: [], artRoomAreasM2: [] } };
  const schools = [school({ students: 400 }), special, smallPoint];
  const plan = planRemediation({ schools, params, costs: policyCosts });
  t.same(plan.actions, [], 'nothing for the special school (no unit, B12 exempt) or the small teaching point (not assessed, B10 exempt)');
  t.equal(plan.after.passes, true);
  // a teaching point of 60 students is its own unit and is planned
  const tp = { ...school({ code: '2144000008', kind: 'teaching_point', students: 60, equipment: 60 * 1000 }) };
  const p2 = planRemediation({ schools: [school({ students: 400 }), tp], params, costs: policyCosts });
  t.ok(p2.actions.some((a) => a.schoolCode === '2144000008' && a.action === 'add_equipment'));
  t.equal(p2.after.passes, true);
});

t.test('B10, B11, B12 at the school level', async (t) => {
  const classes = Array.from({ length: 3 }, (_, i) => ({ classCode: `7-${i}`, stage: 'junior' as const, grade: 7, students: 60 }));
  const s = { ...school({ code: '3144000003', kind: 'junior', students: 180, classes }), classes };
  s.facilities = { ...(s.facilities as NonNullable<SchoolInput['facilities']>), musicRoomAreasM2: [80], artRoomAreasM2: [] };
  const plan = planRemediation({ schools: [s, school({ students: 400 })], params, costs: policyCosts });
  const split = plan.actions.find((a) => a.action === 'split_classes');
  t.match(split, { stage: 'junior', grade: 7, quantity: 1 }, 'ceil(180 / 50) − 3 = 1');
  t.same(
    plan.actions.filter((a) => a.action === 'add_music_room' || a.action === 'add_art_room').map((a) => [a.action, a.quantity]),
    [['add_music_room', 1], ['add_art_room', 1]],
    'an 80 m² music room does not count',
  );
  t.equal(plan.after.passes, true);
  // a primary school of 2100 students: 100 relocated, from its largest classes
  const crowded = school({ code: '2144000011', students: 2100 });
  const p2 = planRemediation({ schools: [crowded], params, costs: policyCosts });
  t.match(p2.actions.find((a) => a.action === 'relocate_students'), { stage: 'primary', quantity: 100, costFen: null, unitCostYuan: null });
  t.same(p2.totals.unpriced, ['relocate_students']);
  t.equal(p2.after.schoolSize.over, 0);
});

t.test('applyPlanActions works on a copy', async (t) => {
  const s = school({ students: 100 });
  const before = JSON.stringify(s);
  const out = applyPlanActions(
    [s],
    [
      { schoolCode: s.schoolCode, action: 'add_teaching_area', quantity: 0.1, unit: 'm2', indicators: ['B4'], reasons: [] },
      { schoolCode: s.schoolCode, action: 'add_teaching_area', quantity: 0.2, unit: 'm2', indicators: ['B4'], reasons: [] },
      { schoolCode: s.schoolCode, stage: 'primary', action: 'hire_teachers', subject: 'music', quantity: 2, unit: 'teachers', indicators: ['B3'], reasons: [] },
    ],
    params,
  );
  t.equal(JSON.stringify(s), before, 'the input is unchanged');
  t.equal(out[0]?.facilities?.teachingAreaM2, (s.facilities?.teachingAreaM2 ?? 0) + 0.3, 'exact hundredths: 0.1 + 0.2 is 0.3');
  t.equal(out[0]?.stages.primary?.teachers?.artsPe, (s.stages.primary?.teachers?.artsPe ?? 0) + 2);
  t.equal(out[0]?.stages.primary?.teachers?.qualified, (s.stages.primary?.teachers?.qualified ?? 0) + 2);
  t.throws(() => applyPlanActions([s], [{ schoolCode: '9999999999', action: 'add_equipment', quantity: 1, unit: 'yuan', indicators: [], reasons: [] }], params));
});

// ── least cost against a brute-force search ──────────────────────────────────────────────────────────

/** The least amount (hundredths or whole) that brings `id` of the unit to `target`, by bisection on the engine's own check. */
function leastBySearch(s: SchoolInput, action: RemediationAction, id: 'B4' | 'B5' | 'B6' | 'B7', target: Rational, whole: boolean): number {
  const ok = (amount: number) =>
    gteExact(applyPlanActions([s], amount === 0 ? [] : [{ schoolCode: s.schoolCode, action, quantity: amount, unit: 'm2', indicators: [], reasons: [] }], params), id, target);
  if (ok(0)) return 0;
  // integer steps of the grain (whole things, or hundredths): double until enough, then bisect
  const scale = whole ? 1 : 100;
  let a = 0;
  let b = 1;
  while (!ok(b / scale)) b *= 2;
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2);
    if (ok(m / scale)) b = m;
    else a = m;
  }
  return b / scale;
}

function gteExact(schools: SchoolInput[], id: 'B4' | 'B5' | 'B6' | 'B7', target: Rational): boolean {
  const unit = buildAssessmentUnits(schools, params).units[0]!;
  const r = assessUnit(unit, params).indicators![id];
  // the engine's exact verdicts at the standard and the floor; other targets are not asked for
  const standard = fromDecimal(params.resourceStandards[id].primary);
  return target.n * standard.d === standard.n * target.d ? r.met === true : r.atLeastFloor === true;
}

t.test('least-cost choice equals a brute-force search over small units', async (t) => {
  const facility: Record<'B4' | 'B5' | 'B6' | 'B7', RemediationAction> = { B4: 'add_teaching_area', B5: 'add_sports_area', B6: 'add_equipment', B7: 'add_multimedia_classrooms' };
  let compared = 0;
  let nonEmpty = 0;
  await fc.assert(
    fc.property(
      fc.record({
        students: fc.integer({ min: 20, max: 80 }),
        qualified: fc.integer({ min: 0, max: 4 }),
        backbone: fc.integer({ min: 0, max: 1 }),
        artsPe: fc.integer({ min: 0, max: 1 }),
        extra: fc.integer({ min: 0, max: 2 }),
        b4: fc.integer({ min: 300, max: 500 }),
        b5: fc.integer({ min: 600, max: 800 }),
        b6: fc.integer({ min: 1500, max: 2100 }),
        mm: fc.integer({ min: 0, max: 3 }),
        costs: fc.array(fc.integer({ min: 1, max: 500000 }), { minLength: 8, maxLength: 8 }),
      }),
      (r) => {
        const s = school({
          students: r.students,
          qualified: r.qualified,
          backbone: r.backbone,
          artsPe: r.artsPe,
          fullTime: Math.max(r.qualified, r.backbone, r.artsPe) + r.extra,
          teaching: Math.round((r.b4 / 100) * r.students * 100) / 100,
          sports: Math.round((r.b5 / 100) * r.students * 100) / 100,
          equipment: r.b6 * r.students,
          multimedia: r.mm,
        });
        const overrides: Partial<Record<RemediationAction, number>> = {};
        REMEDIATION_ACTIONS.slice(0, 8).forEach((a, i) => {
          overrides[a] = r.costs[i] as number;
        });
        const costs = planCosts(NATIONAL_2017.remediationCosts, overrides);
        const plan = planRemediation({ schools: [s], params, costs, stages: ['primary'] });
        if (!plan.after.passes) return false;

        // brute force: teacher hires and designations over a range, each facility at 0, its floor or its standard
        const std = (id: 'B4' | 'B5' | 'B6' | 'B7') => fromDecimal(params.resourceStandards[id].primary);
        const flo = (id: 'B4' | 'B5' | 'B6' | 'B7') => mul(std(id), fromDecimal(params.floorShare));
        const choices = (['B4', 'B5', 'B6', 'B7'] as const).map((id) => {
          const whole = id === 'B7';
          return [...new Set([0, leastBySearch(s, facility[id], id, flo(id), whole), leastBySearch(s, facility[id], id, std(id), whole)])].map((amount) => ({ id, amount }));
        });
        let best: bigint | null = null;
        const fen = (a: RemediationAction, qn: number) => {
          const c = costs[a] as Rational;
          const f = mul(mul(rat(Math.round(qn * 100), 100), c), 100);
          return (f.n * 2n + f.d) / (2n * f.d);
        };
        for (let other = 0; other <= 5; other++) {
          for (let arts = 0; arts <= 2; arts++) {
            for (let d = 0; d <= 2; d++) {
              for (const c4 of choices[0]!) for (const c5 of choices[1]!) for (const c6 of choices[2]!) for (const c7 of choices[3]!) {
                const actions: PlanAction[] = [];
                let cost = 0n;
                if (other > 0) actions.push({ schoolCode: s.schoolCode, stage: 'primary', action: 'hire_teachers', subject: 'other', quantity: other, unit: 'teachers', indicators: [], reasons: [] });
                if (arts > 0) actions.push({ schoolCode: s.schoolCode, stage: 'primary', action: 'hire_teachers', subject: 'pe', quantity: arts, unit: 'teachers', indicators: [], reasons: [] });
                if (d > 0) actions.push({ schoolCode: s.schoolCode, stage: 'primary', action: 'designate_backbone', quantity: d, unit: 'teachers', indicators: [], reasons: [] });
                cost += fen('hire_teachers', other + arts) + fen('designate_backbone', d);
                for (const c of [c4, c5, c6, c7]) {
                  if (c.amount === 0) continue;
                  actions.push({ schoolCode: s.schoolCode, action: facility[c.id], quantity: c.amount, unit: 'm2', indicators: [], reasons: [] });
                  cost += fen(facility[c.id], c.amount);
                }
                if (best !== null && cost >= best) continue;
                let applied: SchoolInput[];
                try {
                  applied = applyPlanActions([s], actions, params);
                } catch {
                  continue; // a designation without a non-backbone teacher
                }
                const unit = buildAssessmentUnits(applied, params).units[0]!;
                if (assessUnit(unit, params).passes === true) best = cost;
              }
            }
          }
        }
        if (best === null) return true; // the search range was too small to pass: nothing to compare
        compared++;
        if (best > 0n) nonEmpty++;
        return costOf(plan.actions) === best;
      },
    ),
    { numRuns: 40, seed: 20241 },
  );
  t.ok(compared >= 36, `the search found a passing plan to compare with in ${compared} of 40 runs`);
  t.ok(nonEmpty >= 30, `and in ${nonEmpty} of them the cheapest plan costs something`);
});


t.test('a nine-year school: the joint choice of both units equals a brute-force search', async (t) => {
  const facility: Record<'B4' | 'B5' | 'B6' | 'B7', RemediationAction> = { B4: 'add_teaching_area', B5: 'add_sports_area', B6: 'add_equipment', B7: 'add_multimedia_classrooms' };
  const ids = ['B4', 'B5', 'B6', 'B7'] as const;
  /** Does unit `stage` of the school meet `id` at the standard (or, with floor, at least the floor) once `amount` is added? */
  const reaches = (s: SchoolInput, id: (typeof ids)[number], amount: number, stage: 'primary' | 'junior', floor: boolean) => {
    const applied = applyPlanActions([s], amount === 0 ? [] : [{ schoolCode: s.schoolCode, action: facility[id], quantity: amount, unit: 'm2', indicators: [], reasons: [] }], params);
    const unit = buildAssessmentUnits(applied, params).units.find((u) => u.stage === stage)!;
    const r = assessUnit(unit, params).indicators![id];
    return floor ? r.atLeastFloor === true : r.met === true;
  };
  /** The least school-level amount in the grain that gets the unit there, by doubling and bisection on the engine. */
  const least = (s: SchoolInput, id: (typeof ids)[number], stage: 'primary' | 'junior', floor: boolean) => {
    const scale = id === 'B7' ? 1 : 100;
    if (reaches(s, id, 0, stage, floor)) return 0;
    let a = 0;
    let b = 1;
    while (!reaches(s, id, b / scale, stage, floor)) b *= 2;
    while (b - a > 1) {
      const m = Math.floor((a + b) / 2);
      if (reaches(s, id, m / scale, stage, floor)) b = m;
      else a = m;
    }
    return b / scale;
  };
  let compared = 0;
  await fc.assert(
    fc.property(
      fc.record({
        primary: fc.integer({ min: 40, max: 300 }),
        junior: fc.integer({ min: 40, max: 300 }),
        shares: fc.array(fc.integer({ min: 70, max: 105 }), { minLength: 4, maxLength: 4 }),
        costs: fc.array(fc.integer({ min: 1, max: 500000 }), { minLength: 4, maxLength: 4 }),
      }),
      (r) => {
        const full = school({ code: '2144000009', kind: 'nine_year', students: r.primary, junior: r.junior });
        const f = full.facilities as NonNullable<SchoolInput['facilities']>;
        // each facility at 70–105 % of what both standards need: one or both units short, some at the floor
        const [a, b, c, d] = (r.shares as number[]).map((x) => x / 100) as [number, number, number, number];
        const s: SchoolInput = {
          ...full,
          facilities: {
            ...f,
            teachingAreaM2: Math.round(f.teachingAreaM2 * a * 100) / 100,
            sportsAreaM2: Math.round(f.sportsAreaM2 * b * 100) / 100,
            equipmentValueYuan: Math.round(f.equipmentValueYuan * c * 100) / 100,
            multimediaClassrooms: Math.floor(f.multimediaClassrooms * d),
          },
        };
        const overrides: Partial<Record<RemediationAction, number>> = {};
        ids.forEach((id, i) => {
          overrides[facility[id]] = r.costs[i] as number;
        });
        const costs = planCosts(NATIONAL_2017.remediationCosts, overrides);
        const plan = planRemediation({ schools: [s], params, costs, stages: ['primary', 'junior'] });
        if (!plan.after.passes) return false;
        // every school-level amount worth trying: none, or the least that brings one unit to its floor or standard
        const candidates = ids.map((id) => [
          ...new Set([0, ...(['primary', 'junior'] as const).flatMap((stage) => [least(s, id, stage, true), least(s, id, stage, false)])]),
        ]);
        const fen = (action: RemediationAction, qn: number) => {
          const x = mul(mul(rat(Math.round(qn * 100), 100), costs[action] as Rational), 100);
          return (x.n * 2n + x.d) / (2n * x.d);
        };
        let best: bigint | null = null;
        const pick = (i: number, chosen: number[]) => {
          if (i === ids.length) {
            const cost = chosen.reduce((sum, q, k) => sum + (q === 0 ? 0n : fen(facility[ids[k]!], q)), 0n);
            if (best !== null && cost >= best) return;
            const actions: PlanAction[] = chosen.flatMap((q, k) =>
              q === 0 ? [] : [{ schoolCode: s.schoolCode, action: facility[ids[k]!], quantity: q, unit: 'm2' as const, indicators: [], reasons: [] }],
            );
            const units = buildAssessmentUnits(applyPlanActions([s], actions, params), params).units;
            if (units.every((u) => assessUnit(u, params).passes === true)) best = cost;
            return;
          }
          for (const q of candidates[i]!) pick(i + 1, [...chosen, q]);
        };
        pick(0, []);
        if (best === null) return false; // the standards themselves always pass: the search cannot come back empty
        compared++;
        return costOf(plan.actions) === best;
      },
    ),
    { numRuns: 20, seed: 4242 },
  );
  t.equal(compared, 20, 'the planner matched the cheapest joint choice found by search in every run');
});

t.test('on random counties the plan always passes once applied (a failing `after` would throw)', async (t) => {
  const arbSchool = fc.record({
    kind: fc.constantFrom('primary' as const, 'junior' as const, 'nine_year' as const),
    students: fc.integer({ min: 60, max: 1500 }),
    junior: fc.integer({ min: 60, max: 900 }),
    qualifiedShare: fc.double({ min: 0.2, max: 1.4, noNaN: true }),
    facilityShare: fc.array(fc.double({ min: 0.2, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }),
    classSize: fc.integer({ min: 30, max: 70 }),
  });
  await fc.assert(
    fc.property(fc.array(arbSchool, { minLength: 1, maxLength: 6 }), (specs) => {
      const schools = specs.map((sp, i) => {
        const code = `${sp.kind === 'junior' ? 31 : 21}44${String(i).padStart(6, '0')}`;
        const base = school({ code, kind: sp.kind, students: sp.students, ...(sp.kind === 'nine_year' ? { junior: sp.junior } : {}) });
        const f = base.facilities as NonNullable<SchoolInput['facilities']>;
        const [a, b, c, d] = sp.facilityShare as [number, number, number, number];
        base.facilities = {
          ...f,
          teachingAreaM2: Math.round(f.teachingAreaM2 * a * 100) / 100,
          sportsAreaM2: Math.round(f.sportsAreaM2 * b * 100) / 100,
          equipmentValueYuan: Math.round(f.equipmentValueYuan * c * 100) / 100,
          multimediaClassrooms: Math.round(f.multimediaClassrooms * d),
        };
        for (const st of Object.values(base.stages)) {
          if (st?.teachers) st.teachers.qualified = Math.round((st.teachers.qualified ?? 0) * sp.qualifiedShare);
          if (st?.teachers) st.teachers.fullTime = Math.max(st.teachers.fullTime, st.teachers.qualified ?? 0);
        }
        // classes of the chosen size, grade by grade
        const classes: ClassInput[] = [];
        for (const [stage, st] of Object.entries(base.stages) as ['primary' | 'junior', { students: number }][]) {
          const k = Math.max(1, Math.ceil(st.students / sp.classSize));
          for (let j = 0; j < k; j++) {
            classes.push({ classCode: `${stage}-${j}`, stage, grade: stage === 'primary' ? 1 + (j % 6) : 7 + (j % 3), students: Math.floor(st.students / k) + (j < st.students % k ? 1 : 0) });
          }
          (base.stages[stage] as { classes: number }).classes = k;
        }
        base.classes = classes;
        return base;
      });
      const plan = planRemediation({ schools, params, costs: policyCosts });
      return plan.after.passes && plan.missing.length === 0;
    }),
    { numRuns: 60, seed: 7 },
  );
  t.pass('every random county got a plan that passes');
});

t.test('the bound of an answered amount: 10^15 − 1 fen is exact as a JSON number, one fen more is refused', async (t) => {
  t.equal(MAX_ANSWERED_FEN, 10n ** 15n - 1n);
  t.equal(JSON.stringify(fenToYuanExact(MAX_ANSWERED_FEN)), '9999999999999.99');
  t.equal(JSON.stringify(fenToYuanExact(-MAX_ANSWERED_FEN)), '-9999999999999.99');
  t.throws(() => fenToYuanExact(MAX_ANSWERED_FEN + 1n), RangeError);
  // every amount up to the bound prints as its 2 decimals (a 16-digit one need not: 7165119687167701 fen)
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: MAX_ANSWERED_FEN }), (fen) => {
      // the 2-decimal text without trailing zeros, as JSON prints a number: 12.50 → 12.5, 10.00 → 10
      const text = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`.replace(/0+$/, '').replace(/\.$/, '');
      return String(fenToYuanExact(fen)) === text;
    }),
    { numRuns: 20000 },
  );
  t.not(String(7165119687167701 / 100), '71651196871677.01', 'why MAX_SAFE_INTEGER fen is not the bound');

  const byAction = Object.fromEntries(REMEDIATION_ACTIONS.map((a) => [a, 0n])) as Record<RemediationAction, bigint>;
  const plan = (lines: [RemediationAction, string, bigint][]) => {
    const totals = { fen: 0n, byAction: { ...byAction }, bySchool: [] as { schoolCode: string; fen: bigint }[] };
    for (const [action, schoolCode, fen] of lines) {
      totals.fen += fen;
      totals.byAction[action] += fen;
      const s = totals.bySchool.find((x) => x.schoolCode === schoolCode);
      if (s) s.fen += fen;
      else totals.bySchool.push({ schoolCode, fen });
    }
    return { actions: lines.map(([action, schoolCode, costFen]) => ({ action, schoolCode, costFen })), totals };
  };
  const half = MAX_ANSWERED_FEN / 2n;
  t.same(costsBeyondBound(plan([['add_equipment', 'a', MAX_ANSWERED_FEN], ['hire_teachers', 'b', 0n]])), [], 'at the bound: answered');
  t.same(costsBeyondBound(plan([['add_equipment', 'a', MAX_ANSWERED_FEN + 1n], ['hire_teachers', 'a', 5n]])), [
    { kind: 'action', index: 0, action: 'add_equipment', schoolCode: 'a', fen: MAX_ANSWERED_FEN + 1n },
  ], 'a line over: named once, not again as its school, its kind or the plan');
  t.same(costsBeyondBound(plan([['add_equipment', 'a', half + 1n], ['add_equipment', 'b', half + 1n]])), [
    { kind: 'byAction', action: 'add_equipment', fen: 2n * half + 2n },
  ], 'the lines of one action together');
  t.same(costsBeyondBound(plan([['add_equipment', 'a', half + 1n], ['hire_teachers', 'a', half + 1n]])), [
    { kind: 'bySchool', schoolCode: 'a', fen: 2n * half + 2n },
  ], 'the actions of one school together');
  t.same(costsBeyondBound(plan([['add_equipment', 'a', half + 1n], ['hire_teachers', 'b', half + 1n]])), [{ kind: 'total', fen: 2n * half + 2n }], 'the plan alone');
});
