// What to generate: the seed, the years, and the four headline counts. `--scale` (or `--counties` alone)
// scales the default province proportionally; explicit counts win over the scale.
import { DEMO_COUNTY, MAX_SCHOOLS, maxCounties } from './codes.js';

/** Guangdong-sized defaults of issue 6: county-level units, schools, classes and teacher-years per year. */
export const FULL_SCALE = { counties: 120, schools: 15_000, classes: 300_000, teachers: 700_000 } as const;
export const DEFAULT_SEED = 44;
export const DEFAULT_YEARS: readonly number[] = [2024];

export interface ProvinceTargets {
  counties: number;
  schools: number;
  /** Classes per year. */
  classes: number;
  /** Teacher-years per year (so also the number of teachers in a one-year province). */
  teachers: number;
}

export interface ProvinceSpec {
  seed: number;
  years: number[];
  targets: ProvinceTargets;
}

export interface ScaleInput {
  scale?: number | undefined;
  counties?: number | undefined;
  schools?: number | undefined;
  classes?: number | undefined;
  teachers?: number | undefined;
}

/** Resolves the counts: scale = --scale, else --counties / 120, else 1. */
export function resolveTargets(input: ScaleInput = {}): ProvinceTargets {
  const scale = input.scale ?? (input.counties !== undefined ? input.counties / FULL_SCALE.counties : 1);
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const counties = input.counties ?? Math.max(1, Math.round(FULL_SCALE.counties * scale));
  const schools = input.schools ?? Math.max(counties, Math.round(FULL_SCALE.schools * scale));
  const classes = input.classes ?? Math.max(schools, Math.round(FULL_SCALE.classes * scale));
  const teachers = input.teachers ?? Math.max(schools, Math.round(FULL_SCALE.teachers * scale));
  if (counties < 1 || counties > maxCounties())
    throw new RangeError(
      `counties must be 1..${maxCounties()} (Guangdong's county-level units in the division data, less the demo county ${DEMO_COUNTY}), got ${counties}`,
    );
  if (schools < counties) throw new RangeError(`need at least one school per county (${schools} schools, ${counties} counties)`);
  if (schools > MAX_SCHOOLS) throw new RangeError(`at most ${MAX_SCHOOLS} schools, got ${schools}`);
  if (classes < schools) throw new RangeError(`need at least one class per school (${classes} classes, ${schools} schools)`);
  if (teachers < schools) throw new RangeError(`need at least one teacher per school (${teachers} teachers, ${schools} schools)`);
  return { counties, schools, classes, teachers };
}

/** `2024` or `2020-2024` (the B16 training window needs five years). */
export function parseYears(text: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`--years must be a year or a range like 2020-2024, got "${text}"`);
  const first = Number(m[1]);
  const last = Number(m[2] ?? m[1]);
  if (first < 2000 || last > 2100 || last < first) throw new RangeError(`--years ${text}: need 2000 <= first <= last <= 2100`);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export interface CliOptions extends ProvinceSpec {
  truncate: boolean;
  databaseUrl: string;
  /** true when DATABASE_URL was not set and the local default is used. */
  defaultedUrl: boolean;
  progress: boolean;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export const USAGE = `Usage: npm run gen:province -- [options]

Writes a deterministic synthetic province straight into PostgreSQL with COPY.

  --seed S           PRNG seed (default ${DEFAULT_SEED}); the same seed and counts give the same rows
  --scale X          scale the default province (${FULL_SCALE.counties} counties, ${FULL_SCALE.schools} schools,
                     ${FULL_SCALE.classes} classes and ${FULL_SCALE.teachers} teacher-years per year); e.g. 0.01
  --counties N       number of counties, at most ${maxCounties()}: Guangdong's real county-level units (every city's
                     first before any city's second), less the demo county; alone, it also scales the other
                     counts by N/${FULL_SCALE.counties}
  --schools N, --classes N, --teachers N   override one count (classes and teacher-years are per year)
  --years Y|Y1-Y2    school years to generate (default ${DEFAULT_YEARS.join(',')}); e.g. 2020-2024 for B16
  --truncate         first delete the synthetic province: its schools and teachers (by their generated codes),
                     then the towns and counties left without schools
  --no-progress      no progress bar
  -h, --help

DATABASE_URL names the PostgreSQL database (default ${DEFAULT_DATABASE_URL}); PGlite is refused.`;

function numberArg(name: string, value: string | undefined, integer: boolean): number {
  if (value === undefined) throw new RangeError(`${name} needs a value`);
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'}, got "${value}"`);
  return n;
}

/** Parses the command line; returns null for --help. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions | null {
  const scale: ScaleInput = {};
  let seed = DEFAULT_SEED;
  let years = [...DEFAULT_YEARS];
  let truncate = false;
  let progress = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '-h':
      case '--help':
        return null;
      case '--seed':
        seed = numberArg(flag, value(), true);
        break;
      case '--scale':
        scale.scale = numberArg(flag, value(), false);
        break;
      case '--counties':
        scale.counties = numberArg(flag, value(), true);
        break;
      case '--schools':
        scale.schools = numberArg(flag, value(), true);
        break;
      case '--classes':
        scale.classes = numberArg(flag, value(), true);
        break;
      case '--teachers':
        scale.teachers = numberArg(flag, value(), true);
        break;
      case '--years':
        years = parseYears(value() ?? '');
        break;
      case '--truncate':
        truncate = true;
        break;
      case '--no-progress':
        progress = false;
        break;
      default:
        throw new RangeError(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  const given = env.DATABASE_URL;
  return {
    seed,
    years,
    targets: resolveTargets(scale),
    truncate,
    progress,
    databaseUrl: given || DEFAULT_DATABASE_URL,
    defaultedUrl: !given,
  };
}

/** The generator writes with COPY over the PostgreSQL protocol: anything else (PGlite's DATA_DIR) is refused. */
export function assertPostgresUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`DATABASE_URL is not a URL: ${url}`);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new Error(`the province generator needs PostgreSQL (postgres://…); PGlite is not the database for a province (got ${protocol})`);
  }
}
