// What-if scenarios (docs/what-if.md): a list of changes applied in order to an in-memory copy of a
// county-year; every engine is computed on the copy as read and on the changed copy, and the answer shows
// both and their difference. Nothing is written: the county-year is read once in a read-only transaction
// (./what-if-snapshot.ts, kept while its data is unchanged by ./what-if-cache.ts) and the changes only
// ever edit the copy.
//
// Each change is checked against the scenario as it stands when the change comes (a school removed by an
// earlier change is gone, one added by an earlier change exists); every problem of every change is
// reported at once, each by the JSON pointer of its field, and then nothing is computed (422).

import type { Queryable } from '../../db/connection.js';
import { placeIntoSmallest, takeFromLargest, type MovableClass } from '../../rules/planning/what-if-classes.js';
import { UNIT_STAGES_BY_KIND, type SchoolInput, type TeacherCounts } from '../../rules/indicators/index.js';
import { PlanVerificationError, applyPlanActions, fenToYuanExact, planCosts, planRemediation, type RemediationPlan } from '../../rules/planning/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import {
  COMPULSORY_STAGES,
  EDUCATION_LEVELS,
  GRADES_BY_STAGE,
  STAGES_BY_KIND,
  type BackboneLevel,
  type EducationLevel,
  type SchoolKind,
  type Stage,
} from '../../rules/vocabulary.js';
import type { SchoolYearBodyT } from '../../schemas/reference.js';
import type {
  AddSchoolChangeT,
  AddTeachersChangeT,
  AppliedPlanT,
  ApplyPlanChangeT,
  MoveStudentsChangeT,
  RemoveSchoolChangeT,
  SetFacilitiesChangeT,
  WhatIfBodyT,
  WhatIfChangeT,
  WhatIfT,
} from '../../schemas/what-if.js';
import { answerHeader } from '../indicators/context.js';
import { CENTRAL_SCHOOL_KINDS } from '../reference/schools.js';
import { ServiceError, unprocessable, type Issue } from '../errors.js';
import { costBoundIssues } from './cost-bound.js';
import { difference, evaluate, inCodeOrder, schoolInput, takesPart } from './what-if-evaluate.js';
import { startingPoint } from './what-if-cache.js';
import { copySchool, loadNames, type Snapshot, type WorkingClass, type WorkingSchool, type YearFunding } from './what-if-snapshot.js';

export interface WhatIfOptions {
  policyId?: string | undefined;
  /** Whether the caller may see a county: a school of a county it may not see is reported as unknown. */
  canSeeCounty: (countyCode: string) => boolean;
}

/** The school codes a body names (to tell schools of other counties from unknown ones). */
function namedSchools(changes: readonly WhatIfChangeT[]): string[] {
  const codes: string[] = [];
  for (const c of changes) {
    if (c.type === 'add_school') {
      codes.push(c.school.schoolCode);
      if (c.school.centralSchoolCode) codes.push(c.school.centralSchoolCode);
    } else if (c.type === 'move_students') codes.push(c.fromSchoolCode, c.toSchoolCode);
    else if (c.type === 'remove_school' || c.type === 'add_teachers' || c.type === 'set_facilities') codes.push(c.schoolCode);
  }
  return codes;
}

/** POST /v1/counties/{countyCode}/years/{year}/what-if */
export async function whatIf(db: Queryable, countyCode: string, year: number, body: WhatIfBodyT, options: WhatIfOptions): Promise<WhatIfT> {
  const start = await startingPoint(db, countyCode, year, options.policyId);
  const snapshot: Snapshot = { ...start.base, ...(await loadNames(db, countyCode, namedSchools(body.changes))) };
  const scenario = new Scenario(snapshot, options.canSeeCounty);
  body.changes.forEach((change, i) => {
    scenario.apply(change, `/changes/${i}`);
  });
  if (scenario.issues.length > 0) throw unprocessable(scenario.issues, 'the scenario has changes that do not fit the county-year');
  const before = start.before;
  const after = body.changes.length === 0 ? before : evaluate(snapshot, scenario.schools);
  return {
    ...answerHeader(snapshot.ctx),
    changes: body.changes.length,
    plans: scenario.plans,
    before: before.json,
    after: after.json,
    delta: difference(before, after),
  };
}

