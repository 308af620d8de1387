// Layout of the category charts (one bar or group of bars per label): vertical bars while the labels fit,
// horizontal bars in a taller chart when there are many.
import type { XAXisComponentOption, YAXisComponentOption } from 'echarts';
import { formatNumber, stepDecimals, type ValueRange } from './numbers.js';
import type { Box, Direction } from './placement.js';
import { type ChartSize, DEFAULT_SIZE, palette, resolveSize } from './render.js';
import { clampLines, textWidth, wrapLines } from './text.js';

/** Above this many labels the bars turn horizontal: 60 units side by side leave each label 9 px. */
export const MAX_VERTICAL_LABELS = 20;
export const AXIS_FONT_SIZE = 12;
export const VALUE_LABEL_FONT_SIZE = 11;
const ROTATED_LABEL_WIDTH = 96;
const MAX_WRAPPED_LINES = 3;
const LYING_LABEL_WIDTH = 144;
const LEFT_MARGIN = 16;
/** Space above the plot: title, then legend. */
export const TOP_WITH_LEGEND = 76;
export const TOP_WITHOUT_LEGEND = 48;

export interface CategoryLayout {
  horizontal: boolean;
  width: number;
  height: number;
  /** The labels as drawn (possibly cut short); descriptions use the full ones. */
  labels: string[];
  rotate: number;
}

/**
 * Labels are never shrunk below legibility; in order of preference:
 * - upright bars, labels as they are, when they fit under their bars;
 * - wrapped onto two lines under their bars;
 * - slanted at 45°, when every label fits whole on the slant (many short school names);
 * - wrapped onto three lines;
 * - otherwise, and always above MAX_VERTICAL_LABELS, lying bars with labels on their left in up to two
 *   lines, cut with an ellipsis beyond that.
 * `barsPerLabel` is the number of bars in a group; `rightMargin` the space the caller keeps right of the
 * plot (for labels of reference lines). A caller's height is a minimum for lying bars: each row keeps room
 * for its label however many rows there are.
 */
export function layoutCategories(
  labels: readonly string[],
  size: ChartSize | undefined,
  options: { barsPerLabel: number; rightMargin: number; top: number },
): CategoryLayout {
  const { width, height } = resolveSize(size, DEFAULT_SIZE);
  const widest = Math.max(0, ...labels.map((label) => textWidth(label, AXIS_FONT_SIZE)));
  if (labels.length <= MAX_VERTICAL_LABELS) {
    // The value axis labels take about 48 px on the left.
    const slot = (width - LEFT_MARGIN - 48 - options.rightMargin) / Math.max(labels.length, 1);
    if (widest <= slot - 6) return { horizontal: false, width, height, labels: [...labels], rotate: 0 };
    const wrapped = labels.map((label) => wrapLines(label, slot - 6, AXIS_FONT_SIZE));
    const lineCount = Math.max(...wrapped.map((lines) => lines.length));
    const wrappedFit = wrapped.every((lines) => lines.every((line) => textWidth(line, AXIS_FONT_SIZE) <= slot - 6));
    const wrap = (): CategoryLayout => ({
      horizontal: false,
      width,
      height: size?.height ?? height + (lineCount - 1) * 16,
      labels: wrapped.map((lines) => lines.join('\n')),
      rotate: 0,
    });
    if (wrappedFit && lineCount <= 2) return wrap();
    // Slanted labels need a text height of room between neighbours.
    if (widest <= ROTATED_LABEL_WIDTH && slot >= 22) {
      return {
        horizontal: false,
        width,
        // Slanted labels take up to 70 px below the axis; without a height from the caller the plot keeps its own.
        height: size?.height ?? height + Math.round(widest * Math.SQRT1_2) - 12,
        labels: [...labels],
        rotate: 45,
      };
    }
    if (wrappedFit && lineCount <= MAX_WRAPPED_LINES) return wrap();
  }
  const clamped = labels.map((label) => clampLines(label, LYING_LABEL_WIDTH, AXIS_FONT_SIZE, 2));
  const lineCount = Math.max(...clamped.map((lines) => lines.length));
  const rowHeight = Math.max(8 + 12 * options.barsPerLabel, 6 + 15 * lineCount);
  return {
    horizontal: true,
    width,
    height: Math.max(size?.height ?? 0, options.top + 30 + labels.length * rowHeight + 48),
    labels: clamped.map((lines) => lines.join('\n')),
    rotate: 0,
  };
}

