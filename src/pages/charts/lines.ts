// Reference lines (standards, floors, limits, targets, a deadline year) and their labels. They are drawn
// once ECharts has laid the chart out, in pixels, so that every label stands where nothing else is drawn:
// labels of level lines in the margin right of the plot, labels of upright lines in rows above it (each
// line carried up to its label), and value labels moved off any line that would run through them.
import {
  type Box,
  clearOfLines,
  type Direction,
  type FlagSide,
  flagRows,
  flagText,
  LABEL_GAP,
  LABEL_HEIGHT,
  ROW_PITCH,
  stack,
} from './placement.js';
import { FONT_FAMILY, type Mark, palette, type Placer, type Probe } from './render.js';
import { textWidth } from './text.js';

export type LineStyle = 'solid' | 'dashed' | 'dotted';

export interface ReferenceLine {
  /** Where the line crosses its axis: a value, or the category (a year) it stands on. */
  value: number | string;
  label: string;
  style: LineStyle;
  /** Axis the value is on: 'y' draws a level line, 'x' an upright one. */
  axis: 'x' | 'y';
  color?: string;
}

const LABEL_SIZE = 12;
/** From the plot's right edge to a margin label: room for the short slant joining a label moved off its line. */
const MARGIN_GAP = 8;
/** The legend's lower edge (legendOption: top 36, items 12 high): margin labels stay below it. */
const BELOW_LEGEND = 50;

const widthOf = (line: ReferenceLine) => textWidth(line.label, LABEL_SIZE);

/** Room to keep right of the plot for the labels of level lines (0 when there are none). */
export function marginForLabels(labels: readonly string[]): number {
  return labels.length === 0 ? 0 : MARGIN_GAP + Math.max(...labels.map((label) => textWidth(label, LABEL_SIZE))) + 6;
}

/** The grid's top with one row above the plot for labels of upright lines; the placement adds rows it needs. */
export function topWithLabels(lines: readonly ReferenceLine[], top: number): number {
  return top + (lines.some((line) => line.axis === 'x') ? ROW_PITCH : 0);
}

export interface ReferenceLayer {
  lines: readonly ReferenceLine[];
  /** A data point inside the plot (a category by its index or name), from which its edges are found. */
  inside: { x: number | string; y: number | string };
  /** The grid's top (before topWithLabels) and right margin as the chart lays it out first. */
  grid: { top: number; right: number };
  /** Name of the value axis standing over the plot's top-left corner: labels above the plot keep clear of it. */
  axisName?: string;
  /** The series' value labels: how they may move off a line, in order of preference, and where they must stay. */
  valueLabels?: {
    directions: readonly Direction[];
    bounds: (plot: Box, width: number) => Box;
    hideOverlap?: boolean;
  };
}

type LabelRect = { labelRect: { x: number; y: number; width: number; height: number } };
type LabelShift = { dx?: number; dy?: number; hideOverlap?: boolean };

function lineStyle(line: ReferenceLine) {
  return {
    stroke: line.color ?? palette.referenceLine,
    lineWidth: line.style === 'solid' ? 2 : 1.5,
    ...(line.style === 'solid' ? {} : { lineDash: line.style }),
  };
}

/** Lines over the bars (z 5, as ECharts draws a markLine), labels over everything. */
function segment(from: [number, number], to: [number, number], style: Extract<Mark, { type: 'line' }>['style']): Mark {
  return { type: 'line', z: 5, shape: { x1: from[0], y1: from[1], x2: to[0], y2: to[1] }, style };
}

function text(line: ReferenceLine, x: number, y: number, align: 'left' | 'right'): Mark {
  return {
    type: 'text',
    z: 7,
    x,
    y,
    style: {
      text: line.label,
      fontSize: LABEL_SIZE,
      fontFamily: FONT_FAMILY,
      align,
      verticalAlign: 'middle',
      // Dark text whatever the line's colour: a light series colour is too faint for small print.
      fill: palette.text,
    },
  };
}

/** Boxes of what ECharts draws over the plot's top-left corner: the top tick label and the value axis name. */
function cornerBoxes(plot: Box, axisName: string | undefined): Box[] {
  const half = LABEL_HEIGHT / 2 + 1;
  const tick = { left: 0, top: plot.top - half, right: plot.left, bottom: plot.top + half };
  if (!axisName) return [tick];
  // ECharts centres the name on the axis, its lower edge 15 px (nameGap) above the plot.
  const across = textWidth(axisName, LABEL_SIZE) / 2 + 1;
  const bottom = plot.top - 14;
  const name = { left: plot.left - across, top: bottom - LABEL_HEIGHT - 2, right: plot.left + across, bottom };
  return [tick, name];
}

