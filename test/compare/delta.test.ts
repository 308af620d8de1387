// The difference of two figures, exact on their decimal text (src/rules/compare/delta.ts).

import fc from 'fast-check';
import { fileTest } from '../helpers/file-test.js';
import { decimalDelta, figureChanges, numberChange, numericLeaves, verdictChange, yuanChange } from '../../src/rules/compare/delta.js';

const t = fileTest(import.meta);

t.test('hand-worked differences', async (t) => {
  t.equal(decimalDelta(0.1, 0.3), 0.2, 'not 0.19999999999999998');
  t.equal(decimalDelta(300.1, 300.3), 0.2);
  t.equal(decimalDelta(5.814, 4.2254), -1.5886);
  t.equal(decimalDelta(2012, 1986), -26);
  t.equal(decimalDelta(1e21, 2e21), 1e21, 'exponent notation');
  t.equal(decimalDelta(1e-7, 3e-7), 2e-7);
  t.equal(decimalDelta(-0.5, 0.25), 0.75);
  t.ok(Object.is(decimalDelta(1.5, 1.5), 0), 'no change is +0, never -0');
  t.throws(() => decimalDelta(Number.NaN, 1), RangeError);
});

t.test('changes: nulls, money in fen, verdicts', async (t) => {
  t.same(numberChange(null, 3), { from: null, to: 3, delta: null });
  t.same(numberChange(undefined, undefined), { from: null, to: null, delta: null });
  t.same(yuanChange(50000.3, 50000.1), { from: 50000.3, to: 50000.1, delta: -0.2 });
  t.same(yuanChange(0.07, 1234567.89), { from: 0.07, to: 1234567.89, delta: 1234567.82 });
  t.throws(() => yuanChange(0.001, 1), 'yuan with more than 2 decimals is no amount');
  t.same(verdictChange('met', 'not_met'), { from: 'met', to: 'not_met', changed: true });
  t.same(verdictChange(true, true), { from: true, to: true, changed: false });
  t.same(verdictChange(null, false), { from: null, to: false, changed: true });
  t.same(
    figureChanges({ a: 1, bYuan: 0.1 }, { bYuan: 0.3, c: 2 }),
    { a: { from: 1, to: null, delta: null }, bYuan: { from: 0.1, to: 0.3, delta: 0.2 }, c: { from: null, to: 2, delta: null } },
    'names of both years, in order',
  );
  t.same(numericLeaves({ value: 3, detail: { primary: { cv: 0.1, met: true, ids: ['x'] }, junior: null }, text: 'x' }), {
    value: 3,
    'detail.primary.cv': 0.1,
    'detail.junior': null,
  });
});

t.test('property: the delta added back gives the later figure, exactly in decimals', async () => {
  // figures as the service answers them: up to 4 decimals, within ±10^9
  const figure = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 9999 })).map(([w, f]) => Number(`${w}.${String(f).padStart(4, '0')}`));
  fc.assert(
    fc.property(figure, figure, (a, b) => {
      const d = decimalDelta(a, b);
      // scaled to integers the sum is exact: a·10⁴ + d·10⁴ = b·10⁴
      return Math.round(a * 1e4) + Math.round(d * 1e4) === Math.round(b * 1e4) && decimalDelta(b, a) === (d === 0 ? 0 : -d);
    }),
    { numRuns: 500 },
  );
});
