// The remediation plan's actions (docs/planning.md §2) and their effect on the indicator rules' inputs.
// `applyPlanActions` is the one place that says what an action does to a county-year: the planner proves
// its plan with it (the `after` verdict) and a what-if scenario applies a plan with it.

import { q, rat, toHundredths, type Rational } from '../exact.js';
import type { ClassInput, SchoolInput, StageInput, TeacherCounts } from '../indicators/inputs.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { RemediationAction } from '../policies/remediation-costs.js';
import { BACKBONE_LEVELS, type BackboneLevel, type CompulsoryStage } from '../vocabulary.js';
import type { PlanReason } from './reason.js';

export type { RemediationAction };

/** Subject of a hired teacher: one of the B3 subjects, or `other` (counts for B1 only). */
export const HIRE_SUBJECTS = ['pe', 'music', 'art', 'other'] as const;
export type HireSubject = (typeof HIRE_SUBJECTS)[number];

export type ActionUnit = 'teachers' | 'm2' | 'yuan' | 'classrooms' | 'rooms' | 'classes' | 'students';

/** The unit of each action's quantity (docs/planning.md §2). */
export const ACTION_UNITS: Readonly<Record<RemediationAction, ActionUnit>> = {
  hire_teachers: 'teachers',
  designate_backbone: 'teachers',
  add_teaching_area: 'm2',
  add_sports_area: 'm2',
  add_equipment: 'yuan',
  add_multimedia_classrooms: 'classrooms',
  add_music_room: 'rooms',
  add_art_room: 'rooms',
  split_classes: 'classes',
  relocate_students: 'students',
};

/** One action of a plan: what to do, where, how much, for which indicators and why. */
export interface PlanAction {
  schoolCode: string;
  /** Teacher actions, class splits and relocations act on one stage of the school. */
  stage?: CompulsoryStage;
  /** split_classes: the grade whose classes are re-divided (null: classes recorded without a grade). */
  grade?: number | null;
  action: RemediationAction;
  /** hire_teachers only. */
  subject?: HireSubject;
  /** Whole teachers, rooms, classes, students; m² and yuan with at most 2 decimals. */
  quantity: number;
  unit: ActionUnit;
  indicators: string[];
  /** Why, as figures (reason.ts): one per step that asked for the action, several once merged. */
  reasons: PlanReason[];
}

export class PlanActionError extends Error {
  override readonly name = 'PlanActionError';
}

const FACILITY_FIELD = {
  add_teaching_area: 'teachingAreaM2',
  add_sports_area: 'sportsAreaM2',
  add_equipment: 'equipmentValueYuan',
} as const;

/** Order in which actions take effect: students move before classes are split, hires before designations. */
const PHASE: Readonly<Record<RemediationAction, number>> = {
  relocate_students: 0,
  split_classes: 1,
  add_music_room: 2,
  add_art_room: 2,
  hire_teachers: 3,
  designate_backbone: 4,
  add_teaching_area: 5,
  add_sports_area: 5,
  add_equipment: 5,
  add_multimedia_classrooms: 5,
};

/** The backbone level a designation gives: county level, or the lowest level the policy counts. */
export function designationLevel(params: IndicatorParams): BackboneLevel {
  const level = (['county', 'city', 'province', 'national'] as const).find((l) => params.backboneLevels.includes(l));
  if (level === undefined) throw new PlanActionError('the policy counts no backbone level, so no designation can count for B2');
  return level;
}

/** Exact sum of two amounts with at most 2 decimals (through integer hundredths). */
function addHundredths(a: number, b: number): number {
  return Number(toHundredths(a) + toHundredths(b)) / 100;
}

function copyTeachers(t: TeacherCounts): TeacherCounts {
  const out: TeacherCounts = { ...t };
  if (t.byEducation) out.byEducation = { ...t.byEducation };
  if (t.byBackboneLevel) out.byBackboneLevel = { ...t.byBackboneLevel };
  if (t.bySubject) out.bySubject = { ...t.bySubject };
  return out;
}

/** A school copied deeply enough that applying actions never changes the caller's inputs. */
function copySchool(s: SchoolInput): SchoolInput {
  const stages: Partial<Record<keyof SchoolInput['stages'], StageInput>> = {};
  for (const [stage, st] of Object.entries(s.stages) as [keyof SchoolInput['stages'], StageInput | undefined][]) {
    if (!st) continue;
    stages[stage] = { ...st, ...(st.teachers ? { teachers: copyTeachers(st.teachers) } : {}) };
  }
  const out: SchoolInput = { ...s, stages };
  if (s.facilities) {
    out.facilities = { ...s.facilities, musicRoomAreasM2: [...s.facilities.musicRoomAreasM2], artRoomAreasM2: [...s.facilities.artRoomAreasM2] };
  }
  if (s.classes) out.classes = s.classes.map((c) => ({ ...c }));
  return out;
}

