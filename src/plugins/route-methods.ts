/**
 * The methods each registered path answers, so that a request for a path that exists with a method it
 * does not take is a 405 with `Allow`, and only a path that matches no route at all is a 404.
 */
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * A route URL as a regular expression over request paths: `:param` (with an optional `(regex)`) is one
 * segment, which may be empty as in the router (`GET /v1/schools/` reaches the school route and fails its
 * validation), and `*` is the rest.
 */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment
        .split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/)
        .map((piece) => (piece === '*' ? '.*' : piece.startsWith(':') ? '[^/]*' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join(''),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

export class RouteMethods {
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(methods: string | string[], url: string): void {
    // Catch-all routes (CORS preflight on "*") say nothing about which paths exist.
    if (url === '*' || url === '/*') return;
    let route = this.routes.get(url);
    if (!route) this.routes.set(url, (route = { pattern: patternOf(url), methods: new Set() }));
    for (const m of [methods].flat()) route.methods.add(m.toUpperCase());
  }

  /** Methods of every route matching the path (without its query string), in a conventional order. */
  allowed(path: string): string[] {
    let decoded = path;
    try {
      decoded = decodeURI(path);
    } catch {
      // the router refuses such paths before a handler runs; match the raw text
    }
    const methods = new Set<string>();
    for (const { pattern, methods: own } of this.routes.values()) {
      if (pattern.test(path) || pattern.test(decoded)) for (const m of own) methods.add(m);
    }
    return [...methods].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  }
}
