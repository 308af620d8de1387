// What a new API key may be, checked without the database: the service checks it before writing, and
// `npm run key:create` before it opens the database, so a mistyped command line is answered at once.

/** The scopes a key can hold (`admin` holds every scope); also the values of the api_keys.scopes column. */
export const API_SCOPES = ['read', 'write', 'funding:run', 'audit', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface NewApiKey {
  name: string;
  scopes: string[];
  counties: string[];
  expiresAt?: Date | null;
}

/** Checks what the JSON schema cannot: known scopes once each, `*` alone, an expiry in the future. */
export function checkNewKey(input: NewApiKey, now = new Date()) {
  const issues: { pointer: string; message: string; in: 'body' }[] = [];
  const problem = (pointer: string, message: string) => issues.push({ pointer, message, in: 'body' });
  if (input.name.trim() === '') problem('/name', 'must not be blank');
  if (input.scopes.length === 0) problem('/scopes', 'must name at least one scope');
  input.scopes.forEach((s, i) => {
    if (!(API_SCOPES as readonly string[]).includes(s)) problem(`/scopes/${i}`, `must be one of ${API_SCOPES.join(', ')}`);
    else if (input.scopes.indexOf(s) !== i) problem(`/scopes/${i}`, `${s} is listed twice`);
  });
  if (input.counties.length === 0) problem('/counties', 'must name at least one county code, or "*"');
  input.counties.forEach((c, i) => {
    if (c === '*') {
      if (input.counties.length > 1) problem(`/counties/${i}`, '"*" (every county) cannot be combined with county codes');
    } else if (!/^[0-9]{6}$/.test(c)) problem(`/counties/${i}`, 'must be a 6-digit county code or "*"');
    else if (input.counties.indexOf(c) !== i) problem(`/counties/${i}`, `${c} is listed twice`);
  });
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) problem('/expiresAt', 'must be in the future');
  return issues;
}
