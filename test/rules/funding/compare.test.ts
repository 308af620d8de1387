import { fileTest } from '../../helpers/file-test.js';
import {
  compareSides,
  compareTotals,
  compareWithLive,
  computeRun,
  fieldChanges,
  frozenRunProblems,
  hashSnapshot,
  readFrozenRun,
  type FrozenRun,
} from '../../../src/rules/funding/index.js';
import { JIAOLING_2023_FUNDING } from '../policies/shipped.js';
import { school } from './helpers.js';

const t = fileTest(import.meta);

const JIAOLING = { id: 'jiaoling-2023', name: '蕉岭县 2023', funding: JIAOLING_2023_FUNDING };

// jiaoling-2023: 1150 primary, 1950 junior, rural floor of 100, tiers (100, 200] → 200, 6000 special
const INPUTS = [
  // rural primary, 150 pupils: 150 × 1150 + tier 50 × 1150 = 230 000
  school({ schoolCode: '2144000001', students: { primary: 150 } }),
  // urban primary, 300 pupils: 345 000
  school({ schoolCode: '2144000002', areaType: 'urban', students: { primary: 300 } }),
  // special, 20 pupils: 120 000
  school({ schoolCode: '5144000001', kind: 'special', students: { junior: 20 } }),
];

const frozenOf = (inputs = INPUTS): FrozenRun => {
  const run = computeRun(JIAOLING, inputs, '1.0.0');
  return { snapshot: run.snapshot, lines: run.lines };
};

t.test('fieldChanges: both values of every field that differs; a missing school is null throughout', async (t) => {
  const a = INPUTS[1]!;
  t.same(fieldChanges(a, a), []);
  t.same(fieldChanges(a, { ...a, students: { ...a.students, primary: 301 }, publicFundingAllocatedYuan: 1.5 }), [
    { field: 'students.primary', from: 300, to: 301 },
    { field: 'publicFundingAllocatedYuan', from: null, to: 1.5 },
  ]);
  const added = fieldChanges(undefined, a);
  t.same(added.find((c) => c.field === 'kind'), { field: 'kind', from: null, to: 'primary' });
  t.notOk(added.some((c) => c.field === 'trainingSpendYuan'), 'an undeclared amount is null on both sides: no change');
  t.same(fieldChanges(a, undefined).find((c) => c.field === 'boarding'), { field: 'boarding', from: false, to: null });
});

t.test('verify against live inputs: drift with values and money under the frozen policy', async (t) => {
  const frozen = frozenOf();
  const same = compareWithLive(frozen, [...INPUTS].reverse());
  t.same(same.drift, [], 'order does not matter');
  t.equal(same.liveInputsHash, hashSnapshot(frozen.snapshot), 'the live hash is the frozen one when nothing changed');
  t.equal(same.totals.differenceFen, 0);

  const live = [
    // 150 → 151: still funded as 200 by the tier, no money effect
    school({ schoolCode: '2144000001', students: { primary: 151 } }),
    // 300 → 310: + 10 × 1150 = 11 500 yuan
    school({ schoolCode: '2144000002', areaType: 'urban', students: { primary: 310 } }),
    // the special school is gone; a new junior school of 10 (urban): 19 500
    school({ schoolCode: '3144000001', kind: 'junior', areaType: 'urban', students: { junior: 10 } }),
  ];
  const r = compareWithLive(frozen, live);
  t.same(
    r.drift.map((d) => [d.schoolCode, d.fields.join('+'), d.frozenTotalFen, d.liveTotalFen, d.differenceFen]),
    [
      ['2144000001', 'students.primary', 23000000, 23000000, 0],
      ['2144000002', 'students.primary', 34500000, 35650000, 1150000],
      ['3144000001', 'added', 0, 1950000, 1950000],
      ['5144000001', 'removed', 12000000, 0, -12000000],
    ],
  );
  t.same(r.drift[1]!.changes, [{ field: 'students.primary', frozen: 300, live: 310 }]);
  t.equal(r.totals.fromFen, 69500000);
  t.equal(r.totals.toFen, 69500000 + 1150000 + 1950000 - 12000000);
  t.equal(r.totals.differenceFen, r.drift.reduce((a, d) => a + d.differenceFen, 0), 'the per-school effects add up');
  t.not(r.liveInputsHash, hashSnapshot(frozen.snapshot));
  t.equal(r.liveInputsHash, computeRun(JIAOLING, live, '1.0.0').inputsHash, 'what a new run over the live inputs hashes to');
  t.same(
    r.totals.byComponent.map((c) => [c.component, c.differenceFen]),
    [
      ['base_primary', 1150000 + 115000], // 10 + 1 pupils × 1150 yuan
      ['base_junior', 1950000],
      ['small_school_tier', -115000], // the tier funds one pupil fewer
      ['special_education', -12000000],
    ],
  );
  t.throws(() => compareWithLive(frozen, [school({ schoolCode: 'x', students: { primary: -1 } })]), 'refused live inputs throw, never "no drift"');
});