export function gridOption(layout: { horizontal: boolean }, top: number, rightMargin: number) {
  return {
    left: LEFT_MARGIN,
    right: rightMargin,
    top,
    bottom: layout.horizontal ? 36 : 16,
    // The plot shrinks so that axis labels and names stay inside this rectangle (the former containLabel).
    outerBoundsMode: 'same' as const,
    outerBoundsContain: 'all' as const,
  };
}

export function categoryAxis(layout: CategoryLayout): XAXisComponentOption & YAXisComponentOption {
  return {
    type: 'category',
    data: layout.labels,
    // Units read top to bottom in the order given, as in the tables beside the chart.
    inverse: layout.horizontal,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: palette.axisLine } },
    // interval 0: every unit is labelled; ECharts would otherwise skip labels it thinks crowded.
    axisLabel: { interval: 0, rotate: layout.rotate, fontSize: AXIS_FONT_SIZE, color: palette.text },
  };
}

export function valueAxis(
  range: ValueRange,
  name: string,
  format: (value: number) => string = (value) => formatNumber(value, stepDecimals(range.interval)),
): XAXisComponentOption & YAXisComponentOption {
  return {
    type: 'value',
    name,
    nameTextStyle: { color: palette.mutedText, fontSize: AXIS_FONT_SIZE },
    min: range.min,
    max: range.max,
    interval: range.interval,
    axisLine: { show: true, lineStyle: { color: palette.axisLine } },
    axisLabel: { fontSize: AXIS_FONT_SIZE, color: palette.mutedText, formatter: (value: number) => format(value) },
    splitLine: { lineStyle: { color: palette.splitLine } },
  };
}

export function legendOption() {
  return {
    top: 36,
    left: 8,
    itemWidth: 18,
    itemHeight: 12,
    textStyle: { fontSize: AXIS_FONT_SIZE, color: palette.text },
    // A printed page has nothing to toggle.
    selectedMode: false,
  };
}

/**
 * Right of lying bars: room for the widest value label, also when it is moved off a line standing at the
 * plot's end (ECharts sets a label 5 px off its bar).
 */
export function valueLabelRoom(labels: readonly string[]): number {
  return Math.max(48, Math.ceil(12 + Math.max(0, ...labels.map((label) => textWidth(label, VALUE_LABEL_FONT_SIZE)))));
}

/** Above upright bars, value labels may rise this far out of the plot: up to the value axis name's lower edge. */
const ABOVE_PLOT = 14;

/**
 * How the value label of a bar leaves a reference line that runs through it: past the line, away from its
 * bar, or else back over the bar's own end; and where labels must stay. Upright bars keep their labels
 * within the plot's width, since the margin to its right holds the lines' labels.
 */
export function valueLabelMoves(horizontal: boolean): {
  directions: Direction[];
  bounds: (plot: Box, width: number) => Box;
} {
  return horizontal
    ? { directions: ['right', 'left'], bounds: (plot, width) => ({ ...plot, right: width - 2 }) }
    : { directions: ['up', 'down'], bounds: (plot) => ({ ...plot, top: plot.top - ABOVE_PLOT }) };
}

/** Value labels on bars: a white halo keeps them legible over grid lines and neighbouring bars. */
export function valueLabel(horizontal: boolean, formatter: (dataIndex: number) => string) {
  return {
    show: true,
    position: horizontal ? ('right' as const) : ('top' as const),
    fontSize: VALUE_LABEL_FONT_SIZE,
    color: palette.text,
    textBorderColor: palette.background,
    textBorderWidth: 2,
    formatter: ({ dataIndex }: { dataIndex: number }) => formatter(dataIndex),
  };
}
