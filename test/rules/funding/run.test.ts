import { fileTest } from '../../helpers/file-test.js';
import {
  canonicalHash,
  canonicalJson,
  CanonicalJsonError,
  computeRun,
  diffInputs,
  hashSnapshot,
  verifyRun,
  FundingInputError,
  type FundingParams,
} from '../../../src/rules/funding/index.js';
import { GUANGDONG_2018_FUNDING, JIAOLING_2023_FUNDING } from '../policies/shipped.js';
import { school } from './helpers.js';

const t = fileTest(import.meta);

const JIAOLING = { id: 'jiaoling-2023', name: '蕉岭县 2023', indicators: { any: 'thing' }, funding: JIAOLING_2023_FUNDING };

const INPUTS = [
  // 2144000002: rural teaching point, 37 pupils: 42550 + 72450 = 115000
  school({ schoolCode: '2144000002', kind: 'teaching_point', students: { primary: 37 } }),
  // 2144000001: rural primary, 150 pupils: 172500 + 50 × 1150 = 57500 → 230000
  school({ schoolCode: '2144000001', students: { primary: 150 }, publicFundingAllocatedYuan: 230000 }),
  // 5144000001: special, 20 pupils: 20 × 6000 = 120000
  school({ schoolCode: '5144000001', kind: 'special', students: { junior: 20 } }),
];

t.test('canonical JSON sorts keys recursively, no whitespace, shortest numbers', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [{ y: 2, x: 1.5 }], c: 'é' }), '{"a":[{"x":1.5,"y":2}],"b":1,"c":"é"}');
  t.equal(canonicalJson({ a: 1, b: { d: [3, 2], c: null } }), canonicalJson({ b: { c: null, d: [3, 2] }, a: 1 }));
  t.equal(canonicalJson(1e21), '1e+21');
  t.equal(canonicalJson(100.0), '100');
  t.equal(canonicalJson(-0), '0');
  t.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  // keys JavaScript enumerates first (array indices), and a "__proto__" key, still in code-unit order
  t.equal(canonicalJson({ b: 0, 9: 2, 10: 1, a: { z: 1, 2: [3] } }), '{"10":1,"9":2,"a":{"2":[3],"z":1},"b":0}');
  t.equal(canonicalJson(JSON.parse('{"z":{"__proto__":1,"a":[{"y":1,"x":2}]}}')), '{"z":{"__proto__":1,"a":[{"x":2,"y":1}]}}');
  t.throws(() => canonicalJson({ a: Number.NaN }), CanonicalJsonError);
  t.throws(() => canonicalJson([undefined]), CanonicalJsonError);
  t.throws(() => canonicalJson(new Date(0)), CanonicalJsonError);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  t.throws(() => canonicalJson(cyclic), CanonicalJsonError);
  t.equal(canonicalHash({ x: 1, y: 2 }), canonicalHash({ y: 2, x: 1 }));
  t.match(canonicalHash({}), /^[0-9a-f]{64}$/);
  // sha256("{}")
  t.equal(canonicalHash({}), '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
});

t.test('a run: sorted snapshot, lines, totals to the fen', async (t) => {
  const run = computeRun(JIAOLING, INPUTS, '1.0.0');
  t.equal(run.policyId, 'jiaoling-2023');
  t.equal(run.engineVersion, '1.0.0');
  t.same(run.snapshot.inputs.map((i) => i.schoolCode), ['2144000001', '2144000002', '5144000001']);
  t.same(run.lines.map((l) => l.schoolCode), ['2144000001', '2144000002', '5144000001']);
  t.same(run.lines.map((l) => l.totalFen), [23000000, 11500000, 12000000]);
  // 230000 + 115000 + 120000 = 465000 yuan
  t.equal(run.totals.totalFen, 46500000);
  t.equal(run.totals.schools, 3);
  // training minimums 11500 + 5750 + 6000 = 23250
  t.equal(run.totals.trainingMinimumFen, 2325000);
  t.same(run.totals.byComponent, [
    { component: 'base_primary', schools: 2, quantity: 187, amountFen: 21505000 }, // 187 × 1150 = 215050
    { component: 'small_school_floor', schools: 1, quantity: 63, amountFen: 7245000 }, // 63 × 1150
    { component: 'small_school_tier', schools: 1, quantity: 50, amountFen: 5750000 }, // 50 × 1150
    { component: 'special_education', schools: 1, quantity: 20, amountFen: 12000000 }, // 20 × 6000
  ]);
  t.equal(
    run.totals.byComponent.reduce((s, c) => s + c.amountFen, 0),
    run.totals.totalFen,
  );
  t.match(run.inputsHash, /^[0-9a-f]{64}$/);
  t.equal(run.compliance.verdicts.allocation.status, 'not_assessable');
  t.same(run.snapshot.policy, JIAOLING);
  t.not(run.snapshot.policy, JIAOLING); // a detached copy
});