/** Stages whose teachers count in B16 and B18 for a school of this kind (its compulsory units). */
const unitStage = (kind: SchoolKind, stage: Stage): boolean => (UNIT_STAGES_BY_KIND[kind] as readonly Stage[]).includes(stage);

/** A full-time teacher group as the policy-filtered counts of the indicator inputs. */
function teacherCounts(
  stage: Stage,
  group: { count: number; education: EducationLevel; subject: string; backboneLevel: BackboneLevel; certified: boolean },
  params: IndicatorParams,
): TeacherCounts {
  const compulsory = stage === 'primary' || stage === 'junior';
  const qualified = compulsory && EDUCATION_LEVELS.indexOf(group.education) >= EDUCATION_LEVELS.indexOf(params.qualifiedEducationMin[stage]);
  return {
    fullTime: group.count,
    certified: group.certified ? group.count : 0,
    qualified: compulsory ? (qualified ? group.count : 0) : null,
    backbone: params.backboneLevels.includes(group.backboneLevel) ? group.count : 0,
    artsPe: params.artsPeSubjects.includes(group.subject) ? group.count : 0,
  };
}

function addCounts(a: TeacherCounts | undefined, b: TeacherCounts): TeacherCounts {
  if (!a) return b;
  const plus = (x: number | null | undefined, y: number | null | undefined) => (x === null || x === undefined || y === null || y === undefined ? null : x + y);
  return {
    fullTime: a.fullTime + b.fullTime,
    certified: plus(a.certified, b.certified),
    qualified: plus(a.qualified, b.qualified),
    backbone: plus(a.backbone, b.backbone),
    artsPe: plus(a.artsPe, b.artsPe),
  };
}

const REQUIRED_YEAR_FIELDS = ['teachingAreaM2', 'sportsAreaM2', 'equipmentValueYuan', 'multimediaClassrooms', 'musicRoomAreasM2', 'artRoomAreasM2', 'boarders', 'inclusionStudents'] as const;

