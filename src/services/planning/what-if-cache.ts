// The county-years what-if scenarios start from, kept in the process by county, year and policy choice
// under the county-year's data version (src/db/schema/versions.ts), as the scorecard keeps its answers:
// scenarios are tried one after another on the same data, and each then costs one small query for the
// version plus the engines on its changed copy. The county-year's own evaluation (`before`) is kept with
// it. Kept records are shared between requests, so they are frozen: scenarios edit copies.

import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';
import { countyYearDataVersion } from '../data-versions.js';
import { activePolicyCatalog } from '../policies.js';
import type { PolicyCatalog } from '../policy-files.js';
import { evaluate, type Evaluation } from './what-if-evaluate.js';
import { loadCountyYear, type CountyYearBase } from './what-if-snapshot.js';

export interface StartingPoint {
  base: CountyYearBase;
  /** Every engine over the county-year as stored. */
  before: Evaluation;
}

interface Entry {
  version: string;
  catalog: PolicyCatalog;
  start: Promise<StartingPoint>;
}

let caches = new WeakMap<object, Map<string, Entry>>();
let cacheEntries = 20;
const counts = { hits: 0, misses: 0 };

/**
 * Sets how many county-years the process keeps per database (default 20; 0 turns the cache off). Either
 * way every kept one is dropped. The benchmark measures a scenario with the cache off (the first scenario
 * on new data) and with it on (the next ones).
 */
export function configureWhatIfCache(options: { maxEntries: number }): void {
  cacheEntries = Math.max(0, Math.floor(options.maxEntries));
  caches = new WeakMap();
}

/** Starting points taken from the cache and read from the database since the process started. */
export function whatIfCacheCounts(): { hits: number; misses: number } {
  return { ...counts };
}

/** The county-year's data version (src/services/data-versions.ts), shared with the scorecard's cache. */
const dataVersion = countyYearDataVersion;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // a Map's entries are not properties: freeze the records it holds (the map itself is never handed out to edit)
    if (value instanceof Map) for (const v of value.values()) deepFreeze(v);
    else for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The records a scenario copies and the evaluation; not the context, whose policy profile belongs to the policy catalog. */
function freeze(start: StartingPoint): StartingPoint {
  deepFreeze(start.base.schools);
  deepFreeze(start.before);
  return start;
}

async function read(
  db: Queryable,
  countyCode: string,
  year: number,
  policyId: string | undefined,
  versionRead?: string,
): Promise<{ start: StartingPoint; version: string }> {
  const { base, version } = await loadCountyYear(db, countyCode, year, policyId, versionRead);
  return { start: { base, before: evaluate(base, base.schools) }, version };
}

/** The county-year as stored, with its evaluation: the kept one while its data version is current. */
export async function startingPoint(db: Queryable, countyCode: string, year: number, policyId: string | undefined): Promise<StartingPoint> {
  if (cacheEntries === 0 || db instanceof PgTransaction) return (await read(db, countyCode, year, policyId)).start;
  const key = `${countyCode}/${year}/${policyId ?? ''}`;
  const cache = caches.get(db) ?? new Map<string, Entry>();
  caches.set(db, cache);
  const version = await dataVersion(db, countyCode, year);
  const catalog = activePolicyCatalog();
  const hit = cache.get(key);
  if (hit && hit.version === version && hit.catalog === catalog) {
    counts.hits++;
    cache.delete(key);
    cache.set(key, hit);
    return hit.start;
  }
  counts.misses++;
  // kept under the version the data was read as of (src/services/planning/what-if-snapshot.ts): the one
  // just read, or a later one when a write arrived while reading
  const loading = read(db, countyCode, year, policyId, version);
  const entry: Entry = { version, catalog, start: loading.then(({ start }) => freeze(start)) };
  // a failed read is answered from `loading` below; requests sharing the entry get the rejection themselves
  entry.start.catch(() => {});
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > cacheEntries) cache.delete(cache.keys().next().value as string);
  try {
    const { version: read } = await loading;
    entry.version = read;
    return await entry.start;
  } catch (error) {
    // errors (404) are not kept: the data they complain of may arrive at any moment
    if (cache.get(key) === entry) cache.delete(key);
    throw error;
  }
}
