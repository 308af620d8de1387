// Server-rendered charts for the report pages: labels and numbers in, an SVG string out.
export { type AmountBars, amountBars } from './amount-bars.js';
export { type BarsAgainstStandard, barsAgainstStandard } from './bars-against-standard.js';
export { type BarsUnderLimit, barsUnderLimit } from './bars-under-limit.js';
export { type ChartSize, loadChartEngine, palette, renderSvg } from './render.js';
export { type SizeHistogram, sizeHistogram } from './size-histogram.js';
export { type TrendLines, trendLines } from './trend-lines.js';
