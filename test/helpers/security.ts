import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/connection.js';
import type { GuardedRoute } from '../../src/plugins/auth.js';
import type { TestApp } from './app.js';

/**
 * A cheap fingerprint of everything a write can change: row counts and latest updates of the reference
 * tables, the audit trail and the keys. Equal fingerprints before and after a request mean it wrote nothing.
 */
export async function fingerprint(db: Db): Promise<string> {
  const { rows } = await db.execute<{ f: string }>(sql`
    SELECT concat_ws('|',
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM counties),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM towns),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM schools),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM school_years),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM classes),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM teachers),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM teacher_years),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM county_facts),
      (SELECT count(*) || ':' || coalesce(max(id)::text, '') FROM audit_events),
      (SELECT count(*) || ':' || coalesce(max(revoked_at)::text, '') FROM api_keys),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM plan_task_progress)) AS f`);
  return String(rows[0]?.f);
}

/** A content hash of every table of the public schema (slow; for before/after a whole test). */
export async function fullSnapshot(db: Db, except: string[] = []): Promise<Record<string, string>> {
  const { rows: tables } = await db.execute<{ name: string }>(
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const { rows } = await db.execute<{ h: string | null; n: number }>(
      sql.raw(`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h, count(*)::int AS n FROM "${name}" t`),
    );
    result[name] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return result;
}

export interface Samples {
  [param: string]: string;
}

/** Real keys from the demo county (441427, 2024) for every path parameter the routes use. */
export async function demoSamples(h: TestApp): Promise<Samples> {
  const schools = (await h.call('GET', '/v1/schools?countyCode=441427&kind=primary&limit=1')).body.items;
  const schoolCode = String(schools[0].schoolCode);
  const teacherYear = (await h.call('GET', `/v1/teacher-years?schoolCode=${schoolCode}&year=2024&limit=1`)).body.items[0];
  const town = (await h.call('GET', '/v1/towns?countyCode=441427&limit=1')).body.items[0];
  const keys = (await h.call('GET', '/v1/api-keys?limit=1')).body.items;
  const samples: Samples = {
    countyCode: '441427',
    year: '2024',
    schoolCode,
    staffCode: String(teacherYear.staffCode),
    townCode: String(town.townCode),
    policyId: 'jiaoling-2023',
    id: String(keys[0].id),
    // a task of the county's shipped plan (plans/441427/tasks.json)
    taskId: 'T04',
    // a code of the division data (docs/divisions.md)
    divisionCode: '441427',
    // the demo county's city and province (the roll-ups)
    cityCode: '441400',
    provinceCode: '44',
  };
  const run = await h.call('POST', '/v1/counties/441427/years/2024/funding-runs', {});
  if (run.status === 201 || run.status === 200) samples.runId = String(run.body.runId);
  // A second run of the same county-year: the diff route compares two runs.
  const other = await h.call('POST', '/v1/counties/441427/years/2023/funding-runs', {});
  if (other.status === 201 || other.status === 200) samples.otherRunId = String(other.body.runId);
  return samples;
}

/** The route's URL with its parameters filled in, or undefined when a parameter has no sample. */
export function fillPath(url: string, samples: Samples): string | undefined {
  let missing = false;
  const filled = url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = samples[name];
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? undefined : filled;
}

/** Query parameters a route requires, from its schema, with plausible values. */
export function requiredQuery(route: GuardedRoute): string {
  const q = route.schema.querystring as { required?: string[]; properties?: Record<string, { enum?: unknown[]; anyOf?: { const?: unknown }[] }> } | undefined;
  const parts: string[] = [];
  for (const name of q?.required ?? []) {
    const prop = q?.properties?.[name];
    // a comparison's years: the demo county's two
    const years: Record<string, string> = { year: '2024', from: '2023', to: '2024' };
    const value = years[name] ?? (name === 'stage' ? 'primary' : String(prop?.enum?.[0] ?? prop?.anyOf?.[0]?.const ?? '1'));
    parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Routes to test: every /v1 route but the HEAD twins of GET routes. */
export const routesOf = (h: TestApp) => h.app.guardedRoutes.filter((r) => r.method !== 'HEAD');
