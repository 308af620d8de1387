// Reference lines (standards, floors, limits, targets, marks on an axis) drawn with ECharts' markLine.
import type { MarkLineComponentOption } from 'echarts';
import { palette } from './render.js';
import { textWidth } from './text.js';

type MarkLineItem = NonNullable<MarkLineComponentOption['data']>[number];
type LabelPosition = NonNullable<NonNullable<MarkLineComponentOption['label']>['position']>;

export type LineStyle = 'solid' | 'dashed' | 'dotted';

export interface ReferenceLine {
  /** Where the line crosses the value axis, or the category (a year) it stands on. */
  value: number | string;
  label: string;
  style: LineStyle;
  /** Axis the value is on: 'y' draws a horizontal line, 'x' a vertical one. */
  axis: 'x' | 'y';
  position?: LabelPosition;
  /** Gap in px between the line's end and its label. */
  distance?: number;
  color?: string;
}

export function referenceLine(line: ReferenceLine): MarkLineItem {
  const color = line.color ?? palette.referenceLine;
  return {
    name: line.label,
    ...(line.axis === 'x' ? { xAxis: line.value } : { yAxis: line.value }),
    lineStyle: { type: line.style, color, width: line.style === 'solid' ? 2 : 1.5, opacity: 1 },
    label: {
      show: true,
      formatter: line.label,
      position: line.position ?? 'end',
      distance: line.distance ?? 5,
      // Dark text whatever the line's colour: a light series colour is too faint for small print.
      color: palette.text,
      fontSize: 12,
      // A white halo keeps the label legible where it crosses grid lines or bars.
      textBorderColor: palette.background,
      textBorderWidth: 3,
    },
    emphasis: { disabled: true },
  };
}

/** The markLine block of a series: plain lines, no arrow heads, no hover. */
export function markLines(items: MarkLineItem[]): MarkLineComponentOption {
  return { symbol: 'none', silent: true, animation: false, data: items };
}

export interface LabelPlacement {
  position: LabelPosition;
  distance: number;
}

/**
 * Where the labels of lines across a category chart go so that they do not cover each other.
 * Bars upright (lines horizontal): labels right of the plot; a label closer than a text height to the one
 * above it goes inside the plot under its own line. Bars lying (lines upright): labels above the plot, in
 * as many rows as needed for labels that would overlap side by side (`rows`, for the room kept above).
 * `plotLength` is the length of the value axis in px, `span` its range in values.
 */
export function placeLineLabels(
  lines: readonly { value: number; label: string }[],
  options: { horizontal: boolean; plotLength: number; span: number },
): { placements: LabelPlacement[]; rows: number } {
  const px = (value: number) => (value / options.span) * options.plotLength;
  const order = lines.map((_, i) => i).sort((a, b) => lines[b]!.value - lines[a]!.value);
  const placements: LabelPlacement[] = lines.map(() => ({ position: 'end', distance: 5 }));
  if (!options.horizontal) {
    let lastOutside: number | undefined;
    for (const i of order) {
      const y = px(lines[i]!.value);
      if (lastOutside !== undefined && lastOutside - y < 15) {
        placements[i] = { position: 'insideEndBottom', distance: 5 };
      } else {
        lastOutside = y;
      }
    }
    return { placements, rows: 1 };
  }
  // Lines upright: the category axis runs downwards, so a line's start is at the top of the plot.
  const rows: [number, number][][] = [];
  for (const i of order) {
    const x = px(lines[i]!.value);
    const half = textWidth(lines[i]!.label, 12) / 2 + 4;
    let row = rows.findIndex((taken) => taken.every(([from, to]) => x + half < from || x - half > to));
    if (row === -1) row = rows.push([]) - 1;
    rows[row]!.push([x - half, x + half]);
    placements[i] = { position: 'start', distance: 5 + 15 * row };
  }
  return { placements, rows: Math.max(rows.length, 1) };
}
