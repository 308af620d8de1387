// Horizontal bars of amounts in yuan (funding by component), each labelled with its formatted amount.
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { assertFinite } from './checks.js';
import { AXIS_FONT_SIZE, categoryAxis, gridOption, TOP_WITHOUT_LEGEND, VALUE_LABEL_FONT_SIZE, valueAxis } from './layout.js';
import { decimalsFor, formatNumber, niceRange, stepDecimals } from './numbers.js';
import { type ChartSize, DEFAULT_SIZE, emptyChart, palette, renderSvg, resolveSize, titleOption } from './render.js';
import { clampLines, textWidth } from './text.js';

/** Horizontal bars of amounts (funding by component), values in yuan, labelled with the formatted amount. */
export interface AmountBars {
  title: string;
  unit: string;
  items: { label: string; value: number }[];
}

const ROW_HEIGHT = 28;
const LABEL_WIDTH = 168;
/** Axis ticks switch to 万 from here: 1,200,000 at every tick is hard to read at a glance. */
const TEN_THOUSANDS_FROM = 100_000;

export function amountBars(input: AmountBars, size?: ChartSize): string {
  for (const [i, item] of input.items.entries()) assertFinite(`items[${i}].value`, item.value);
  if (input.items.length === 0) return emptyChart(input.title, size);

  const values = input.items.map((item) => item.value);
  // Whole yuan print without decimals; if any amount has fen, all show two places so the column lines up.
  const decimals = decimalsFor(values);
  const amount = (value: number) => `${formatNumber(value, decimals)} ${input.unit}`;
  const range = niceRange(values, { includeZero: true, headroom: 0.02 });
  const inTenThousands = Math.max(Math.abs(range.min), Math.abs(range.max)) >= TEN_THOUSANDS_FROM;
  const tick = inTenThousands
    ? (value: number) => formatNumber(value / 10_000, stepDecimals(range.interval / 10_000))
    : (value: number) => formatNumber(value, stepDecimals(range.interval));
  const rightMargin = 16 + Math.max(...values.map((v) => textWidth(amount(v), VALUE_LABEL_FONT_SIZE)));
  const { width } = resolveSize(size, DEFAULT_SIZE);
  // As tall as the rows need; a caller's height is a minimum.
  const labels = input.items.map((item) => clampLines(item.label, LABEL_WIDTH, AXIS_FONT_SIZE, 2));
  const rowHeight = Math.max(ROW_HEIGHT, 14 + 15 * Math.max(...labels.map((lines) => lines.length)));
  const height = Math.max(size?.height ?? 0, TOP_WITHOUT_LEGEND + input.items.length * rowHeight + 56);
  const layout = { horizontal: true, width, height, labels: labels.map((lines) => lines.join('\n')), rotate: 0 };

  const series: BarSeriesOption = {
    type: 'bar',
    name: input.title,
    silent: true,
    barMaxWidth: 18,
    itemStyle: { color: palette.series[0], borderColor: palette.seriesBorder, borderWidth: 0.5 },
    label: {
      show: true,
      fontSize: VALUE_LABEL_FONT_SIZE,
      color: palette.text,
      formatter: ({ dataIndex }) => amount(values[dataIndex]!),
    },
    // A negative amount (a deduction) keeps its label outside its own end of the bar.
    data: values.map((value) => ({ value, label: { position: value < 0 ? ('left' as const) : ('right' as const) } })),
  };
  const items = input.items.map((item) => `${item.label} ${amount(item.value)}`).join('；');

  const option: EChartsOption = {
    title: titleOption(input.title, width),
    aria: { label: { description: `${input.title}：条形图，${input.items.length} 项，单位 ${input.unit}。${items}。` } },
    grid: gridOption(layout, TOP_WITHOUT_LEGEND, rightMargin),
    xAxis: valueAxis(range, inTenThousands ? `万${input.unit}` : input.unit, tick),
    yAxis: categoryAxis(layout),
    series: [series],
  };
  return renderSvg(option, { width, height });
}
