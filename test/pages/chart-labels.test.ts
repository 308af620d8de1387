// The labels of reference lines on the charts: figures exactly as the policy states them, and every label
// standing where no bar, value label or line covers it, whatever the data. Positions are read from the SVG
// the way ECharts writes it (every <text> centred on its y, widths by the same estimate ECharts makes on the
// server), so a label's box here is the box ECharts laid out.
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import {
  barsAgainstStandard,
  barsUnderLimit,
  loadChartEngine,
  sizeHistogram,
  trendLines,
} from '../../src/pages/charts/index.js';
import { formatExact } from '../../src/pages/charts/numbers.js';
import { palette } from '../../src/pages/charts/render.js';
import { type Box, clearOfLines, flagRows, stack } from '../../src/pages/charts/placement.js';
import { textWidth } from '../../src/pages/charts/text.js';

const t = fileTest(import.meta);

await loadChartEngine();

// --- reading positions out of the SVG ---------------------------------------------------------------------

interface Label extends Box {
  text: string;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Every upright text with its box; slanted axis labels (matrix transforms) are left out. */
function labels(svg: string): Label[] {
  const found: Label[] = [];
  for (const [, tag, text] of svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)) {
    const at = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(attr(tag!, 'transform') ?? 'translate(0 0)');
    if (!at || text === '') continue;
    const size = Number(/font-size:([\d.]+)px/.exec(attr(tag!, 'style') ?? '')?.[1] ?? 12);
    const width = textWidth(text!, size);
    const x = Number(at[1]) + Number(attr(tag!, 'x') ?? 0);
    const y = Number(at[2]) + Number(attr(tag!, 'y') ?? 0);
    const anchor = attr(tag!, 'text-anchor') ?? 'start';
    const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    found.push({ text: text!, left, right: left + width, top: y - size / 2, bottom: y + size / 2 });
  }
  return found;
}

/** Bars: rectangles drawn as "M x y l w 0 l 0 h l -w 0 Z" with a fill (legend swatches have arcs). */
function barBoxes(svg: string): Box[] {
  const rect = /<path d="M([-\d.]+) ([-\d.]+)l([-\d.]+) 0l0 ([-\d.]+)l[-\d.]+ 0Z" fill="(#[0-9a-f]{6})"/g;
  return [...svg.matchAll(rect)].map((m) => {
    const [x, y, w, h] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    return { left: Math.min(x, x + w), right: Math.max(x, x + w), top: Math.min(y, y + h), bottom: Math.max(y, y + h) };
  });
}

type Segment = [number, number, number, number];

/**
 * Every stroked line but the light grid lines, split into its straight pieces: reference lines and their
 * joins, series lines, axes. (Value labels cross grid lines by design: their halo keeps them legible.)
 */
function segments(svg: string): Segment[] {
  const found: Segment[] = [];
  for (const [, d, rest] of svg.matchAll(/<path d="([^"]*)" fill="none"([^>]*)>/g)) {
    if (attr(rest!, 'stroke') === palette.splitLine) continue;
    let last: [number, number] | undefined;
    for (const [, op, x, y] of d!.matchAll(/([ML])([-\d.]+) ([-\d.]+)/g)) {
      const point: [number, number] = [Number(x), Number(y)];
      if (op === 'L' && last) found.push([...last, ...point]);
      last = point;
    }
  }
  return found;
}

/** Whether a straight piece passes through a box (Liang–Barsky clipping). */
function crosses([x1, y1, x2, y2]: Segment, box: Box): boolean {
  let [t0, t1] = [0, 1];
  const dx = x2 - x1;
  const dy = y2 - y1;
  for (const [p, q] of [
    [-dx, x1 - box.left],
    [dx, box.right - x1],
    [-dy, y1 - box.top],
    [dy, box.bottom - y1],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
    }
  }
  return t0 < t1;
}

// the test's own overlap, not placement.ts's: the placement is what is being checked
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const shrink = (box: Box, by: number): Box => ({
  left: box.left + by,
  top: box.top + by,
  right: box.right - by,
  bottom: box.bottom - by,
});

/**
 * Each reference label (its text given) is found, lies inside the chart, and touches no bar, no other text
 * and no line; no value label is crossed by a line. Boxes are taken a pixel in from their edge: text that
 * merely abuts is not covered.
 */
