// The code ranges of the synthetic province, chosen so that they cannot collide with real data or the demo:
//
// - county  `44` + city `01`–`21` + serial `50`–`99` (6 digits). Real Guangdong counties use city codes
//   01–20 and 51–53 with serials 02–83, and the demo county is 441427 (serial 27): a synthetic serial is
//   always 50 or more, so 441427 can never be produced. County i (0-based) gets city (i mod 21) + 1 and
//   serial 50 + floor(i / 21): 1,050 counties at most.
// - town    county code + `001`–`009` (街道, urban seat of a district) or `100`–`199` (镇).
// - school  学校标识码: 2-digit category (docs/domain.md §1.4) + `44` + 6-digit provincial serial from 500000, unique
//   across the province whatever the category; the demo's serials are 1427xx.
// - teacher `G` + county code + 6-digit serial (e.g. G440150000123); demo teachers are `T441427nnnn`.

export const PROVINCE_CODE = '44';
export const CITY_COUNT = 21;
export const SERIAL_FIRST = 50;
export const SERIAL_LAST = 99;
export const MAX_COUNTIES = CITY_COUNT * (SERIAL_LAST - SERIAL_FIRST + 1);
export const SCHOOL_SERIAL_BASE = 500_000;
export const MAX_SCHOOLS = 999_999 - SCHOOL_SERIAL_BASE + 1;

/** Every county code the generator can produce, as a PostgreSQL regular expression. */
export const SYNTHETIC_COUNTY_PATTERN = '^44(0[1-9]|1[0-9]|2[01])(5[0-9]|[6-9][0-9])$';
const SYNTHETIC_COUNTY_RE = new RegExp(SYNTHETIC_COUNTY_PATTERN);

export const isSyntheticCounty = (code: string): boolean => SYNTHETIC_COUNTY_RE.test(code);

export function countyCode(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COUNTIES) {
    throw new RangeError(`county index ${index} is outside 0..${MAX_COUNTIES - 1}`);
  }
  const city = (index % CITY_COUNT) + 1;
  const serial = SERIAL_FIRST + Math.floor(index / CITY_COUNT);
  return `${PROVINCE_CODE}${String(city).padStart(2, '0')}${serial}`;
}

export const cityCodeOf = (county: string): string => `${county.slice(0, 4)}00`;

export function schoolCode(category: string, index: number): string {
  if (index < 0 || index >= MAX_SCHOOLS) throw new RangeError(`school index ${index} is outside 0..${MAX_SCHOOLS - 1}`);
  return `${category}${PROVINCE_CODE}${String(SCHOOL_SERIAL_BASE + index)}`;
}

export const staffCode = (county: string, serial: number): string => `G${county}${String(serial).padStart(6, '0')}`;

