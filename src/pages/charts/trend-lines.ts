// Lines over years toward a target, with the deadline year marked.
import type { EChartsOption, LineSeriesOption } from 'echarts';
import { assertFinite, assertValues } from './checks.js';
import { AXIS_FONT_SIZE, gridOption, legendOption, TOP_WITH_LEGEND, VALUE_LABEL_FONT_SIZE, valueAxis } from './layout.js';
import { type LineStyle, marginForLabels, type ReferenceLine, referenceLayer, topWithLabels } from './lines.js';
import { decimalsFor, formatExact, formatNumber, niceRange } from './numbers.js';
import { type ChartSize, DEFAULT_SIZE, emptyChart, palette, renderSvg, resolveSize, titleOption } from './render.js';

/** Lines over years toward a target; target drawn as a line with its label; an optional deadline year marked. */
export interface TrendLines {
  title: string;
  unit?: string;
  years: number[];
  series: { name: string; values: (number | null)[] }[];
  target?: { value: number; label: string };
  deadlineYear?: number;
}

/** Dash pattern and symbol differ per series, so the lines stay apart in grey print. */
const LINE_TYPES: readonly LineStyle[] = ['solid', 'dashed', 'dotted'];
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond'] as const;
/** Point labels only while they have room: a few years and series. */
const MAX_LABELLED_YEARS = 12;
const MAX_LABELLED_SERIES = 3;
/** More years than this between the first and the deadline would squeeze the axis to nothing. */
const MAX_YEARS = 100;

function assertYear(what: string, year: number): void {
  if (!Number.isInteger(year)) throw new RangeError(`${what} must be a whole year, got ${year}`);
}

export function trendLines(input: TrendLines, size?: ChartSize): string {
  for (const [i, year] of input.years.entries()) assertYear(`years[${i}]`, year);
  if (new Set(input.years).size !== input.years.length) throw new RangeError('years must not repeat');
  for (const [i, entry] of input.series.entries()) assertValues(`series[${i}].values`, entry.values, input.years.length);
  if (input.target) assertFinite('target.value', input.target.value);
  if (input.deadlineYear !== undefined) assertYear('deadlineYear', input.deadlineYear);
  if (input.years.length === 0 || input.series.length === 0) return emptyChart(input.title, size);

  // Every year from the first to the last (or to the deadline), so the spacing shows time as it passed.
  const marked = input.deadlineYear === undefined ? input.years : [...input.years, input.deadlineYear];
  const first = Math.min(...marked);
  const last = Math.max(...marked);
  if (last - first >= MAX_YEARS) throw new RangeError(`years span ${last - first + 1} years, more than ${MAX_YEARS}`);
  const axisYears = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const valueAt = (values: (number | null)[], year: number) => {
    const index = input.years.indexOf(year);
    return index === -1 ? null : (values[index] ?? null);
  };

  const values = input.series.flatMap((entry) => entry.values.filter((v): v is number => v !== null));
  // Values print alike (all whole, or all to two places); the target keeps the figure its label gives it.
  const decimals = decimalsFor(values);
  const format = (value: number) => formatNumber(value, decimals);
  const range = niceRange(input.target ? [...values, input.target.value] : values, { includeZero: false, headroom: 0.05 });
  const { width, height } = resolveSize(size, DEFAULT_SIZE);
  const labelled = axisYears.length <= MAX_LABELLED_YEARS && input.series.length <= MAX_LABELLED_SERIES;

  const lines: ReferenceLine[] = [
    ...(input.target ? [{ value: input.target.value, label: input.target.label, style: 'solid', axis: 'y' } as const] : []),
    ...(input.deadlineYear === undefined
      ? []
      : [{ value: String(input.deadlineYear), label: `期限 ${input.deadlineYear}`, style: 'dotted', axis: 'x' } as const]),
  ];
  const grid = { top: TOP_WITH_LEGEND, right: Math.max(24, marginForLabels(input.target ? [input.target.label] : [])) };
  const references = referenceLayer({
    lines,
    inside: { x: 0, y: (range.min + range.max) / 2 },
    grid,
    axisName: input.unit ?? '',
    // A point's label climbs over a target just above it, or steps aside from the deadline's line.
    valueLabels: { directions: ['up', 'right', 'left', 'down'], bounds: (plot) => plot, hideOverlap: true },
  });
  const series: LineSeriesOption[] = input.series.map((entry, i) => ({
    type: 'line',
    name: entry.name,
    silent: true,
    // A missing year is a gap: joining across it would draw values nobody measured.
    connectNulls: false,
    symbol: SYMBOLS[i % SYMBOLS.length],
    symbolSize: 7,
    lineStyle: { width: 2, type: LINE_TYPES[i % LINE_TYPES.length] },
    data: axisYears.map((year) => valueAt(entry.values, year)),
    label: {
      show: labelled,
      position: 'top',
      fontSize: VALUE_LABEL_FONT_SIZE,
      color: palette.text,
      textBorderColor: palette.background,
      textBorderWidth: 2,
      formatter: ({ dataIndex }) => {
        const value = valueAt(entry.values, axisYears[dataIndex]!);
        return value === null ? '' : format(value);
      },
    },
    labelLayout: references.labelLayout,
  }));

  const option: EChartsOption = {
    title: titleOption(input.title, width),
    aria: { label: { description: describe(input, format) } },
    legend: legendOption(),
    // upright bars or points: the same grid as standing bars
    grid: gridOption({ horizontal: false }, topWithLabels(lines, grid.top), grid.right),
    xAxis: {
      type: 'category',
      data: axisYears.map(String),
      boundaryGap: true,
      axisLine: { lineStyle: { color: palette.axisLine } },
      axisLabel: { fontSize: AXIS_FONT_SIZE, color: palette.text },
    },
    yAxis: valueAxis(range, input.unit ?? ''),
    series,
  };
  return renderSvg(option, { width, height }, references.place);
}

function describe(input: TrendLines, format: (value: number) => string): string {
  const parts = input.series.map((entry) => {
    const points = input.years.map((year, i) => {
      const value = entry.values[i];
      return `${year} 年 ${value == null ? '—（无数据）' : format(value)}`;
    });
    return `${entry.name}：${points.join('，')}。`;
  });
  const unit = input.unit ? `，单位 ${input.unit}` : '';
  const target = input.target ? `目标：${input.target.label}（${formatExact(input.target.value)}）。` : '';
  const deadline = input.deadlineYear === undefined ? '' : `期限 ${input.deadlineYear} 年。`;
  return `${input.title}：折线图，${input.series.length} 条线${unit}。${parts.join('')}${target}${deadline}`;
}
