// The county-years what-if scenarios start from, kept in the process by county, year and policy choice
// under the county-year's data version (src/db/schema/versions.ts), as the scorecard keeps its answers:
// scenarios are tried one after another on the same data, and each then costs one small query for the
// version plus the engines on its changed copy. The county-year's own evaluation (`before`) is kept with
// it. Kept records are shared between requests, so they are frozen: scenarios edit copies.

import type { Queryable } from '../../db/connection.js';
import { deepFreeze } from '../deep-freeze.js';
import { versionedCache } from '../versioned-cache.js';
import { evaluate, type Evaluation } from './what-if-evaluate.js';
import { loadCountyYear, type CountyYearBase } from './what-if-snapshot.js';

export interface StartingPoint {
  base: CountyYearBase;
  /** Every engine over the county-year as stored. */
  before: Evaluation;
}

/** Starting points by county, year and policy choice under the county-year's data version (../versioned-cache.ts). */
const cache = versionedCache<StartingPoint>({ maxEntries: 20, keep: freeze });

/**
 * Sets how many county-years the process keeps per database (default 20; 0 turns the cache off). Either
 * way every kept one is dropped. The benchmark measures a scenario with the cache off (the first scenario
 * on new data) and with it on (the next ones).
 */
export const configureWhatIfCache = (options: { maxEntries: number }): void => cache.configure(options);

/** Starting points taken from the cache and read from the database since the process started. */
export const whatIfCacheCounts = (): { hits: number; misses: number } => cache.counts();

/** The records a scenario copies and the evaluation; not the context, whose policy profile belongs to the policy catalog. */
function freeze(start: StartingPoint): StartingPoint {
  deepFreeze(start.base.schools);
  deepFreeze(start.before);
  return start;
}

/**
 * The county-year as stored, with its evaluation: the kept one while its data version is current. It is kept
 * under the version the data was read as of (./what-if-snapshot.ts): the one just read, or a later one when
 * a write arrived while reading.
 */
export function startingPoint(db: Queryable, countyCode: string, year: number, policyId: string | undefined): Promise<StartingPoint> {
  return cache.get(db, countyCode, year, policyId ?? '', async (versionRead) => {
    const { base, version } = await loadCountyYear(db, countyCode, year, policyId, versionRead);
    return { value: { base, before: evaluate(base, base.schools) }, version };
  });
}
