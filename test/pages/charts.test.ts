import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import {
  amountBars,
  loadChartEngine,
  barsAgainstStandard,
  barsUnderLimit,
  renderSvg,
  sizeHistogram,
  trendLines,
} from '../../src/pages/charts/index.js';
import { palette } from '../../src/pages/charts/render.js';

const t = fileTest(import.meta);

await loadChartEngine();

// --- reading the SVG -------------------------------------------------------------------------------------

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

/** Every start tag, with attributes; throws on an attribute that is not name="value" (a broken quote). */
function tags(svg: string): Tag[] {
  const found: Tag[] = [];
  for (const match of svg.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const body = match[2]!.replace(/\/$/, '');
    const attrs: Record<string, string> = {};
    const rest = body.replace(/\s+([\w:-]+)="([^"<>]*)"/g, (_all, name: string, value: string) => {
      attrs[name] = value;
      return '';
    });
    if (rest.trim() !== '') throw new Error(`malformed attributes in <${match[1]}${match[2]}>`);
    found.push({ name: match[1]!, attrs });
  }
  return found;
}

/**
 * Bars: rectangles drawn as straight-edged paths ("M x y l w 0 l 0 h l -w 0 Z") in one of the given fills.
 * Legend icons have the same fills but rounded corners (arcs), so they do not count.
 */
function bars(svg: string, fills: readonly string[]): Tag[] {
  return tags(svg).filter(
    (tag) => tag.name === 'path' && fills.includes(tag.attrs.fill ?? '') && /^M[-\d. ]+(l[-\d. ]+){3}Z$/.test(tag.attrs.d ?? ''),
  );
}

/** Straight lines: horizontal ("M x y L x2 y") or upright ("M x y L x y2"), with their stroke attributes. */
function straightLines(svg: string): Tag[] {
  return tags(svg).filter((tag) => {
    const m = /^M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)$/.exec(tag.attrs.d ?? '');
    return tag.name === 'path' && m !== null && tag.attrs.fill === 'none' && (m[1] === m[3] || m[2] === m[4]);
  });
}

