import { PassThrough, Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { ApiException, drainRequest } from '@validahub/http-kit';
import { ObjectTooLargeError, StoredObject } from '@validahub/storage';

type Store = (body: Readable) => Promise<StoredObject>;
/** The answer to an upload the store refused as too large, when it is not FILE_TOO_LARGE (a quota). */
type TooLarge = (error: ObjectTooLargeError) => ApiException | undefined;

const logger = new Logger('Uploads');

const RAW_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

/**
 * Streams an upload (multipart field `file`, or a raw CSV body) into storage without buffering it. When
 * the upload is refused midway (too large), the rest of the request is read and dropped before answering,
 * so clients that are still sending see the 413 (or `tooLarge`'s answer) instead of a reset connection.
 * `maxBytes` is MAX_FILE_SIZE; the store may stop sooner.
 */
export async function readUpload(
  request: Request,
  store: Store,
  maxBytes: number,
  tooLarge: TooLarge = () => undefined,
): Promise<StoredObject> {
  const type = (request.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  try {
    if (type === 'multipart/form-data') return await readMultipart(request, store);
    if (RAW_TYPES.includes(type)) return await readRaw(request, store);
  } catch (error) {
    if (error instanceof UploadAbortedError) {
      // Nobody is left to answer; the partial file is already gone (the storage removes it on failure).
      logger.warn({
        msg: 'upload aborted by the client; partial file removed',
        bytes_received: request.socket?.bytesRead,
      });
      throw new ApiException('VALIDATION_FAILED', 'The upload ended before the whole file arrived.');
    }
    await drainRequest(request, 4 * maxBytes);
    if (error instanceof ObjectTooLargeError) {
      throw (
        tooLarge(error) ??
        new ApiException('FILE_TOO_LARGE', `The file is larger than MAX_FILE_SIZE (${maxBytes} bytes).`, {
          max_bytes: maxBytes,
        })
      );
    }
    throw error;
  }
  await drainRequest(request, maxBytes);
  throw new ApiException(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the file as multipart/form-data (field `file`) or as a text/csv body.',
    {
      content_type: type || null,
    },
  );
}

/** The client went away before the upload was complete. */
export class UploadAbortedError extends Error {
  constructor() {
    super('the client aborted the upload');
    this.name = 'UploadAbortedError';
  }
}

/**
 * Stores `source` through a pass-through, so that a refused upload destroys the copy and not the source:
 * the source (the request, or busboy's file stream) is then read to its end and dropped, which keeps the
 * connection (and busboy) going until the client has sent everything. pipe() forwards data but not
 * failure: a broken form or an aborted request must end the write as well, or the partial file and its
 * descriptor would stay open for good.
 */
function storeThrough(source: Readable, request: Request, store: Store): Promise<StoredObject> {
  const body = new PassThrough();
  // The storage's pipeline reports a failure of `body`; it may not have started yet when one comes, and an
  // error event nobody listens to ends the process.
  body.on('error', () => undefined);
  source.pipe(body);
  // The source failing means the upload itself is broken (a truncated form): the client's fault, a 400.
  source.once('error', (error) =>
    body.destroy(request.complete ? malformed(error) : new UploadAbortedError()),
  );
  const onClose = () => {
    if (!request.complete) body.destroy(new UploadAbortedError());
  };
  request.once('close', onClose);
  return store(body)
    .finally(() => request.off('close', onClose))
    .catch((error: unknown) => {
      source.unpipe(body);
      source.resume();
      throw error;
    });
}

function readRaw(request: Request, store: Store): Promise<StoredObject> {
  return storeThrough(request, request, store);
}

function readMultipart(request: Request, store: Store): Promise<StoredObject> {
  return new Promise((resolve, reject) => {
    let stored: Promise<StoredObject> | undefined;
    let file: Readable | undefined;
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
    // Whatever ends the form early (a truncated body, a client that hangs up) ends the file being stored.
    let failed = false;
    const fail = (error: Error) => {
      failed = true;
      file?.destroy(error);
      // Answer once the partial file is gone, not before: the client may look right away.
      void Promise.resolve(stored)
        .catch(() => undefined)
        .then(() => reject(error));
    };
    parser.on('file', (field, stream) => {
      if (field !== 'file' || stored) {
        stream.resume();
        return;
      }
      file = stream;
      stored = storeThrough(stream, request, store);
      // Settled in 'close' below; never an unhandled rejection meanwhile.
      stored.catch(() => undefined);
    });
    parser.on('error', (error) => fail(malformed(error as Error)));
    parser.on('close', () => {
      if (failed) return;
      if (!stored)
        reject(
          new ApiException('VALIDATION_FAILED', 'No file in field `file`.', {
            fields: [{ field: 'file', message: 'file is required' }],
          }),
        );
      else stored.then(resolve, reject);
    });
    request.once('close', () => {
      if (!request.complete) fail(new UploadAbortedError());
    });
    request.pipe(parser);
  });
}

function malformed(error: Error): ApiException {
  return new ApiException('VALIDATION_FAILED', `Malformed multipart request: ${error.message}`);
}
