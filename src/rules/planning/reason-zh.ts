// The plan's reasons in plain official Chinese: the `reasonZh` of every action, the same content as the
// English `reason` (reason-en.ts) with the same figures, for the report pages and Chinese-reading
// officials. Indicators are named as on the county report page (labels-zh.ts); a policy share is written
// as a percentage (0.85 → 85%).

import type { Rational } from '../exact.js';
import type { CompulsoryStage } from '../vocabulary.js';
import { COMPULSORY_STAGE_LABELS, EDUCATION_LABELS, HIRE_SUBJECT_LABELS, INDICATOR_SHORT, KIND_LABELS, RESOURCE_FIGURE_UNITS } from './labels-zh.js';
import { figure, fraction, percentOf, type PlanReason, type UnitFigure, type UnitTarget } from './reason.js';

const word = (labels: Readonly<Record<string, string>>, code: string): string => labels[code] ?? code;
const stageWord = (stage: CompulsoryStage): string => word(COMPULSORY_STAGE_LABELS, stage);
const education = (level: string): string => `${word(EDUCATION_LABELS, level)}及以上学历`;

/** "小学评估单位（2144142796）": the unit named by its school code when its id is the usual code:stage. */
function unitName(unitId: string, stage: CompulsoryStage): string {
  const suffix = `:${stage}`;
  const code = unitId.endsWith(suffix) && unitId.length > suffix.length ? unitId.slice(0, -suffix.length) : unitId;
  return `${stageWord(stage)}评估单位（${code}）`;
}

function targetText(t: UnitTarget, unit: string): string {
  return t.to === 'floor'
    ? `低于标准；按本方案只需达到 ${figure(percentOf(t.floorShare))}% 底线 ${figure(t.floor)} ${unit}`
    : `须达到标准 ${figure(t.standard)} ${unit}`;
}

/** "小学评估单位（2144142796）生均体育运动场馆面积 6.2388 平方米，低于标准；按本方案只需达到 85% 底线 6.375 平方米". */
function figureText(f: UnitFigure): string {
  const unit = word(RESOURCE_FIGURE_UNITS, f.indicator);
  return `${unitName(f.unitId, f.stage)}${word(INDICATOR_SHORT, f.indicator)} ${figure(f.value)} ${unit}，${targetText(f.target, unit)}`;
}

const shareText = (share: Rational | null, who: string): string =>
  share === null ? '' : `（${who}占该校设施的 ${fraction(share)}）`;

/** What the school-level addition of a facility is, and its grain. */
const FACILITY_AMOUNT: Readonly<Record<'B4' | 'B5' | 'B6' | 'B7', string>> = {
  B4: '面积（精确到 0.01 平方米）',
  B5: '面积（精确到 0.01 平方米）',
  B6: '设备值（精确到 0.01 元）',
  B7: '网络多媒体教室（按整间计）',
};

/** One reason in Chinese. */
export function reasonZh(r: PlanReason): string {
  switch (r.kind) {
    case 'school_size':
      return (
        `${word(INDICATOR_SHORT, 'B11')}：${r.schoolCode}（${word(KIND_LABELS, r.schoolKind)}）义务教育阶段学生 ${figure(r.compulsoryStudents)} 人，` +
        `超过规模上限 ${figure(r.cap)} 人；从该校最大的班级中分流${stageWord(r.stage)}学生 ${figure(r.moved)} 人到其他学校就读`
      );
    case 'class_size': {
      const which = r.grade === null ? `${stageWord(r.stage)}未登记年级的班级` : `${stageWord(r.stage)} ${figure(r.grade)} 年级`;
      return (
        `${word(INDICATOR_SHORT, 'B12')}：${r.schoolCode} ${which}共有学生 ${figure(r.students)} 人、${figure(r.classes)} 个班，最大班额 ${figure(r.largest)} 人，` +
        `超过 ${figure(r.limit)} 人的上限；${figure(r.students)} ÷ ${figure(r.limit)} 向上取整为 ${figure(r.needed)} 个班` +
        (r.added > 0 ? `，需增设 ${figure(r.added)} 个班，并将学生重新均衡分班` : '，无需增班，将学生重新均衡分班')
      );
    }
    case 'special_rooms': {
      const room = r.room === 'music' ? '音乐' : '美术';
      return (
        `${word(INDICATOR_SHORT, 'B10')}：${r.schoolCode} 有义务教育班级 ${figure(r.compulsoryClasses)} 个，按每 ${figure(r.classesPerRoom)} 个班 1 间，` +
        `需${room}专用教室 ${figure(r.required)} 间（每间不小于 ${figure(r.minAreaM2)} 平方米）；现有 ${figure(r.rooms)} 间中面积达标的 ${figure(r.counting)} 间，` +
        `需新建 ${figure(r.added)} 间`
      );
    }
    case 'unit_facility': {
      const served = r.units.map(({ figure: f, share }) => `${figureText(f)}${shareText(share, '该单位')}`);
      const targets = new Set(r.units.map(({ figure: f }) => f.target.to));
      const aim = targets.size > 1 ? '要求' : targets.has('floor') ? '底线' : '标准';
      return `${served.join('；')}：在该校增加达到${aim}所需的最少${FACILITY_AMOUNT[r.indicator]}`;
    }
    case 'arts_pe_hire':
      return (
        `${figureText(r.figure)}：需增配体育、艺术专任教师 ${figure(r.hires)} 人（其中${word(HIRE_SUBJECT_LABELS, r.subject)} ${figure(r.count)} 人），` +
        `均须具有${education(r.education)}，因此同时计入${word(INDICATOR_SHORT, 'B1')}`
      );
    case 'unit_hire': {
      const why: string[] = [];
      if (r.qualified) why.push(`${figureText(r.qualified.figure)}：需增配具有${education(r.qualified.education)}的教师 ${figure(r.qualified.hires)} 人`);
      if (r.backbone) {
        why.push(
          `${word(INDICATOR_SHORT, 'B2')}达到要求需认定骨干教师 ${figure(r.backbone.designations)} 人，但该单位非骨干专任教师只有 ${figure(r.backbone.nonBackbone)} 人`,
        );
      }
      return `${why.join('；')}${r.artsPeHires > 0 ? `（已增配的 ${figure(r.artsPeHires)} 名体育、艺术教师计入其中）` : ''}`;
    }
    case 'designation':
      return `${figureText(r.figure)}：将 ${figure(r.count)} 名非骨干专任教师认定为县级骨干教师`;
    case 'dispersion': {
      const unit = word(RESOURCE_FIGURE_UNITS, r.indicator);
      return (
        `差异系数：${stageWord(r.stage)}${word(INDICATOR_SHORT, r.indicator)}的差异系数高于 ${figure(r.cvMax)}；将最低的评估单位统一提高到 ${figure(r.level)} ${unit}，` +
        `这是使差异系数降到限值以内的最低水平；${unitName(r.unitId, r.stage)}由 ${figure(r.from)} ${unit} 提高到该水平` +
        (r.hiredForBackbone
          ? `；该单位可认定为骨干的非骨干专任教师只有 ${figure(r.hiredForBackbone.nonBackbone)} 人，因此增配 ${figure(r.hiredForBackbone.hired)} 人`
          : '') +
        shareText(r.share, '该单位')
      );
    }
  }
}

/** The reasons of one action, joined as the English ones are. */
export const reasonsZh = (reasons: readonly PlanReason[]): string => reasons.map(reasonZh).join('；同时，');
