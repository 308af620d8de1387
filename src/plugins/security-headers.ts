import type { FastifyHelmetOptions } from '@fastify/helmet';

/** Is the service reached over TLS? Only `PUBLIC_URL` says so: the process itself never terminates TLS. */
export const servedOverTls = (publicUrl: string | undefined): boolean => publicUrl?.startsWith('https:') ?? false;

/**
 * Helmet's defaults, except the two headers that only make sense behind TLS. Over plain HTTP,
 * `upgrade-insecure-requests` makes a browser fetch the /docs page's own scripts and styles over https
 * (which nothing serves, so the page stays blank), and `Strict-Transport-Security` is meaningless there.
 * Both are sent only when `PUBLIC_URL` is an https address.
 */
export function helmetOptions(publicUrl: string | undefined): FastifyHelmetOptions {
  const tls = servedOverTls(publicUrl);
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: tls ? [] : null } },
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}