function stageOf(school: SchoolInput, stage: CompulsoryStage): StageInput {
  const stages = school.stages as Partial<Record<CompulsoryStage, StageInput>>;
  let st = stages[stage];
  if (!st) stages[stage] = st = { students: 0, classes: 0 };
  return st;
}

function teachersOf(school: SchoolInput, stage: CompulsoryStage): TeacherCounts {
  const st = stageOf(school, stage);
  if (!st.teachers) st.teachers = { fullTime: 0, certified: 0, qualified: 0, backbone: 0, artsPe: 0 };
  return st.teachers;
}

function hire(school: SchoolInput, stage: CompulsoryStage, n: number, subject: HireSubject, params: IndicatorParams): void {
  const t = teachersOf(school, stage);
  t.fullTime += n;
  // a hire is full-time, certified, qualified for the stage and not (yet) backbone
  if (t.certified !== null && t.certified !== undefined) t.certified += n;
  if (t.byEducation) {
    const level = params.qualifiedEducationMin[stage];
    t.byEducation = { ...t.byEducation, [level]: (t.byEducation[level] ?? 0) + n };
  }
  if (t.qualified !== null && t.qualified !== undefined) t.qualified += n;
  if (t.bySubject) t.bySubject = { ...t.bySubject, [subject]: (t.bySubject[subject] ?? 0) + n };
  if (t.artsPe !== null && t.artsPe !== undefined && params.artsPeSubjects.includes(subject)) t.artsPe += n;
  if (t.byBackboneLevel) t.byBackboneLevel = { ...t.byBackboneLevel, none: (t.byBackboneLevel.none ?? 0) + n };
}

function designate(school: SchoolInput, stage: CompulsoryStage, n: number, params: IndicatorParams, level: BackboneLevel): void {
  const t = teachersOf(school, stage);
  if (t.byBackboneLevel) {
    // teachers of a level the policy does not count become backbone: 'none' first
    const levels = { ...t.byBackboneLevel };
    let left = n;
    for (const from of BACKBONE_LEVELS) {
      if (left === 0) break;
      if (params.backboneLevels.includes(from)) continue;
      const take = Math.min(left, levels[from] ?? 0);
      levels[from] = (levels[from] ?? 0) - take;
      left -= take;
    }
    if (left > 0) throw new PlanActionError(`${school.schoolCode} ${stage}: ${n} designations but only ${n - left} full-time non-backbone teachers`);
    levels[level] = (levels[level] ?? 0) + n;
    t.byBackboneLevel = levels;
  }
  if (t.backbone !== null && t.backbone !== undefined) {
    if (!t.byBackboneLevel && t.fullTime - t.backbone < n) {
      throw new PlanActionError(`${school.schoolCode} ${stage}: ${n} designations but only ${t.fullTime - t.backbone} full-time non-backbone teachers`);
    }
    t.backbone += n;
  }
}

const sameGrade = (c: ClassInput, grade: number | null | undefined): boolean => (c.grade ?? null) === (grade ?? null);

/** The students of one stage and grade re-divided over their classes plus `extra` new ones, as evenly as possible. */
function splitClasses(school: SchoolInput, stage: CompulsoryStage, grade: number | null | undefined, extra: number): void {
  if (!school.classes) throw new PlanActionError(`${school.schoolCode}: split_classes needs the school's class list`);
  const group = school.classes.filter((c) => c.stage === stage && sameGrade(c, grade));
  const students = group.reduce((a, c) => a + c.students, 0);
  const codes = new Set(school.classes.map((c) => c.classCode));
  const added: ClassInput[] = [];
  for (let i = 1; added.length < extra; i++) {
    const code = `${stage}-${grade ?? 'x'}-plan-${i}`;
    if (codes.has(code)) continue;
    codes.add(code);
    added.push({ classCode: code, stage, grade: grade ?? null, students: 0 });
  }
  const all = [...group, ...added];
  if (all.length === 0) return;
  const base = Math.floor(students / all.length);
  const larger = students - base * all.length;
  all.forEach((c, i) => {
    c.students = base + (i < larger ? 1 : 0);
  });
  (school.classes as ClassInput[]).push(...added); // a copy made by applyPlanActions
  stageOf(school, stage).classes += extra;
}

