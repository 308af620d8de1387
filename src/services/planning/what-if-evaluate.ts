// Every engine of a what-if answer over one in-memory county-year (the snapshot as read, or a copy with
// the changes applied): the rules' inputs are rebuilt from the per-school records, then B1–B7, B10, B11,
// B12, the scorecard and the entitlements are computed exactly as the live answers compute them, and the
// difference between two such states is taken.

import { fenToYuan, sumTotals, type FundingSchoolInput, type SchoolEntitlement } from '../../rules/funding/index.js';
import {
  RESOURCE_INDICATOR_IDS,
  assessClassSizes,
  assessSchoolSizeCounty,
  assessSpecialRoomsCounty,
  buildScorecard,
  type RotationCounts,
  type SchoolInput,
  type StageInput,
  type StageResourceAllocation,
  type TrainingCounts,
} from '../../rules/indicators/index.js';
import { COMPULSORY_STAGES, STAGES, type CompulsoryStage } from '../../rules/vocabulary.js';
import type { WhatIfDeltaT, WhatIfStateT, WhatIfUnitT } from '../../schemas/what-if.js';
import { entitlementLineJson, totalsJson } from '../funding/json.js';
import { classSizeFigures } from '../indicators/class-sizes.js';
import { fundingIndicatorsOf } from '../indicators/funding-checks.js';
import type { SchoolMeta } from '../indicators/inputs.js';
import { computeAllocation } from '../indicators/resource-allocation.js';
import type { CountyYearBase, WorkingSchool } from './what-if-snapshot.js';

/** A state's answer plus the exact figures its difference is taken from. */
export interface Evaluation {
  json: WhatIfStateT;
  /** Entitlement total per funded school, integer fen. */
  totalFen: Map<string, number>;
  totalsFen: { total: number; trainingMinimum: number };
  compulsoryStudents: Map<string, number>;
}

/** The indicator rules' input of one school, as `loadIndicatorInputs` builds it from the same records. */
export function schoolInput(s: WorkingSchool): SchoolInput {
  const stages: Partial<Record<(typeof STAGES)[number], StageInput>> = {};
  for (const stage of STAGES) {
    let students = 0;
    let classes = 0;
    if (stage === 'primary' || stage === 'junior') {
      for (const c of s.classes) {
        if (c.stage !== stage) continue;
        students += c.students;
        classes++;
      }
    } else {
      const other = s.otherStages[stage];
      if (other) ({ students, classes } = other);
    }
    const teachers = s.teachers[stage];
    if (classes === 0 && !teachers) continue;
    stages[stage] = teachers ? { students, classes, teachers } : { students, classes };
  }
  return {
    schoolCode: s.schoolCode,
    kind: s.kind,
    areaType: s.areaType,
    ownership: s.ownership,
    centralSchoolCode: s.centralSchoolCode,
    facilities: s.facilities,
    stages,
    classes: s.classes.map((c) => ({ classCode: c.classCode, stage: c.stage, grade: c.grade, students: c.students })),
  };
}

const classCount = (s: WorkingSchool): number =>
  s.classes.length + (s.otherStages.preschool?.classes ?? 0) + (s.otherStages.senior?.classes ?? 0);

/** As the loaders: a school takes part in the indicators when it has a school-year record or a class. */
export const takesPart = (s: WorkingSchool): boolean => s.facilities !== null || classCount(s) > 0;

/** The schools of a state in code order, the order of the loaders. */
export const inCodeOrder = (state: ReadonlyMap<string, WorkingSchool>): WorkingSchool[] =>
  [...state.values()].sort((a, b) => (a.schoolCode < b.schoolCode ? -1 : a.schoolCode > b.schoolCode ? 1 : 0));

/** The funding engine's input of a school with classes, as `loadCountyInputs` builds it. */
function fundingInput(s: WorkingSchool): FundingSchoolInput {
  const sum = (stage: CompulsoryStage) => s.classes.reduce((a, c) => (c.stage === stage ? a + c.students : a), 0);
  const y = s.yearFunding;
  const input: FundingSchoolInput = {
    schoolCode: s.schoolCode,
    kind: s.kind,
    areaType: s.areaType,
    ownership: s.ownership,
    boarding: s.boarding,
    students: {
      preschool: s.otherStages.preschool?.students ?? 0,
      primary: sum('primary'),
      junior: sum('junior'),
      senior: s.otherStages.senior?.students ?? 0,
    },
    boarders: y?.boarders ?? 0,
    inclusionStudents: y?.inclusionStudents ?? 0,
  };
  if (y?.publicFundingAllocatedYuan !== undefined) input.publicFundingAllocatedYuan = y.publicFundingAllocatedYuan;
  if (y?.trainingSpendYuan !== undefined) input.trainingSpendYuan = y.trainingSpendYuan;
  return input;
}