function assertClear(t: Test, svg: string, references: readonly string[], isValue: (text: string) => boolean): void {
  const width = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
  const height = Number(/^<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);
  const all = labels(svg);
  const bars = barBoxes(svg);
  const lines = segments(svg);
  for (const reference of references) {
    const label = all.find((l) => l.text === reference);
    if (!t.ok(label, `"${reference}" is drawn`) || !label) continue;
    const inner = shrink(label, 1);
    const inChart = label.left >= 0 && label.right <= width && label.top >= 0 && label.bottom <= height;
    t.ok(inChart, `"${reference}" inside the chart`);
    t.same(bars.filter((bar) => overlaps(bar, inner)), [], `no bar under "${reference}"`);
    t.same(
      all.filter((other) => other !== label && overlaps(other, inner)).map((other) => other.text),
      [],
      `no text over "${reference}"`,
    );
    t.same(lines.filter((line) => crosses(line, inner)), [], `no line through "${reference}"`);
  }
  for (const value of all.filter((l) => isValue(l.text))) {
    t.same(lines.filter((line) => crosses(line, shrink(value, 1))), [], `no line through value label ${value.text}`);
  }
}

const isNumber = (text: string) => /^-?[\d,]+(\.\d+)?$/.test(text);
/** Value labels: figures with decimals (tick labels are whole or on round steps at the axis, not over the plot). */
const isDecimal = (text: string) => /^-?[\d,]+\.\d+$/.test(text);

// --- exact figures ----------------------------------------------------------------------------------------

t.test('formatExact: a bound prints with the decimals it has, none added, grouped by thousands', async (t) => {
  const cases: [number, string][] = [
    [0.765, '0.765'],
    [3.825, '3.825'],
    [6.375, '6.375'],
    [4.5 * 0.85, '3.825'],
    [2500, '2,500'],
    [1700, '1,700'],
    [1234567.891, '1,234,567.891'],
    [0.5, '0.5'],
    [100, '100'],
    [0, '0'],
    [-0, '0'],
    [-1234.5, '-1,234.5'],
    [0.0000001, '0.0000001'],
  ];
  for (const [value, text] of cases) t.equal(formatExact(value), text, `${value}`);
});

t.test('barsAgainstStandard: the floor and standard print exactly, in the labels and the description', async (t) => {
  const floors = [
    { standard: 0.9, floor: 0.765, values: [1.2, 0.766, 0.7] },
    { standard: 4.5, floor: 3.825, values: [4.6, 3.83, 3.8] },
    { standard: 7.5, floor: 6.375, values: [8, 6.4, 6.3] },
  ];
  for (const { standard, floor, values } of floors) {
    const svg = barsAgainstStandard({ title: 'B', unit: 'm²', labels: ['甲', '乙', '丙'], values, standard, floor });
    const drawn = labels(svg).map((l) => l.text);
    t.ok(drawn.includes(`底线 ${formatExact(floor)}`), `floor drawn as 底线 ${formatExact(floor)}`);
    t.ok(drawn.includes(`标准 ${formatExact(standard)}`), `standard drawn as 标准 ${formatExact(standard)}`);
    t.ok(svg.includes(`标准 ${formatExact(standard)}，底线 ${formatExact(floor)}，`), 'and described so');
  }
  const money = barsAgainstStandard({
    title: 'B6',
    unit: '元/生',
    labels: ['甲', '乙'],
    values: [3031.78, 1600],
    standard: 2500,
    floor: 2125,
  });
  const drawn = labels(money).map((l) => l.text);
  t.ok(drawn.includes('标准 2,500') && drawn.includes('底线 2,125'), 'no padding such as 2,500.00');
  t.ok(drawn.includes('1,600.00'), 'values keep their own two places');
  t.match(money, /标准 2,500，底线 2,125，/);
});

