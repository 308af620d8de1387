// The head of the school page: who the school is, where it belongs (with the way back to its county's
// report of the same year), and the verdicts of the page in one row, each linking to its section.

import type { SchoolEntitlementT } from '../../schemas/funding.js';
import type { SchoolIndicatorsT } from '../../schemas/indicators.js';
import { num, passBadge, stageLabel, statusBadge, yuanOfFen } from '../format.js';
import { html, type Html } from '../html.js';
import { yuanToFen } from '../../rules/funding/money.js';
import { anyStageLabel, areaTypeLabel, kindLabel, ownershipLabel } from './labels.js';
import type { Outcome } from './outcome.js';
import type { SchoolProfile } from './profile.js';

interface Verdicts {
  indicators: Outcome<SchoolIndicatorsT>;
  entitlement: Outcome<SchoolEntitlementT>;
}

const fact = (label: string, value: Html | string, href: string, tone = ''): Html =>
  html`<a class="fact ${tone}" href="${href}"><span>${label}</span><strong>${value}</strong></a>`;

const toneOf = (status: string) => (status === 'met' ? 'good' : status === 'not_met' ? 'bad' : '');

function verdicts(loaded: Verdicts): Html {
  const items: Html[] = [];
  if (loaded.indicators.ok) {
    const a = loaded.indicators.value;
    for (const u of a.units) {
      items.push(fact(`B1–B7 ${stageLabel(u.stage)}单位`, passBadge(u.passes), `#unit-${u.stage}`, u.passes === true ? 'good' : u.passes === false ? 'bad' : ''));
    }
    const schoolLevel: [string, string, { status: string } | null][] = [
      ['B10 专用教室', '#B10', a.B10],
      ['B11 学校规模', '#B11', a.B11],
      ['B12 班额', '#B12', a.B12],
    ];
    for (const [label, href, r] of schoolLevel) {
      items.push(fact(label, r ? statusBadge(r.status) : html`<span class="note">不适用</span>`, href, r ? toneOf(r.status) : ''));
    }
  }
  if (loaded.entitlement.ok) items.push(fact('应拨公用经费（元）', yuanOfFen(yuanToFen(loaded.entitlement.value.totalYuan)), '#entitlement'));
  return items.length > 0 ? html`<div class="verdict">${items}</div>` : html``;
}

function studentsText(loaded: Verdicts): string {
  if (!loaded.indicators.ok) return '—';
  const parts = Object.entries(loaded.indicators.value.students).map(([stage, n]) => `${anyStageLabel(stage)} ${num(n, 0)}`);
  return parts.length > 0 ? parts.join('，') : '—';
}

export function summarySection(profile: SchoolProfile, year: number, years: readonly number[], loaded: Verdicts): Html {
  const countyReport = `/reports/counties/${profile.countyCode}/years/${year}`;
  const otherYears = years.map((y, i) =>
    html`${i > 0 ? ' · ' : ''}${y === year ? html`<strong aria-current="page">${y}</strong>` : html`<a href="/reports/schools/${profile.schoolCode}/years/${y}">${y}</a>`}`,
  );
  return html`<h1>${profile.name}</h1>
    <p class="lead">${year} 年度学校报告 · ${profile.countyName}${profile.townName ? ` ${profile.townName}` : ''}</p>
    <section class="card" id="summary">
      <dl class="facts">
        <div><dt>学校标识码</dt><dd>${profile.schoolCode}</dd></div>
        <div><dt>所属县（区）</dt><dd><a href="${countyReport}">${profile.countyName}</a></dd></div>
        <div><dt>乡镇（街道）</dt><dd>${profile.townName ?? '未填报'}</dd></div>
        <div><dt>学校类型</dt><dd>${kindLabel(profile.kind)}</dd></div>
        <div><dt>城乡类型</dt><dd>${areaTypeLabel(profile.areaType)}</dd></div>
        <div><dt>办学性质</dt><dd>${ownershipLabel(profile.ownership)}${profile.boarding ? '，寄宿制' : ''}</dd></div>
        <div><dt>学生数</dt><dd>${studentsText(loaded)}</dd></div>
      </dl>
      ${verdicts(loaded)}
      <p class="links-inline">返回 <a href="${countyReport}">${profile.countyName} ${year} 年度报告</a> ·
        <a href="/reports/counties/${profile.countyCode}/trends">${profile.countyName}指标趋势</a> ·
        本校各年度：${otherYears}</p>
    </section>`;
}
