// The reference lines of a bar chart (a standard and floor, or the class-size limits) set against its value
// axis: the lines on the axis the bars grow along, the value range that holds bars and lines, and the layer
// that draws the lines and keeps their labels and the bars' value labels apart (./lines.ts).

import { TOP_WITH_LEGEND, valueLabelMoves } from './layout.js';
import { type LineStyle, type ReferenceLine, referenceLayer } from './lines.js';
import { niceRange, type ValueRange } from './numbers.js';

export interface BarMark {
  value: number;
  label: string;
  style: LineStyle;
}

/**
 * `marks` as lines across bars lying (`horizontal`: upright lines) or standing (level lines), the range of
 * `values` and the marks from zero, and their reference layer with the grid's right margin.
 */
export function barReferences(marks: readonly BarMark[], horizontal: boolean, values: readonly number[], rightMargin: number) {
  const lines: (ReferenceLine & { value: number })[] = marks.map((mark) => ({ ...mark, axis: horizontal ? 'x' : 'y' }));
  const range: ValueRange = niceRange([...values, ...lines.map((line) => line.value)], { includeZero: true, headroom: 0.08 });
  const middle = (range.min + range.max) / 2;
  const references = referenceLayer({
    lines,
    inside: horizontal ? { x: middle, y: 0 } : { x: 0, y: middle },
    grid: { top: TOP_WITH_LEGEND, right: rightMargin },
    valueLabels: valueLabelMoves(horizontal),
  });
  return { lines, range, references };
}