t.test('same inputs twice (in any order, undefined or absent options) give the same hash', async (t) => {
  const a = computeRun(JIAOLING, INPUTS, '1.0.0');
  const reordered = [INPUTS[2]!, INPUTS[0]!, { ...INPUTS[1]!, trainingSpendYuan: undefined }];
  const b = computeRun({ funding: JIAOLING_2023_FUNDING, indicators: { any: 'thing' }, name: '蕉岭县 2023', id: 'jiaoling-2023' }, reordered, '2.0.0');
  t.equal(a.inputsHash, b.inputsHash);
  t.equal(a.resultsHash, b.resultsHash);
  t.equal(hashSnapshot(a.snapshot), a.inputsHash);
  // a different policy or a different count changes the hash
  t.not(computeRun({ ...JIAOLING, funding: GUANGDONG_2018_FUNDING }, INPUTS, '1.0.0').inputsHash, a.inputsHash);
  const changed = [INPUTS[0]!, INPUTS[1]!, school({ schoolCode: '5144000001', kind: 'special', students: { junior: 21 } })];
  t.not(computeRun(JIAOLING, changed, '1.0.0').inputsHash, a.inputsHash);
});

t.test('duplicate school codes and invalid policies are refused', async (t) => {
  t.throws(() => computeRun(JIAOLING, [INPUTS[0]!, INPUTS[0]!], '1'), FundingInputError);
  const bad = { ...JIAOLING, funding: { ...JIAOLING_2023_FUNDING, boarding: { fen: -1, clause: 'x' } } as FundingParams };
  t.throws(() => computeRun(bad, INPUTS, '1'));
});

t.test('diffInputs reports changed fields, added and removed schools', async (t) => {
  const live = [
    { ...INPUTS[0]!, students: { ...INPUTS[0]!.students, primary: 38 } }, // 2144000002: 37 → 38
    { ...INPUTS[1]!, publicFundingAllocatedYuan: undefined, boarders: 5 }, // 2144000001: allocation removed, boarders
    school({ schoolCode: '2144000009', students: { primary: 5 } }), // new school
    // 5144000001 removed
  ];
  t.same(diffInputs(INPUTS, live), [
    { schoolCode: '2144000001', fields: ['boarders', 'publicFundingAllocatedYuan'] },
    { schoolCode: '2144000002', fields: ['students.primary'] },
    { schoolCode: '2144000009', fields: ['added'] },
    { schoolCode: '5144000001', fields: ['removed'] },
  ]);
  t.same(diffInputs(INPUTS, [...INPUTS].reverse()), []);
});

t.test('verifyRun recomputes from the snapshot and reports drift', async (t) => {
  const run = computeRun(JIAOLING, INPUTS, '1.0.0');
  const frozen = JSON.parse(JSON.stringify(run)) as typeof run; // as stored and loaded
  const ok = verifyRun(frozen, INPUTS, '1.0.0');
  t.same(ok, { reproducible: true, inputsHash: run.inputsHash, resultsHash: run.resultsHash, drift: [] });
  const live = [INPUTS[0]!, INPUTS[1]!, school({ schoolCode: '5144000001', kind: 'special', students: { junior: 21 } })];
  const drifted = verifyRun(frozen, live, '1.0.0');
  t.equal(drifted.reproducible, true); // the run itself is unchanged
  t.same(drifted.drift, [{ schoolCode: '5144000001', fields: ['students.junior'] }]);
  const tampered = { ...frozen, resultsHash: '0'.repeat(64) };
  t.equal(verifyRun(tampered, INPUTS, '1.0.0').reproducible, false);
});
