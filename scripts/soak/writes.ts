// The writes of the workload: single PUTs of school-years, teachers and the classes of a school-year, and
// bulk loads of school-years and teachers, most valid and some deliberately refused (a bad value, a bad
// row). Every write carries a number unique in the run in one of its values, so that a value read back
// names the one write that stored it, and every valid write changes its record (one audit event each).
import type { Effect, ExpectedEvent } from './history.js';
import type { Rng } from './rng.js';
import { classesValue, recordValue } from './values.js';
import { type ClassSet, STAGE_NOT_TAUGHT, type World } from './world.js';

export interface Planned {
  op: string;
  method: string;
  route: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  role: 'worker' | 'funding';
  write?: { valid: boolean; effects: Effect[]; events: ExpectedEvent[]; mayAlsoTouch?: { entity: string; keyPrefix: string } };
  funding?: { idempotencyKey: string; year: number };
  read?: { kind: Effect['kind']; key: string };
}

export interface WriteContext {
  rng: Rng;
  world: World;
  nextWriteId: () => number;
}

/** yuan or m² with at most 2 decimals, from hundredths (a division by 100 prints exactly as written). */
const hundredths = (n: number) => Math.round(n) / 100;
const scaled = (value: unknown, rng: Rng, low: number, high: number) => hundredths(Number(value) * 100 * (low + rng.next() * (high - low)));

const stripped = (record: Record<string, unknown>, keys: string[]) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!keys.includes(k) && v !== null && v !== undefined) out[k] = v;
  return out;
};

function schoolYearBody(c: WriteContext, key: string, id: number, valid: boolean): Record<string, unknown> {
  const base = c.world.schoolYears.get(key) as Record<string, unknown>;
  const school = c.world.schools.find((s) => s.schoolCode === key.split('/')[0]);
  const body = stripped(base, ['schoolCode', 'year', 'createdAt', 'updatedAt']);
  const { rng } = c;
  body.teachingAreaM2 = scaled(base.teachingAreaM2, rng, 0.9, 1.1);
  // the indoor sports area is part of the sports area (a 422 otherwise)
  body.sportsAreaM2 = Math.max(scaled(base.sportsAreaM2, rng, 0.9, 1.1), Number(base.indoorSportsAreaM2 ?? 0));
  // the write's number in whole yuan, so that no two writes store the same value
  body.equipmentValueYuan = hundredths((Math.floor(Number(base.equipmentValueYuan) * 0.9) + id) * 100 + rng.int(0, 99));
  body.multimediaClassrooms = Math.max(0, Number(base.multimediaClassrooms) + rng.int(-2, 2));
  // kindergartens have no inclusion students (a 422 otherwise)
  if (school?.kind !== 'kindergarten') body.inclusionStudents = Math.max(0, Number(base.inclusionStudents) + rng.int(-1, 1));
  if (school?.boarding) body.boarders = Math.max(0, Number(base.boarders) + rng.int(-10, 10));
  if (!valid) {
    // a non-boarding school with boarders is a 422 (docs/api.md); a negative area a 400
    if (school && !school.boarding) body.boarders = rng.int(1, 30);
    else body.teachingAreaM2 = -rng.int(1, 100);
  }
  return body;
}

const SURNAMES = ['陈', '林', '黄', '张', '李', '钟', '曾', '丘', '徐', '刘'];

function teacherBody(c: WriteContext, id: number, valid: boolean): Record<string, unknown> {
  const { rng } = c;
  const body: Record<string, unknown> = { name: `${rng.pick(SURNAMES)}老师${id}`, gender: rng.pick(['male', 'female']), birthYear: rng.int(1960, 2000) };
  if (!valid) {
    if (rng.chance(0.5)) body.birthYear = rng.int(1800, 1929);
    else body.name = ' '.repeat(rng.int(1, 3));
  }
  return body;
}

function classesBody(c: WriteContext, set: ClassSet, id: number, valid: boolean): Record<string, unknown>[] {
  const { rng } = c;
  const classes = set.classes.map((k) => ({ ...stripped(k, ['schoolCode', 'year']), students: rng.int(15, 50) }));
  const first = classes[0] as Record<string, unknown>;
  // a class with the write's number in its code: created by this write, so its audit event names the write
  const marker: Record<string, unknown> = { classCode: `sk${id}`, stage: first.stage, students: rng.int(1, 40) };
  if (first.grade !== undefined) marker.grade = first.grade;
  if (!valid) {
    if (rng.chance(0.5)) marker.students = rng.int(201, 400);
    else {
      marker.stage = STAGE_NOT_TAUGHT[set.kind];
      delete marker.grade;
    }
  }
  return [...classes, marker];
}

