// The school's funding entitlement, line by line: what each component pays for (its basis), the rate,
// the amount and the total, with the policy clause each line applies. Amounts are shown from integer fen.

import { yuanToFen } from '../../rules/funding/money.js';
import type { SchoolEntitlementT } from '../../schemas/funding.js';
import { amountBars } from '../charts/index.js';
import { num, yuanOfFen } from '../format.js';
import { html, trusted, type Html } from '../html.js';
import { componentLabel, componentPer } from './labels.js';

const yuan = (value: number): string => yuanOfFen(yuanToFen(value));

function chart(answer: SchoolEntitlementT): Html | null {
  if (answer.components.length < 2) return null;
  const svg = amountBars(
    { title: '应拨公用经费构成（元）', unit: '元', items: answer.components.map((c) => ({ label: componentLabel(c.component), value: c.amountYuan })) },
    { width: 720, height: Math.max(160, 80 + answer.components.length * 36) },
  );
  return html`<figure class="chart">${trusted(svg)}<figcaption>各项金额见下表。</figcaption></figure>`;
}

export function entitlementSection(answer: SchoolEntitlementT): Html {
  const rows = answer.components.map(
    (c) => html`<tr>
      <th scope="row">${componentLabel(c.component)}</th>
      <td>${num(c.quantity, 0)} ${componentPer(c.component)}<br><span class="note">${c.rule}</span></td>
      <td class="num">${yuan(c.rateYuan)}</td>
      <td class="num">${yuan(c.amountYuan)}</td>
    </tr>`,
  );
  const notEntitled = answer.entitled
    ? null
    : html`<p class="error-box">按现行政策本校不享受生均公用经费${answer.note ? `：${answer.note}` : ''}</p>`;
  return html`<section class="card" id="entitlement"><h2>应拨公用经费 <span class="note">（${answer.year} 年度，元）</span></h2>
    ${notEntitled}
    ${chart(answer)}
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">项目</th><th scope="col">核定依据</th><th class="num" scope="col">定额（元）</th><th class="num" scope="col">金额（元）</th></tr></thead>
      <tbody>${rows.length > 0 ? rows : html`<tr><td colspan="4">没有应拨的项目</td></tr>`}
        <tr class="total"><th scope="row">合计</th><td></td><td></td><td class="num">${yuan(answer.totalYuan)}</td></tr>
      </tbody>
    </table></div>
    <p>其中教师培训经费不少于 <strong>${yuan(answer.trainingMinimumYuan)}</strong> 元（B26）。<span class="note">${answer.trainingMinimumRule}</span></p>
    ${answer.note && answer.entitled ? html`<p class="note">${answer.note}</p>` : null}
  </section>`;
}
