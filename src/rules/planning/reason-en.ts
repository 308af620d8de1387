// The plan's reasons in English: the `reason` of every action (docs/planning.md §2). These texts are part
// of the answer (the CSV, the workbook, tests and docs quote them), so a change here changes the API.

import type { ResourceIndicatorId } from '../indicators/resource.js';
import { figure, fraction, type PlanReason, type UnitFigure } from './reason.js';

const PHRASE: Readonly<Record<ResourceIndicatorId, string>> = {
  B1: 'teachers above the required education level per 100 students',
  B2: 'backbone teachers per 100 students',
  B3: 'PE, music and art teachers per 100 students',
  B4: 'm² of teaching and auxiliary rooms per student',
  B5: 'm² of sports grounds and halls per student',
  B6: 'yuan of teaching equipment per student',
  B7: 'networked multimedia classrooms per 100 students',
};

/** "B1 of the junior unit 3144000001:junior is 4.1 … to reach the standard 5.3": the figure an action answers. */
function figureText(f: UnitFigure): string {
  const aim =
    f.target.to === 'floor'
      ? `its ${figure(f.target.floorShare)} floor ${figure(f.target.floor)} (the option leaves ${f.indicator} below standard)`
      : `the standard ${figure(f.target.standard)}`;
  return `${f.indicator} of the ${f.stage} unit ${f.unitId} is ${figure(f.value)} ${PHRASE[f.indicator]}, to reach ${aim}`;
}

/** One reason in English. */
export function reasonEn(r: PlanReason): string {
  switch (r.kind) {
    case 'school_size':
      return (
        `B11: ${r.schoolCode} (${r.schoolKind}) has ${figure(r.compulsoryStudents)} compulsory students, above its cap of ${figure(r.cap)}; ` +
        `${figure(r.moved)} ${r.stage} students move to places at other schools, taken from its largest classes`
      );
    case 'class_size': {
      const which = r.grade === null ? `${r.stage} classes without a recorded grade` : `grade ${figure(r.grade)} (${r.stage})`;
      return (
        `B12: ${which} at ${r.schoolCode} has ${figure(r.students)} students in ${figure(r.classes)} classes, the largest of ${figure(r.largest)}, ` +
        `above the limit of ${figure(r.limit)}; ceil(${figure(r.students)} / ${figure(r.limit)}) = ${figure(r.needed)} classes` +
        (r.added > 0 ? `, so ${figure(r.added)} more, with the students re-divided evenly` : ': no new class is needed, the students are re-divided evenly')
      );
    }
    case 'special_rooms':
      return (
        `B10: ${figure(r.compulsoryClasses)} compulsory classes at ${r.schoolCode} need ${figure(r.required)} ${r.room} room(s) of at least ` +
        `${figure(r.minAreaM2)} m² (1 per ${figure(r.classesPerRoom)} classes); ${figure(r.counting)} of its ${figure(r.rooms)} reach that area, so ${figure(r.added)} more`
      );
    case 'unit_facility': {
      const served = r.units.map(({ figure: f, share }) => `${figureText(f)}${share === null ? '' : ` (it takes ${fraction(share)} of the school's facilities)`}`);
      return `${served.join('; ')}: the least ${r.indicator === 'B7' ? 'whole number' : 'amount to the hundredth'} added to the school that does it`;
    }
    case 'arts_pe_hire':
      return (
        `${figureText(r.figure)}: ${figure(r.hires)} more full-time PE, music or art teachers (${figure(r.count)} ${r.subject}), ` +
        `each with ${r.education} education or above so they count for B1 too`
      );
    case 'unit_hire': {
      const why: string[] = [];
      if (r.qualified) why.push(`${figureText(r.qualified.figure)}: ${figure(r.qualified.hires)} more teachers with ${r.qualified.education} education or above`);
      if (r.backbone) {
        why.push(`B2 needs ${figure(r.backbone.designations)} teachers made backbone but the unit has ${figure(r.backbone.nonBackbone)} full-time non-backbone teachers`);
      }
      return `${why.join('; ')}${r.artsPeHires > 0 ? ` (the ${figure(r.artsPeHires)} PE, music and art hires count towards it)` : ''}`;
    }
    case 'designation':
      return `${figureText(r.figure)}: ${figure(r.count)} full-time non-backbone teachers made county-level backbone`;
    case 'dispersion':
      return (
        `dispersion: the ${r.stage} cv of ${r.indicator} is above ${figure(r.cvMax)}; the lowest units are raised to a common level of ${figure(r.level)}, ` +
        `the least that brings it within the limit; ${r.unitId} goes from ${figure(r.from)}` +
        (r.hiredForBackbone
          ? `; the unit has ${figure(r.hiredForBackbone.nonBackbone)} full-time non-backbone teachers to make backbone, so ${figure(r.hiredForBackbone.hired)} are hired`
          : '') +
        (r.share === null ? '' : ` (the unit takes ${fraction(r.share)} of the school's facilities)`)
      );
  }
}

/** The reasons of one action (several when merged actions were asked for by several steps). */
export const reasonsEn = (reasons: readonly PlanReason[]): string => reasons.map(reasonEn).join('; and ');
