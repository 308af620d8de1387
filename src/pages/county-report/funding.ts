// Section 7: the county's public-funding entitlement by component (the county entitlements' totals), as bars
// and as a table whose total row is the entitlements' total. Amounts are handled as integer fen, converted
// from the answer's yuan exactly, and shown as yuan.

import type { CountyEntitlementsT } from '../../schemas/funding.js';
import { yuanToFen } from '../../services/money.js';
import { amountBars } from '../charts/index.js';
import { num, yuanOfFen } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import type { CountyReportData } from './data.js';
import { FUNDING_COMPONENT_LABELS, label } from './labels.js';
import { card, sectionOf } from './outcome.js';

function body(f: CountyEntitlementsT): Html {
  const rows = f.totals.byComponent.map((c) => ({ ...c, label: label(FUNDING_COMPONENT_LABELS, c.component), fen: yuanToFen(c.amountYuan) }));
  const totalFen = yuanToFen(f.totals.totalYuan);
  const svg = amountBars({
    title: `${f.year} 年度公用经费应拨额（按项目）`,
    unit: '元',
    items: rows.map((r) => ({ label: r.label, value: r.fen / 100 })),
  });
  return html`<div class="verdict"><div class="fact">应拨公用经费合计 <strong data-total-fen="${totalFen}">${yuanOfFen(totalFen)} 元</strong><span class="note">${num(f.totals.schools, 0)} 所学校</span></div>
<div class="fact">其中教师培训经费最低额（B26）<strong>${yuanOfFen(yuanToFen(f.totals.trainingMinimumYuan))} 元</strong></div></div>
<figure class="chart" id="chart-funding">${trusted(svg)}<figcaption>按经费项目汇总的全县应拨额（元）；数值见下表。</figcaption></figure>
<div class="table-wrap"><table id="funding-table"><thead><tr><th scope="col">项目</th><th scope="col" class="num">学校数</th><th scope="col" class="num">计算人数</th><th scope="col" class="num">金额（元）</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr data-component="${r.component}"><th scope="row">${r.label}</th><td class="num">${num(r.schools, 0)}</td><td class="num">${num(r.quantity, 0)}</td><td class="num">${yuanOfFen(r.fen)}</td></tr>`,
  )}
<tr class="total"><th scope="row">合计</th><td class="num">${num(f.totals.schools, 0)}</td><td></td><td class="num" id="funding-total">${yuanOfFen(totalFen)}</td></tr>
</tbody></table></div>
<p class="note">政策：${f.policyId}。各校各项目的数量、单价和政策条款见 API <code>/v1/counties/${f.countyCode}/years/${f.year}/entitlements</code>。${
    f.withoutClasses.length > 0 ? `有学年记录但没有班级、未计入的学校：${f.withoutClasses.join('、')}。` : ''
  }</p>`;
}

export const fundingSection = (d: CountyReportData): Html =>
  card({ id: 'funding', title: '公用经费测算' }, sectionOf(d.funding, '经费测算', body));
