import fc from 'fast-check';
import { fileTest } from '../../helpers/file-test.js';
import {
  ceilShareFen,
  fenToYuan,
  formatFen,
  isYuanAmount,
  meetsShare,
  multiplyFen,
  sumFen,
  yuanToFen,
  MoneyError,
} from '../../../src/rules/funding/money.js';

const t = fileTest(import.meta);

t.test('yuanToFen parses exactly, at most 2 decimals', async (t) => {
  t.equal(yuanToFen(1150), 115000);
  t.equal(yuanToFen(1150.07), 115007);
  t.equal(yuanToFen('1150.5'), 115050);
  t.equal(yuanToFen(0.1), 10);
  t.equal(yuanToFen(0.29), 29); // 0.29 * 100 = 28.999999999999996 in floats; string parsing gives 29
  t.equal(yuanToFen(-0), 0);
  t.equal(yuanToFen('-3.5'), -350);
  t.throws(() => yuanToFen(0.1 + 0.2), MoneyError); // 0.30000000000000004: more than 2 decimals
  t.throws(() => yuanToFen(1.005), MoneyError);
  t.throws(() => yuanToFen(Number.NaN), MoneyError);
  t.throws(() => yuanToFen(1e21), MoneyError); // "1e+21"
  t.throws(() => yuanToFen('12.3.4'), MoneyError);
});

t.test('fenToYuan and formatFen', async (t) => {
  t.equal(fenToYuan(115007), 1150.07);
  t.equal(JSON.stringify(fenToYuan(115007)), '1150.07');
  t.equal(JSON.stringify(fenToYuan(29)), '0.29');
  t.equal(fenToYuan(0), 0);
  t.equal(formatFen(115000), '1150.00');
  t.equal(formatFen(5), '0.05');
  t.equal(formatFen(-250), '-2.50');
  t.throws(() => fenToYuan(1.5), MoneyError);
});

t.test('integer products and sums', async (t) => {
  t.equal(multiplyFen(37, 115000), 4255000); // 37 × 1150.00 = 42550.00
  t.throws(() => multiplyFen(1.5, 100), MoneyError);
  t.throws(() => multiplyFen(2 ** 40, 2 ** 20), MoneyError); // 2^60 is beyond 2^53
  t.equal(sumFen([1, 2, 3]), 6);
  t.equal(sumFen([]), 0);
});

t.test('ceilShareFen rounds the share up to the fen', async (t) => {
  t.equal(ceilShareFen(0, 500), 0);
  t.equal(ceilShareFen(1, 500), 1); // 0.05 fen → 1
  t.equal(ceilShareFen(20, 500), 1); // exactly 1 fen
  t.equal(ceilShareFen(21, 500), 2); // 1.05 fen → 2
  t.equal(ceilShareFen(11500000, 500), 575000); // 115000.00 × 5% = 5750.00 exactly
  t.equal(ceilShareFen(1185007, 500), 59251); // 11850.07 × 5% = 592.5035 → 592.51
  t.throws(() => ceilShareFen(-1, 500), MoneyError);
});

t.test('meetsShare compares without division', async (t) => {
  t.ok(meetsShare(575000, 11500000, 500)); // 5750.00 ≥ 5% of 115000.00 (equal)
  t.notOk(meetsShare(574999, 11500000, 500));
});

t.test('isYuanAmount: its quick answer agrees with parsing the shortest decimal form', async (t) => {
  const parses = (v: number) => {
    try {
      yuanToFen(v);
      return true;
    } catch {
      return false;
    }
  };
  const agree = (v: number) => isYuanAmount(v) === parses(v);
  fc.assert(fc.property(fc.double({ noNaN: false }), agree), { numRuns: 20_000 });
  fc.assert(fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (k) => isYuanAmount(k / 100) && agree(k / 100)), { numRuns: 20_000 });
  fc.assert(fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.integer({ min: 1, max: 9 }), (k, d) => agree(k / 1000 + d / 1000)), { numRuns: 20_000 });
  for (const v of [0, -0, 0.1, 0.29, 0.1 + 0.2, 1150.07, 1e-7, 1e21, 2 ** 53, 90071992547409.91, 90071992547409.92, Number.MAX_VALUE, Infinity, -Infinity, Number.NaN])
    t.equal(isYuanAmount(v), parses(v), String(v));
  t.equal(isYuanAmount(0.1 + 0.2), false, '0.30000000000000004 has more than 2 decimals');
  t.equal(isYuanAmount(8569703.95), true);
});
