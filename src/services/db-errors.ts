/** The PostgreSQL error under whatever wrappers the driver or drizzle put around it. */
export interface PgErrorInfo {
  code: string;
  detail?: string;
  table?: string;
  constraint?: string;
  message: string;
}

export function pgError(error: unknown): PgErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const e = current as Record<string, unknown>;
      if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
        return {
          code: e.code,
          message: String(e.message ?? ''),
          ...(typeof e.detail === 'string' ? { detail: e.detail } : {}),
          ...(typeof e.table === 'string' ? { table: e.table } : {}),
          ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
        };
      }
      current = e.cause;
    } else break;
  }
  return undefined;
}

/** Connection-level failures: the database is unreachable rather than the request wrong. */
export function isConnectionError(error: unknown): boolean {
  if (hasFatalSeverity(error)) return true;
  const info = pgError(error);
  if (info && (info.code.startsWith('08') || info.code === '57P01' || info.code === '57P02' || info.code === '57P03')) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(e.code)) return true;
    if (typeof e.message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end|PGlite is closed/i.test(e.message))
      return true;
    current = e.cause;
  }
  return false;
}

/**
 * PostgreSQL refusing or ending a connection (FATAL: too many connections, not accepting connections,
 * shutting down) is the database being unavailable, whatever the error code.
 */
function hasFatalSeverity(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as { severity?: unknown; cause?: unknown };
    if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
    current = e.cause;
  }
  return false;
}

/** A statement cancelled by statement_timeout (57014); its transaction rolled back. */
export const isStatementTimeout = (error: unknown): boolean => pgError(error)?.code === '57014';