/**
 * Draws `layer.lines` with their labels once the chart is laid out (`place`, for renderSvg). Level lines:
 * labels right of the plot at their line's height, pushed apart in order when lines are close (a short
 * slant joins a moved label to its line). Upright lines: each carried up above the plot to a label beside
 * it, in as many rows as needed; the grid is laid out again with that room (and, when no side has room for
 * the labels, with a wider right margin). `labelLayout` goes on every series with value labels: it moves
 * them off the lines once they are placed.
 */
export function referenceLayer(layer: ReferenceLayer): { place: Placer; labelLayout: (label: LabelRect) => LabelShift } {
  const level = layer.lines.filter((line) => line.axis === 'y');
  const upright = layer.lines.filter((line) => line.axis === 'x');
  const grid = { top: topWithLabels(layer.lines, layer.grid.top), right: layer.grid.right };
  const keep = layer.valueLabels?.hideOverlap ? { hideOverlap: true } : {};
  let clear: ((box: Box) => { dx: number; dy: number }) | undefined;
  const labelLayout = ({ labelRect: r }: LabelRect): LabelShift => ({
    ...clear?.({ left: r.x, top: r.y, right: r.x + r.width, bottom: r.y + r.height }),
    ...keep,
  });

  const place: Placer = (probe: Probe) => {
    const plot = probe.plot([probe.pixel('x', layer.inside.x), probe.pixel('y', layer.inside.y)]);
    const ys = level.map((line) => probe.pixel('y', line.value));
    const xs = upright.map((line) => probe.pixel('x', line.value));

    const half = LABEL_HEIGHT / 2;
    const centres = stack(ys, ROW_PITCH, BELOW_LEGEND + half, probe.height - 2 - half);
    const labelX = plot.right + MARGIN_GAP;
    const marginBoxes = level.map((line, i) => {
      const y = centres[i]!;
      return { left: labelX, top: y - half, right: labelX + widthOf(line), bottom: y + half };
    });

    const flags = upright.map((line, i) => ({ x: xs[i]!, width: widthOf(line) }));
    const overRight = Math.max(0, ...flags.map((f) => f.x + LABEL_GAP + f.width - (probe.width - 2)));
    const fitsLeft = flags.every((f) => f.x - LABEL_GAP - f.width >= 2);
    const side: FlagSide = overRight === 0 || !fitsLeft ? 'right' : 'left';
    const rows = flagRows(flags, side, plot.top, [...marginBoxes, ...cornerBoxes(plot, layer.axisName)]);

    const marks: Mark[] = [];
    level.forEach((line, i) => {
      const y = ys[i]!;
      marks.push(segment([plot.left, y], [plot.right, y], lineStyle(line)));
      if (Math.abs(centres[i]! - y) > 0.5) {
        const join = { stroke: line.color ?? palette.referenceLine, lineWidth: 1 };
        marks.push(segment([plot.right, y], [labelX - 2, centres[i]!], join));
      }
      marks.push(text(line, labelX, centres[i]!, 'left'));
    });
    upright.forEach((line, i) => {
      const box = flagText(xs[i]!, flags[i]!.width, rows[i]!, side, plot.top);
      marks.push(segment([xs[i]!, plot.bottom], [xs[i]!, box.top], lineStyle(line)));
      marks.push(side === 'right' ? text(line, box.left, box.top + half, 'left') : text(line, box.right, box.top + half, 'right'));
    });
    const moves = layer.valueLabels;
    if (moves) {
      const bounds = moves.bounds(plot, probe.width);
      clear = (box) => clearOfLines(box, { xs, ys }, moves.directions, bounds);
    }

    const top = upright.length === 0 ? grid.top : layer.grid.top + ROW_PITCH * (Math.max(...rows) + 1);
    const right = side === 'right' && overRight > 0 ? grid.right + Math.ceil(overRight) : grid.right;
    if (top === grid.top && right === grid.right) return { marks };
    grid.top = top;
    grid.right = right;
    return { relayout: { grid: { top, right } }, marks };
  };
  return { place, labelLayout };
}