/** n students leave a stage, one at a time from its largest class (ties: the first class code). */
function relocate(school: SchoolInput, stage: CompulsoryStage, n: number): void {
  const st = stageOf(school, stage);
  if (n > st.students) throw new PlanActionError(`${school.schoolCode} ${stage}: cannot relocate ${n} of ${st.students} students`);
  st.students -= n;
  if (!school.classes) return;
  const classes = school.classes
    .filter((c) => c.stage === stage)
    .sort((a, b) => b.students - a.students || (a.classCode < b.classCode ? -1 : a.classCode > b.classCode ? 1 : 0));
  let left = n;
  // Level the largest classes down together: the same result as taking one student at a time from the
  // largest, without a step per student.
  while (left > 0 && classes.length > 0) {
    const top = classes[0]?.students ?? 0;
    let k = 1;
    while (k < classes.length && (classes[k]?.students ?? 0) === top) k++;
    const next = k < classes.length ? (classes[k]?.students ?? 0) : 0;
    const room = (top - next) * k;
    if (room === 0) break;
    if (left >= room) {
      for (let i = 0; i < k; i++) (classes[i] as ClassInput).students = next;
      left -= room;
      continue;
    }
    const each = Math.floor(left / k);
    const rest = left - each * k;
    for (let i = 0; i < k; i++) (classes[i] as ClassInput).students = top - each - (i < rest ? 1 : 0);
    left = 0;
  }
}

function needStage(a: PlanAction): CompulsoryStage {
  if (!a.stage) throw new PlanActionError(`${a.action} at ${a.schoolCode} needs a stage`);
  return a.stage;
}

/**
 * The inputs with every action applied, in memory; the caller's inputs are left as they were. Actions take
 * effect in a fixed order whatever their order in the list: relocations, class splits, rooms, hires,
 * designations, facilities. Hired teachers are full-time, certified, qualified for their stage and of the
 * action's subject; designated ones become backbone at county level (or the lowest level the policy
 * counts); facility additions go to the school's totals and are apportioned like the rest (docs/domain.md
 * §2); a room added has the B10 minimum area. Throws PlanActionError for an action that cannot apply (an
 * unknown school, a designation without a non-backbone teacher, facilities of a school without a record).
 */
export function applyPlanActions(schools: readonly SchoolInput[], actions: readonly PlanAction[], params: IndicatorParams): SchoolInput[] {
  if (actions.length === 0) return [...schools];
  const touched = new Set(actions.map((a) => a.schoolCode));
  const copies = new Map<string, SchoolInput>();
  const out = schools.map((s) => {
    if (!touched.has(s.schoolCode)) return s;
    const c = copySchool(s);
    copies.set(s.schoolCode, c);
    return c;
  });
  const ordered = actions.map((a, i) => ({ a, i })).sort((x, y) => PHASE[x.a.action] - PHASE[y.a.action] || x.i - y.i);
  let level: BackboneLevel | undefined;
  for (const { a } of ordered) {
    const school = copies.get(a.schoolCode);
    if (!school) throw new PlanActionError(`${a.action}: school ${a.schoolCode} is not among the inputs`);
    const n = a.quantity;
    if (!(n >= 0)) throw new PlanActionError(`${a.action} at ${a.schoolCode}: quantity ${n} is not a non-negative amount`);
    switch (a.action) {
      case 'relocate_students':
        relocate(school, needStage(a), n);
        break;
      case 'split_classes':
        splitClasses(school, needStage(a), a.grade, n);
        break;
      case 'hire_teachers':
        hire(school, needStage(a), n, a.subject ?? 'other', params);
        break;
      case 'designate_backbone':
        level ??= designationLevel(params);
        designate(school, needStage(a), n, params, level);
        break;
      case 'add_music_room':
      case 'add_art_room': {
        if (!school.facilities) throw new PlanActionError(`${a.action} at ${a.schoolCode}: the school has no facilities record`);
        const area = a.action === 'add_music_room' ? params.specialRooms.musicRoomMinAreaM2 : params.specialRooms.artRoomMinAreaM2;
        const list = a.action === 'add_music_room' ? school.facilities.musicRoomAreasM2 : school.facilities.artRoomAreasM2;
        (list as number[]).push(...Array.from({ length: n }, () => area));
        break;
      }
      case 'add_teaching_area':
      case 'add_sports_area':
      case 'add_equipment': {
        if (!school.facilities) throw new PlanActionError(`${a.action} at ${a.schoolCode}: the school has no facilities record`);
        const field = FACILITY_FIELD[a.action];
        school.facilities[field] = addHundredths(school.facilities[field], n);
        break;
      }
      case 'add_multimedia_classrooms':
        if (!school.facilities) throw new PlanActionError(`${a.action} at ${a.schoolCode}: the school has no facilities record`);
        school.facilities.multimediaClassrooms += n;
        break;
    }
  }
  return out;
}

/** Exact quantity of an action (hundredths for m² and yuan). */
export function actionQuantity(a: Pick<PlanAction, 'quantity'>): Rational {
  return Number.isInteger(a.quantity) ? q(a.quantity) : rat(toHundredths(a.quantity), 100n);
}
