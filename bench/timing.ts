// Small helpers shared by the in-process benchmarks (indicators, funding): wall-clock timing, medians,
// the province's counties, and the process's peak resident memory while a piece of work runs.
import type pg from 'pg';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';

/** Milliseconds taken by `f`, and its result. */
export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await f();
  return { ms: performance.now() - start, value };
}

export const medianOf = (xs: readonly number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export interface CountyRow {
  countyCode: string;
  /** Schools of the county with at least one class in the year. */
  schools: number;
}

/** The synthetic province's counties that have classes in `year`, by code. */
export async function provinceCounties(pool: pg.Pool, year: number): Promise<CountyRow[]> {
  const { rows } = await pool.query<{ county_code: string; schools: number }>(
    `SELECT s.county_code, count(DISTINCT s.school_code)::int AS schools
       FROM schools s JOIN classes c ON c.school_code = s.school_code AND c.year = $2
      WHERE s.county_code ~ $1
      GROUP BY s.county_code ORDER BY s.county_code`,
    [SYNTHETIC_COUNTY_PATTERN, year],
  );
  if (rows.length === 0) throw new Error(`no county of the synthetic province has classes in ${year}`);
  return rows.map((r) => ({ countyCode: r.county_code, schools: r.schools }));
}

/** Every n-th item, about `n` of them, for checks that need not cover everything. */
export const sampleOf = <T>(xs: readonly T[], n: number): T[] => {
  const step = Math.max(1, Math.floor(xs.length / n));
  return xs.filter((_, i) => i % step === 0).slice(0, n);
};

/**
 * Peak resident set (MB) of this process while `f` runs: the kernel's maxrss when it rose during the work
 * (exact), otherwise the highest of samples taken every 20 ms (maxrss then still holds an earlier peak).
 */
export async function withPeakRss<T>(f: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  const before = process.resourceUsage().maxRSS;
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 20);
  try {
    const value = await f();
    sampled = Math.max(sampled, process.memoryUsage.rss());
    const after = process.resourceUsage().maxRSS;
    const peakKb = after > before ? after : sampled / 1024;
    return { value, peakRssMb: Math.round(peakKb / 1024) };
  } finally {
    clearInterval(timer);
  }
}
