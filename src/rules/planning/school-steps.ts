// The school-level steps of a remediation plan (docs/planning.md §3): students above the B11 cap
// relocated, classes above the B12 limit split, B10 music and art rooms added. Each step reads the inputs
// as the previous steps leave them: relocations relieve classes, and split classes may need more rooms.

import { ceil, rat } from '../exact.js';
import { classSizeApplies } from '../indicators/class-size.js';
import type { ClassInput, SchoolInput } from '../indicators/inputs.js';
import { assessSchoolSize } from '../indicators/school-size.js';
import { assessSpecialRooms } from '../indicators/special-rooms.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import { COMPULSORY_STAGES, type CompulsoryStage } from '../vocabulary.js';
import type { PlanAction } from './actions.js';

interface Slot {
  stage: CompulsoryStage;
  code: string;
  students: number;
}

/** Larger classes first, then by class code. */
const byLargest = (a: Slot, b: Slot): number => b.students - a.students || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * `n` students taken one at a time from the largest class (the first by code among equals), counted per
 * stage into `taken`. The largest classes are levelled down together, which gives the same counts as
 * the one-at-a-time rule without a step per student (a school may be thousands over its cap).
 */
function takeFromLargest(classes: Slot[], n: number, taken: Record<CompulsoryStage, number>): void {
  classes.sort(byLargest);
  let left = n;
  while (left > 0) {
    const top = classes[0]?.students ?? 0;
    if (top === 0) break;
    let k = 1;
    while (k < classes.length && (classes[k] as Slot).students === top) k++;
    const next = k < classes.length ? (classes[k] as Slot).students : 0;
    const room = (top - next) * k;
    if (left >= room) {
      // the k largest all come down to the next size, one student each per turn
      for (let i = 0; i < k; i++) {
        const c = classes[i] as Slot;
        taken[c.stage] += top - next;
        c.students = next;
      }
      left -= room;
      continue;
    }
    // fewer than a full level: each of the k gives `each`, the first `rest` by code one more
    const each = Math.floor(left / k);
    const rest = left - each * k;
    for (let i = 0; i < k; i++) {
      const c = classes[i] as Slot;
      const give = each + (i < rest ? 1 : 0);
      taken[c.stage] += give;
      c.students -= give;
    }
    left = 0;
  }
}

const isCompulsory = (c: ClassInput): c is ClassInput & { stage: CompulsoryStage } => c.stage === 'primary' || c.stage === 'junior';

/**
 * B11: for every school above its cap, the students above it leave, taken one at a time from the school's
 * largest compulsory class (which relieves B12 too); per stage, the number taken from it.
 */
export function relocationActions(schools: readonly SchoolInput[], params: IndicatorParams): PlanAction[] {
  const out: PlanAction[] = [];
  for (const school of schools) {
    const size = assessSchoolSize(school, params);
    if (!size || size.met) continue;
    const over = size.compulsoryStudents - size.limit;
    const taken: Record<CompulsoryStage, number> = { primary: 0, junior: 0 };
    const classes: Slot[] = (school.classes ?? []).filter(isCompulsory).map((c) => ({ stage: c.stage, code: c.classCode, students: c.students }));
    if (classes.length > 0) takeFromLargest(classes, over, taken);
    else {
      const larger: CompulsoryStage = (school.stages.junior?.students ?? 0) > (school.stages.primary?.students ?? 0) ? 'junior' : 'primary';
      taken[larger] = over;
    }
    for (const stage of COMPULSORY_STAGES) {
      if (taken[stage] === 0) continue;
      out.push({
        schoolCode: school.schoolCode,
        stage,
        action: 'relocate_students',
        quantity: taken[stage],
        unit: 'students',
        indicators: ['B11'],
        reasons: [
          {
            kind: 'school_size',
            schoolCode: school.schoolCode,
            schoolKind: school.kind,
            compulsoryStudents: size.compulsoryStudents,
            cap: size.limit,
            stage,
            moved: taken[stage],
          },
        ],
      });
    }
  }
  return out;
}

/**
 * B12: per school, stage and grade with a class above its limit, ceil(students / limit) − classes more
 * classes, and the grade's students re-divided evenly over all of them. When the grade already has enough
 * classes the action has quantity 0: the students are only re-divided.
 */
export function classSplitActions(schools: readonly SchoolInput[], params: IndicatorParams, stages: readonly CompulsoryStage[]): PlanAction[] {
  const out: PlanAction[] = [];
  for (const school of schools) {
    if (!classSizeApplies(school, params) || !school.classes) continue;
    const groups = new Map<string, { stage: CompulsoryStage; grade: number | null; classes: ClassInput[] }>();
    for (const c of school.classes) {
      if (!isCompulsory(c) || !stages.includes(c.stage)) continue;
      const grade = c.grade ?? null;
      const key = `${c.stage}|${grade ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { stage: c.stage, grade, classes: [] }));
      g.classes.push(c);
    }
    const ordered = [...groups.values()].sort(
      (a, b) => COMPULSORY_STAGES.indexOf(a.stage) - COMPULSORY_STAGES.indexOf(b.stage) || (a.grade ?? 0) - (b.grade ?? 0),
    );
    for (const g of ordered) {
      const limit = params.classSize.max[g.stage];
      const largest = Math.max(...g.classes.map((c) => c.students));
      if (largest <= limit) continue;
      const students = g.classes.reduce((a, c) => a + c.students, 0);
      const needed = Number(ceil(rat(students, limit)));
      const extra = Math.max(0, needed - g.classes.length);
      out.push({
        schoolCode: school.schoolCode,
        stage: g.stage,
        grade: g.grade,
        action: 'split_classes',
        quantity: extra,
        unit: 'classes',
        indicators: ['B12'],
        reasons: [
          { kind: 'class_size', schoolCode: school.schoolCode, stage: g.stage, grade: g.grade, students, classes: g.classes.length, largest, limit, needed, added: extra },
        ],
      });
    }
  }
  return out;
}

/** B10: the music and art rooms of the minimum area each school still needs. */
export function roomActions(schools: readonly SchoolInput[], params: IndicatorParams): PlanAction[] {
  const out: PlanAction[] = [];
  for (const school of schools) {
    const r = assessSpecialRooms(school, params);
    if (r?.met !== false || !r.music || !r.art) continue;
    for (const [room, count, action] of [
      ['music', r.music, 'add_music_room'],
      ['art', r.art, 'add_art_room'],
    ] as const) {
      const need = r.required - count.counting;
      if (need <= 0) continue;
      out.push({
        schoolCode: school.schoolCode,
        action,
        quantity: need,
        unit: 'rooms',
        indicators: ['B10'],
        reasons: [
          {
            kind: 'special_rooms',
            schoolCode: school.schoolCode,
            room,
            compulsoryClasses: r.compulsoryClasses,
            required: r.required,
            minAreaM2: count.minAreaM2,
            classesPerRoom: r.classesPerRoom,
            counting: count.counting,
            rooms: count.rooms,
            added: need,
          },
        ],
      });
    }
  }
  return out;
}
