// The policy files: every `<id>.json` of the policies directory is a profile definition, `defaults.json`
// names each county's default profile. They are read and validated once, at start-up; any problem in any
// file stops the service with every problem listed (docs/policies.md).

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePolicyDefaults, type PolicyDefaults } from '../rules/policies/defaults.js';
import { applyExtends, type PolicyDefinition } from '../rules/policies/definition.js';
import { definitionSchemaProblems, policyDefinitionProblems } from '../rules/policies/resolve.js';

export const DEFAULTS_FILE = 'defaults.json';

export interface PolicyCatalog {
  /** The directory the files were read from (absolute). */
  dir: string;
  /** Every profile, its parent applied, in listing order: first school year, then id. */
  definitions: readonly PolicyDefinition[];
  byId: ReadonlyMap<string, PolicyDefinition>;
  defaults: PolicyDefaults;
}

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(`policy files in ${dir}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  }
}

/** The policies directory shipped with the service, found from this module (src/services or dist/src/services). */
export function shippedPoliciesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const relative of ['../../policies', '../../../policies']) {
    const dir = path.resolve(here, relative);
    if (existsSync(path.join(dir, DEFAULTS_FILE))) return dir;
  }
  throw new PolicyFileError(path.resolve(here, '../../policies'), ['the shipped policies directory was not found next to the service']);
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${path.basename(file)}: cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Applies each profile's parent (itself first applied); unknown parents and cycles are problems. */
function applyParents(raw: Map<string, { file: string; def: PolicyDefinition }>, problems: string[]): Map<string, PolicyDefinition> {
  const done = new Map<string, PolicyDefinition>();
  const failed = new Set<string>(); // reported once, through the first profile that led to it
  const visit = (id: string, trail: string[]): PolicyDefinition | undefined => {
    const ready = done.get(id);
    if (ready) return ready;
    const entry = raw.get(id);
    if (!entry || failed.has(id)) return undefined;
    const parentId = entry.def.extends;
    if (parentId === undefined) {
      done.set(id, entry.def);
      return entry.def;
    }
    if (trail.includes(parentId)) {
      problems.push(`${entry.file} /extends: ${[...trail, id, parentId].join(' → ')} is a cycle`);
      failed.add(id);
      return undefined;
    }
    const parent = visit(parentId, [...trail, id]);
    if (!parent) {
      if (!raw.has(parentId)) problems.push(`${entry.file} /extends: no file defines policy ${parentId}`);
      failed.add(id);
      return undefined;
    }
    const applied = applyExtends(entry.def, parent);
    done.set(id, applied);
    return applied;
  };
  for (const id of raw.keys()) visit(id, []);
  return done;
}

/**
 * Reads and validates every profile of `dir` and its defaults.json. Throws PolicyFileError listing every
 * problem of every file: a file that is not JSON, a name that is not `<id>.json`, a schema problem, an
 * unknown parent, a missing parameter, dates out of order, a contradiction, an unknown default.
 */
export function loadPolicyCatalog(dir: string = shippedPoliciesDir()): PolicyCatalog {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new PolicyFileError(absolute, ['is not a directory']);
  const problems: string[] = [];
  const raw = new Map<string, { file: string; def: PolicyDefinition }>();
  const files = readdirSync(absolute)
    .filter((f) => f.endsWith('.json') && f !== DEFAULTS_FILE)
    .sort();
  for (const file of files) {
    const value = readJson(path.join(absolute, file), problems);
    if (value === undefined) continue;
    const shape = definitionSchemaProblems(value);
    if (shape.length > 0) {
      for (const p of shape) problems.push(`${file} ${p.pointer}: ${p.message}`);
      continue;
    }
    const def = value as PolicyDefinition;
    if (file !== `${def.id}.json`) {
      problems.push(`${file} /id: the file of policy ${def.id} must be named ${def.id}.json`);
      continue;
    }
    raw.set(def.id, { file, def });
  }
  const applied = applyParents(raw, problems);
  for (const [id, def] of applied) {
    const file = raw.get(id)?.file ?? `${id}.json`;
    for (const p of policyDefinitionProblems(def)) problems.push(`${file} ${p.pointer}: ${p.message}`);
  }
  let defaults: PolicyDefaults | undefined;
  const defaultsPath = path.join(absolute, DEFAULTS_FILE);
  if (!existsSync(defaultsPath)) {
    problems.push(`${DEFAULTS_FILE}: missing; it names each county's default profile, e.g. { "441427": "jiaoling-2023", "*": "national-2017" }`);
  } else {
    const value = readJson(defaultsPath, problems);
    if (value !== undefined) {
      const parsed = parsePolicyDefaults(value, new Set(raw.keys()));
      for (const p of parsed.problems) problems.push(`${DEFAULTS_FILE} ${p.pointer}: ${p.message}`);
      defaults = parsed.defaults;
    }
  }
  if (problems.length > 0 || defaults === undefined) throw new PolicyFileError(absolute, problems);
  const definitions = [...applied.values()].sort((a, b) => a.validFrom - b.validFrom || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { dir: absolute, definitions, byId: new Map(definitions.map((d) => [d.id, d])), defaults };
}

let shipped: PolicyCatalog | undefined;

/** The shipped profiles (read once): for the demo county, the province generator, benchmarks and tests. */
export function shippedPolicyCatalog(): PolicyCatalog {
  shipped ??= loadPolicyCatalog(shippedPoliciesDir());
  return shipped;
}
