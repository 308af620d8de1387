// The class arithmetic of move_students: computed by levels, it must equal moving one student at a time.

import fc from 'fast-check';
import { fileTest } from '../helpers/file-test.js';
import { placeIntoSmallest, takeFromLargest, type MovableClass } from '../../src/rules/planning/what-if-classes.js';

const t = fileTest(import.meta);

const classes = (sizes: number[]): MovableClass[] => sizes.map((students, i) => ({ classCode: `C${i}`, grade: null, students }));

/** One student at a time from the largest class, ties to the first listed. */
function takeOneByOne(sizes: number[], n: number): number[] {
  const s = [...sizes];
  for (let k = 0; k < n; k++) s[s.indexOf(Math.max(...s))]! -= 1;
  return s;
}

/** One student at a time into the smallest class under the limit, then new classes of the rest, evenly. */
function placeOneByOne(sizes: number[], n: number, limit: number): { sizes: number[]; opened: number[] } {
  const s = [...sizes];
  let left = n;
  while (left > 0) {
    const open = s.map((x, i) => [x, i] as const).filter(([x]) => x < limit);
    if (open.length === 0) break;
    const [, i] = open.reduce((a, b) => (b[0] < a[0] ? b : a));
    s[i]! += 1;
    left--;
  }
  const count = left === 0 ? 0 : Math.ceil(left / limit);
  const opened = Array.from({ length: count }, (_, i) => Math.floor(left / count) + (i < left % count ? 1 : 0));
  return { sizes: s, opened };
}

t.test('taking from the largest classes', async (t) => {
  t.same(takeFromLargest(classes([59, 50, 44, 61, 50]), 20), [50, 50, 44, 50, 50], '61 and 59 come down to 50');
  t.same(takeFromLargest(classes([53, 53, 40]), 3), [51, 52, 40], 'ties: the class listed first gives first');
  t.same(takeFromLargest(classes([10, 5]), 15), [0, 0], 'everyone');
  t.throws(() => takeFromLargest(classes([10, 5]), 16), RangeError);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 12 }), fc.nat(), (sizes, k) => {
      const total = sizes.reduce((a, b) => a + b, 0);
      const n = total === 0 ? 0 : k % (total + 1);
      t.same(takeFromLargest(classes(sizes), n), takeOneByOne(sizes, n));
    }),
    { numRuns: 300 },
  );
});

t.test('placing into the smallest classes up to the limit, then opening classes', async (t) => {
  t.same(placeIntoSmallest(classes([44, 40, 50]), 7, 45), { sizes: [45, 45, 50], opened: [1] }, 'the class over the limit takes nobody');
  t.same(placeIntoSmallest(classes([]), 101, 50), { sizes: [], opened: [34, 34, 33] }, 'the fewest classes, split evenly');
  t.same(placeIntoSmallest(classes([30, 30]), 3, 45), { sizes: [32, 31], opened: [] }, 'ties: the class listed first takes first');
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 12 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 }), (sizes, n, limit) => {
      t.same(placeIntoSmallest(classes(sizes), n, limit), placeOneByOne(sizes, n, limit));
    }),
    { numRuns: 300 },
  );
});
