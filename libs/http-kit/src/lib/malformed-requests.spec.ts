import { connect } from 'node:net';
import { deflateSync } from 'node:zlib';
import { request } from 'node:http';
import { Body, CanActivate, Controller, INestApplication, Module, Post, UseGuards } from '@nestjs/common';
import { ApiException } from './api-exception';
import { createHttpApp } from './create-http-app';

class RefuseAll implements CanActivate {
  canActivate(): boolean {
    throw new ApiException('UNAUTHENTICATED', 'No key.');
  }
}

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return body;
  }

  /** Takes a raw body it never reads itself (as uploads do), behind a guard that refuses everyone. */
  @Post('upload')
  @UseGuards(RefuseAll)
  upload(): void {
    return undefined;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/** Writes `head` and then `body` on a raw connection and resolves with everything the server sent back. */
function exchange(port: number, head: string, body: Buffer = Buffer.alloc(0)): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

const statusAndBody = (answer: string) => ({
  status: Number(answer.slice(9, 12)),
  body: JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)),
});

const DRAIN_LIMIT = 8 * 1024 * 1024;

/** POSTs `size` bytes of text/csv; resolves with the answer's status, or the error that came instead. */
function upload(url: string, size: number): Promise<number | string> {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const req = request(
      {
        host: hostname,
        port,
        method: 'POST',
        path: '/echo/upload',
        headers: { 'content-type': 'text/csv' },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(Buffer.alloc(size, 0x61));
  });
}

// Regressions found by fuzzing the OpenAPI document (apps/platform-e2e/src/openapi-fuzz.e2e-spec.ts).
describe('malformed requests get the error envelope', () => {
  let app: INestApplication;
  let url: string;
  let port: number;

  beforeAll(async () => {
    ({ app } = await createHttpApp(EchoModule, {
      service: 'malformed-spec',
      logLevel: 'silent',
      drainLimitBytes: DRAIN_LIMIT,
    }));
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    port = Number(new URL(url).port);
  });

  afterAll(() => app.close());

  const post = (body: Buffer, encoding: string) =>
    fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });

  it.each(['deflate', 'gzip', 'br'])(
    'a body that is not what its Content-Encoding %s says → 400, not 500',
    async (encoding) => {
      const answer = await post(Buffer.from('{"a":1}'), encoding);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('Content-Encoding'),
          correlation_id: expect.any(String),
        },
      });
    },
  );

  it('still reads a body that is what its Content-Encoding says', async () => {
    const answer = await post(deflateSync('{"a":1}'), 'deflate');
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ a: 1 });
  });

  it('a request line with bytes a URL may not hold → 400 MALFORMED_REQUEST', async () => {
    const answer = statusAndBody(await exchange(port, 'GET /echo?\u00e9=\u00ff HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_REQUEST', correlation_id: expect.any(String) } },
    });
  });

  it('headers over the limit → 431 HEADERS_TOO_LARGE, answered even while the client is still sending', async () => {
    const head = `POST /echo HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\nContent-Length: 300000\r\n\r\n`;
    const answer = statusAndBody(await exchange(port, head, Buffer.alloc(300_000, 0x7b)));
    expect(answer).toMatchObject({ status: 431, body: { error: { code: 'HEADERS_TOO_LARGE' } } });
  });

  it('past the drain limit, the connection is cut rather than read forever', async () => {
    expect(await upload(url, 3 * DRAIN_LIMIT)).not.toBe(401);
  });
});
