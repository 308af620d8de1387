// The one place charts are drawn: ECharts in server-side mode with the SVG renderer, then the SVG string
// made fit to inline in an HTML page (deterministic, self-describing, no interactive leftovers).
import { createHash } from 'node:crypto';
import type { EChartsOption } from 'echarts';
import type { graphic, init as initChart } from 'echarts/core';
import type { Box } from './placement.js';
import { escapeXml } from './text.js';

/**
 * ECharts is loaded on the first report page, not with the service: its modules take about 0.4 s to load,
 * which every process that never draws a chart (the API alone, each test file) would otherwise pay.
 */
let engine: { init: typeof initChart; graphic: typeof graphic } | undefined;
let loading: Promise<void> | undefined;

/** Loads ECharts with the parts the charts use (once; later calls return at once). */
export function loadChartEngine(): Promise<void> {
  loading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.BarChart,
      charts.LineChart,
      components.AriaComponent,
      components.GraphicComponent,
      components.GridComponent,
      components.LegendComponent,
      components.MarkLineComponent,
      components.TitleComponent,
      renderers.SVGRenderer,
    ]);
    engine = { init: core.init, graphic: core.graphic };
  })();
  return loading;
}

export interface ChartSize {
  width?: number;
  height?: number;
}

/**
 * Single quotes: ECharts writes the family into a double-quoted `style` attribute without escaping it, so
 * double quotes around a family name would end the attribute and break the SVG.
 */
export const FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * Status fills sit at distinct lightness (mid green, light amber, dark red) so they stay apart when printed
 * in grey; each has a darker border so the light amber still has an edge on white paper. Series colours
 * alternate dark and light for the same reason; lines also differ by dash pattern and symbol.
 */
export const palette = {
  good: { fill: '#3a9a5b', border: '#1e5e34' },
  warning: { fill: '#f2c14e', border: '#8a6a00' },
  bad: { fill: '#7a0c16', border: '#3d0008' },
  // Eight, so that the seven B1–B7 lines of one chart never share a colour.
  series: ['#1f4e79', '#e08a2c', '#7fb3d5', '#6b3e8e', '#9a9a9a', '#2e7d32', '#00838f', '#8d6e63'],
  seriesBorder: '#1a1a1a',
  text: '#1a1a1a',
  mutedText: '#555555',
  axisLine: '#666666',
  splitLine: '#e3e3e3',
  referenceLine: '#1a1a1a',
  background: '#ffffff',
} as const;

export const DEFAULT_SIZE = { width: 720, height: 320 } as const;
export const TITLE_FONT_SIZE = 15;
export const EMPTY_HEIGHT = 120;

export function resolveSize(size: ChartSize | undefined, defaults: { width: number; height: number }) {
  const width = size?.width ?? defaults.width;
  const height = size?.height ?? defaults.height;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isFinite(value) || value < 1) throw new RangeError(`chart ${name} must be a positive number`);
  }
  return { width, height };
}

/** The chart's title, drawn cut to the width of the chart; the SVG's <title> keeps all of it. */
export function titleOption(text: string, width: number): EChartsOption['title'] {
  return {
    text,
    left: 8,
    top: 6,
    textStyle: {
      fontSize: TITLE_FONT_SIZE,
      fontWeight: 'bold',
      color: palette.text,
      width: width - 16,
      overflow: 'truncate',
      ellipsis: '…',
    },
  };
}

function textOf(option: EChartsOption): { title: string; description: string } {
  const title = Array.isArray(option.title) ? option.title[0] : option.title;
  return { title: title?.text ?? '', description: option.aria?.label?.description ?? '' };
}

const TAG = /<[^>]+>/g;

/**
 * Makes ECharts' SSR output page-ready:
 * - drops the <style> block and the class attributes it targets: hover rules (pointer cursor, lighter fill)
 *   mean nothing on a static page, and their class names come from a process-wide counter, so the same
 *   chart would come out different each time;
 * - drops the ecmeta_* attributes, which only serve client-side hydration;
 * - renames the instance-numbered ids (clip paths) after a hash of the content: stable for the same chart,
 *   distinct between charts inlined in one page;
 * - names the image for assistive technology: role="img", aria-label, <title> and <desc>. ECharts' aria
 *   option only writes its label into a DOM element, which server-side rendering does not have.
 * Only markup inside tags is rewritten; text content (escaped by ECharts) is left as it is.
 */
