// Authentication is being added beside this work: when the service has API keys
// (src/services/api-keys.ts), the benchmarks mint a key with every scope and send it as a bearer token;
// otherwise they send nothing. The module is loaded by path at run time so this file compiles either way.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Db } from '../src/db/connection.js';
import { API_SCOPES } from '../src/services/api-key-input.js';
import { systemContext } from '../src/services/context.js';

export interface BenchAuth {
  headers: Record<string, string>;
  /** How the headers were obtained, for the results file. */
  mode: 'none' | 'api-key';
  note?: string;
}

type CreateApiKey = (
  db: Db,
  input: { name: string; scopes: string[]; counties: string[] },
  ctx: ReturnType<typeof systemContext>,
) => Promise<{ token: string }>;

function apiKeysModule(): string | null {
  for (const ext of ['ts', 'js']) {
    const file = fileURLToPath(new URL(`../src/services/api-keys.${ext}`, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

/** An admin key for every county when the service has keys; no header at all when it does not. */
export async function benchAuth(db: Db): Promise<BenchAuth> {
  const file = apiKeysModule();
  if (!file) return { headers: {}, mode: 'none', note: 'no src/services/api-keys: requests sent without a key' };
  const mod = (await import(pathToFileURL(file).href)) as { createApiKey?: CreateApiKey };
  if (typeof mod.createApiKey !== 'function') {
    return { headers: {}, mode: 'none', note: 'src/services/api-keys has no createApiKey: requests sent without a key' };
  }
  const { token } = await mod.createApiKey(
    db,
    { name: `bench ${new Date().toISOString()}`, scopes: [...API_SCOPES], counties: ['*'] },
    systemContext('bench'),
  );
  return { headers: { authorization: `Bearer ${token}` }, mode: 'api-key' };
}