t.test('barsUnderLimit, sizeHistogram, trendLines: bounds exact in the text alternatives too', async (t) => {
  const cv = barsUnderLimit({ title: 'cv', labels: ['B1'], series: [{ name: '小学', values: [0.412], limit: 0.5 }] });
  t.ok(labels(cv).some((l) => l.text === '小学 上限 0.5'));
  t.match(cv, /小学（上限 0\.5）/);
  const sizes = sizeHistogram({ title: 'h', series: [{ name: '小学', sizes: [30, 46] }], lines: [{ at: 45.5, label: '上限' }] });
  t.match(sizes, /上限（45\.5 人）/);
  const trend = trendLines({
    title: 'r',
    years: [2023, 2024],
    series: [{ name: '全县', values: [96.36, 96.86] }],
    target: { value: 100, label: '标准 100%' },
  });
  t.match(trend, /目标：标准 100%（100）/);
});

// --- labels clear of bars, lines and each other ----------------------------------------------------------

const UNITS = ['蕉岭中学', '城东小学', '实验小学', '城西小学', '桂岭学校', '镇平中学', '长潭中学', '三圳中学'];

t.test('upright bars: line labels right of the plot, value labels off the lines', async (t) => {
  // 0.88 and 0.75 stand just under the standard (0.9) and the floor (0.765), so their value labels would
  // sit on the lines; the last bar is the widest value, beside the labels' margin.
  const shapes = [
    { values: [1.2, 0.88, 0.75, null, 0.95, 1.05, 0, 1.61], standard: 0.9, floor: 0.765 },
    { values: [1.86, 1.43, 1.75, 1.71, 1.84, 2.17, 2.31, 2.4, 2, 1.61], standard: 1, floor: 0.85 },
    { values: [0.5, 0.995, 0.985, 1.5], standard: 1, floor: 0.99 },
    { values: [3430.66, 2490, 2100, 4287.03], standard: 2500, floor: 2125 },
  ];
  for (const { values, standard, floor } of shapes) {
    const names = values.map((_, i) => UNITS[i % UNITS.length]!.slice(0, 3) + i);
    const svg = barsAgainstStandard({ title: '立柱', unit: '人/百名学生', labels: names, values, standard, floor });
    assertClear(t, svg, [`标准 ${formatExact(standard)}`, `底线 ${formatExact(floor)}`], isDecimal);
  }
});

t.test('lying bars (many units): line labels above the plot, value labels off the lines', async (t) => {
  const names = Array.from({ length: 24 }, (_, i) => `${UNITS[i % UNITS.length]}${i}`);
  const shapes = [
    // B6 of the demo: 1,600 lies just left of the floor 1,700, its label across the floor line.
    { values: names.map((_, i) => (i === 18 ? 1600 : 2564.85 + i * 73.4)), standard: 2000, floor: 1700 },
    { values: names.map((_, i) => [0.8, 0.84, 0.97, 1.61, 3.17][i % 5]!), standard: 1, floor: 0.85 },
    // Standard at the end of the axis: a label pushed past it goes into the margin, still inside the chart.
    { values: names.map((_, i) => (i % 2 ? 4.95 : 2.5)), standard: 5, floor: 4.25 },
    { values: names.map((_, i) => (i % 3 ? 1 : null)), standard: 1, floor: 0.995 },
  ];
  for (const { values, standard, floor } of shapes) {
    const svg = barsAgainstStandard({ title: '横条', unit: '元/生', labels: names, values, standard, floor });
    assertClear(t, svg, [`标准 ${formatExact(standard)}`, `底线 ${formatExact(floor)}`], isDecimal);
  }
});

t.test('barsUnderLimit: limit labels clear, upright and lying', async (t) => {
  const limits = [
    { name: '小学', limit: 0.5 },
    { name: '初中', limit: 0.45 },
  ];
  const few = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'];
  const many = Array.from({ length: 24 }, (_, i) => `指标${i + 1}`);
  for (const names of [few, many]) {
    // 0.48 and 0.43 stand just under the limits 0.5 and 0.45.
    const values = (s: number) => names.map((_, i) => [0.11, 0.48, 0.43, 0.37, 0.52][(i + s) % 5]!);
    const series = limits.map(({ name, limit }, s) => ({ name, limit, values: values(s) }));
    const svg = barsUnderLimit({ title: '差异系数', labels: names, series });
    assertClear(t, svg, ['小学 上限 0.5', '初中 上限 0.45'], isDecimal);
  }
});

