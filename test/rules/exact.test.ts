import { fileTest } from '../helpers/file-test.js';
import fc from 'fast-check';
import {
  add,
  ceil,
  ceilTo,
  compare,
  div,
  floor,
  fromDecimal,
  fromHundredths,
  meetsAtLeast,
  meetsAtMost,
  meetsBelow,
  mul,
  rat,
  sub,
  toHundredths,
  toNumber,
} from '../../src/rules/exact.js';

const t = fileTest(import.meta);

t.test('fromDecimal reads the decimal string, not the binary float', async (t) => {
  t.same(fromDecimal(4.2), { n: 21n, d: 5n }); // 42/10 reduced
  t.same(fromDecimal('0.85'), { n: 17n, d: 20n });
  t.same(fromDecimal(0.1), { n: 1n, d: 10n });
  t.same(fromDecimal(1e-7), { n: 1n, d: 10000000n });
  t.same(fromDecimal(1.5e21), { n: 1500000000000000000000n, d: 1n });
  t.same(fromDecimal(-2.50), { n: -5n, d: 2n });
  t.same(fromDecimal('.5'), { n: 1n, d: 2n });
  t.throws(() => fromDecimal(Number.NaN));
  t.throws(() => fromDecimal('abc'));
  // 0.1 + 0.2 as a float is 0.30000000000000004: it really is not 0.3
  t.equal(compare(fromDecimal(0.1 + 0.2), fromDecimal(0.3)), 1);
  t.equal(compare(add(0.1, 0.2), 0.3), 0);
});

t.test('hundredths for areas and money', async (t) => {
  t.equal(toHundredths(4.35), 435n); // 4.35 * 100 = 434.99999999999994 in floats, rounded to 435
  t.equal(toHundredths(95.99), 9599n);
  t.equal(toHundredths(23226), 2322600n);
  t.same(fromHundredths(1.1), { n: 11n, d: 10n });
});

t.test('meetsAtLeast at the bound, both sides', async (t) => {
  // B1 primary: 100 × 42 / 1000 = 4.2 meets 4.2
  t.equal(meetsAtLeast(100 * 42, 1000, 4.2), true);
  // 100 × 41.99 / 1000 = 4.199 does not
  t.equal(meetsAtLeast(mul(100, fromDecimal('41.99')), 1000, 4.2), false);
  // as floats 42/1000*100 = 4.2 happens to work, but 4.35/... shows why floats are unsafe:
  // 3 × 1.4 = 4.199999999999999 in floats; exactly it is 4.2
  t.equal(3 * 1.4 >= 4.2, false);
  t.equal(meetsAtLeast(mul(3, fromDecimal(1.4)), 1, 4.2), true);
  t.equal(meetsAtLeast(5, 0, 1), false, 'zero denominator never meets');
});

t.test('meetsAtMost and meetsBelow', async (t) => {
  t.equal(meetsAtMost(45, 1, 45), true);
  t.equal(meetsAtMost(46, 1, 45), false);
  t.equal(meetsBelow(15, 100, 0.15), false, '0.15 is not below 0.15');
  t.equal(meetsBelow(1499, 10000, 0.15), true);
  t.equal(meetsAtMost(1, 0, 1), false);
  t.equal(meetsBelow(1, 0, 1), false);
});

t.test('ceil, floor, ceilTo, toNumber', async (t) => {
  t.equal(ceil(rat(12, 12)), 1n);
  t.equal(ceil(rat(13, 12)), 2n);
  t.equal(ceil(rat(-13, 12)), -1n);
  t.equal(floor(rat(-13, 12)), -2n);
  t.equal(floor(rat(13, 12)), 1n);
  t.same(ceilTo(rat(1, 3), 2), { n: 17n, d: 50n }); // 0.333… → 0.34
  t.equal(toNumber(rat(2, 3), 4), 0.6667);
  t.equal(toNumber(rat(-2, 3), 4), -0.6667);
  t.equal(toNumber(rat(1, 8), 2), 0.13); // half away from zero
  t.equal(toNumber(div(sub(10, 4), 3), 0), 2);
  t.throws(() => rat(1, 0));
  t.throws(() => div(1, 0));
});

t.test('property: exact comparison agrees with integer cross-multiplication', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 0, max: 999 }), (num, den, std10) => {
      // standard std10/10 (one decimal like 4.2): num/den ≥ std10/10 ⇔ 10·num ≥ std10·den
      const std = std10 / 10;
      return meetsAtLeast(num, den, std) === 10 * num >= std10 * den;
    }),
  );
  t.pass('property holds');
});
