import { PassThrough } from 'node:stream';
import type { ArgumentsHost } from '@nestjs/common';
import { ApiException } from './api-exception';
import { ApiExceptionFilter } from './api-exception.filter';

/** A request whose body is still arriving, and a response that records what is sent. */
function exchange() {
  const request = Object.assign(new PassThrough(), { complete: false });
  request.on('end', () => (request.complete = true));
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    headersSent: false,
    socket: { destroyed: false },
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { request, response, sent, host };
}

describe('ApiExceptionFilter on a request refused before its body was read', () => {
  // Answered at once, Node closes the connection while the client is still sending, and the client, still
  // writing, gets a reset instead of the answer (found by fuzzing the uploads without a valid key).
  it('answers only once the rest of the body has been read and dropped', async () => {
    const { request, sent, host } = exchange();
    new ApiExceptionFilter([], 1024).catch(new ApiException('UNAUTHENTICATED', 'No key.'), host);
    request.write(Buffer.alloc(512));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual({});
    request.end(Buffer.alloc(256));
    await new Promise((resolve) => request.once('end', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  it('cuts a body past the limit and answers nothing on the cut connection', async () => {
    const { request, response, sent, host } = exchange();
    // As on a server: destroying the request destroys its socket.
    const destroy = request.destroy.bind(request);
    request.destroy = (error?: Error) => {
      response.socket.destroyed = true;
      return destroy(error);
    };
    new ApiExceptionFilter([], 1024).catch(new ApiException('UNAUTHENTICATED', 'No key.'), host);
    request.write(Buffer.alloc(2048));
    await new Promise((resolve) => request.once('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(request.destroyed).toBe(true);
    expect(sent).toEqual({});
  });

  it('answers at once when the body is already in', () => {
    const { request, sent, host } = exchange();
    request.complete = true;
    new ApiExceptionFilter([], 1024).catch(new ApiException('UNAUTHENTICATED', 'No key.'), host);
    expect(sent).toMatchObject({ status: 401 });
  });
});
