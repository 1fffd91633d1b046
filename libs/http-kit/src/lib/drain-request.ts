import type { IncomingMessage } from 'node:http';

/**
 * Reads and drops what is left of a request body, up to `limitBytes` (past it the connection is cut). An
 * answer sent while the client is still sending makes Node close the connection, and a client still
 * writing then gets a reset instead of the answer: draining first lets it read the answer.
 */
export function drainRequest(request: IncomingMessage, limitBytes: number): Promise<void> {
  if (request.complete || request.readableEnded || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limitBytes) {
        request.off('data', onData);
        request.destroy();
        resolve();
      }
    };
    request.on('data', onData);
    request.once('end', () => resolve());
    request.once('close', () => resolve());
    request.resume();
  });
}
