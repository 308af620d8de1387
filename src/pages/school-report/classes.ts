// B12: every class of the school-year with its size, grade by grade; the classes over their stage's limit
// (as the indicator answer lists them) are marked, with 大班额 and 超大班额 named. A histogram shows the
// spread of sizes against the limits; the grade rows below it are its numbers.

import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import type { SchoolIndicatorsT } from '../../schemas/indicators.js';
import { sizeHistogram } from '../charts/index.js';
import { num, percent, stageLabel, statusBadge } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import { indicatorName } from '../trends/indicator-names.js';
import { anyStageLabel } from './labels.js';

export interface ClassRow {
  classCode: string;
  stage: string;
  grade?: number | undefined;
  students: number;
}

type Violation = NonNullable<SchoolIndicatorsT['B12']>['violations'][number];
type ClassLimits = IndicatorParams['classSize'];

const STAGE_ORDER = ['preschool', 'primary', 'junior', 'senior'];
const byClassCode = new Intl.Collator('zh-CN', { numeric: true });

const GRADE_NAMES: Record<string, (g: number) => string> = {
  preschool: (g) => ['小班', '中班', '大班'][g - 1] ?? `${g} 年级`,
  primary: (g) => `${g} 年级`,
  junior: (g) => ['七年级', '八年级', '九年级'][g - 7] ?? `${g} 年级`,
  senior: (g) => ['高一', '高二', '高三'][g - 10] ?? `${g} 年级`,
};
const gradeName = (stage: string, grade: number | undefined) =>
  grade === undefined ? '未填年级' : (GRADE_NAMES[stage]?.(grade) ?? `${grade} 年级`);

function classChip(c: ClassRow, violation: Violation | undefined): Html {
  if (!violation) return html`<li class="class-size"><span class="code">${c.classCode}</span> ${num(c.students, 0)}</li>`;
  const kind = violation.superLarge ? '超大班额' : violation.large ? '大班额' : `超 ${violation.students - violation.limit} 人`;
  const level = violation.superLarge ? 'super' : violation.large ? 'large' : 'over';
  return html`<li class="class-size ${level}"><span class="code">${c.classCode}</span> <strong>${num(c.students, 0)}</strong> <span class="mark">${kind}</span></li>`;
}

interface GradeGroup {
  stage: string;
  grade: number | undefined;
  classes: ClassRow[];
}

function groups(classes: readonly ClassRow[]): GradeGroup[] {
  const sorted = [...classes].sort(
    (a, b) =>
      STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
      (a.grade ?? 99) - (b.grade ?? 99) ||
      byClassCode.compare(a.classCode, b.classCode),
  );
  const out: GradeGroup[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last.stage === c.stage && last.grade === c.grade) last.classes.push(c);
    else out.push({ stage: c.stage, grade: c.grade, classes: [c] });
  }
  return out;
}

function limitOf(stage: string, limits: ClassLimits | null): number | null {
  if (!limits) return null;
  return stage === 'primary' ? limits.max.primary : stage === 'junior' ? limits.max.junior : null;
}

function histogram(classes: readonly ClassRow[], limits: ClassLimits | null): Html | null {
  const compulsory = ['primary', 'junior'].filter((s) => classes.some((c) => c.stage === s));
  if (compulsory.length === 0) return null;
  const lines = limits
    ? [
        ...compulsory.map((s) => ({ at: limitOf(s, limits) ?? 0, label: `${stageLabel(s)} ${limitOf(s, limits)}` })),
        { at: limits.largeMin, label: `大班额 ${limits.largeMin}` },
        { at: limits.superLargeMin, label: `超大班额 ${limits.superLargeMin}` },
      ]
    : [];
  const svg = sizeHistogram(
    {
      title: '各班学生数分布',
      series: compulsory.map((s) => ({ name: stageLabel(s), sizes: classes.filter((c) => c.stage === s).map((c) => c.students) })),
      lines,
    },
    { width: 720, height: 280 },
  );
  return html`<figure class="chart">${trusted(svg)}<figcaption>横轴为每班学生数，竖线为标准班额与大班额、超大班额的界线；每个班的人数见下表。</figcaption></figure>`;
}

export function classesSection(answer: SchoolIndicatorsT, classes: readonly ClassRow[], limits: ClassLimits | null): Html {
  const b12 = answer.B12;
  const violations = new Map((b12?.violations ?? []).map((v) => [`${v.stage}/${v.classCode}`, v]));
  const status = b12 ? statusBadge(b12.status) : null;
  const summary = b12
    ? html`<div class="verdict">
        <div class="fact"><span>义务教育班级</span><strong>${num(b12.classes, 0)}</strong></div>
        <div class="fact ${b12.overLimit > 0 ? 'bad' : 'good'}"><span>超过标准班额</span><strong>${num(b12.overLimit, 0)}</strong></div>
        <div class="fact"><span>大班额（≥ ${limits?.largeMin ?? '—'} 人）</span><strong>${num(b12.large, 0)}</strong><span class="note">${percent(b12.largeShare)}</span></div>
        <div class="fact"><span>超大班额（≥ ${limits?.superLargeMin ?? '—'} 人）</span><strong>${num(b12.superLarge, 0)}</strong><span class="note">${percent(b12.superLargeShare)}</span></div>
      </div>`
    : html`<p>本校不参加 B12 评估。<span class="note">${answer.notes.filter((n) => n.startsWith('B12:')).join('；')}</span></p>`;
  const rows = groups(classes).map((g) => {
    const limit = b12 ? limitOf(g.stage, limits) : null;
    const over = g.classes.filter((c) => violations.has(`${c.stage}/${c.classCode}`)).length;
    return html`<tr>
      <th scope="row">${anyStageLabel(g.stage)} ${gradeName(g.stage, g.grade)}</th>
      <td class="num">${g.classes.length}</td>
      <td class="num">${limit === null ? '—' : limit}</td>
      <td class="num">${b12 && limit !== null ? over : '—'}</td>
      <td><ul class="class-sizes">${g.classes.map((c) => classChip(c, violations.get(`${c.stage}/${c.classCode}`)))}</ul></td>
    </tr>`;
  });
  const limitsNote = limits && b12
    ? `标准班额：小学 ${limits.max.primary} 人、初中 ${limits.max.junior} 人；${limits.largeMin} 人及以上为大班额，${limits.superLargeMin} 人及以上为超大班额。学前和高中班级只列出，不计入 B12。`
    : '';
  return html`<section class="card long" id="B12"><h2>${indicatorName('B12')} ${status}</h2>
    ${summary}
    ${b12 ? histogram(classes, limits) : null}
    <div class="table-wrap"><table class="classes">
      <caption class="visually-hidden">各班学生数（班级编号与人数），超标准班额的班级已标出</caption>
      <thead><tr><th scope="col">年级</th><th class="num" scope="col">班数</th><th class="num" scope="col">标准班额</th><th class="num" scope="col">超标准</th><th scope="col">各班学生数（班级编号 人数）</th></tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
    <p class="note">${limitsNote}共 ${classes.length} 个班。</p>
  </section>`;
}