function finishSvg(svg: string, title: string, description: string): string {
  const cleaned = svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(TAG, (tag) => tag.replace(/\s(?:class|ecmeta_[a-z_]+)="[^"]*"/g, '').replace(/zr\d+-/g, 'zr-'));
  const prefix = `ec${createHash('sha256').update(cleaned).digest('hex').slice(0, 10)}-`;
  const named = cleaned.replace(TAG, (tag) => tag.replaceAll('zr-', prefix));
  return named.replace(
    /^<svg\b([^>]*)>/,
    (_open, attributes: string) =>
      `<svg${attributes} role="img" aria-label="${escapeXml(title)}">\n` +
      `<title>${escapeXml(title)}</title>\n<desc>${escapeXml(description)}</desc>`,
  );
}

/** Where ECharts put things, read back after it laid a chart out. */
export interface Probe {
  width: number;
  height: number;
  /** Pixel of a value, or of a category (its name or index), on the x or y axis. */
  pixel(axis: 'x' | 'y', value: number | string): number;
  /** The plot area (the grid's inner rectangle), found outward from a pixel inside it. */
  plot(inside: readonly [number, number]): Box;
}

/** A line or a text drawn in pixels over the chart (zrender's own shape and style properties). */
export type Mark =
  | {
      type: 'line';
      z: number;
      shape: { x1: number; y1: number; x2: number; y2: number };
      style: { stroke: string; lineWidth: number; lineDash?: 'dashed' | 'dotted' };
    }
  | {
      type: 'text';
      z: number;
      x: number;
      y: number;
      style: {
        text: string;
        fontSize: number;
        fontFamily: string;
        fill: string;
        align: 'left' | 'right';
        verticalAlign: 'middle';
      };
    };

/**
 * The second step of a chart whose labels depend on where ECharts put the axes. Given the layout so far it
 * returns the marks that finish the chart, and possibly a change of layout to make first (`relayout`: more
 * room above the plot, say), after which it is asked again. Series labels laid out by a `labelLayout`
 * callback are laid out again once it has answered, so the callback may use what the placer found.
 */
export type Placer = (probe: Probe) => { relayout?: EChartsOption; marks: Mark[] };

/** Each relayout only adds room a placement asked for, so it settles at once; this bounds a chart that would not. */
const MAX_RELAYOUTS = 3;

type Chart = ReturnType<typeof initChart>;

/** ECharts has no call for the plot's rectangle, only whether a pixel is in it: its edges are found by halving. */
function edge(contains: (at: number) => boolean, inside: number, outside: number): number {
  let [yes, no] = [inside, outside];
  for (let i = 0; i < 40; i++) {
    const middle = (yes + no) / 2;
    if (contains(middle)) yes = middle;
    else no = middle;
  }
  return Math.round(yes * 1000) / 1000;
}

function probeOf(chart: Chart, width: number, height: number): Probe {
  const grid = { gridIndex: 0 };
  return {
    width,
    height,
    pixel: (axis, value) => chart.convertToPixel(axis === 'x' ? { xAxisIndex: 0 } : { yAxisIndex: 0 }, value),
    plot: ([x, y]) => {
      if (!chart.containPixel(grid, [x, y])) throw new Error(`(${x}, ${y}) is not inside the plot`);
      return {
        left: edge((at) => chart.containPixel(grid, [at, y]), x, -1),
        right: edge((at) => chart.containPixel(grid, [at, y]), x, width + 1),
        top: edge((at) => chart.containPixel(grid, [x, at]), y, -1),
        bottom: edge((at) => chart.containPixel(grid, [x, at]), y, height + 1),
      };
    },
  };
}

/**
 * Draws `option` as an SVG string. The option's `title.text` and `aria.label.description` become the
 * SVG's accessible name and description; animation is always off and the font always one that has Chinese.
 * With `place`, the chart is finished from where ECharts laid it out (see Placer).
 */
export function renderSvg(option: EChartsOption, size?: ChartSize, place?: Placer): string {
  const { width, height } = resolveSize(size, DEFAULT_SIZE);
  if (!engine) throw new Error('the chart engine is not loaded: await loadChartEngine() before drawing');
  const chart = engine.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      backgroundColor: palette.background,
      color: [...palette.series],
      ...option,
      animation: false,
      aria: { ...option.aria, enabled: true },
      textStyle: { color: palette.text, ...option.textStyle, fontFamily: FONT_FAMILY },
    });
    for (let pass = 0; place; pass++) {
      const { relayout, marks } = place(probeOf(chart, width, height));
      if (relayout && pass < MAX_RELAYOUTS) {
        chart.setOption(relayout);
        continue;
      }
      // Added to the drawing as they are and labels laid out again, rather than through setOption, which
      // would lay out and draw the whole chart a second time (more than doubling the time a chart takes).
      chart.updateLabelLayout();
      const { Line, Text } = engine.graphic;
      for (const mark of marks) {
        const { z, style } = mark;
        chart.getZr().add(
          mark.type === 'line'
            ? new Line({ silent: true, z, shape: mark.shape, style })
            : new Text({ silent: true, z, x: mark.x, y: mark.y, style: mark.style }),
        );
      }
      break;
    }
    const { title, description } = textOf(option);
    return finishSvg(chart.renderToSVGString(), title, description);
  } finally {
    chart.dispose();
  }
}

/** A small chart that only says there is nothing to draw. */
export function emptyChart(title: string, size?: ChartSize): string {
  const { width } = resolveSize(size, DEFAULT_SIZE);
  return renderSvg(
    {
      title: titleOption(title, width),
      aria: { label: { description: `${title}：无数据。` } },
      graphic: [
        {
          type: 'text',
          left: 'center',
          top: 'middle',
          style: { text: '无数据', fontSize: 14, fontFamily: FONT_FAMILY, fill: palette.mutedText },
        },
      ],
    },
    { width, height: EMPTY_HEIGHT },
  );
}
