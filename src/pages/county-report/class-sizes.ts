// Section 6: B12 class sizes: a histogram of every compulsory class B12 looks at, with lines at the stage
// limits and at 大班额 / 超大班额 (all taken from the class-sizes answer, which states the policy's), the same
// counts in bands as a table, and the list of classes above their limit.

import { COMPULSORY_STAGES } from '../../rules/vocabulary.js';
import type { ClassSizesT } from '../../schemas/indicators.js';
import { sizeHistogram } from '../charts/index.js';
import { num, passBadge, stageLabel } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import type { CompulsoryClass, CountyReportData } from './data.js';
import { card, sectionOf, unavailable } from './outcome.js';
import { schoolLink } from './unit-names.js';
import { missingWords } from '../missing-words.js';

interface SizeBand {
  label: string;
  /** Inclusive bounds; null = open. */
  from: number | null;
  to: number | null;
}

/** Bands cut at each line of the chart: ≤ 45, 46–50, 51–55, 56–65, ≥ 66 with the default limits. */
function sizeBands(limits: ClassSizesT['limits']): SizeBand[] {
  const cuts = [...new Set([limits.primary, limits.junior, limits.largeMin - 1, limits.superLargeMin - 1])].sort((a, b) => a - b);
  const bands: SizeBand[] = [];
  let from: number | null = null;
  for (const cut of cuts) {
    bands.push({ label: from === null ? `≤ ${cut}` : from === cut ? `${cut}` : `${from}–${cut}`, from, to: cut });
    from = cut + 1;
  }
  bands.push({ label: `≥ ${from}`, from, to: null });
  return bands;
}

const inBand = (b: SizeBand, n: number): boolean => (b.from === null || n >= b.from) && (b.to === null || n <= b.to);

function histogram(cs: ClassSizesT, classes: readonly CompulsoryClass[]): Html {
  const l = cs.limits;
  const bands = sizeBands(l);
  const byStage = COMPULSORY_STAGES.map((stage) => ({ stage, sizes: classes.filter((c) => c.stage === stage).map((c) => c.students) }));
  const svg = sizeHistogram({
    title: 'B12 班额分布（义务教育阶段各班学生数）',
    series: byStage.map((s) => ({ name: stageLabel(s.stage), sizes: s.sizes })),
    lines: [
      { at: l.primary, label: `小学上限 ${l.primary}` },
      { at: l.junior, label: `初中上限 ${l.junior}` },
      { at: l.largeMin, label: `大班额 ${l.largeMin}` },
      { at: l.superLargeMin, label: `超大班额 ${l.superLargeMin}` },
    ],
  });
  return html`<figure class="chart" id="chart-class-sizes">${trusted(svg)}
<figcaption>每个班一个计数；竖线为小学上限 ${l.primary} 人、初中上限 ${l.junior} 人、大班额 ${l.largeMin} 人、超大班额 ${l.superLargeMin} 人。分段计数见下表。</figcaption></figure>
<div class="table-wrap"><table id="class-size-bands"><caption>各学段班级数，按班额分段</caption>
<thead><tr><th scope="col">班额（人）</th>${byStage.map((s) => html`<th scope="col" class="num">${stageLabel(s.stage)}</th>`)}<th scope="col" class="num">合计</th></tr></thead>
<tbody>${bands.map((b) => {
    const counts = byStage.map((s) => s.sizes.filter((n) => inBand(b, n)).length);
    return html`<tr><th scope="row">${b.label}</th>${counts.map((c) => html`<td class="num">${c}</td>`)}<td class="num">${counts.reduce((x, y) => x + y, 0)}</td></tr>`;
  })}
<tr class="total"><th scope="row">合计</th>${byStage.map((s) => html`<td class="num">${s.sizes.length}</td>`)}<td class="num" id="classes-total">${classes.length}</td></tr>
</tbody></table></div>`;
}

function violations(cs: ClassSizesT, year: number): Html {
  if (cs.violations.length === 0) return html`<p>没有超过上限的班级。</p>`;
  return html`<div class="table-wrap"><table id="class-violations"><caption>超过班额上限的班级（${cs.violations.length} 个）</caption>
<thead><tr><th scope="col">学校</th><th scope="col">班级</th><th scope="col">学段</th><th scope="col" class="num">学生数</th><th scope="col" class="num">上限</th><th scope="col" class="num">超出</th><th scope="col">类别</th></tr></thead>
<tbody>${cs.violations.map(
    (v) => html`<tr><td>${schoolLink(v.schoolCode, v.schoolName, year)}</td><td>${v.classCode}</td><td>${stageLabel(v.stage)}</td>
<td class="num">${v.students}</td><td class="num">${v.limit}</td><td class="num">${v.students - v.limit}</td>
<td>${v.superLarge ? html`<span class="status fail">超大班额</span>` : v.large ? html`<span class="status warn">大班额</span>` : '超过上限'}</td></tr>`,
  )}</tbody></table></div>`;
}

function body(cs: ClassSizesT, d: CountyReportData): Html {
  const exempt = new Set<string>(cs.limits.exemptKinds);
  const looked = d.classes.ok ? d.classes.value.filter((c) => !exempt.has(c.kind)) : null;
  return html`<div class="verdict">
<div class="fact${cs.met === false ? ' bad' : cs.met === true ? ' good' : ''}">B12 班额 <strong>${num(cs.overLimit, 0)} 个班超上限</strong>${passBadge(cs.met)}</div>
<div class="fact">义务教育班级 <strong>${num(cs.classes, 0)}</strong></div>
<div class="fact">大班额（≥ ${cs.limits.largeMin} 人）<strong>${num(cs.large, 0)}</strong><span class="note">占 ${num(cs.largeShare * 100, 2)}%</span></div>
<div class="fact">超大班额（≥ ${cs.limits.superLargeMin} 人）<strong>${num(cs.superLarge, 0)}</strong><span class="note">占 ${num(cs.superLargeShare * 100, 2)}%</span></div>
</div>
${cs.missing.length > 0 ? html`<p class="note">缺少：${cs.missing.map((m) => missingWords(m)).join('、')}</p>` : null}
${looked ? histogram(cs, looked) : d.classes.ok ? null : unavailable('班额分布', d.classes.error)}
${violations(cs, d.year)}`;
}

export const classSizeSection = (d: CountyReportData): Html =>
  card({ id: 'class-sizes', title: 'B12 班额', long: true }, sectionOf(d.classSizes, '班额情况', (cs) => body(cs, d)));