const metaOf = (s: WorkingSchool): SchoolMeta => ({
  schoolCode: s.schoolCode,
  name: s.name,
  kind: s.kind,
  townCode: s.townCode,
  boarding: s.boarding,
  hasSchoolYear: s.facilities !== null,
});

function stageFigures(stage: StageResourceAllocation, meta: ReadonlyMap<string, SchoolMeta>, classesOf: ReadonlyMap<string, number>) {
  const units: WhatIfUnitT[] = stage.units.map((u) => {
    let indicators: WhatIfUnitT['indicators'] = null;
    if (u.indicators) {
      const map = {} as NonNullable<WhatIfUnitT['indicators']>;
      for (const id of RESOURCE_INDICATOR_IDS) {
        const r = u.indicators[id];
        map[id] = { value: r.value, standard: r.standard, met: r.met, atLeastFloor: r.atLeastFloor };
      }
      indicators = map;
    }
    return {
      unitId: u.unitId,
      schoolCode: u.schoolCode,
      schoolName: meta.get(u.schoolCode)?.name ?? '',
      students: u.students,
      classes: classesOf.get(u.unitId) ?? 0,
      assessed: u.assessed,
      metCount: u.metCount,
      passes: u.passes,
      indicators,
    };
  });
  const dispersion = {} as WhatIfStateT['resourceAllocation']['primary']['dispersion'];
  for (const id of RESOURCE_INDICATOR_IDS) {
    const d = stage.dispersion[id];
    dispersion[id] = { cv: d.cv, max: d.cvMax, met: d.met };
  }
  return { passes: stage.passes, unitsAssessed: stage.unitsAssessed, schoolsPassing: stage.schoolsPassing, units, dispersion };
}

