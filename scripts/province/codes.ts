// The synthetic province stands for Guangdong (44): its counties are Guangdong's county-level units of the
// division data (data-files/divisions, docs/divisions.md) with their real codes, names, cities and towns,
// less the demo county 441427, which the demo stands for (policies, plans and a database may hold both).
// A province of N counties takes the first N of an order that visits every city before it takes a
// second county of any, so even a small province spreads over many cities for the roll-ups. Guangdong has
// 124 county-level units, so at most 123 counties can be asked for.
//
// What is synthetic is told by the codes the generator makes up, never by the county codes, which are real:
// - school  学校标识码: 2-digit category (docs/domain.md §1.4) + `44` + 6-digit provincial serial from 500000, unique
//   across the province whatever the category; the demo's serials are 1427xx.
// - teacher `G` + county code + 6-digit serial (e.g. G440103000123); demo teachers are `T441427nnnn`.

import { divisions, type Town } from '../../src/services/divisions.js';

export const PROVINCE_CODE = '44';
/** The demo county (src/demo): never a county of the synthetic province. */
export const DEMO_COUNTY = '441427';
export const SCHOOL_SERIAL_BASE = 500_000;
export const MAX_SCHOOLS = 999_999 - SCHOOL_SERIAL_BASE + 1;

/** Schools the generator made, as a PostgreSQL regular expression. */
export const SYNTHETIC_SCHOOL_PATTERN = `^[0-9]{2}${PROVINCE_CODE}[5-9][0-9]{5}$`;
/** Teachers the generator made. */
export const SYNTHETIC_STAFF_PATTERN = `^G${PROVINCE_CODE}[0-9]{10}$`;
/**
 * Every county code the province can use (Guangdong's, but the demo county's), as a PostgreSQL regular
 * expression. In a database of its own, such as the benchmarks', that is the synthetic province; where
 * real Guangdong counties were loaded too, only the school and teacher codes tell synthetic rows apart.
 */
export const SYNTHETIC_COUNTY_PATTERN = `^${PROVINCE_CODE}(?!${DEMO_COUNTY.slice(2)}$)[0-9]{4}$`;
const SYNTHETIC_COUNTY_RE = new RegExp(SYNTHETIC_COUNTY_PATTERN);

export const isSyntheticCounty = (code: string): boolean => SYNTHETIC_COUNTY_RE.test(code);

export interface ProvinceCounty {
  countyCode: string;
  name: string;
  /** 6-digit form, as the counties table stores it. */
  cityCode: string;
  /** An urban unit: a 市辖区, or a city without counties (东莞市, 中山市). */
  district: boolean;
  /** Every town of the county in the division data, in code order; the first is the seat. */
  towns: readonly Town[];
}

let pool: readonly ProvinceCounty[] | undefined;

/** Guangdong's counties less the demo county, every city's first county before any city's second. */
export function provinceCounties(): readonly ProvinceCounty[] {
  if (pool) return pool;
  const data = divisions();
  const byCity = new Map<string, ProvinceCounty[]>();
  for (const c of data.countiesOf(PROVINCE_CODE)) {
    if (c.countyCode === DEMO_COUNTY) continue;
    const county: ProvinceCounty = {
      countyCode: c.countyCode,
      name: c.name,
      cityCode: c.cityCode,
      district: c.name.endsWith('区') || c.countyCode === c.cityCode,
      towns: data.townsOf(c.countyCode),
    };
    byCity.set(c.cityCode, [...(byCity.get(c.cityCode) ?? []), county]);
  }
  const cities = [...byCity.values()];
  const ordered: ProvinceCounty[] = [];
  for (let round = 0; ordered.length < cities.reduce((n, list) => n + list.length, 0); round++)
    for (const list of cities) if (round < list.length) ordered.push(list[round] as ProvinceCounty);
  pool = ordered;
  return pool;
}

/** How many counties a province can have: Guangdong's county-level units less the demo county. */
export const maxCounties = (): number => provinceCounties().length;

export function provinceCounty(index: number): ProvinceCounty {
  const county = Number.isInteger(index) && index >= 0 ? provinceCounties()[index] : undefined;
  if (!county) throw new RangeError(`county index ${index} is outside 0..${maxCounties() - 1}`);
  return county;
}

export function schoolCode(category: string, index: number): string {
  if (index < 0 || index >= MAX_SCHOOLS) throw new RangeError(`school index ${index} is outside 0..${MAX_SCHOOLS - 1}`);
  return `${category}${PROVINCE_CODE}${String(SCHOOL_SERIAL_BASE + index)}`;
}

export const staffCode = (county: string, serial: number): string => `G${county}${String(serial).padStart(6, '0')}`;
