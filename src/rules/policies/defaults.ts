// Which profile a county-year uses when none is assigned: policies/defaults.json, a map from county code
// (6 digits) to profile id, with "*" for every other county.

import type { PolicyProblem } from './definition.js';

export interface PolicyDefaults {
  /** County code → profile id. */
  byCounty: Readonly<Record<string, string>>;
  /** The profile of every county not listed ("*"). */
  fallback: string;
}

const COUNTY = /^\d{6}$/;
const POLICY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** Reads the defaults map; every problem at once (`knownIds`: the profiles it may name). */
export function parsePolicyDefaults(value: unknown, knownIds: ReadonlySet<string>): { defaults?: PolicyDefaults; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ pointer: '/', message: 'must be an object: { "<county code>": "<policy id>", "*": "<policy id>" }' }] };
  }
  const byCounty: Record<string, string> = {};
  let fallback: string | undefined;
  for (const [key, id] of Object.entries(value as Record<string, unknown>)) {
    const pointer = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key !== '*' && !COUNTY.test(key)) {
      problems.push({ pointer, message: 'a key is a 6-digit county code or "*"' });
      continue;
    }
    if (typeof id !== 'string' || !POLICY_ID.test(id)) {
      problems.push({ pointer, message: 'must be a policy id' });
      continue;
    }
    if (!knownIds.has(id)) {
      problems.push({ pointer, message: `names policy ${id}, which no file defines` });
      continue;
    }
    if (key === '*') fallback = id;
    else byCounty[key] = id;
  }
  if (!('*' in (value as Record<string, unknown>))) problems.push({ pointer: '/', message: 'needs "*": the profile of every county not listed' });
  if (problems.length > 0 || fallback === undefined) return { problems };
  return { defaults: { byCounty, fallback }, problems };
}

/** The default profile of a county. */
export const defaultPolicyFor = (defaults: PolicyDefaults, countyCode: string): string => defaults.byCounty[countyCode] ?? defaults.fallback;
