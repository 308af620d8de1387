/** A problem found in input, located by a JSON pointer into the request part named by `in`. */
export interface Issue {
  pointer: string;
  message: string;
  in?: 'body' | 'query' | 'path' | 'header';
}

/**
 * Errors the services raise on purpose; the error plugin turns each into RFC 9457 problem+json.
 * Anything else that escapes is a 500 (or a 503 when the database is unreachable).
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors: Issue[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new ServiceError(404, 'not-found', 'Not Found', `${what} does not exist`);

export const unprocessable = (errors: Issue[], detail = 'the request refers to records that do not fit') =>
  new ServiceError(422, 'unprocessable', 'Unprocessable Content', `${detail}: ${errors.length} problem(s)`, errors);

export const conflict = (detail: string) => new ServiceError(409, 'conflict', 'Conflict', detail);
