import type { FastifyRequest } from 'fastify';
import { TOKEN_PREFIX } from '../services/api-keys.js';

/**
 * Tokens belong in the Authorization header only; one sent in a query string is refused, but the URL is
 * still echoed in problems (`instance`) and written to the request log. Before either, the values of query
 * parameters whose name suggests a secret, and any parameter holding what looks like one of our tokens,
 * become `REDACTED`.
 */
export const REDACTED = 'REDACTED';
const SECRET_NAMES = new Set(['access_token', 'token', 'api_key', 'api-key', 'apikey', 'key', 'authorization']);
const prefix = TOKEN_PREFIX.replace(/_/g, '(?:_|%5f)');
const TOKEN_LIKE = new RegExp(prefix, 'i'); // also percent-encoded (edu%5F…), also where decoding fails

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};
const holdsToken = (text: string): boolean => TOKEN_LIKE.test(text) || TOKEN_LIKE.test(decoded(text));

/** The URL with secret-bearing query values replaced; the path and every other parameter stay as sent. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      if (holdsToken(name)) return REDACTED;
      if (eq === -1) return part;
      return SECRET_NAMES.has(decoded(name).trim().toLowerCase()) || holdsToken(part.slice(eq + 1)) ? `${name}=${REDACTED}` : part;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${query}`;
}

/** The URL redacted, then cut to at most `max` characters (never inside a %-escape): a huge request is not repeated. */
export function shortUrl(url: string, max: number): string {
  const safe = redactUrl(url);
  return safe.length <= max ? safe : safe.slice(0, max).replace(/%[0-9A-Fa-f]?$/, '');
}

/** Longest URL written to the log (Node admits request lines and headers up to 16 KiB together). */
export const MAX_LOGGED_URL = 2048;

/** Fastify's request log serializer, with the URL redacted and cut. */
export const requestLogSerializer = (request: FastifyRequest) => ({
  method: request.method,
  url: shortUrl(request.url, MAX_LOGGED_URL),
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});