/** Every engine over the schools of a state (the county's schools that have records for the year). */
export function evaluate(snapshot: Pick<CountyYearBase, 'ctx' | 'facts'>, state: ReadonlyMap<string, WorkingSchool>): Evaluation {
  const ctx = snapshot.ctx;
  const params = ctx.profile.indicators;
  const ordered = inCodeOrder(state);
  // in the funding only with a class
  const present = ordered.filter(takesPart);
  const schools = present.map(schoolInput);
  const meta = new Map(present.map((s) => [s.schoolCode, metaOf(s)]));

  const allocation = computeAllocation(schools, params);
  const classesOf = new Map(allocation.units.map((u) => [u.unitId, u.classes]));
  const classSummary = assessClassSizes(schools, params);
  const classFigures = classSizeFigures(classSummary, meta, params);
  const sizes = assessSchoolSizeCounty(schools, params);
  const rooms = assessSpecialRoomsCounty(schools, params);

  const funded = ordered.filter((s) => classCount(s) > 0);
  const fundingInputs = funded.map(fundingInput);
  // the compliance checks (B13, B14, B26) compute every school's entitlement: the lines are those
  const funding = fundingIndicatorsOf(fundingInputs, ctx.profile.funding);
  const lines: SchoolEntitlement[] = funding.compliance.schools.map((c) => c.entitlement);
  const totals = sumTotals(lines);
  const withoutClasses = ordered.filter((s) => s.facilities !== null && classCount(s) === 0).map((s) => s.schoolCode);

  // B16 and B18 over every school of the county in the state (teachers count where they teach, whether
  // or not the school has classes), as the county queries count them.
  const training: TrainingCounts = { fullTime: 0, completed: 0 };
  const rotation: RotationCounts = { rotated: 0, eligible: 0, rotatedBackbone: 0 };
  for (const s of ordered) {
    training.fullTime += s.training.fullTime;
    training.completed += s.training.completed;
    rotation.rotated += s.rotation.rotated;
    rotation.eligible += s.rotation.eligible;
    rotation.rotatedBackbone += s.rotation.rotatedBackbone;
  }
  const card = buildScorecard(
    {
      schools,
      facts: snapshot.facts,
      training,
      rotation,
      funding: { B13: funding.computed.B13, B14: funding.computed.B14, B26: funding.computed.B26 },
      resourceAllocation: { primary: allocation.stages.primary, junior: allocation.stages.junior, excluded: allocation.excluded, passes: allocation.passes },
    },
    params,
  );
  const statuses: Record<string, WhatIfStateT['scorecard']['statuses'][string]> = {};
  for (const e of card.indicators) statuses[e.id] = e.status;

  const nameOf = (code: string) => meta.get(code)?.name ?? state.get(code)?.name ?? '';
  const json: WhatIfStateT = {
    resourceAllocation: {
      passes: allocation.passes,
      primary: stageFigures(allocation.stages.primary, meta, classesOf),
      junior: stageFigures(allocation.stages.junior, meta, classesOf),
    },
    classSizes: {
      classes: classFigures.classes,
      overLimit: classFigures.overLimit,
      large: classFigures.large,
      superLarge: classFigures.superLarge,
      largeShare: classFigures.largeShare,
      superLargeShare: classFigures.superLargeShare,
      met: classFigures.met,
      violations: classFigures.violations,
    },
    schoolSizes: {
      met: sizes.met,
      over: sizes.notMet.length,
      schools: sizes.schools.map((r) => ({
        schoolCode: r.schoolCode,
        schoolName: nameOf(r.schoolCode),
        kind: r.kind,
        compulsoryStudents: r.compulsoryStudents,
        limit: r.limit,
        met: r.met,
      })),
    },
    rooms: {
      met: rooms.met,
      short: rooms.notMet.length,
      schools: rooms.schools.map((r) => ({
        schoolCode: r.schoolCode,
        schoolName: nameOf(r.schoolCode),
        kind: r.kind,
        compulsoryClasses: r.compulsoryClasses,
        required: r.required,
        musicRooms: r.music?.counting ?? null,
        artRooms: r.art?.counting ?? null,
        met: r.met,
      })),
    },
    scorecard: {
      statuses,
      resourceAllocation: { primary: card.resourceAllocation.primary, junior: card.resourceAllocation.junior, passes: card.resourceAllocation.passes },
      summary: { ...card.summary },
    },
    entitlements: {
      schools: lines.map((e, n) => entitlementLineJson(e, fundingInputs[n]!, { schoolCode: e.schoolCode, name: funded[n]!.name, kind: funded[n]!.kind })),
      totals: totalsJson(totals),
      withoutClasses,
    },
  };
  return {
    json,
    totalFen: new Map(lines.map((e) => [e.schoolCode, e.totalFen])),
    totalsFen: { total: totals.totalFen, trainingMinimum: totals.trainingMinimumFen },
    compulsoryStudents: new Map(sizes.schools.map((r) => [r.schoolCode, r.compulsoryStudents])),
  };
}

const was = <T>(before: T, after: T) => ({ before, after });

function stageDelta(before: WhatIfStateT['resourceAllocation']['primary'], after: WhatIfStateT['resourceAllocation']['primary']) {
  const dispersion = {} as WhatIfDeltaT['resourceAllocation']['primary']['dispersion'];
  for (const id of RESOURCE_INDICATOR_IDS) {
    const b = before.dispersion[id];
    const a = after.dispersion[id];
    // the cvs are 6-decimal display values; their difference is rounded to the same places
    const change = a.cv === null || b.cv === null ? null : Math.round((a.cv - b.cv) * 1_000_000) / 1_000_000;
    dispersion[id] = { cv: was(b.cv, a.cv), change, met: was(b.met, a.met) };
  }
  const beforeUnits = new Map(before.units.map((u) => [u.unitId, u]));
  const afterUnits = new Map(after.units.map((u) => [u.unitId, u]));
  const units: WhatIfDeltaT['resourceAllocation']['primary']['units'] = [];
  for (const u of before.units) {
    const a = afterUnits.get(u.unitId);
    if (!a) {
      units.push({ unitId: u.unitId, schoolCode: u.schoolCode, schoolName: u.schoolName, change: 'removed', students: was(u.students, null), metCount: was(u.metCount, null), passes: was(u.passes, null) });
    } else if (a.students !== u.students || a.metCount !== u.metCount || a.passes !== u.passes) {
      units.push({ unitId: u.unitId, schoolCode: u.schoolCode, schoolName: a.schoolName, change: 'changed', students: was(u.students, a.students), metCount: was(u.metCount, a.metCount), passes: was(u.passes, a.passes) });
    }
  }
  for (const a of after.units) {
    if (beforeUnits.has(a.unitId)) continue;
    units.push({ unitId: a.unitId, schoolCode: a.schoolCode, schoolName: a.schoolName, change: 'added', students: was(null, a.students), metCount: was(null, a.metCount), passes: was(null, a.passes) });
  }
  return {
    passes: was(before.passes, after.passes),
    unitsAssessed: after.unitsAssessed - before.unitsAssessed,
    schoolsPassing: after.schoolsPassing - before.schoolsPassing,
    dispersion,
    units,
  };
}

