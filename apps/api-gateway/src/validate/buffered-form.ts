import busboy from 'busboy';
import type { Request } from 'express';
import { ApiException } from '@validahub/http-kit';

export interface BufferedForm {
  readonly fields: Record<string, string>;
  readonly file: Buffer | undefined;
}

export class FormTooLargeError extends Error {}

/**
 * Reads a small multipart form whole (fields can come after the file, and the engine needs them first).
 * Bounded by `maxFileBytes`: past it the rest of the upload is read and dropped, then FormTooLargeError.
 */
export function readBufferedForm(request: Request, maxFileBytes: number): Promise<BufferedForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fields: 20, fieldSize: 1024, fileSize: maxFileBytes },
      });
    } catch {
      reject(
        new ApiException(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send a multipart/form-data form with fields `file`, `marketplace`, `category` and optionally `auto_fix`.',
        ),
      );
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let sawFile = false;
    let tooLarge = false;
    let settled = false;
    const fail = (error: Error) => {
      settled = true;
      reject(error);
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream) => {
      if (name !== 'file' || sawFile) {
        stream.resume();
        return;
      }
      sawFile = true;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // A truncated form fails the file stream too; without a listener that error would end the process.
      stream.on('error', () => undefined);
      // busboy stops storing at the limit and keeps draining, so the client still gets our answer.
      stream.on('limit', () => (tooLarge = true));
    });
    parser.on('error', (error) =>
      fail(new ApiException('VALIDATION_FAILED', `Malformed multipart request: ${(error as Error).message}`)),
    );
    parser.on('close', () => {
      if (settled) return;
      if (tooLarge) reject(new FormTooLargeError());
      else resolve({ fields, file: sawFile ? Buffer.concat(chunks) : undefined });
    });
    request.once('close', () => {
      if (!request.complete && !settled)
        fail(new ApiException('VALIDATION_FAILED', 'The upload ended before the whole form arrived.'));
    });
    request.pipe(parser);
  });
}
