/** Who asks and under which request id; every write carries it into the audit trail. */
export interface RequestContext {
  requestId: string;
  keyId: string | null;
  /** Counties the caller may read and write; '*' for all. */
  counties: '*' | ReadonlySet<string>;
  /**
   * Whether writes may name county and town codes outside the division data (LOCAL_DIVISION_CODES,
   * docs/divisions.md); absent means they may not.
   */
  localDivisionCodes?: boolean;
}

export const systemContext = (requestId: string): RequestContext => ({ requestId, keyId: null, counties: '*' });
