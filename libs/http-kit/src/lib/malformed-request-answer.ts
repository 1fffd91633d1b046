import { randomUUID } from 'node:crypto';
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { API_ERROR_STATUS, ApiErrorBody, ApiErrorCode } from '@validahub/job-contracts';
import type { JsonLogger } from '@validahub/telemetry';

// Node's HTTP parser refuses these before any route or middleware runs (its error codes, as Node maps them).
const ANSWERS: Readonly<Record<string, readonly [ApiErrorCode, string]>> = {
  HPE_HEADER_OVERFLOW: [
    'HEADERS_TOO_LARGE',
    'The request line and headers are larger than the server accepts.',
  ],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [
    'PAYLOAD_TOO_LARGE',
    'The chunk extensions are larger than the server accepts.',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', 'The request did not arrive in time.'],
};
const MALFORMED = ['MALFORMED_REQUEST', 'The request is not valid HTTP/1.1.'] as const;

/** How long a refused client may keep sending before its connection is cut. */
const DRAIN_MS = 5_000;

/**
 * Requests Node's HTTP parser refuses (headers too large, a malformed request line, bytes a URL may not
 * hold) get the error envelope too, instead of Node's bare status line. The connection is closed after the
 * answer, but what the client is still sending is read and dropped for a while first: closing a socket with
 * unread bytes resets it, and the client would lose the answer.
 */
export function answerMalformedRequests(server: Server, logger: JsonLogger): void {
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // The parser reports again for every further chunk of a connection it already refused.
    if (answered.has(socket)) return;
    // Node's own test (http server internals): a response already under way cannot be replaced.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const [code, message] = ANSWERS[error.code ?? ''] ?? MALFORMED;
    const status = API_ERROR_STATUS[code];
    const body: ApiErrorBody = { error: { code, message, correlation_id: randomUUID() } };
    const text = JSON.stringify(body);
    logger.info({
      msg: 'malformed request refused',
      status,
      code,
      parser_error: error.code,
      correlation_id: body.error.correlation_id,
    });
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(text)}`,
        'Connection: close',
        '',
        text,
      ].join('\r\n'),
    );
    socket.resume();
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}
