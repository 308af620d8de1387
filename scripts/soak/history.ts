// The history of a soak run: one entry per request with its answer, kept in memory for the checks and
// appended to history.jsonl as it completes (the file is the record a failed check is read from).
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * What an answer says about a write:
 * - ok: 2xx, the write took effect;
 * - refused: 4xx, it must have left nothing;
 * - unsent: the connection was refused, so the request never reached the service (nothing either);
 * - indeterminate: a 5xx, a cut connection or a timeout: it may or may not have taken effect.
 */
export type Outcome = 'ok' | 'refused' | 'unsent' | 'indeterminate';

export type RecordKind = 'school-year' | 'teacher' | 'classes';

/** The record a write sets if it takes effect: its kind, key and value in canonical JSON. */
export interface Effect {
  kind: RecordKind;
  key: string;
  value: string;
}

/** An audit event a write must leave when it takes effect (docs/api.md: one per row written). */
export interface ExpectedEvent {
  entity: string;
  entityKey: string;
}

export interface WriteInfo {
  /** Whether the workload meant it to be accepted (false: a deliberately bad value or row). */
  valid: boolean;
  effects: Effect[];
  events: ExpectedEvent[];
  /** Further events the write may leave, by entity and key prefix (the classes it replaces). */
  mayAlsoTouch?: { entity: string; keyPrefix: string };
}

export interface FundingInfo {
  idempotencyKey: string;
  year: number;
  runId?: string;
  replayed?: boolean;
}

export interface Entry {
  seq: number;
  requestId: string;
  op: string;
  method: string;
  /** The route template (`GET /v1/schools/{schoolCode}`), for the latency figures. */
  route: string;
  path: string;
  worker: number;
  /** Milliseconds since the start of the run, when the request was sent and when its answer ended. */
  start: number;
  end: number;
  status: number | null;
  outcome: Outcome;
  error?: string;
  digest: string;
  /** The body of a 4xx or 5xx answer (its problem document), cut to 1000 characters. */
  answer?: string;
  /** The body sent (the values written), logged for writes. */
  body?: unknown;
  write?: WriteInfo;
  funding?: FundingInfo;
  /** A read of a record the soak writes, with the value it answered (null: 404), checked against the writes. */
  read?: { kind: RecordKind; key: string; value: string | null };
  /** For rate-limited answers: their Retry-After header. */
  retryAfter?: string;
  /** The API key the request was made with, by its role. */
  keyRole: string;
}

export function outcomeOf(status: number | null, error: string | undefined): Outcome {
  if (status !== null) {
    if (status >= 200 && status < 300) return 'ok';
    if (status >= 400 && status < 500) return 'refused';
    return 'indeterminate';
  }
  return error === 'ECONNREFUSED' ? 'unsent' : 'indeterminate';
}

export class History {
  readonly entries: Entry[] = [];
  private readonly out: WriteStream;
  private seq = 0;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: 'a' });
  }

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: Entry): void {
    this.entries.push(entry);
    this.out.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
