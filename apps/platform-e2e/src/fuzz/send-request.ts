import { request } from 'node:http';
import { FuzzRequest } from './malformed-requests';

export type Outcome =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly contentType: string;
      /** The first bytes of the body (a stream or a download is cut off there). */
      readonly body: string;
    }
  | { readonly kind: 'no answer'; readonly reason: string };

const BODY_CAP = 64 * 1024;

/**
 * Sends `fuzz` on a connection of its own, exactly as written, and resolves with the answer's status and
 * first bytes. A stream (Server-Sent Events) resolves at its head and is aborted; a request with no answer
 * within `timeoutMs` is aborted and reported as such.
 */
export function sendRequest(baseUrl: string, fuzz: FuzzRequest, timeoutMs: number): Promise<Outcome> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request(
      {
        host: hostname,
        port,
        method: fuzz.method,
        path: fuzz.path,
        headers: fuzz.headers as Record<string, string | string[]>,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream') && status < 300)
          return settle({ kind: 'answered', status, contentType, body: '' });
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          settle({ kind: 'answered', status, contentType, body: Buffer.concat(chunks).toString('utf8') });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= BODY_CAP) done();
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(
      () => settle({ kind: 'no answer', reason: `none within ${timeoutMs} ms` }),
      timeoutMs,
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ kind: 'no answer', reason: `${error.code ?? ''} ${error.message}`.trim() }),
    );
    req.end(fuzz.body);
  });
}