/** after − before, and the verdicts that changed. */
export function difference(before: Evaluation, after: Evaluation): WhatIfDeltaT {
  const b = before.json;
  const a = after.json;
  const sizeMet = (s: WhatIfStateT) => new Map(s.schoolSizes.schools.map((r) => [r.schoolCode, r.met]));
  const roomMet = (s: WhatIfStateT) => new Map(s.rooms.schools.map((r) => [r.schoolCode, r.met]));
  const turned = <T>(from: Map<string, T>, to: Map<string, T>, was: T, now: T) =>
    [...to].filter(([code, v]) => v === now && from.get(code) === was).map(([code]) => code);
  const bs = sizeMet(b);
  const as = sizeMet(a);
  const br = roomMet(b);
  const ar = roomMet(a);

  const students: WhatIfDeltaT['schoolSizes']['students'] = [];
  for (const code of new Set([...before.compulsoryStudents.keys(), ...after.compulsoryStudents.keys()])) {
    const x = before.compulsoryStudents.get(code) ?? null;
    const y = after.compulsoryStudents.get(code) ?? null;
    if (x !== y) students.push({ schoolCode: code, before: x, after: y });
  }
  students.sort((p, q) => (p.schoolCode < q.schoolCode ? -1 : 1));

  const names = new Map([...b.entitlements.schools, ...a.entitlements.schools].map((s) => [s.schoolCode, s.schoolName]));
  const money: WhatIfDeltaT['entitlements']['schools'] = [];
  for (const code of [...names.keys()].sort()) {
    const x = before.totalFen.get(code);
    const y = after.totalFen.get(code);
    if (x === y) continue;
    money.push({
      schoolCode: code,
      schoolName: names.get(code) ?? '',
      beforeYuan: x === undefined ? null : fenToYuan(x),
      afterYuan: y === undefined ? null : fenToYuan(y),
      changeYuan: fenToYuan((y ?? 0) - (x ?? 0)),
    });
  }

  const changed: WhatIfDeltaT['scorecard']['changed'] = [];
  for (const [id, status] of Object.entries(a.scorecard.statuses)) {
    const old = b.scorecard.statuses[id];
    if (old !== undefined && old !== status) changed.push({ id, before: old, after: status });
  }

  const stages = {} as Pick<WhatIfDeltaT['resourceAllocation'], CompulsoryStage>;
  for (const stage of COMPULSORY_STAGES) stages[stage] = stageDelta(b.resourceAllocation[stage], a.resourceAllocation[stage]);
  return {
    resourceAllocation: { passes: was(b.resourceAllocation.passes, a.resourceAllocation.passes), ...stages },
    classSizes: {
      classes: a.classSizes.classes - b.classSizes.classes,
      overLimit: a.classSizes.overLimit - b.classSizes.overLimit,
      large: a.classSizes.large - b.classSizes.large,
      superLarge: a.classSizes.superLarge - b.classSizes.superLarge,
      met: was(b.classSizes.met, a.classSizes.met),
    },
    schoolSizes: {
      over: a.schoolSizes.over - b.schoolSizes.over,
      met: was(b.schoolSizes.met, a.schoolSizes.met),
      nowMet: turned(bs, as, false, true),
      nowNotMet: [...as].filter(([code, v]) => v === false && bs.get(code) !== false).map(([code]) => code),
      students,
    },
    rooms: {
      short: a.rooms.short - b.rooms.short,
      met: was(b.rooms.met, a.rooms.met),
      nowMet: turned(br, ar, false, true),
      nowNotMet: [...ar].filter(([code, v]) => v === false && br.get(code) !== false).map(([code]) => code),
    },
    scorecard: {
      changed,
      summary: {
        met: a.scorecard.summary.met - b.scorecard.summary.met,
        notMet: a.scorecard.summary.notMet - b.scorecard.summary.notMet,
        notAssessable: a.scorecard.summary.notAssessable - b.scorecard.summary.notAssessable,
      },
    },
    entitlements: {
      totalYuan: fenToYuan(after.totalsFen.total - before.totalsFen.total),
      trainingMinimumYuan: fenToYuan(after.totalsFen.trainingMinimum - before.totalsFen.trainingMinimum),
      schools: money,
    },
  };
}
