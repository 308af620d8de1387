// Answers kept in the process under the county-year's data version (src/services/data-versions.ts): a kept
// answer is served while the version and the policy catalog are those it was computed under, and replaced
// on the first request after any committed write. Shared by the scorecard and the what-if starting points.

import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/connection.js';
import { countyYearDataVersion } from './data-versions.js';
import { activePolicyCatalog } from './policies.js';
import type { PolicyCatalog } from './policy-files.js';



/**
 * What a load answers: the value, and the version its data was read as of when that is later than the one
 * it was given (a write arrived while reading).
 */
export interface Loaded<T> {
  value: T;
  version?: string;
}

interface Entry<T> {
  version: string;
  catalog: PolicyCatalog;
  value: Promise<T>;
}

export interface VersionedCache<T> {
  /**
   * The kept value of `county/year/variant` when current, else `load(version)`'s, kept (frozen by `keep`);
   * requests that arrive while it loads share it. Turned off, or inside a transaction (whose uncommitted
   * writes raise counters a rollback gives back), it is `load(undefined)`, kept nowhere. Failures are not kept.
   */
  get(db: Queryable, countyCode: string, year: number, variant: string, load: (version: string | undefined) => Promise<Loaded<T>>): Promise<T>;
  /** How many values the process keeps per database (0 turns the cache off); either way every kept one is dropped. */
  configure(options: { maxEntries: number }): void;
  /** Values served from the cache and loaded because none was current since the process started. */
  counts(): { hits: number; misses: number };
}

/**
 * A cache of at most `maxEntries` values per database handle, least recently used dropped first (a Map
 * keeps insertion order). One map per handle: two databases can hold the same county at the same counter
 * values with different data.
 */
export function versionedCache<T>(options: { maxEntries: number; keep: (value: T) => T }): VersionedCache<T> {
  let caches = new WeakMap<object, Map<string, Entry<T>>>();
  let maxEntries = options.maxEntries;
  const counts = { hits: 0, misses: 0 };

  return {
    async get(db, countyCode, year, variant, load) {
      if (maxEntries === 0 || db instanceof PgTransaction) return (await load(undefined)).value;
      const key = `${countyCode}/${year}/${variant}`;
      let cache = caches.get(db);
      if (!cache) caches.set(db, (cache = new Map()));
      // read before any data: the value then reflects at least the data of this version (read committed)
      const version = await countyYearDataVersion(db, countyCode, year);
      const catalog = activePolicyCatalog();
      const hit = cache.get(key);
      if (hit && hit.version === version && hit.catalog === catalog) {
        counts.hits++;
        cache.delete(key);
        cache.set(key, hit);
        return hit.value;
      }
      counts.misses++;
      const loading = load(version);
      const entry: Entry<T> = { version, catalog, value: loading.then((loaded) => options.keep(loaded.value)) };
      // a failed load is answered from `loading` below; requests sharing the entry get the rejection themselves
      entry.value.catch(() => {});
      cache.delete(key);
      cache.set(key, entry);
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      try {
        const loaded = await loading;
        if (loaded.version !== undefined) entry.version = loaded.version;
        return await entry.value;
      } catch (error) {
        // errors (404, 422) are not kept: the data they complain of may arrive at any moment
        if (cache.get(key) === entry) cache.delete(key);
        throw error;
      }
    },
    configure(o) {
      maxEntries = Math.max(0, Math.floor(o.maxEntries));
      caches = new WeakMap();
    },
    counts: () => ({ ...counts }),
  };
}