t.test('sizeHistogram: line labels above the bars, close lines in rows', async (t) => {
  const sizes = Array.from({ length: 400 }, (_, i) => 20 + ((i * 37) % 50));
  const shapes = [
    [45, 50, 56, 66],
    [45, 46, 47, 48],
    [21, 69, 70],
  ];
  for (const at of shapes) {
    const lines = at.map((n, i) => ({ at: n, label: `${['小学上限', '初中上限', '大班额', '超大班额'][i]} ${n}` }));
    const series = [
      { name: '小学', sizes },
      { name: '初中', sizes: sizes.map((n) => n + 3) },
    ];
    const svg = sizeHistogram({ title: '班额分布', series, lines });
    assertClear(t, svg, lines.map((l) => l.label), () => false);
  }
});

t.test('trendLines: target and deadline labels clear of each other, of the lines and of point labels', async (t) => {
  const shapes = [
    // B16 of the demo: the target at the top of the axis, the deadline year after the data.
    { years: [2023, 2024], values: [96.36, 96.86], target: 100, label: '标准 100.00%', deadline: 2025 },
    // A point in the deadline year, just under the target: its label would sit on both lines.
    { years: [2023, 2024, 2025], values: [97.1, 98.35, 99.6], target: 100, label: '标准 100%', deadline: 2025 },
    // Counts down to a target of 0 on the axis' floor, the deadline the last year of the data.
    { years: [2020, 2021, 2022, 2023, 2024, 2025, 2026], values: [0, 3, 1, 5, 4, 2, 0], target: 0, label: '目标 0', deadline: 2026 },
  ];
  for (const { years, values, target, label, deadline } of shapes) {
    const series = [{ name: '全县', values }];
    const input = { title: '趋势', unit: '%', years, series, target: { value: target, label }, deadlineYear: deadline };
    const svg = trendLines(input, { width: 560, height: 260 });
    // Point labels: the figures that are not years on the axis.
    assertClear(t, svg, [label, `期限 ${deadline}`], (text) => isNumber(text) && !years.map(String).includes(text));
  }
});

// --- the placement on its own ---------------------------------------------------------------------------

t.test('stack: labels keep their order and their pitch, inside the bounds', async (t) => {
  t.same(stack([100, 104], 15, 0, 300), [100, 115]);
  t.same(stack([104, 100], 15, 0, 300), [115, 100], 'order by position, not by input');
  t.same(stack([295, 298], 15, 0, 300), [285, 300], 'pushed back up from the bottom');
});

t.test('flagRows: a label never covers the pole of another line', async (t) => {
  const flags = [45, 50, 56, 66].map((n) => ({ x: 12 * n, width: 80 }));
  const rows = flagRows(flags, 'right', 100, []);
  t.same(rows, [2, 1, 0, 0], 'each close line to the left goes a row higher');
  t.same(flagRows(flags, 'left', 100, []), [0, 1, 2, 0]);
  const beside = flagRows([{ x: 100, width: 40 }], 'right', 100, [{ left: 90, top: 85, right: 120, bottom: 90 }]);
  t.same(beside, [1], 'clear of an obstacle such as the axis name');
});

t.test('clearOfLines: past the line, else back, always inside the bounds when it can', async (t) => {
  const bounds = { left: 0, top: 0, right: 200, bottom: 200 };
  const box = { left: 50, top: 90, right: 80, bottom: 102 };
  t.same(clearOfLines(box, { xs: [], ys: [] }, ['up'], bounds), { dx: 0, dy: 0 }, 'nothing in the way');
  t.same(clearOfLines(box, { xs: [60], ys: [] }, ['right', 'left'], bounds), { dx: 12.5, dy: 0 });
  t.same(clearOfLines(box, { xs: [], ys: [95] }, ['up', 'down'], bounds), { dx: 0, dy: -9.5 });
  const atEdge = { ...box, left: 175, right: 195 };
  t.same(clearOfLines(atEdge, { xs: [190], ys: [] }, ['right', 'left'], bounds), { dx: -7.5, dy: 0 }, 'no room right: back');
  t.same(clearOfLines(box, { xs: [60], ys: [95] }, ['up', 'right'], bounds), { dx: 12.5, dy: -9.5 }, 'off two lines at once');
  t.same(clearOfLines(box, { xs: [], ys: [95] }, ['right'], bounds), { dx: 0, dy: 0 }, 'no way to move: left as it is');
});