/** Lines through the plot with a given dash: reference lines, not grid lines (those are #e3e3e3). */
function referenceLines(svg: string, dashed: boolean): Tag[] {
  return straightLines(svg).filter(
    (tag) => tag.attrs.stroke !== palette.splitLine && tag.attrs['stroke-dasharray'] !== undefined === dashed && tag.attrs['stroke-width'] !== undefined,
  );
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

function count(list: readonly string[], value: string): number {
  return list.filter((item) => item === value).length;
}

const STATUS_FILLS = [palette.good.fill, palette.warning.fill, palette.bad.fill];

function assertSafe(t: Test, svg: string): void {
  t.ok(svg.startsWith('<svg'), 'an SVG');
  t.notMatch(svg, /<script/i, 'no script element');
  t.doesNotThrow(() => tags(svg), 'every attribute well quoted');
  const handlers = tags(svg).flatMap((tag) => Object.keys(tag.attrs).filter((name) => /^on/i.test(name)));
  t.same(handlers, [], 'no event-handler attribute');
}

// --- bars against a standard ------------------------------------------------------------------------------

const EIGHT = ['蕉岭中学', '城东小学', '实验小学', '城西小学', '桂岭学校', '镇平中学', '长潭中学', '三圳中学'];

t.test('barsAgainstStandard: one bar per value, coloured by status, standard solid and floor dashed', async (t) => {
  const values = [1.2, 0.9, 0.7, null, 0.95, 1.05, 0, 0.84];
  const svg = barsAgainstStandard({ title: 'B1 生均面积', unit: 'm²', labels: EIGHT, values, standard: 0.95, floor: 0.8075 });
  assertSafe(t, svg);
  t.equal(bars(svg, STATUS_FILLS).length, 7, 'seven values, seven bars (0 is a bar of no height)');
  t.equal(bars(svg, [palette.good.fill]).length, 3, '1.20, 0.95 (at the standard), 1.05');
  t.equal(bars(svg, [palette.warning.fill]).length, 2, '0.90, 0.84');
  t.equal(bars(svg, [palette.bad.fill]).length, 2, '0.70 and 0');
  t.equal(referenceLines(svg, false).length, 1, 'the standard: one solid line');
  t.equal(referenceLines(svg, true).length, 1, 'the floor: one dashed line');
  const labels = texts(svg);
  t.ok(labels.includes('标准 0.95') && labels.includes('底线 0.8075'), 'both lines labelled, exactly as given');
  t.equal(count(labels, '—'), 1, 'the missing value says so');
  for (const value of ['1.20', '0.90', '0.70', '0.95', '1.05', '0.00', '0.84']) t.ok(labels.includes(value), `label ${value}`);
  for (const name of ['达标', '未达标，在底线以内', '低于底线']) t.ok(labels.includes(name), `legend ${name}`);
});

t.test('barsAgainstStandard: higherIsBetter false turns the colours round; no floor, no dashed line', async (t) => {
  const cap = barsAgainstStandard({
    title: '超额比例',
    unit: '',
    labels: ['甲', '乙', '丙', '丁'],
    values: [0.03, 0.05, 0.07, 0.12],
    standard: 0.05,
    floor: 0.1,
    higherIsBetter: false,
  });
  t.equal(bars(cap, [palette.good.fill]).length, 2, 'under or at the cap');
  t.equal(bars(cap, [palette.warning.fill]).length, 1, 'over the cap, within the tolerance');
  t.equal(bars(cap, [palette.bad.fill]).length, 1, 'beyond the tolerance');
  t.ok(texts(cap).includes('超出底线'));

  const noFloor = barsAgainstStandard({ title: '达标率', unit: '%', labels: ['甲', '乙'], values: [96, 90], standard: 95 });
  t.equal(bars(noFloor, [palette.good.fill]).length, 1);
  t.equal(bars(noFloor, [palette.bad.fill]).length, 1, 'below the standard without a floor is plainly not met');
  t.equal(bars(noFloor, [palette.warning.fill]).length, 0);
  t.equal(referenceLines(noFloor, true).length, 0, 'no floor line');
  t.equal(referenceLines(noFloor, false).length, 1);
  t.ok(texts(noFloor).includes('96') && texts(noFloor).includes('标准 95'), 'whole numbers print without decimals');
});

t.test('barsAgainstStandard: bad input is refused', async (t) => {
  const base = { title: 'x', unit: 'm²', labels: ['甲', '乙'], values: [1, 2], standard: 1 };
  t.throws(() => barsAgainstStandard({ ...base, values: [1] }), RangeError, 'one value short');
  t.throws(() => barsAgainstStandard({ ...base, values: [1, Number.NaN] }), RangeError, 'NaN');
  t.throws(() => barsAgainstStandard({ ...base, standard: Number.POSITIVE_INFINITY }), RangeError);
  t.throws(() => barsAgainstStandard({ ...base, floor: 1.2 }), RangeError, 'floor above the standard');
  t.throws(() => barsAgainstStandard({ ...base, floor: 0.8, higherIsBetter: false }), RangeError, 'cap: floor below');
  t.throws(() => barsAgainstStandard(base, { width: 0 }), RangeError, 'no width');
});

t.test('barsAgainstStandard: all values missing still draws the axes and a dash per unit', async (t) => {
  const svg = barsAgainstStandard({ title: '未填报', unit: 'm²', labels: ['甲', '乙', '丙'], values: [null, null, null], standard: 4.5 });
  assertSafe(t, svg);
  t.equal(bars(svg, STATUS_FILLS).length, 0);
  t.equal(count(texts(svg), '—'), 3);
  t.match(svg, /无数据 3 个/, 'the description counts them');
});

t.test('labels and titles are escaped', async (t) => {
  const hostile = ['<script>alert(1)</script>', `"&'`, '<img src=x onerror=alert(1)>'];
  const title = '<script>alert("t")</script>&';
  const svgs = [
    barsAgainstStandard({ title, unit: '<b>', labels: hostile, values: [1, 2, null], standard: 1.5 }),
    barsUnderLimit({ title, labels: hostile, series: [{ name: '<i>', values: [0.1, 0.2, 0.3], limit: 0.25 }] }),
    sizeHistogram({ title, series: [{ name: '"&\'', sizes: [30, 31] }], lines: [{ at: 45, label: '<script>' }] }),
    amountBars({ title, unit: '&', items: hostile.map((label, i) => ({ label, value: i * 1000 })) }),
    trendLines({ title, years: [2023, 2024], series: [{ name: '<svg onload=alert(1)>', values: [1, 2] }], target: { value: 2, label: `"&'` } }),
  ];
  for (const svg of svgs) {
    assertSafe(t, svg);
    t.match(svg, /&lt;script&gt;/, 'angle brackets escaped');
    t.notMatch(svg, /<(img|b|i)\b/, 'no markup from input');
  }
  t.ok(texts(svgs[0]!).includes('&quot;&amp;&#39;'), 'quotes and ampersand escaped in a label');
  t.match(svgs[0]!, /aria-label="&lt;script&gt;alert\(&quot;t&quot;\)&lt;\/script&gt;&amp;"/, 'and in the accessible name');
  t.match(svgs[0]!, /<title>&lt;script&gt;alert\(&quot;t&quot;\)&lt;\/script&gt;&amp;<\/title>/);
});

t.test('accessible: role, name and a description with the figures', async (t) => {
  const svg = barsAgainstStandard({ title: 'B2 生师比', unit: '人', labels: ['甲校', '乙校'], values: [4.4, null], standard: 4.2, floor: 3.57 });
  const root = tags(svg)[0]!;
  t.equal(root.name, 'svg');
  t.equal(root.attrs.role, 'img');
  t.equal(root.attrs['aria-label'], 'B2 生师比');
  const desc = /<desc>([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
  t.match(desc, /甲校 4\.40（达标）/);
  t.match(desc, /乙校 —（无数据）/);
  t.match(desc, /标准 4\.2，底线 3\.57/, 'bounds as given, values to two places');
});

t.test('the same input gives the same SVG; different charts get different ids', async (t) => {
  const input = { title: '巩固率', unit: '%', years: [2022, 2023, 2024], series: [{ name: '小学', values: [95, null, 97] }], target: { value: 96, label: '目标 96%' } };
  const first = trendLines(input);
  barsAgainstStandard({ title: 'between', unit: '', labels: ['a'], values: [1], standard: 1 });
  const second = trendLines(input);
  t.equal(second, first, 'byte for byte');
  t.notMatch(first, /zr\d+-/, 'no per-instance ids left');
  t.notMatch(first, /<style|class=|ecmeta_/, 'no hover styles or hydration attributes');
  const ids = (svg: string) => tags(svg).flatMap((tag) => (tag.attrs.id ? [tag.attrs.id] : []));
  const other = trendLines({ ...input, title: '另一张' });
  t.ok(ids(first).length > 0, 'line charts clip their lines');
  t.same(
    ids(first).filter((id) => ids(other).includes(id)),
    [],
    'two charts inlined in one page do not share an id',
  );
  for (const tag of tags(first)) {
    for (const value of Object.values(tag.attrs)) {
      const ref = /url\(#([^)]+)\)/.exec(value);
      if (ref) t.ok(ids(first).includes(ref[1]!), `reference ${ref[1]} resolves`);
    }
  }
});

t.test('60 labels: lying bars in a taller chart, every unit labelled, size kept in bounds', async (t) => {
  const labels = Array.from({ length: 60 }, (_, i) => `第${i + 1}学校`);
  const values = labels.map((_, i) => (i % 10 === 0 ? null : 3 + (i % 7) * 0.3));
  const svg = barsAgainstStandard({ title: '六十个单位', unit: '人', labels, values, standard: 4.2, floor: 3.57 });
  assertSafe(t, svg);
  const root = tags(svg)[0]!;
  t.ok(Number(root.attrs.height) > 1000, `grew to ${root.attrs.height} px`);
  t.equal(bars(svg, STATUS_FILLS).length, 54);
  const drawn = texts(svg);
  for (const label of labels) t.ok(drawn.includes(label), `${label} labelled`);
  t.ok(svg.length < 80_000, `${svg.length} bytes`);
  const longNames = barsAgainstStandard({
    title: '长名称',
    unit: '人',
    labels: labels.map((l) => `${l}这是一个非常非常长的单位名称用来检验截断`),
    values,
    standard: 4.2,
  });
  t.ok(texts(longNames).some((text) => text.endsWith('…')), 'names beyond two lines are cut with an ellipsis');
});

t.test('labels that do not fit under their bars are wrapped or slanted, never dropped', async (t) => {
  const slanted = barsAgainstStandard({
    title: '十八所学校',
    unit: 'm²',
    labels: Array.from({ length: 18 }, (_, i) => `镇中心小学${i + 1}`),
    values: Array.from({ length: 18 }, () => 5),
    standard: 4.5,
  });
  t.equal(texts(slanted).filter((text) => text.startsWith('镇中心小学')).length, 18);
  t.match(slanted, /matrix\(0\.707,-0\.707/, 'slanted at 45°');
  const names = ['生均教学及辅助用房面积', '生均体育运动场馆面积', '生均教学仪器设备值', '每百名学生拥有计算机台数'];
  const long = [...names, ...names].map((name, i) => `${name}${i}`);
  const wrapped = barsAgainstStandard({ title: '八项', unit: 'm²', labels: long, values: long.map(() => 1), standard: 2 });
  const drawn = texts(wrapped);
  for (const label of long) {
    t.notOk(drawn.includes(label), `${label} is not on one line`);
    t.ok(drawn.join('').includes(label), `${label} is there whole, line after line`);
  }
});

// --- bars under a limit -----------------------------------------------------------------------------------

t.test('barsUnderLimit: grouped bars, a limit line per series, over-limit bars marked', async (t) => {
  const svg = barsUnderLimit({
    title: '差异系数',
    labels: ['B1', 'B2', 'B3', 'B4'],
    series: [
      { name: '小学', values: [0.42, 0.55, null, 0.21], limit: 0.5 },
      { name: '初中', values: [0.31, 0.47, 0.29, 0.18], limit: 0.45 },
    ],
  });
  assertSafe(t, svg);
  t.equal(bars(svg, [palette.series[0]]).length, 3, '小学: three values');
  t.equal(bars(svg, [palette.series[1]]).length, 4, '初中: four values');
  const outlinedRed = bars(svg, [palette.series[0], palette.series[1]]).filter((bar) => bar.attrs.stroke === palette.bad.fill);
  t.equal(outlinedRed.length, 2, '0.55 over 0.50 and 0.47 over 0.45');
  const labels = texts(svg);
  t.ok(labels.includes('小学 上限 0.5') && labels.includes('初中 上限 0.45'), 'limits exactly as given');
  t.equal(referenceLines(svg, false).length + referenceLines(svg, true).length, 2, 'two limit lines');
  t.equal(count(labels, '—'), 1);

  const shared = barsUnderLimit({
    title: '同一上限',
    labels: ['B1'],
    series: [
      { name: '小学', values: [0.3], limit: 0.5 },
      { name: '初中', values: [0.4], limit: 0.5 },
    ],
  });
  t.ok(texts(shared).includes('小学、初中 上限 0.5'), 'one line for a shared limit');
  t.equal(referenceLines(shared, false).length + referenceLines(shared, true).length, 1);
  t.throws(() => barsUnderLimit({ title: 'x', labels: ['a'], series: [{ name: 's', values: [1, 2], limit: 1 }] }), RangeError);
});

// --- class size histogram ---------------------------------------------------------------------------------

t.test('sizeHistogram: one bar per size per series, an upright line per mark', async (t) => {
  const svg = sizeHistogram({
    title: '班额分布',
    series: [
      { name: '小学', sizes: [30, 30, 31, 45, 46, 46, 57] },
      { name: '初中', sizes: [48, 50, 50, 66] },
    ],
    lines: [
      { at: 45, label: '小学上限 45' },
      { at: 50, label: '初中上限 50' },
      { at: 56, label: '大班额 56' },
    ],
  });
  assertSafe(t, svg);
  t.equal(bars(svg, [palette.series[0]]).length, 5, 'sizes 30, 31, 45, 46, 57');
  t.equal(bars(svg, [palette.series[1]]).length, 3, 'sizes 48, 50, 66');
  const upright = referenceLines(svg, true).filter((line) => /^M([-\d.]+) [-\d.]+L\1 /.test(line.attrs.d!));
  t.equal(upright.length, 3, 'three dashed upright lines');
  for (const label of ['小学上限 45', '初中上限 50', '大班额 56']) t.ok(texts(svg).includes(label), label);
  t.match(svg, /30 人 2 个/, 'the description gives the distribution');
  t.throws(() => sizeHistogram({ title: 'x', series: [{ name: 's', sizes: [30.5] }], lines: [] }), RangeError);
  t.throws(() => sizeHistogram({ title: 'x', series: [{ name: 's', sizes: [-1] }], lines: [] }), RangeError);
});

// --- amounts ----------------------------------------------------------------------------------------------

t.test('amountBars: one lying bar per item, amounts with thousands separators', async (t) => {
  const svg = amountBars({
    title: '经费构成',
    unit: '元',
    items: [
      { label: '公用经费', value: 6_523_400 },
      { label: '寄宿生补助', value: 1_204_550.5 },
      { label: '教师培训', value: 326_170 },
    ],
  });
  assertSafe(t, svg);
  t.equal(bars(svg, [palette.series[0]]).length, 3);
  const labels = texts(svg);
  t.ok(labels.includes('6,523,400.00 元'), 'with fen somewhere, every amount shows two places');
  t.ok(labels.includes('1,204,550.50 元'));
  t.ok(labels.includes('万元'), 'large axes count in 万');
  const whole = amountBars({ title: '整数', unit: '元', items: [{ label: 'a', value: 12_000 }, { label: 'b', value: -3_000 }] });
  t.ok(texts(whole).includes('12,000 元') && texts(whole).includes('-3,000 元'), 'whole yuan, a deduction signed');
  t.ok(texts(whole).includes('元'), 'small axes count in yuan');
});

// --- trends -----------------------------------------------------------------------------------------------

t.test('trendLines: a line per series, target and deadline marked, missing years left as gaps', async (t) => {
  const svg = trendLines({
    title: '巩固率',
    unit: '%',
    years: [2022, 2023, 2024],
    series: [
      { name: '小学', values: [95.1, null, 96.9] },
      { name: '初中', values: [93.2, 94, 95.3] },
    ],
    target: { value: 96, label: '目标 96%' },
    deadlineYear: 2026,
  });
  assertSafe(t, svg);
  const labels = texts(svg);
  for (const year of ['2022', '2023', '2024', '2025', '2026']) t.ok(labels.includes(year), `year ${year} on the axis`);
  t.ok(labels.includes('目标 96%') && labels.includes('期限 2026'));
  const line = (colour: string) => tags(svg).find((tag) => tag.name === 'path' && tag.attrs.stroke === colour && tag.attrs.fill === 'none');
  t.equal(line(palette.series[0])?.attrs.d?.match(/M/g)?.length, 2, '小学 has a gap for 2023');
  t.equal(line(palette.series[1])?.attrs.d?.match(/M/g)?.length, 1, '初中 is one line');
  t.ok(line(palette.series[1])?.attrs['stroke-dasharray'], 'the second series is dashed');
  t.equal(referenceLines(svg, false).length, 1, 'the target: solid');
  t.throws(() => trendLines({ title: 'x', years: [2024, 2024], series: [] }), RangeError, 'repeated year');
  t.throws(() => trendLines({ title: 'x', years: [2024.5], series: [] }), RangeError);
});

// --- empty input and the shared renderer ------------------------------------------------------------------

t.test('empty input gives a small chart that says 无数据', async (t) => {
  const svgs = [
    barsAgainstStandard({ title: '空', unit: 'm²', labels: [], values: [], standard: 1 }),
    barsUnderLimit({ title: '空', labels: [], series: [] }),
    barsUnderLimit({ title: '空', labels: ['a'], series: [] }),
    sizeHistogram({ title: '空', series: [{ name: '小学', sizes: [] }], lines: [{ at: 45, label: '上限' }] }),
    amountBars({ title: '空', unit: '元', items: [] }),
    trendLines({ title: '空', years: [], series: [] }),
  ];
  for (const svg of svgs) {
    assertSafe(t, svg);
    t.ok(texts(svg).includes('无数据'));
    t.equal(tags(svg)[0]!.attrs.height, '120');
  }
});

t.test('renderSvg: size as asked, the option title and description become the accessible text', async (t) => {
  const svg = renderSvg(
    {
      title: { text: '直接调用' },
      aria: { label: { description: '说明文字' } },
      xAxis: { type: 'category', data: ['a'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: [1] }],
    },
    { width: 400, height: 200 },
  );
  const root = tags(svg)[0]!;
  t.equal(root.attrs.width, '400');
  t.equal(root.attrs.height, '200');
  t.match(svg, /<desc>说明文字<\/desc>/);
  t.match(svg, /font-family:'Noto Sans CJK SC'/, 'a font with Chinese');
});

t.test('a title too long for the chart is drawn cut; the accessible name keeps all of it', async (t) => {
  const title = '县域义务教育优质均衡发展资源配置指标'.repeat(4);
  const svg = trendLines({ title, years: [2023, 2024], series: [{ name: '小学', values: [1, 2] }] }, { width: 400 });
  t.ok(svg.includes(`<title>${title}</title>`));
  t.ok(texts(svg).some((text) => text.endsWith('…') && title.startsWith(text.slice(0, -1))), 'drawn cut with an ellipsis');
  t.notOk(texts(svg).includes(title));
});

t.test('trend lines: seven series (B1–B7) are seven colours', async (t) => {
  const ids = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'];
  const svg = trendLines({ title: 'cv', years: [2023, 2024], series: ids.map((name, i) => ({ name, values: [0.1 * (i + 1), 0.1 * (i + 2)] })) });
  const strokes = new Set([...svg.matchAll(/stroke="(#[0-9a-fA-F]{6})"/g)].map((m) => (m[1] ?? '').toLowerCase()));
  const lineColours = [...strokes].filter((c) => (palette.series as readonly string[]).includes(c));
  t.equal(lineColours.length, 7, `seven line colours (${lineColours.join(' ')})`);
});
