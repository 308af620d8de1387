// Where the labels of reference lines go and how far a value label moves off a line: plain geometry in
// pixels, apart from ECharts, so that "nothing covers a label" can be reasoned about and tested on its own.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export function grow(box: Box, by: number): Box {
  return { left: box.left - by, top: box.top - by, right: box.right + by, bottom: box.bottom + by };
}

/** Height of a 12 px label as ECharts lays it out (one em), and the pitch of the rows such labels stand in. */
export const LABEL_HEIGHT = 12;
export const ROW_PITCH = 15;
/** Gap between a line's end (or its pole) and its label. */
export const LABEL_GAP = 4;

/**
 * Centres for labels wanted at `wanted` (px along one axis), kept in the same order, each at least
 * `pitch` from the next and within [min, max]; a label moves only as far as its neighbours make it.
 */
export function stack(wanted: readonly number[], pitch: number, min: number, max: number): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]! - wanted[b]!);
  const placed = wanted.slice();
  let previous = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    placed[i] = Math.max(wanted[i]!, previous + pitch, min);
    previous = placed[i]!;
  }
  let next = Number.POSITIVE_INFINITY;
  for (const i of [...order].reverse()) {
    placed[i] = Math.min(placed[i]!, next - pitch, max);
    next = placed[i]!;
  }
  return placed;
}

export type FlagSide = 'left' | 'right';

/** The text of a flag: a label standing in row `row` above the plot, beside the pole at `x`. */
export function flagText(x: number, width: number, row: number, side: FlagSide, plotTop: number): Box {
  const bottom = plotTop - LABEL_GAP - row * ROW_PITCH;
  const left = side === 'right' ? x + LABEL_GAP : x - LABEL_GAP - width;
  return { left, top: bottom - LABEL_HEIGHT, right: left + width, bottom };
}

/** The pole of a flag: its line carried on above the plot up to the top of its label. */
export function flagPole(x: number, row: number, plotTop: number): Box {
  return { left: x - 1.5, top: plotTop - LABEL_GAP - row * ROW_PITCH - LABEL_HEIGHT, right: x + 1.5, bottom: plotTop };
}

/**
 * Rows above the plot for the labels of upright lines. Each line is carried up past the plot to its label,
 * which stands beside it like a flag, all on one `side`. Taken from the side the flags point away from, a
 * label that would cover a pole already placed (or another label, or an obstacle such as the axis name)
 * goes up a row; its own pole then passes beside the labels below it, never through them.
 */
export function flagRows(
  flags: readonly { x: number; width: number }[],
  side: FlagSide,
  plotTop: number,
  obstacles: readonly Box[],
): number[] {
  const away = side === 'right' ? -1 : 1;
  const order = flags.map((_, i) => i).sort((a, b) => away * (flags[a]!.x - flags[b]!.x));
  const rows = flags.map(() => 0);
  const taken: Box[] = [...obstacles];
  for (const i of order) {
    const { x, width } = flags[i]!;
    let row = 0;
    // A halo keeps a label legible, so boxes keep a pixel apart; the count bounds the search.
    while (row < flags.length + obstacles.length + 1) {
      const text = grow(flagText(x, width, row, side, plotTop), 1);
      if (!taken.some((box) => overlaps(text, box))) break;
      row++;
    }
    rows[i] = row;
    taken.push(flagText(x, width, row, side, plotTop), flagPole(x, row, plotTop));
  }
  return rows;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/** Lines through the plot: upright ones at `xs`, level ones at `ys` (px). */
export interface Rules {
  xs: readonly number[];
  ys: readonly number[];
}

/** Clearance between a value label and a line: the line's own width and the label's halo. */
const CLEAR = 2.5;

/** How far `box` must move in `direction` to leave every line of its kind behind (0 when none crosses it). */
function moveOff(box: Box, rules: Rules, direction: Direction): number {
  const upright = direction === 'left' || direction === 'right';
  const at = upright ? rules.xs : rules.ys;
  let [from, to] = upright ? [box.left, box.right] : [box.top, box.bottom];
  let moved = 0;
  for (;;) {
    const crossing = at.filter((p) => p > from - CLEAR && p < to + CLEAR);
    if (crossing.length === 0) return moved;
    const forward = direction === 'right' || direction === 'down';
    const step = forward ? Math.max(...crossing) + CLEAR - from : Math.min(...crossing) - CLEAR - to;
    from += step;
    to += step;
    moved += step;
  }
}

/**
 * The shift {dx, dy} that takes a value label off every reference line: upright lines are left by moving
 * sideways, level ones by moving up or down, in the first of `directions` that keeps the label inside
 * `bounds`. The label is first brought inside `bounds` (a label over the last bar may stick out of the plot
 * into the margin that line labels use). When no direction stays inside, the first one still clears the lines.
 */
export function clearOfLines(
  box: Box,
  rules: Rules,
  directions: readonly Direction[],
  bounds: Box,
): { dx: number; dy: number } {
  const fit = (lo: number, hi: number, min: number, max: number) =>
    hi - lo > max - min ? 0 : Math.max(min - lo, Math.min(0, max - hi));
  const dx0 = fit(box.left, box.right, bounds.left, bounds.right);
  const dy0 = fit(box.top, box.bottom, bounds.top, bounds.bottom);
  const start = { left: box.left + dx0, right: box.right + dx0, top: box.top + dy0, bottom: box.bottom + dy0 };
  const across = directions.filter((d) => d === 'left' || d === 'right');
  const along = directions.filter((d) => d === 'up' || d === 'down');
  // No line of a direction's kind crossing (or no way to move along it): the label stays put on that axis.
  const moves = (ways: Direction[]) =>
    ways.length === 0 || moveOff(start, rules, ways[0]!) === 0 ? [0] : ways.map((d) => moveOff(start, rules, d));
  const dxs = moves(across);
  const dys = moves(along);
  const candidates = dys.flatMap((dy) => dxs.map((dx) => ({ dx, dy })));
  const within = ({ dx, dy }: { dx: number; dy: number }) =>
    start.left + dx >= bounds.left &&
    start.right + dx <= bounds.right &&
    start.top + dy >= bounds.top &&
    start.bottom + dy <= bounds.bottom;
  const inside = candidates.find(within);
  const { dx, dy } = inside ?? candidates[0] ?? { dx: 0, dy: 0 };
  return { dx: dx0 + dx, dy: dy0 + dy };
}
