import { PassThrough, Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { ApiException } from '@validahub/http-kit';
import { ObjectTooLargeError, StoredObject } from '@validahub/storage';

type Store = (body: Readable) => Promise<StoredObject>;

const RAW_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

/**
 * Streams an upload (multipart field `file`, or a raw CSV body) into storage without buffering it. When
 * the upload is refused midway (too large), the rest of the request is read and dropped before answering,
 * so clients that are still sending see the 413 instead of a reset connection.
 */
export async function readUpload(request: Request, store: Store, maxBytes: number): Promise<StoredObject> {
  const type = (request.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  try {
    if (type === 'multipart/form-data') return await readMultipart(request, store);
    if (RAW_TYPES.includes(type)) return await readRaw(request, store);
  } catch (error) {
    await drain(request, 4 * maxBytes);
    if (error instanceof ObjectTooLargeError) {
      throw new ApiException('FILE_TOO_LARGE', `The file is larger than MAX_FILE_SIZE (${maxBytes} bytes).`, {
        max_bytes: maxBytes,
      });
    }
    throw error;
  }
  await drain(request, maxBytes);
  throw new ApiException(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the file as multipart/form-data (field `file`) or as a text/csv body.',
    {
      content_type: type || null,
    },
  );
}

/**
 * Stores `source` through a pass-through, so that a refused upload destroys the copy and not the source:
 * the source (the request, or busboy's file stream) is then read to its end and dropped, which keeps the
 * connection (and busboy) going until the client has sent everything.
 */
function storeThrough(source: Readable, store: Store): Promise<StoredObject> {
  const body = new PassThrough();
  source.pipe(body);
  return store(body).catch((error: unknown) => {
    source.unpipe(body);
    source.resume();
    throw error;
  });
}

function readRaw(request: Request, store: Store): Promise<StoredObject> {
  return storeThrough(request, store);
}

function readMultipart(request: Request, store: Store): Promise<StoredObject> {
  return new Promise((resolve, reject) => {
    let stored: Promise<StoredObject> | undefined;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fields: 20, parts: 40 } });
    } catch {
      reject(
        new ApiException('VALIDATION_FAILED', 'Malformed multipart request.', {
          fields: [{ field: 'file', message: 'file is required' }],
        }),
      );
      return;
    }
    parser.on('file', (field, stream) => {
      if (field !== 'file' || stored) {
        stream.resume();
        return;
      }
      stored = storeThrough(stream, store);
      // Settled in 'close' below; never an unhandled rejection meanwhile.
      stored.catch(() => undefined);
    });
    parser.on('error', (error) =>
      reject(
        new ApiException('VALIDATION_FAILED', `Malformed multipart request: ${(error as Error).message}`),
      ),
    );
    parser.on('close', () => {
      if (!stored)
        reject(
          new ApiException('VALIDATION_FAILED', 'No file in field `file`.', {
            fields: [{ field: 'file', message: 'file is required' }],
          }),
        );
      else stored.then(resolve, reject);
    });
    request.pipe(parser);
  });
}

/** Reads and drops what is left of the request body, up to a bound (then the connection is dropped). */
function drain(request: Request, limitBytes: number): Promise<void> {
  if (request.readableEnded) return Promise.resolve();
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