/** The scenario being built: a copy of the snapshot's schools that the changes edit. */
class Scenario {
  readonly schools: Map<string, WorkingSchool>;
  readonly issues: Issue[] = [];
  /** The actions of each apply_plan change, in order. */
  readonly plans: AppliedPlanT[] = [];
  /** Where each school removed so far was removed, and where each one added was added. */
  private readonly removedAt = new Map<string, string>();
  private readonly addedAt = new Map<string, string>();
  private readonly params: IndicatorParams;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly canSeeCounty: (countyCode: string) => boolean,
  ) {
    this.schools = new Map([...snapshot.schools].map(([code, s]) => [code, copySchool(s)]));
    this.params = snapshot.ctx.profile.indicators;
  }

  private problem(pointer: string, message: string): void {
    this.issues.push({ pointer, message, in: 'body' });
  }

  /** The school of the scenario a change names, or null after reporting why there is none. */
  private school(code: string, pointer: string): WorkingSchool | null {
    const s = this.schools.get(code);
    if (s) return s;
    const county = this.snapshot.ctx.countyCode;
    const removed = this.removedAt.get(code);
    const foreign = this.snapshot.foreign.get(code);
    if (removed !== undefined) this.problem(pointer, `school ${code} was removed by ${removed}`);
    else if (foreign !== undefined && this.canSeeCounty(foreign)) this.problem(pointer, `school ${code} belongs to county ${foreign}, not ${county}`);
    else this.problem(pointer, `no school ${code} in county ${county}`);
    return null;
  }

  private positive(value: number, pointer: string, what: string): boolean {
    if (value >= 1) return true;
    this.problem(pointer, `${what} must be at least 1, not ${value}`);
    return false;
  }

  private teaches(school: { kind: SchoolKind; schoolCode: string }, stage: Stage, pointer: string): boolean {
    const allowed = STAGES_BY_KIND[school.kind];
    if (allowed.includes(stage)) return true;
    this.problem(pointer, `school ${school.schoolCode} is a ${school.kind}, which has no ${stage} stage (it teaches ${allowed.join(', ')})`);
    return false;
  }

  private gradeFits(stage: Stage, grade: number | undefined, pointer: string): boolean {
    if (grade === undefined) return true;
    const [lo, hi] = GRADES_BY_STAGE[stage];
    if (grade >= lo && grade <= hi) return true;
    this.problem(pointer, `grade ${grade} is not a ${stage} grade (${lo}–${hi})`);
    return false;
  }

  /**
   * The school-year checks of the write route (src/services/reference/school-years.ts), on the merged fields.
   * A check of two fields points at the one the change gave (`given`): the other may be the recorded
   * value, which the change does not contain.
   */
  private yearFits(
    school: { schoolCode: string; kind: SchoolKind; boarding: boolean },
    y: Partial<SchoolYearBodyT>,
    given: ReadonlySet<string>,
    at: (field: string) => string,
  ): boolean {
    const before = this.issues.length;
    if ((y.boarders ?? 0) > 0 && !school.boarding)
      this.problem(at('boarders'), `school ${school.schoolCode} is not a boarding school, so it cannot have ${y.boarders} boarders`);
    if (y.indoorSportsAreaM2 !== undefined && y.sportsAreaM2 !== undefined && y.indoorSportsAreaM2 > y.sportsAreaM2) {
      if (given.has('indoorSportsAreaM2') || !given.has('sportsAreaM2'))
        this.problem(at('indoorSportsAreaM2'), `indoor sports area ${y.indoorSportsAreaM2} exceeds the sports area ${y.sportsAreaM2} it is part of`);
      else
        this.problem(at('sportsAreaM2'), `sports area ${y.sportsAreaM2} is less than the indoor sports area ${y.indoorSportsAreaM2} recorded as part of it`);
    }
    if (school.kind === 'kindergarten' && (y.inclusionStudents ?? 0) > 0)
      this.problem(at('inclusionStudents'), 'inclusion students (随班就读) are counted in compulsory schools, not kindergartens');
    return this.issues.length === before;
  }

  apply(change: WhatIfChangeT, at: string): void {
    switch (change.type) {
      case 'add_school':
        this.addSchool(change, at);
        return;
      case 'remove_school':
        this.removeSchool(change, at);
        return;
      case 'move_students':
        this.moveStudents(change, at);
        return;
      case 'add_teachers':
        this.addTeachers(change, at);
        return;
      case 'set_facilities':
        this.setFacilities(change, at);
        return;
      case 'apply_plan':
        this.applyPlan(change, at);
        return;
    }
  }

  private addSchool(c: AddSchoolChangeT, at: string): void {
    const before = this.issues.length;
    const s = c.school;
    const county = this.snapshot.ctx.countyCode;
    const code = s.schoolCode;
    const added = this.addedAt.get(code);
    if (added !== undefined) this.problem(`${at}/school/schoolCode`, `school ${code} is already added by ${added}`);
    else if (this.snapshot.schools.has(code) || this.snapshot.foreign.has(code))
      this.problem(`${at}/school/schoolCode`, `school code ${code} is already in use by an existing school`);
    if (s.countyCode !== county) this.problem(`${at}/school/countyCode`, `the scenario is for county ${county}; a school of county ${s.countyCode} cannot be added to it`);
    if (s.townCode !== undefined && !this.snapshot.towns.has(s.townCode)) this.problem(`${at}/school/townCode`, `town ${s.townCode} is not a town of county ${county}`);
    if (s.centralSchoolCode !== undefined) {
      if (s.kind !== 'teaching_point')
        this.problem(`${at}/school/centralSchoolCode`, `only a teaching_point has a central school; this school is a ${s.kind}`);
      else if (s.centralSchoolCode === code) this.problem(`${at}/school/centralSchoolCode`, 'a teaching point cannot be its own central school');
      else {
        const central = this.school(s.centralSchoolCode, `${at}/school/centralSchoolCode`);
        if (central && !CENTRAL_SCHOOL_KINDS.includes(central.kind))
          this.problem(`${at}/school/centralSchoolCode`, `central school ${central.schoolCode} is a ${central.kind}; it must be one of ${CENTRAL_SCHOOL_KINDS.join(', ')}`);
      }
    }
    const school = { schoolCode: code, kind: s.kind, boarding: s.boarding };
    this.yearFits(school, c.schoolYear, new Set(Object.keys(c.schoolYear)), (f) => `${at}/schoolYear/${f}`);
    const codes = new Set<string>();
    c.classes.forEach((k, i) => {
      const p = `${at}/classes/${i}`;
      if (codes.has(k.classCode)) this.problem(`${p}/classCode`, `class ${k.classCode} is listed twice`);
      codes.add(k.classCode);
      if (this.teaches(school, k.stage, `${p}/stage`)) this.gradeFits(k.stage, k.grade, `${p}/grade`);
    });
    c.teachers.forEach((t, i) => {
      const p = `${at}/teachers/${i}`;
      this.teaches(school, t.stage, `${p}/stage`);
      this.positive(t.count, `${p}/count`, 'count');
    });
    if (this.issues.length > before) return;

    const y = c.schoolYear;
    const yearFunding: YearFunding = { boarders: y.boarders, inclusionStudents: y.inclusionStudents };
    if (y.publicFundingAllocatedYuan !== undefined) yearFunding.publicFundingAllocatedYuan = y.publicFundingAllocatedYuan;
    if (y.trainingSpendYuan !== undefined) yearFunding.trainingSpendYuan = y.trainingSpendYuan;
    const working: WorkingSchool = {
      schoolCode: code,
      name: s.name,
      kind: s.kind,
      areaType: s.areaType,
      ownership: s.ownership,
      boarding: s.boarding,
      townCode: s.townCode ?? null,
      centralSchoolCode: s.centralSchoolCode ?? null,
      facilities: facilitiesOf(y),
      yearFunding,
      classes: [],
      otherStages: {},
      teachers: {},
      training: { fullTime: 0, completed: 0 },
      rotation: { teacherYears: 0, rotated: 0, eligible: 0, rotatedBackbone: 0, eligibleByTenure: 0 },
    };
    for (const k of c.classes) {
      if (k.stage === 'primary' || k.stage === 'junior') working.classes.push({ classCode: k.classCode, stage: k.stage, grade: k.grade ?? null, students: k.students });
      else {
        const other = (working.otherStages[k.stage] ??= { students: 0, classes: 0 });
        other.students += k.students;
        other.classes++;
      }
    }
    for (const t of c.teachers) this.hire(working, t.stage, t);
    this.schools.set(code, working);
    this.addedAt.set(code, at);
  }

  /** New teachers at a school: full-time ones in the indicator counts; all in B18's teacher-years, B16 for full-time ones. */
  private hire(
    school: WorkingSchool,
    stage: Stage,
    t: { count: number; education: EducationLevel; subject: string; backboneLevel: BackboneLevel; certified: boolean; fullTime: boolean },
  ): void {
    if (t.fullTime) school.teachers[stage] = addCounts(school.teachers[stage], teacherCounts(stage, t, this.params));
    this.newTeacherYears(school, stage, t.count, t.fullTime);
  }

  /** B16 and B18 count new teachers as teacher-years without training hours, not rotated and without tenure. */
  private newTeacherYears(school: WorkingSchool, stage: Stage, count: number, fullTime: boolean): void {
    if (!unitStage(school.kind, stage)) return;
    if (fullTime) school.training.fullTime += count;
    school.rotation.teacherYears += count;
  }

  private removeSchool(c: RemoveSchoolChangeT, at: string): void {
    if (!this.school(c.schoolCode, `${at}/schoolCode`)) return;
    this.schools.delete(c.schoolCode);
    this.removedAt.set(c.schoolCode, at);
  }

  private moveStudents(c: MoveStudentsChangeT, at: string): void {
    const before = this.issues.length;
    const from = this.school(c.fromSchoolCode, `${at}/fromSchoolCode`);
    const to = this.school(c.toSchoolCode, `${at}/toSchoolCode`);
    if (c.fromSchoolCode === c.toSchoolCode) this.problem(`${at}/toSchoolCode`, 'students are moved to another school: toSchoolCode equals fromSchoolCode');
    if (from) this.teaches(from, c.stage, `${at}/fromSchoolCode`);
    if (to) this.teaches(to, c.stage, `${at}/toSchoolCode`);
    this.gradeFits(c.stage, c.grade, `${at}/grade`);
    const counted = this.positive(c.students, `${at}/students`, 'students');
    if (!from || !to || this.issues.length > before) return;

    const fits = (k: WorkingClass) => k.stage === c.stage && (c.grade === undefined || k.grade === c.grade);
    const sources = from.classes.filter(fits);
    const there = sources.reduce((a, k) => a + k.students, 0);
    const which = `${c.stage}${c.grade !== undefined ? ` grade-${c.grade}` : ''} classes`;
    if (counted && c.students > there) {
      this.problem(`${at}/students`, `school ${from.schoolCode} has ${there} students in ${which}; ${c.students} cannot be moved`);
      return;
    }
    const taken = takeFromLargest(sources as MovableClass[], c.students);
    // a class the move empties is closed (one that was already empty is left as recorded)
    const emptied = new Set(sources.filter((k, i) => k.students > 0 && taken[i] === 0));
    sources.forEach((k, i) => {
      k.students = taken[i]!;
    });
    if (emptied.size > 0) from.classes = from.classes.filter((k) => !emptied.has(k));

    const targets = to.classes.filter(fits);
    const placed = placeIntoSmallest(targets as MovableClass[], c.students, this.params.classSize.max[c.stage]);
    targets.forEach((k, i) => {
      k.students = placed.sizes[i]!;
    });
    const used = new Set(to.classes.map((k) => k.classCode));
    let n = 0;
    for (const size of placed.opened) {
      let code: string;
      do code = `new-${c.stage}${c.grade !== undefined ? `-${c.grade}` : ''}-${++n}`;
      while (used.has(code));
      used.add(code);
      to.classes.push({ classCode: code, stage: c.stage, grade: c.grade ?? null, students: size });
    }
  }

  private addTeachers(c: AddTeachersChangeT, at: string): void {
    const school = this.school(c.schoolCode, `${at}/schoolCode`);
    const staged = school ? this.teaches(school, c.stage, `${at}/stage`) : false;
    const counted = this.positive(c.count, `${at}/count`, 'count');
    if (!school || !staged || !counted) return;
    const education = c.education ?? (c.stage === 'primary' || c.stage === 'junior' ? this.params.qualifiedEducationMin[c.stage] : 'bachelor');
    this.hire(school, c.stage, {
      count: c.count,
      education,
      subject: c.subject ?? 'other',
      backboneLevel: c.backboneLevel ?? 'none',
      certified: c.certified,
      fullTime: c.fullTime,
    });
  }

  /**
   * The remediation plan of the scenario as it stands, computed and applied by the planner's own
   * `planRemediation` and `applyPlanActions`; its actions are kept for the answer. Not planned once an
   * earlier change has a problem: the scenario it would plan for does not exist.
   */
  private applyPlan(c: ApplyPlanChangeT, at: string): void {
    if (this.issues.length > 0) return;
    const schools = inCodeOrder(this.schools).filter(takesPart);
    const inputs = schools.map(schoolInput);
    const costs = planCosts(this.snapshot.ctx.profile.remediationCosts, c.costs ?? {});
    let plan: RemediationPlan;
    try {
      plan = planRemediation({ schools: inputs, params: this.params, costs });
    } catch (err) {
      if (err instanceof PlanVerificationError) {
        // the engines reject the planner's own plan: a defect, reported as such (as the plan route does)
        throw new ServiceError(500, 'plan-not-verified', 'Internal Server Error', `${at}: ${err.message}`);
      }
      throw err;
    }
    if (plan.missing.length > 0) {
      for (const m of plan.missing) this.problem(at, `the remediation plan cannot be made for the scenario: it needs ${m}`);
      return;
    }
    // a plan whose amounts a JSON number cannot carry to the fen is refused, never applied or rounded
    const given = c.costs ?? {};
    const tooLarge = costBoundIssues(plan, costs, this.snapshot.ctx.policyId, (a) => (given[a] !== undefined ? { pointer: `${at}/costs/${a}`, in: 'body' } : undefined), {
      pointer: at,
      in: 'body',
    });
    if (tooLarge.length > 0) {
      this.issues.push(...tooLarge);
      return;
    }
    const applied = new Map(applyPlanActions(inputs, plan.actions, this.params).map((s) => [s.schoolCode, s]));
    for (const code of new Set(plan.actions.map((a) => a.schoolCode))) {
      const working = this.schools.get(code);
      const input = applied.get(code);
      if (working && input) takeBack(working, input);
    }
    for (const a of plan.actions) {
      const working = this.schools.get(a.schoolCode);
      // hired teachers are new teacher-years, as those of add_teachers (full-time)
      if (a.action === 'hire_teachers' && a.stage && working) this.newTeacherYears(working, a.stage, a.quantity, true);
    }
    this.plans.push(appliedPlanJson(plan, at));
  }

  private setFacilities(c: SetFacilitiesChangeT, at: string): void {
    const school = this.school(c.schoolCode, `${at}/schoolCode`);
    if (!school) return;
    const { type: _type, schoolCode: _code, ...given } = c;
    const current: Partial<SchoolYearBodyT> = school.facilities
      ? {
          teachingAreaM2: school.facilities.teachingAreaM2,
          sportsAreaM2: school.facilities.sportsAreaM2,
          equipmentValueYuan: school.facilities.equipmentValueYuan,
          multimediaClassrooms: school.facilities.multimediaClassrooms,
          musicRoomAreasM2: [...school.facilities.musicRoomAreasM2],
          artRoomAreasM2: [...school.facilities.artRoomAreasM2],
          ...(school.facilities.indoorSportsAreaM2 !== undefined && school.facilities.indoorSportsAreaM2 !== null
            ? { indoorSportsAreaM2: school.facilities.indoorSportsAreaM2 }
            : {}),
          ...(school.yearFunding ?? { boarders: 0, inclusionStudents: 0 }),
        }
      : {};
    const merged = { ...current, ...given };
    if (!school.facilities) {
      const missing = REQUIRED_YEAR_FIELDS.filter((f) => merged[f] === undefined);
      for (const f of missing) this.problem(`${at}/${f}`, `school ${school.schoolCode} has no school-year record for ${this.snapshot.ctx.year}, so ${f} must be given`);
      if (missing.length > 0) return;
    }
    const supplied = new Set(Object.keys(given));
    // a field the change does not give is the recorded one: its problem is the change's as a whole
    if (!this.yearFits(school, merged, supplied, (f) => (supplied.has(f) ? `${at}/${f}` : at))) return;
    const full = merged as SchoolYearBodyT;
    school.facilities = facilitiesOf(full);
    const yearFunding: YearFunding = { boarders: full.boarders, inclusionStudents: full.inclusionStudents };
    if (full.publicFundingAllocatedYuan !== undefined) yearFunding.publicFundingAllocatedYuan = full.publicFundingAllocatedYuan;
    if (full.trainingSpendYuan !== undefined) yearFunding.trainingSpendYuan = full.trainingSpendYuan;
    school.yearFunding = yearFunding;
  }
}