export function putSchoolYear(c: WriteContext, valid: boolean): Planned {
  const key = c.rng.pick([...c.world.schoolYears.keys()]);
  const id = c.nextWriteId();
  const body = schoolYearBody(c, key, id, valid);
  const [schoolCode, year] = key.split('/');
  return {
    op: valid ? 'put-school-year' : 'put-school-year-bad',
    method: 'PUT',
    route: 'PUT /v1/schools/{schoolCode}/years/{year}',
    path: `/v1/schools/${schoolCode}/years/${year}`,
    body,
    role: 'worker',
    write: { valid, effects: [{ kind: 'school-year', key, value: recordValue('school-year', body) }], events: [{ entity: 'school-year', entityKey: key }] },
  };
}

export function putTeacher(c: WriteContext, valid: boolean): Planned {
  const staffCode = c.rng.pick([...c.world.teachers.keys()]);
  const id = c.nextWriteId();
  const body = teacherBody(c, id, valid);
  return {
    op: valid ? 'put-teacher' : 'put-teacher-bad',
    method: 'PUT',
    route: 'PUT /v1/teachers/{staffCode}',
    path: `/v1/teachers/${staffCode}`,
    body,
    role: 'worker',
    write: { valid, effects: [{ kind: 'teacher', key: staffCode, value: recordValue('teacher', body) }], events: [{ entity: 'teacher', entityKey: staffCode }] },
  };
}

export function putClasses(c: WriteContext, valid: boolean): Planned {
  const key = c.rng.pick([...c.world.classSets.keys()]);
  const set = c.world.classSets.get(key) as ClassSet;
  const id = c.nextWriteId();
  const body = classesBody(c, set, id, valid);
  return {
    op: valid ? 'put-classes' : 'put-classes-bad',
    method: 'PUT',
    route: 'PUT /v1/schools/{schoolCode}/years/{year}/classes',
    path: `/v1/schools/${set.schoolCode}/years/${set.year}/classes`,
    body,
    role: 'worker',
    write: {
      valid,
      effects: [{ kind: 'classes', key, value: classesValue(body) }],
      events: [{ entity: 'class', entityKey: `${key}/sk${id}` }],
      // the other classes of the school-year are updated (new sizes) and earlier markers deleted
      mayAlsoTouch: { entity: 'class', keyPrefix: `${key}/` },
    },
  };
}

/** A school code of the county that no school has: a school-year of it is refused with 422. */
const NO_SUCH_SCHOOL = '4414279999';

export function bulkLoad(c: WriteContext, valid: boolean): Planned {
  const { rng, world } = c;
  const schoolYearKeys = rng.sample([...world.schoolYears.keys()], rng.int(2, 5));
  const staffCodes = rng.sample([...world.teachers.keys()], rng.int(1, 3));
  const schoolYears = schoolYearKeys.map((key) => {
    const [schoolCode, year] = key.split('/');
    return { schoolCode, year: Number(year), ...schoolYearBody(c, key, c.nextWriteId(), true) };
  });
  const teachers: Record<string, unknown>[] = staffCodes.map((staffCode) => ({ staffCode, ...teacherBody(c, c.nextWriteId(), true) }));
  const effects: Effect[] = [
    ...schoolYears.map((row, i) => ({ kind: 'school-year' as const, key: schoolYearKeys[i] as string, value: recordValue('school-year', row) })),
    ...teachers.map((row) => ({ kind: 'teacher' as const, key: String(row.staffCode), value: recordValue('teacher', row) })),
  ];
  const events = effects.map((e) => ({ entity: e.kind, entityKey: e.key }));
  if (!valid) {
    // one bad row refuses the whole load: a school that does not exist (422) or a bad birth year (400)
    if (rng.chance(0.5)) {
      const template = schoolYears[0] as Record<string, unknown>;
      schoolYears.push({ ...template, schoolCode: NO_SUCH_SCHOOL, year: 2024 } as (typeof schoolYears)[number]);
    } else teachers.push({ staffCode: `SOAKBAD${c.nextWriteId()}`, ...teacherBody(c, c.nextWriteId(), true), birthYear: rng.int(1800, 1929) });
  }
  return {
    op: valid ? 'bulk' : 'bulk-bad',
    method: 'POST',
    route: 'POST /v1/bulk',
    path: '/v1/bulk',
    body: { schoolYears, teachers },
    role: 'worker',
    write: { valid, effects, events },
  };
}
