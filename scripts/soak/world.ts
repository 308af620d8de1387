// What the workload writes to and reads from: the demo county as the service holds it at the start (read
// through the API), the records the soak writes, their values before the run, and the API keys.
import type { RecordKind } from './history.js';
import type { SoakClient } from './http.js';
import { parseJson } from './http.js';
import { classesValue, recordValue } from './values.js';

export const COUNTY = '441427';
export const YEARS = [2023, 2024] as const;

export interface SchoolInfo {
  schoolCode: string;
  kind: string;
  boarding: boolean;
}

export interface ClassSet {
  schoolCode: string;
  year: number;
  kind: string;
  classes: Record<string, unknown>[];
}

export interface World {
  schools: SchoolInfo[];
  /** Every school-year of the county with its record (the body a PUT would send back). */
  schoolYears: Map<string, Record<string, unknown>>;
  /** Teachers the soak writes: demo teachers (their record) and new staff codes (null: absent before). */
  teachers: Map<string, Record<string, unknown> | null>;
  /** School-years whose classes the soak replaces. */
  classSets: Map<string, ClassSet>;
  /** Every written record's value before the run (null: absent), by `kind|key`. */
  initial: Map<string, string | null>;
}

export const recordId = (kind: RecordKind, key: string) => `${kind}|${key}`;

/** The path that reads a record the soak writes. */
export function readPath(kind: RecordKind, key: string): string {
  if (kind === 'teacher') return `/v1/teachers/${key}`;
  const [schoolCode, year] = key.split('/');
  return kind === 'classes' ? `/v1/schools/${schoolCode}/years/${year}/classes` : `/v1/schools/${schoolCode}/years/${year}`;
}

/** The tokens of the run's API keys by role; each worker rotates over keys of its own. */
export type Roles = { audit: string; funding: string; burst: string; workers: string[][] };

/**
 * Keys per worker: the rate limit is per key, and a worker on a fast machine sends more than the service's
 * default limit (1200 a minute) allows one key; spread over four keys it stays well under it.
 */
const KEYS_PER_WORKER = 4;

async function getJson(client: SoakClient, token: string, path: string): Promise<unknown> {
  const answer = await client.request({ method: 'GET', path, token, timeoutMs: 60_000 });
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status ?? answer.error} ${answer.text.slice(0, 300)}`);
  return parseJson(answer.text);
}

/** API keys: four per worker (read and write), one shared for funding runs, one for the audit trail and one for the burst. */
export async function makeKeys(client: SoakClient, adminToken: string, workers: number): Promise<Roles> {
  const make = async (name: string, scopes: string[]) => {
    const answer = await client.request({
      method: 'POST',
      path: '/v1/api-keys',
      token: adminToken,
      body: { name, scopes, counties: ['*'] },
      timeoutMs: 60_000,
    });
    if (answer.status !== 201) throw new Error(`making key ${name}: ${answer.status ?? answer.error} ${answer.text.slice(0, 300)}`);
    return (parseJson(answer.text) as { token: string }).token;
  };
  const keys: string[][] = [];
  for (let i = 0; i < workers; i++) {
    const own: string[] = [];
    for (let k = 0; k < KEYS_PER_WORKER; k++) own.push(await make(`soak-worker-${i}-${k}`, ['read', 'write']));
    keys.push(own);
  }
  return {
    audit: await make('soak-audit', ['audit', 'read']),
    // one caller for every funding run, so that workers reusing an Idempotency-Key race for the same run
    funding: await make('soak-funding', ['funding:run', 'read']),
    burst: await make('soak-burst', ['read']),
    workers: keys,
  };
}

/** Kinds whose classes can be given a stage the school does not teach (docs/api.md), for refused writes. */
export const STAGE_NOT_TAUGHT: Record<string, string> = { primary: 'senior', nine_year: 'senior', junior: 'primary' };

/** Reads the county as the run starts; `newTeachers` staff codes are added to the written teachers. */
export async function readWorld(client: SoakClient, token: string, options: { demoTeachers: number; newTeachers: number; classSets: number }): Promise<World> {
  const schoolsPage = (await getJson(client, token, `/v1/schools?countyCode=${COUNTY}&limit=1000`)) as { items: (SchoolInfo & Record<string, unknown>)[] };
  const schools = schoolsPage.items.map((s) => ({ schoolCode: s.schoolCode, kind: s.kind, boarding: s.boarding }));
  const initial = new Map<string, string | null>();
  const schoolYears = new Map<string, Record<string, unknown>>();
  for (const school of schools) {
    const years = (await getJson(client, token, `/v1/schools/${school.schoolCode}/years?limit=1000`)) as { items: Record<string, unknown>[] };
    for (const record of years.items) {
      const key = `${school.schoolCode}/${record.year}`;
      schoolYears.set(key, record);
      initial.set(recordId('school-year', key), recordValue('school-year', record));
    }
  }
  const teachers = new Map<string, Record<string, unknown> | null>();
  const teacherPage = (await getJson(client, token, `/v1/teachers?limit=${options.demoTeachers}`)) as { items: Record<string, unknown>[] };
  for (const record of teacherPage.items) {
    teachers.set(String(record.staffCode), record);
    initial.set(recordId('teacher', String(record.staffCode)), recordValue('teacher', record));
  }
  for (let i = 0; i < options.newTeachers; i++) {
    const code = `SOAK${String(i).padStart(3, '0')}`;
    teachers.set(code, null);
    initial.set(recordId('teacher', code), null);
  }
  const classSets = new Map<string, ClassSet>();
  for (const school of schools.filter((s) => STAGE_NOT_TAUGHT[s.kind])) {
    if (classSets.size >= options.classSets) break;
    const year = YEARS[classSets.size % YEARS.length] as number;
    const key = `${school.schoolCode}/${year}`;
    const list = (await getJson(client, token, readPath('classes', key))) as { items: Record<string, unknown>[] };
    if (list.items.length === 0) continue;
    classSets.set(key, { schoolCode: school.schoolCode, year, kind: school.kind, classes: list.items });
    initial.set(recordId('classes', key), classesValue(list.items));
  }
  return { schools, schoolYears, teachers, classSets, initial };
}
