// The reads of the workload (record reads, list pages, indicator and entitlement reads, the plan and
// what-if routes, run verification) and the funding runs with their Idempotency-Keys.
import type { Planned, WriteContext } from './writes.js';
import { COUNTY, readPath, YEARS } from './world.js';

const countyYear = (c: WriteContext) => `/v1/counties/${COUNTY}/years/${c.rng.pick(YEARS)}`;
const read = (op: string, route: string, path: string, extra: Partial<Planned> = {}): Planned => ({ op, method: 'GET', route, path, role: 'worker', ...extra });

export const reads = {
  school: (c: WriteContext) => read('get-school', 'GET /v1/schools/{schoolCode}', `/v1/schools/${c.rng.pick(c.world.schools).schoolCode}`),
  schoolList: (c: WriteContext) =>
    read('list-schools', 'GET /v1/schools', `/v1/schools?countyCode=${COUNTY}&limit=20&offset=${c.rng.int(0, 30)}`),
  schoolYear: (c: WriteContext) => {
    const key = c.rng.pick([...c.world.schoolYears.keys()]);
    return read('get-school-year', 'GET /v1/schools/{schoolCode}/years/{year}', readPath('school-year', key), { read: { kind: 'school-year', key } });
  },
  teacher: (c: WriteContext) => {
    const key = c.rng.pick([...c.world.teachers.keys()]);
    return read('get-teacher', 'GET /v1/teachers/{staffCode}', readPath('teacher', key), { read: { kind: 'teacher', key } });
  },
  classes: (c: WriteContext) => {
    const key = c.rng.pick([...c.world.classSets.keys()]);
    return read('get-classes', 'GET /v1/schools/{schoolCode}/years/{year}/classes', readPath('classes', key), { read: { kind: 'classes', key } });
  },
  teacherList: (c: WriteContext) => read('list-teachers', 'GET /v1/teachers', `/v1/teachers?limit=50&offset=${c.rng.int(0, 1800)}`),
  scorecard: (c: WriteContext) => read('scorecard', 'GET /v1/counties/{countyCode}/years/{year}/scorecard', `${countyYear(c)}/scorecard`),
  resourceAllocation: (c: WriteContext) =>
    read('resource-allocation', 'GET /v1/counties/{countyCode}/years/{year}/resource-allocation', `${countyYear(c)}/resource-allocation`),
  classSizes: (c: WriteContext) => read('class-sizes', 'GET /v1/counties/{countyCode}/years/{year}/class-sizes', `${countyYear(c)}/class-sizes`),
  entitlements: (c: WriteContext) => read('entitlements', 'GET /v1/counties/{countyCode}/years/{year}/entitlements', `${countyYear(c)}/entitlements`),
  schoolEntitlement: (c: WriteContext) =>
    read(
      'school-entitlement',
      'GET /v1/schools/{schoolCode}/years/{year}/entitlement',
      `/v1/schools/${c.rng.pick(c.world.schools).schoolCode}/years/${c.rng.pick(YEARS)}/entitlement`,
    ),
  planGet: (c: WriteContext) =>
    read('remediation-plan', 'GET /v1/counties/{countyCode}/years/{year}/remediation-plan', `${countyYear(c)}/remediation-plan`),
  planPost: (c: WriteContext): Planned => ({
    op: 'remediation-plan-costs',
    method: 'POST',
    route: 'POST /v1/counties/{countyCode}/years/{year}/remediation-plan',
    path: `${countyYear(c)}/remediation-plan`,
    body: { costs: { hire_teachers: c.rng.int(100_000, 250_000), add_equipment: c.rng.int(50, 150) / 100 } },
    role: 'worker',
  }),
  whatIf: (c: WriteContext): Planned => {
    const school = c.rng.pick(c.world.schools.filter((s) => s.kind === 'primary' || s.kind === 'nine_year'));
    return {
      op: 'what-if',
      method: 'POST',
      route: 'POST /v1/counties/{countyCode}/years/{year}/what-if',
      path: `${countyYear(c)}/what-if`,
      body: { changes: [{ type: 'add_teachers', schoolCode: school.schoolCode, stage: 'primary', count: c.rng.int(1, 3) }] },
      role: 'worker',
    };
  },
};

/** The Idempotency-Keys sent so far, with the year each first asked for, and the runs answered. */
export class FundingState {
  readonly issued: { key: string; year: number }[] = [];
  readonly runIds: string[] = [];
  private n = 0;

  constructor(private readonly prefix: string) {}

  /**
   * A run request: mostly a new key; some reuse a recent key for the same county-year (a replay, possibly
   * racing the first request), a few for the other year (409 once the key has its run).
   */
  plan(c: WriteContext): Planned {
    const roll = c.rng.next();
    let key: string;
    let year: number;
    if (this.issued.length === 0 || roll < 0.55) {
      key = `${this.prefix}-run-${++this.n}`;
      year = c.rng.pick(YEARS);
      this.issued.push({ key, year });
    } else {
      const earlier = c.rng.pick(this.issued.slice(-20));
      key = earlier.key;
      year = roll < 0.9 ? earlier.year : (YEARS.find((y) => y !== earlier.year) as number);
    }
    return {
      op: 'funding-run',
      method: 'POST',
      route: 'POST /v1/counties/{countyCode}/years/{year}/funding-runs',
      path: `/v1/counties/${COUNTY}/years/${year}/funding-runs`,
      body: {},
      headers: { 'idempotency-key': key },
      role: 'funding',
      funding: { idempotencyKey: key, year },
    };
  }

  /** A verification of a run answered earlier (a scorecard read until there is one). */
  verify(c: WriteContext): Planned {
    if (this.runIds.length === 0) return reads.scorecard(c);
    const runId = c.rng.pick(this.runIds);
    return { op: 'verify-run', method: 'POST', route: 'POST /v1/funding-runs/{runId}/verify', path: `/v1/funding-runs/${runId}/verify`, role: 'worker' };
  }
}
