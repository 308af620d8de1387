// Moving students between schools in a what-if scenario (docs/what-if.md): which classes lose students at
// the source and which gain them at the destination. Pure: classes in, changed classes out.
//
// Taking: one student at a time from the largest class (ties: the class listed first), so the largest
// classes come down first and end level with each other. Placing: one student at a time into the smallest
// class still under the limit (ties: the class listed first); when every class is at the limit, the fewest
// new classes that hold the rest are opened and the rest split evenly between them (sizes differ by at most
// one). Both are computed by levels rather than student by student, with the same result.

export interface MovableClass {
  classCode: string;
  /** null when the class record carries no grade. */
  grade: number | null;
  students: number;
}

/** How many students `take` may remove from these classes: all of them. */
export const available = (classes: readonly MovableClass[]): number => classes.reduce((a, c) => a + c.students, 0);

/**
 * New sizes after taking `n` students from the largest classes. `n` must not exceed `available`.
 * Returns the sizes in the order given.
 */
export function takeFromLargest(classes: readonly MovableClass[], n: number): number[] {
  if (n <= 0) return classes.map((c) => c.students);
  if (n > available(classes)) throw new RangeError(`cannot take ${n} students from ${available(classes)}`);
  // The level L: every class above L is brought down to L, which frees Σ max(0, s − L) ≥ n students;
  // the highest such L, then the last few taken from classes at L + 1 ... in listing order.
  let lo = 0;
  let hi = Math.max(...classes.map((c) => c.students));
  const freed = (level: number) => classes.reduce((a, c) => a + Math.max(0, c.students - level), 0);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (freed(mid) >= n) lo = mid;
    else hi = mid - 1;
  }
  const level = lo;
  // Bringing every class down to level + 1 frees less than n (or level is the top); the rest comes from
  // the classes standing at level + 1 after that, first listed first.
  const sizes = classes.map((c) => Math.min(c.students, level + 1));
  let rest = n - freed(level + 1);
  for (let i = 0; i < sizes.length && rest > 0; i++) {
    if (sizes[i] === level + 1) {
      sizes[i] = level;
      rest--;
    }
  }
  return sizes;
}

export interface Placement {
  /** New sizes of the existing classes, in the order given. */
  sizes: number[];
  /** Sizes of the classes to open (empty when the existing ones hold everyone). */
  opened: number[];
}

/** Places `n` students into the smallest classes up to `limit`, opening classes beyond it. */
export function placeIntoSmallest(classes: readonly MovableClass[], n: number, limit: number): Placement {
  if (limit < 1) throw new RangeError('the class limit must be at least 1');
  const sizes = classes.map((c) => c.students);
  if (n <= 0) return { sizes, opened: [] };
  const room = sizes.reduce((a, s) => a + Math.max(0, limit - s), 0);
  const into = Math.min(n, room);
  if (into > 0) {
    // The level L: every class below L is filled up to L, which takes Σ max(0, L − s) ≤ into students;
    // the highest such L (at most the limit), then the rest into classes at L, first listed first.
    const taken = (level: number) => sizes.reduce((a, s) => a + Math.max(0, level - s), 0);
    let lo = 0;
    let hi = limit;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (taken(mid) <= into) lo = mid;
      else hi = mid - 1;
    }
    const level = lo;
    let rest = into - taken(level);
    for (let i = 0; i < sizes.length; i++) if (sizes[i]! < level) sizes[i] = level;
    for (let i = 0; i < sizes.length && rest > 0; i++) {
      if (sizes[i] === level) {
        sizes[i] = level + 1;
        rest--;
      }
    }
  }
  const left = n - into;
  const opened: number[] = [];
  if (left > 0) {
    const count = Math.ceil(left / limit);
    const base = Math.floor(left / count);
    const extra = left - base * count;
    for (let i = 0; i < count; i++) opened.push(base + (i < extra ? 1 : 0));
  }
  return { sizes, opened };
}
