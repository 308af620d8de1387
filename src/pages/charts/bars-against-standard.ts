// Per-unit bars against a standard and an optional floor, coloured by status.
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { barReferences } from './bar-references.js';
import { assertFinite, assertValues } from './checks.js';
import {
  categoryAxis,
  gridOption,
  layoutCategories,
  legendOption,
  TOP_WITH_LEGEND,
  valueAxis,
  valueLabel,
  valueLabelRoom,
} from './layout.js';
import { marginForLabels, topWithLabels } from './lines.js';
import { decimalsFor, formatExact, formatNumber } from './numbers.js';
import { type ChartSize, emptyChart, palette, renderSvg, titleOption } from './render.js';

/** Per-unit bars against a standard (line) and optionally an 85% floor (dashed line); bars coloured by status:
 *  at/over the standard (good), between floor and standard (warning), below floor (bad); null = no bar, label "—".
 *  higherIsBetter defaults to true; when false (e.g. a ratio that must stay under a cap) colours invert. */
export interface BarsAgainstStandard {
  title: string;
  unit: string;
  labels: string[];
  values: (number | null)[];
  standard: number;
  floor?: number;
  higherIsBetter?: boolean;
}

type Status = 'good' | 'warning' | 'bad';
const STATUSES: readonly Status[] = ['good', 'warning', 'bad'];

function statusNames(hasFloor: boolean, higherIsBetter: boolean): Record<Status, string> {
  return {
    good: '达标',
    warning: '未达标，在底线以内',
    bad: hasFloor ? (higherIsBetter ? '低于底线' : '超出底线') : '未达标',
  };
}

/** With higherIsBetter false the floor is a tolerance above the standard and the comparisons turn round. */
function statusOf(value: number, standard: number, floor: number | undefined, higherIsBetter: boolean): Status {
  const better = (a: number, b: number) => (higherIsBetter ? a >= b : a <= b);
  if (better(value, standard)) return 'good';
  if (floor !== undefined && better(value, floor)) return 'warning';
  return 'bad';
}

function describe(input: BarsAgainstStandard, statuses: (Status | null)[], format: (v: number) => string): string {
  const higherIsBetter = input.higherIsBetter ?? true;
  const names = statusNames(input.floor !== undefined, higherIsBetter);
  const count = (status: Status | null) => statuses.filter((s) => s === status).length;
  const tally = STATUSES.filter((s) => s !== 'warning' || input.floor !== undefined)
    .map((s) => `${names[s]} ${count(s)} 个`)
    .concat(count(null) > 0 ? [`无数据 ${count(null)} 个`] : [])
    .join('，');
  const items = input.labels
    .map((label, i) => {
      const value = input.values[i];
      const status = statuses[i];
      return value == null || !status ? `${label} —（无数据）` : `${label} ${format(value)}（${names[status]}）`;
    })
    .join('；');
  const floor = input.floor === undefined ? '' : `，底线 ${formatExact(input.floor)}`;
  return (
    `${input.title}：柱状图，${input.labels.length} 个对象${input.unit ? `，单位 ${input.unit}` : ''}；` +
    `标准 ${formatExact(input.standard)}${floor}，` +
    `${higherIsBetter ? '不低于标准为达标' : '不超过标准为达标'}。${tally}。各对象：${items}。`
  );
}

export function barsAgainstStandard(input: BarsAgainstStandard, size?: ChartSize): string {
  const higherIsBetter = input.higherIsBetter ?? true;
  assertValues('values', input.values, input.labels.length);
  assertFinite('standard', input.standard);
  if (input.floor !== undefined) {
    assertFinite('floor', input.floor);
    if (higherIsBetter ? input.floor > input.standard : input.floor < input.standard) {
      throw new RangeError(`floor ${input.floor} is on the wrong side of standard ${input.standard}`);
    }
  }
  if (input.labels.length === 0) return emptyChart(input.title, size);

  // Values print alike (all whole, or all to two places); the standard and floor print exactly as given.
  const decimals = decimalsFor(input.values);
  const format = (value: number) => formatNumber(value, decimals);
  const statuses = input.values.map((v) => (v === null ? null : statusOf(v, input.standard, input.floor, higherIsBetter)));
  // Standard solid, floor dashed: they differ without colour.
  const marks = [
    { value: input.standard, label: `标准 ${formatExact(input.standard)}`, style: 'solid' as const },
    ...(input.floor === undefined
      ? []
      : [{ value: input.floor, label: `底线 ${formatExact(input.floor)}`, style: 'dashed' as const }]),
  ];
  const layout = layoutCategories(input.labels, size, {
    barsPerLabel: 1,
    rightMargin: marginForLabels(marks.map((mark) => mark.label)),
    top: TOP_WITH_LEGEND,
  });
  const rightMargin = layout.horizontal
    ? valueLabelRoom(input.values.map((v) => (v === null ? '—' : format(v))))
    : marginForLabels(marks.map((mark) => mark.label));
  const values = input.values.filter((v): v is number => v !== null);
  const { lines, range, references } = barReferences(marks, layout.horizontal, values, rightMargin);
  const names = statusNames(input.floor !== undefined, higherIsBetter);
  const shown = STATUSES.filter((s) => s !== 'warning' || input.floor !== undefined);


  // One series per status, stacked so each unit keeps a single full-width bar: the legend then explains
  // the colours. A missing value is a transparent zero-height bar carrying the "—" label.
  const series: BarSeriesOption[] = shown.map((status, seriesIndex) => ({
    type: 'bar',
    name: names[status],
    stack: 'status',
    barMaxWidth: 40,
    silent: true,
    itemStyle: { color: palette[status].fill, borderColor: palette[status].border, borderWidth: 1 },
    label: valueLabel(layout.horizontal, (i) => {
      const value = input.values[i];
      return value == null ? '—' : format(value);
    }),
    labelLayout: references.labelLayout,
    data: input.values.map((value, i) => {
      if (value === null) {
        return seriesIndex === 0 ? { value: 0, itemStyle: { color: 'none', borderWidth: 0 } } : null;
      }
      return statuses[i] === status ? value : null;
    }),
  }));

  const option: EChartsOption = {
    title: titleOption(input.title, layout.width),
    aria: { label: { description: describe(input, statuses, format) } },
    legend: legendOption(),
    grid: gridOption(layout, topWithLabels(lines, TOP_WITH_LEGEND), rightMargin),
    xAxis: layout.horizontal ? valueAxis(range, input.unit) : categoryAxis(layout),
    yAxis: layout.horizontal ? categoryAxis(layout) : valueAxis(range, input.unit),
    series,
  };
  return renderSvg(option, layout, references.place);
}
