// B10 special rooms and B11 school size of one school: the figures each verdict is decided from.

import type { SchoolIndicatorsT } from '../../schemas/indicators.js';
import { num, plain, statusBadge } from '../format.js';
import { html, type Html } from '../html.js';
import { missingWords } from '../missing-words.js';
import { indicatorName } from '../trends/indicator-names.js';

type Rooms = NonNullable<SchoolIndicatorsT['B10']>;
type Size = NonNullable<SchoolIndicatorsT['B11']>;

/** Why an indicator does not apply, from the answer's notes (the service words them). */
const notesOf = (answer: SchoolIndicatorsT, id: string): string[] => answer.notes.filter((n) => n.startsWith(`${id}:`));

function roomRow(label: string, count: Rooms['music'], required: number): Html {
  if (!count) return html`<tr><th scope="row">${label}</th><td class="num">—</td><td class="num">—</td><td class="num">${num(required, 0)}</td><td>${statusBadge('not_assessable', '未填报')}</td></tr>`;
  const enough = count.counting >= required;
  return html`<tr><th scope="row">${label}</th><td class="num">${num(count.rooms, 0)}</td>
    <td class="num">${num(count.counting, 0)}（≥ ${plain(count.minAreaM2)} 平方米）</td><td class="num">${num(required, 0)}</td>
    <td>${statusBadge(enough ? 'met' : 'not_met', enough ? '够' : `差 ${required - count.counting} 间`)}</td></tr>`;
}

function roomsCard(answer: SchoolIndicatorsT): Html {
  const b10 = answer.B10;
  if (!b10) {
    return html`<section class="card" id="B10"><h2>${indicatorName('B10')}</h2><p>不适用于本校。<span class="note">${notesOf(answer, 'B10').join('；')}</span></p></section>`;
  }
  return html`<section class="card" id="B10"><h2>${indicatorName('B10')} ${statusBadge(b10.status)}</h2>
    <p>义务教育 ${num(b10.compulsoryClasses, 0)} 个班，每 ${num(b10.classesPerRoom, 0)} 个班配 1 间：音乐、美术专用教室各需 ${num(b10.required, 0)} 间，且面积达到下限。</p>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">专用教室</th><th class="num" scope="col">现有</th><th class="num" scope="col">面积达标</th><th class="num" scope="col">需要</th><th scope="col">结论</th></tr></thead>
      <tbody>${roomRow('音乐专用教室', b10.music, b10.required)}${roomRow('美术专用教室', b10.art, b10.required)}</tbody>
    </table></div>
    ${b10.missing.length > 0 ? html`<p class="note">缺少数据：${b10.missing.map((m) => missingWords(m)).join('、')}</p>` : null}
  </section>`;
}

function sizeCard(answer: SchoolIndicatorsT): Html {
  const b11: Size | null = answer.B11;
  if (!b11) {
    return html`<section class="card" id="B11"><h2>${indicatorName('B11')}</h2><p>不适用于本校。<span class="note">${notesOf(answer, 'B11').join('；')}</span></p></section>`;
  }
  const over = b11.compulsoryStudents - b11.limit;
  return html`<section class="card" id="B11"><h2>${indicatorName('B11')} ${statusBadge(b11.status)}</h2>
    <div class="verdict">
      <div class="fact ${b11.met ? 'good' : 'bad'}"><span>义务教育学生数</span><strong>${num(b11.compulsoryStudents, 0)}</strong></div>
      <div class="fact"><span>规模上限</span><strong>${num(b11.limit, 0)}</strong></div>
      <div class="fact"><span>${over > 0 ? '超出' : '距上限'}</span><strong>${num(Math.abs(over), 0)} 人</strong></div>
    </div>
  </section>`;
}

export const roomsAndSizeSection = (answer: SchoolIndicatorsT): Html => html`<div class="pair">${roomsCard(answer)}${sizeCard(answer)}</div>`;