function facilitiesOf(y: SchoolYearBodyT): WorkingSchool['facilities'] {
  const f: NonNullable<WorkingSchool['facilities']> = {
    teachingAreaM2: y.teachingAreaM2,
    sportsAreaM2: y.sportsAreaM2,
    equipmentValueYuan: y.equipmentValueYuan,
    multimediaClassrooms: y.multimediaClassrooms,
    musicRoomAreasM2: [...y.musicRoomAreasM2],
    artRoomAreasM2: [...y.artRoomAreasM2],
  };
  if (y.indoorSportsAreaM2 !== undefined) f.indoorSportsAreaM2 = y.indoorSportsAreaM2;
  return f;
}

/** The plan's edits of one school's inputs, taken back into the scenario's record of it. */
function takeBack(working: WorkingSchool, input: SchoolInput): void {
  working.classes = (input.classes ?? []).flatMap((c) =>
    c.stage === 'primary' || c.stage === 'junior' ? [{ classCode: c.classCode, stage: c.stage, grade: c.grade ?? null, students: c.students }] : [],
  );
  for (const stage of COMPULSORY_STAGES) {
    const teachers = input.stages[stage]?.teachers;
    if (teachers) working.teachers[stage] = { ...teachers };
  }
  working.facilities = input.facilities
    ? { ...input.facilities, musicRoomAreasM2: [...input.facilities.musicRoomAreasM2], artRoomAreasM2: [...input.facilities.artRoomAreasM2] }
    : null;
}

const fenYuan = fenToYuanExact;

function appliedPlanJson(plan: RemediationPlan, at: string): AppliedPlanT {
  return {
    change: at,
    costYuan: fenYuan(plan.totals.fen),
    unpriced: plan.totals.unpriced,
    actions: plan.actions.map((a) => {
      const out: AppliedPlanT['actions'][number] = {
        schoolCode: a.schoolCode,
        action: a.action,
        quantity: a.quantity,
        unit: a.unit,
        costYuan: a.costFen === null ? null : fenYuan(a.costFen),
        indicators: a.indicators,
        reason: a.reason,
        reasonZh: a.reasonZh,
      };
      if (a.stage !== undefined) out.stage = a.stage;
      if (a.grade !== undefined) out.grade = a.grade;
      if (a.subject !== undefined) out.subject = a.subject;
      return out;
    }),
  };
}
