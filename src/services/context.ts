/** Who asks and under which request id; every write carries it into the audit trail. */
export interface RequestContext {
  requestId: string;
  keyId: string | null;
}

export const systemContext = (requestId: string): RequestContext => ({ requestId, keyId: null });
