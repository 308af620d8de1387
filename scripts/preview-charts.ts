// npx tsx scripts/preview-charts.ts [directory]
// Writes one SVG per report chart, drawn from sample figures shaped like the demo county's, into
// /tmp/chart-previews (or the directory given), to look at in a browser or convert to PNG. Prints how
// long each chart took to draw.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  amountBars,
  loadChartEngine,
  barsAgainstStandard,
  barsUnderLimit,
  sizeHistogram,
  trendLines,
} from '../src/pages/charts/index.js';

await loadChartEngine();

const SCHOOLS = [
  '蕉岭中学', '田家炳实验中学', '城东小学', '实验小学', '城西小学', '桂岭学校', '镇平中学', '长潭镇中心小学',
  '长潭中学', '三圳镇中心小学', '三圳中学', '育才实验学校', '新铺镇中心小学', '文福镇中心小学', '文福中学',
  '广福学校', '蓝坊镇中心小学', '南礤镇寄宿制学校',
];

/** Deterministic stand-in figures: the same picture on every run. */
function sample(i: number, centre: number, spread: number): number {
  return Math.round((centre + spread * Math.sin(i * 2.3 + 0.7)) * 100) / 100;
}

const charts: Record<string, () => string> = {
  'bars-against-standard': () =>
    barsAgainstStandard({
      title: 'B1 生均教学及辅助用房面积（小学）',
      unit: 'm²',
      labels: SCHOOLS.slice(0, 12),
      values: SCHOOLS.slice(0, 12).map((_, i) => (i === 5 ? null : sample(i, 4.4, 1.2))),
      standard: 4.5,
      floor: 3.83,
    }),
  'bars-against-standard-60': () => {
    const labels = Array.from({ length: 60 }, (_, i) => `${SCHOOLS[i % SCHOOLS.length]}${i >= SCHOOLS.length ? `（${Math.floor(i / SCHOOLS.length) + 1}）` : ''}`);
    return barsAgainstStandard({
      title: 'B3 生均教学仪器设备值（60 个单位）',
      unit: '元',
      labels,
      values: labels.map((_, i) => (i % 13 === 7 ? null : Math.round(sample(i, 2100, 700)))),
      standard: 2000,
      floor: 1700,
    });
  },
  'bars-against-standard-cap': () =>
    barsAgainstStandard({
      title: '班额超标比例（越低越好）',
      unit: '',
      labels: SCHOOLS.slice(0, 8),
      values: SCHOOLS.slice(0, 8).map((_, i) => sample(i, 0.06, 0.06)),
      standard: 0.05,
      floor: 0.1,
      higherIsBetter: false,
    }),
  'bars-under-limit': () =>
    barsUnderLimit({
      title: '资源配置校际差异系数',
      labels: ['生均教学及辅助用房面积', '生均体育运动场馆面积', '生均教学仪器设备值', '每百名学生拥有网络多媒体教室数',
        '每百名学生拥有高于规定学历教师数', '每百名学生拥有县级以上骨干教师数', '每百名学生拥有体育、艺术专任教师数'],
      series: [
        { name: '小学', values: [0.42, 0.38, 0.55, 0.21, 0.33, null, 0.49], limit: 0.5 },
        { name: '初中', values: [0.31, 0.47, 0.29, 0.18, 0.4, 0.44, 0.52], limit: 0.45 },
      ],
    }),
  'size-histogram': () =>
    sizeHistogram({
      title: '班额分布（2024 年）',
      series: [
        { name: '小学', sizes: Array.from({ length: 160 }, (_, i) => Math.round(sample(i, 38, 12))) },
        { name: '初中', sizes: Array.from({ length: 70 }, (_, i) => Math.round(sample(i * 3 + 1, 47, 10))) },
      ],
      lines: [
        { at: 45, label: '小学上限 45' },
        { at: 50, label: '初中上限 50' },
        { at: 56, label: '大班额 56' },
        { at: 66, label: '超大班额 66' },
      ],
    }),
  'amount-bars': () =>
    amountBars({
      title: '经费构成（2024 年）',
      unit: '元',
      items: [
        { label: '公用经费基准定额', value: 6_523_400 },
        { label: '小规模学校补足', value: 812_000 },
        { label: '寄宿生补助', value: 1_204_550.5 },
        { label: '特殊教育学校生均', value: 560_000 },
        { label: '教师培训经费', value: 326_170.02 },
      ],
    }),
  'trend-lines': () =>
    trendLines({
      title: '义务教育巩固率',
      unit: '%',
      years: [2020, 2021, 2022, 2023, 2024],
      series: [
        { name: '小学', values: [95.1, 95.8, null, 96.4, 96.9] },
        { name: '初中', values: [93.2, 94, 94.6, 95.3, 95.8] },
      ],
      target: { value: 96, label: '目标 96%' },
      deadlineYear: 2026,
    }),
  empty: () => barsAgainstStandard({ title: '没有单位的指标', unit: 'm²', labels: [], values: [], standard: 4.5 }),
};

const directory = process.argv[2] ?? '/tmp/chart-previews';
mkdirSync(directory, { recursive: true });
for (const [name, draw] of Object.entries(charts)) {
  draw(); // the first drawing of a kind also compiles ECharts' code paths for it
  const start = performance.now();
  const svg = draw();
  const ms = performance.now() - start;
  writeFileSync(join(directory, `${name}.svg`), svg);
  console.log(`${name}.svg  ${(svg.length / 1024).toFixed(1)} KiB  ${ms.toFixed(1)} ms`);
}
