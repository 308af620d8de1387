// Histogram of class sizes: one bar per size on a value axis, with upright lines at the sizes that matter
// (limits, 大班额, 超大班额).
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { assertFinite } from './checks.js';
import { AXIS_FONT_SIZE, gridOption, legendOption, TOP_WITH_LEGEND, valueAxis } from './layout.js';
import { referenceLayer, topWithLabels } from './lines.js';
import { formatExact, niceRange, type ValueRange } from './numbers.js';
import { type ChartSize, DEFAULT_SIZE, emptyChart, palette, renderSvg, resolveSize, titleOption } from './render.js';

/** Histogram of class sizes: one bar per size (value x axis, students per class), vertical lines at given sizes. */
export interface SizeHistogram {
  title: string;
  series: { name: string; sizes: number[] }[];
  lines: { at: number; label: string }[];
}

const Y_NAME = '班数';

/** [size, number of classes of that size], by size. */
function countSizes(sizes: readonly number[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const size of sizes) counts.set(size, (counts.get(size) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

/** Students and classes come in whole numbers: ticks at 22.5 students or 0.5 classes would mean nothing. */
function wholeRange(values: number[], options: { includeZero: boolean; headroom?: number; ticks: number }): ValueRange {
  const range = niceRange(values, options);
  if (Number.isInteger(range.interval)) return range;
  const interval = range.interval < 1 ? 1 : Math.floor(range.interval);
  return { min: Math.floor(range.min / interval) * interval, max: Math.ceil(range.max / interval) * interval, interval };
}

function describe(input: SizeHistogram, counted: [number, number][][]): string {
  const parts = input.series.map((entry, i) => {
    const counts = counted[i]!;
    if (counts.length === 0) return `${entry.name}：无数据。`;
    const distribution = counts.map(([size, count]) => `${size} 人 ${count} 个`).join('，');
    return (
      `${entry.name}：共 ${entry.sizes.length} 个班，班额 ${counts[0]![0]}–${counts[counts.length - 1]![0]} 人；` +
      `各班额的班数：${distribution}。`
    );
  });
  const lines = input.lines.map((line) => `${line.label}（${formatExact(line.at)} 人）`);
  return `${input.title}：班额分布直方图。${parts.join('')}${lines.length > 0 ? `参考线：${lines.join('，')}。` : ''}`;
}

export function sizeHistogram(input: SizeHistogram, size?: ChartSize): string {
  for (const [i, entry] of input.series.entries()) {
    for (const [j, students] of entry.sizes.entries()) {
      if (!Number.isInteger(students) || students < 0) {
        throw new RangeError(`series[${i}].sizes[${j}] must be a whole number of students, got ${students}`);
      }
    }
  }
  for (const [i, line] of input.lines.entries()) assertFinite(`lines[${i}].at`, line.at);
  if (input.series.every((entry) => entry.sizes.length === 0)) return emptyChart(input.title, size);

  const { width, height } = resolveSize(size, DEFAULT_SIZE);
  const counted = input.series.map((entry) => countSizes(entry.sizes));
  const allSizes = input.series.flatMap((entry) => entry.sizes);
  // A class either side of the extremes, so the outermost bars and lines are not drawn on the plot's edge.
  const xRange = wholeRange(
    [Math.min(...allSizes, ...input.lines.map((l) => l.at)) - 1, Math.max(...allSizes, ...input.lines.map((l) => l.at)) + 1],
    { includeZero: false, ticks: 10 },
  );
  const yRange = wholeRange(
    counted.flatMap((counts) => counts.map(([, count]) => count)),
    { includeZero: true, headroom: 0.05, ticks: 5 },
  );
  // Each line is carried up above the bars to its label; close lines (45 and 50 students) take rows.
  const lines = input.lines.map((line) => ({ value: line.at, label: line.label, style: 'dashed', axis: 'x' }) as const);
  const grid = { top: TOP_WITH_LEGEND, right: 48 };
  const series: BarSeriesOption[] = input.series.map((entry, i) => ({
    type: 'bar',
    name: entry.name,
    silent: true,
    barGap: '0%',
    barCategoryGap: '20%',
    itemStyle: { color: palette.series[i % palette.series.length]!, borderColor: palette.seriesBorder, borderWidth: 0.5 },
    data: counted[i]!,
  }));

  const option: EChartsOption = {
    title: titleOption(input.title, width),
    aria: { label: { description: describe(input, counted) } },
    legend: legendOption(),
    // upright bars or points: the same grid as standing bars
    grid: gridOption({ horizontal: false }, topWithLabels(lines, grid.top), grid.right),
    xAxis: {
      ...valueAxis(xRange, '班额（人）'),
      nameLocation: 'middle',
      nameGap: 26,
      splitLine: { show: false },
    },
    yAxis: { ...valueAxis(yRange, Y_NAME), nameTextStyle: { color: palette.mutedText, fontSize: AXIS_FONT_SIZE } },
    series,
  };
  const { place } = referenceLayer({
    lines,
    inside: { x: (xRange.min + xRange.max) / 2, y: (yRange.min + yRange.max) / 2 },
    grid,
    axisName: Y_NAME,
  });
  return renderSvg(option, { width, height }, place);
}
