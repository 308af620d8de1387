/** Who asks and under which request id; every write carries it into the audit trail. */
export interface RequestContext {
  requestId: string;
  keyId: string | null;
  /** Counties the caller may read and write; '*' for all. */
  counties: '*' | ReadonlySet<string>;
}

export const systemContext = (requestId: string): RequestContext => ({ requestId, keyId: null, counties: '*' });
