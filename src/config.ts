import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the service runs on embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * A streaming replica of DATABASE_URL that computed answers may be read from when it is new enough
   * (docs/deployment.md, "Read replicas"); unset = every read goes to DATABASE_URL.
   */
  databaseReadUrl: string | undefined;
  dataDir: string;
  demoData: boolean;
  bootstrapAdminToken: string | undefined;
  logLevel: string;
  /** Largest accepted request body, bytes (bulk loads are the big ones). */
  bodyLimit: number;
  /** Milliseconds a request may take before the server answers 503. */
  requestTimeoutMs: number;
  /** Pool size for PostgreSQL. */
  databasePoolSize: number;
  /** Longest a single SQL statement may run on PostgreSQL before it is cancelled (0 = no limit). */
  statementTimeoutMs: number;
  /** Requests per minute per API key (per client address before a key is known); 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Origins allowed by CORS; empty = CORS off (no CORS headers at all). `['*']` allows any origin. */
  corsOrigins: string[];
  /** Directory of the policy files (docs/policies.md); unset = the `policies/` directory shipped with the service. */
  policiesDir: string | undefined;
  /**
   * The address clients reach the service at (`https://edu.example.org`), when known. An https address
   * turns on HSTS and the CSP's `upgrade-insecure-requests`; without it, or with http, neither is sent.
   */
  publicUrl: string | undefined;
  /**
   * Secret that signs the report pages' session cookie. Unset: a random one per process, so sessions end
   * when the process stops; several instances behind one address need the same value.
   */
  sessionSecret: string | undefined;
  /** How long a report-page session lasts after signing in, minutes. */
  sessionMinutes: number;
  /**
   * Accept county and town codes outside the division data (pilots, synthetic data); off, such codes are
   * refused with 422 (docs/divisions.md).
   */
  localDivisionCodes: boolean;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** A bootstrap token must be hard to guess: at least 24 visible ASCII characters, no spaces. */
function bootstrapToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[\x21-\x7e]{24,512}$/.test(raw))
    throw new ConfigError('BOOTSTRAP_ADMIN_TOKEN must be 24 to 512 visible ASCII characters without spaces');
  return raw;
}

/** `CORS_ORIGINS`: a comma-separated list of origins (`https://a.example,https://b.example`) or `*`. */
function origins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const list = raw.split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const o of list) {
    if (o === '*') continue;
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new ConfigError(`CORS_ORIGINS: "${o}" is not an origin like https://example.org`);
    }
    if (url.origin !== o) throw new ConfigError(`CORS_ORIGINS: "${o}" is not an origin (scheme://host[:port], no path or trailing slash)`);
  }
  if (list.includes('*') && list.length > 1) throw new ConfigError('CORS_ORIGINS: "*" cannot be combined with other origins');
  return list;
}

/** `PUBLIC_URL`: an absolute http(s) URL such as `https://edu.example.org` (a path prefix is allowed). */
function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`PUBLIC_URL: "${raw}" is not an absolute URL like https://edu.example.org`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`PUBLIC_URL: "${raw}" must start with https:// or http://`);
  return url.toString();
}

/** `SESSION_SECRET`: at least 32 visible ASCII characters, so the cookie signature cannot be guessed. */
function sessionSecret(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[\x21-\x7e]{32,512}$/.test(raw)) throw new ConfigError('SESSION_SECRET must be 32 to 512 visible ASCII characters without spaces');
  return raw;
}

/** `DATABASE_READ_URL`: a replica of a PostgreSQL primary; embedded PGlite has none. */
function databaseReadUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_READ_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_READ_URL needs DATABASE_URL: it names a replica of that PostgreSQL database (embedded PGlite has none)');
  return raw;
}

/** Reads the configuration of README.md (Configuration) from the environment; every mistake is reported at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: databaseReadUrl(env),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    demoData: bool(env, 'DEMO_DATA', true),
    bootstrapAdminToken: bootstrapToken(env.BOOTSTRAP_ADMIN_TOKEN),
    logLevel,
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000),
    corsOrigins: origins(env.CORS_ORIGINS),
    policiesDir: env.POLICIES_DIR ? path.resolve(env.POLICIES_DIR) : undefined,
    publicUrl: publicUrl(env.PUBLIC_URL),
    sessionSecret: sessionSecret(env.SESSION_SECRET),
    sessionMinutes: int(env, 'SESSION_MINUTES', 480, 5, 43_200),
    localDivisionCodes: bool(env, 'LOCAL_DIVISION_CODES', false),
  };
}
