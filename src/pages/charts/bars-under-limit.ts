// Grouped bars that must stay at or under a limit (a coefficient of variation per indicator), each series
// with its own limit line.
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
import { type LineStyle, marginForLabels, topWithLabels } from './lines.js';
import { decimalsFor, formatExact, formatNumber } from './numbers.js';
import { type ChartSize, emptyChart, palette, renderSvg, titleOption } from './render.js';

/** Bars that must stay at or under a limit (a coefficient of variation per indicator): one group per label,
 *  one series per series entry (e.g. 小学 / 初中), each series with its own limit line. */
export interface BarsUnderLimit {
  title: string;
  unit?: string;
  labels: string[];
  series: { name: string; values: (number | null)[]; limit: number }[];
}

const LINE_STYLES: readonly LineStyle[] = ['solid', 'dashed', 'dotted'];

function seriesColour(index: number): string {
  return palette.series[index % palette.series.length]!;
}

/** One line per distinct limit: series sharing a limit share its line and its label. */
function limitLines(input: BarsUnderLimit) {
  const groups: { value: number; names: string[]; indexes: number[] }[] = [];
  input.series.forEach((entry, index) => {
    const group = groups.find((g) => g.value === entry.limit);
    if (group) {
      group.names.push(entry.name);
      group.indexes.push(index);
    } else {
      groups.push({ value: entry.limit, names: [entry.name], indexes: [index] });
    }
  });
  return groups.map((group, i) => ({
    value: group.value,
    label: `${group.names.join('、')} 上限 ${formatExact(group.value)}`,
    style: LINE_STYLES[i % LINE_STYLES.length]!,
    // A line of one series takes its colour; a shared one stays neutral.
    color: group.indexes.length === 1 ? seriesColour(group.indexes[0]!) : palette.referenceLine,
  }));
}

function describe(input: BarsUnderLimit, format: (value: number) => string): string {
  const parts = input.series.map((entry) => {
    const over = entry.values.filter((v) => v !== null && v > entry.limit).length;
    const missing = entry.values.filter((v) => v === null).length;
    const items = input.labels
      .map((label, i) => {
        const value = entry.values[i];
        if (value == null) return `${label} —（无数据）`;
        return `${label} ${format(value)}${value > entry.limit ? '（超过上限）' : ''}`;
      })
      .join('；');
    const counts = `超过上限 ${over} 项${missing > 0 ? `，无数据 ${missing} 项` : ''}`;
    return `${entry.name}（上限 ${formatExact(entry.limit)}）：${counts}。${items}。`;
  });
  const unit = input.unit ? `，单位 ${input.unit}` : '';
  return `${input.title}：分组柱状图，${input.labels.length} 组${unit}，数值不超过上限为达标。${parts.join('')}`;
}

export function barsUnderLimit(input: BarsUnderLimit, size?: ChartSize): string {
  input.series.forEach((entry, i) => {
    assertValues(`series[${i}].values`, entry.values, input.labels.length);
    assertFinite(`series[${i}].limit`, entry.limit);
  });
  if (input.labels.length === 0 || input.series.length === 0) return emptyChart(input.title, size);

  // Values print alike (all whole, or all to two places); the limits print exactly as given.
  const decimals = decimalsFor(input.series.flatMap((entry) => entry.values));
  const format = (value: number) => formatNumber(value, decimals);
  const marks = limitLines(input);
  const lineRoom = marginForLabels(marks.map((mark) => mark.label));
  const layout = layoutCategories(input.labels, size, {
    barsPerLabel: input.series.length,
    rightMargin: lineRoom,
    top: TOP_WITH_LEGEND,
  });
  const valueTexts = input.series.flatMap((entry) => entry.values.map((v) => (v === null ? '—' : format(v))));
  const rightMargin = layout.horizontal ? valueLabelRoom(valueTexts) : lineRoom;
  const values = input.series.flatMap((entry) => entry.values.filter((v): v is number => v !== null));
  const { lines, range, references } = barReferences(marks, layout.horizontal, values, rightMargin);

  const series: BarSeriesOption[] = input.series.map((entry, seriesIndex) => ({
    type: 'bar',
    name: entry.name,
    barMaxWidth: 32,
    barGap: '10%',
    silent: true,
    itemStyle: { color: seriesColour(seriesIndex), borderColor: palette.seriesBorder, borderWidth: 1 },
    label: valueLabel(layout.horizontal, (i) => {
      const value = entry.values[i];
      return value == null ? '—' : format(value);
    }),
    labelLayout: references.labelLayout,
    // Over the limit: a heavy dark-red outline and a bold red value, on top of the line it crosses.
    data: entry.values.map((value) => {
      if (value === null) return { value: 0, itemStyle: { color: 'none', borderWidth: 0 } };
      if (value <= entry.limit) return value;
      return {
        value,
        itemStyle: { borderColor: palette.bad.fill, borderWidth: 2.5 },
        label: { color: palette.bad.fill, fontWeight: 'bold' as const },
      };
    }),
  }));

  const option: EChartsOption = {
    title: titleOption(input.title, layout.width),
    aria: { label: { description: describe(input, format) } },
    legend: legendOption(),
    grid: gridOption(layout, topWithLabels(lines, TOP_WITH_LEGEND), rightMargin),
    xAxis: layout.horizontal ? valueAxis(range, input.unit ?? '') : categoryAxis(layout),
    yAxis: layout.horizontal ? categoryAxis(layout) : valueAxis(range, input.unit ?? ''),
    series,
  };
  return renderSvg(option, layout, references.place);
}