t.test('compareSides lists changed figures with unchanged inputs (another policy or engine)', async (t) => {
  const a = computeRun(JIAOLING, INPUTS, '1.0.0');
  const cheaper = { ...JIAOLING, id: 'cheaper', funding: structuredClone(JIAOLING_2023_FUNDING) };
  cheaper.funding.baseRate.primary.fen = 100000; // 1000 yuan
  const b = computeRun(cheaper, INPUTS, '1.0.0');
  const d = compareSides({ inputs: a.snapshot.inputs, lines: a.lines }, { inputs: b.snapshot.inputs, lines: b.lines });
  t.same(d.map((x) => [x.schoolCode, x.change, x.inputChanges.length]), [
    ['2144000001', 'changed', 0],
    ['2144000002', 'changed', 0],
  ]);
  t.same(d[1]!.components, [
    { component: 'base_primary', from: { quantity: 300, rateFen: 115000, amountFen: 34500000 }, to: { quantity: 300, rateFen: 100000, amountFen: 30000000 }, differenceFen: -4500000 },
  ]);
  const totals = compareTotals(a.lines, b.lines);
  t.equal(totals.differenceFen, d.reduce((s, x) => s + x.differenceFen, 0));
});

t.test('a stored run that cannot be compared says why', async (t) => {
  const { snapshot, lines } = frozenOf();
  t.same(frozenRunProblems(snapshot, lines), []);
  t.ok('run' in readFrozenRun(JSON.parse(JSON.stringify(snapshot)), JSON.parse(JSON.stringify(lines))), 'a run read back as JSON is fine');

  t.same(frozenRunProblems(null, lines), ['the snapshot is not an object']);
  const negative = structuredClone(snapshot);
  negative.inputs[0]!.students.primary = -5;
  t.match(frozenRunProblems(negative, lines), [/snapshot\.inputs: school 2144000001: students\.primary must be a whole number/]);
  t.match(frozenRunProblems({ ...snapshot, policy: { id: 'x', funding: 'no' } }, lines), [/^snapshot\.policy\.funding/]);
  t.same(frozenRunProblems({ inputs: 'no', policy: snapshot.policy }, lines), ['snapshot.inputs is not a list']);
  t.same(frozenRunProblems(snapshot, { lines }), ['results.lines is not a list']);
  t.same(frozenRunProblems(snapshot, lines.slice(1)), ['results.lines has no line for school 2144000001 of the snapshot']);
  t.same(frozenRunProblems(snapshot, [...lines, { ...lines[0]!, schoolCode: '9' }]), ['results.lines has a line for school 9, which is not in the snapshot']);
  t.same(frozenRunProblems(snapshot, [...lines, lines[0]]), ['results.lines has more than one line for a school']);
  const wrongTotal = structuredClone(lines);
  wrongTotal[0]!.totalFen += 1;
  t.same(frozenRunProblems(snapshot, wrongTotal), ['results.lines[0].totalFen is not the sum of its components']);
  const badAmount = JSON.parse(JSON.stringify(lines));
  badAmount[2].components[0].amountFen = 1.5;
  badAmount[2].components[0].component = 'bonus';
  t.same(frozenRunProblems(snapshot, badAmount), [
    'results.lines[2].components[0].component bonus is not a funding component',
    'results.lines[2].components[0].amountFen is not a whole number',
  ]);
  const read = readFrozenRun(snapshot, lines.slice(1));
  t.ok('problems' in read && read.problems.length === 1);
});
