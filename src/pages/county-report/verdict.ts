// Section 2: the overall B1–B7 resource allocation verdict per stage and for the county, and how many of
// B1–B31 are met, not met or not assessable (all from the scorecard; the stage sentences from the allocation).

import type { ResourceAllocationT, ScorecardT, StageAllocationT } from '../../schemas/indicators.js';
import { stageLabel, statusBadge } from '../format.js';
import { html, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { card, sectionOf, answerOf } from './outcome.js';

const verdictWord = (passes: boolean | null): string => (passes === true ? '达标' : passes === false ? '未达标' : '无法判定');
const factClass = (passes: boolean | null): string => (passes === true ? 'fact good' : passes === false ? 'fact bad' : 'fact');

function stageSentence(s: StageAllocationT): string {
  const cvs = Object.values(s.dispersion);
  const cvMet = cvs.filter((d) => d.met === true).length;
  return `${s.unitsAssessed} 个参评单位中 ${s.schoolsPassing} 个达标；${cvs.length} 项校际差异系数中 ${cvMet} 项不超过上限`;
}

function stageFact(stage: 'primary' | 'junior', passes: boolean | null, allocation: ResourceAllocationT | undefined): Html {
  const detail = allocation?.stages[stage];
  return html`<div class="${factClass(passes)}" data-stage="${stage}" data-passes="${String(passes)}">${stageLabel(stage)}资源配置<strong>${verdictWord(passes)}</strong>
${detail ? html`<span class="note">${stageSentence(detail)}</span>` : null}</div>`;
}

function body(card: ScorecardT, allocation: ResourceAllocationT | undefined): Html {
  const ra = card.resourceAllocation;
  const s = card.summary;
  const total = s.met + s.notMet + s.notAssessable;
  return html`<div class="verdict">
<div class="${factClass(ra.passes)}" data-verdict="county" data-passes="${String(ra.passes)}">全县资源配置（B1–B7）<strong>${verdictWord(ra.passes)}</strong></div>
${stageFact('primary', ra.primary, allocation)}
${stageFact('junior', ra.junior, allocation)}
</div>
<p class="note">资源配置达标：每个参评评估单位 B1–B7 至少 6 项达到标准、其余不低于标准的 85%，且每项校际差异系数不超过上限（小学、初中分别判定）。</p>
<h3>B1–B31 指标达标情况（共 ${total} 项）</h3>
<div class="verdict counts">
<div class="fact good" data-count="met">${statusBadge('met')}<strong>${s.met}</strong>项达标</div>
<div class="fact bad" data-count="not_met">${statusBadge('not_met')}<strong>${s.notMet}</strong>项未达标</div>
<div class="fact" data-count="not_assessable">${statusBadge('not_assessable')}<strong>${s.notAssessable}</strong>项无法评估（缺少数据）</div>
</div>`;
}

export const verdictSection = (d: CountyReportData): Html =>
  card({ id: 'verdict', title: '评估结论' }, sectionOf(d.scorecard, '评估结论', (c) => body(c, answerOf(d.allocation))));
