// The soak's HTTP client: node:http over a keep-alive agent of at most `connections` sockets, so the
// service sees exactly that many client connections (the pool of the run), and every failure is kept
// with the code that says whether the request can have reached the service.
import { createHash } from 'node:crypto';
import http from 'node:http';

export interface Answer {
  /** HTTP status, or null when no answer came (the request failed on the wire or timed out). */
  status: number | null;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** For a request without an answer: the error code (`ECONNREFUSED`, `ECONNRESET`, `TIMEOUT`, …). */
  error?: string;
}

export interface RequestSpec {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  requestId?: string;
  timeoutMs: number;
}

export class SoakClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly host: string,
    private readonly port: number,
    connections: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request(spec: RequestSpec): Promise<Answer> {
    const payload = spec.body === undefined ? undefined : Buffer.from(JSON.stringify(spec.body));
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (spec.token) headers.authorization = `Bearer ${spec.token}`;
    if (spec.requestId) headers['x-request-id'] = spec.requestId;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const req = http.request({ host: this.host, port: this.port, method: spec.method, path: spec.path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode ?? null, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err: NodeJS.ErrnoException) => finish({ status: null, headers: {}, text: '', error: err.code ?? err.message }));
      });
      // A whole-request deadline (not the socket's idle timeout): a request that is still open then has an
      // unknown outcome, like one whose connection was cut.
      const timer = setTimeout(() => {
        finish({ status: null, headers: {}, text: '', error: 'TIMEOUT' });
        req.destroy();
      }, spec.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => finish({ status: null, headers: {}, text: '', error: err.code ?? err.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A short digest of an answer's body, logged instead of the body itself. */
export const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
