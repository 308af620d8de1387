import { randomUUID } from 'node:crypto';
import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_BASE } from './problem.js';

interface ClientError extends Error {
  code?: string;
}

const ANSWERS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'headers-too-large',
    'Request Header Fields Too Large',
    `the request line and headers together exceed ${maxHeaderSize} bytes`,
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'Request Timeout', 'the request was not received in time'],
};
const MALFORMED: [number, string, string, string] = [400, 'bad-request', 'Bad Request', 'the request is not valid HTTP/1.1'];

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refuses some requests before Fastify sees them (request
 * line and headers above `maxHeaderSize`, malformed HTTP, a timeout). They get a short problem+json too,
 * never an echo of what was sent, and a fresh request id that is also logged. The parser's error is not
 * logged as a whole: it carries the raw bytes, which may include an Authorization header.
 */
export function clientErrorHandler(this: FastifyInstance, error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, slug, title, detail] = ANSWERS[error.code ?? ''] ?? MALFORMED;
  const requestId = randomUUID();
  this.log.info({ reqId: requestId, code: error.code, status }, 'request refused by the HTTP parser');
  const body = JSON.stringify({ type: `${PROBLEM_BASE}${slug}`, title, status, detail, requestId });
  // As Node's own handler: nothing is written on a socket that is gone or already carries an answer.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  // Unlike destroy(), end() lets the answer leave first; then the connection goes, unread input with it.
  socket.once('finish', () => socket.destroy());
}
