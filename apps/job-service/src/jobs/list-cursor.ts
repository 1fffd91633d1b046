import { ApiException } from '@validahub/http-kit';
import { isUUID } from 'class-validator';
import { ListCursor } from '../persistence/job.repository';

/** Opaque to clients: the (created_at, id) of the last job of a page. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

// What encodeCursor writes for any time a job can have been created: toISOString, four-digit year.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor, or 400: a forged one must never reach SQL as a time or uuid Postgres refuses (a 500). */
export function decodeCursor(value: string): ListCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    const date = new Date(typeof createdAt === 'string' ? createdAt : Number.NaN);
    if (
      typeof createdAt !== 'string' ||
      !ISO_INSTANT.test(createdAt) ||
      Number.isNaN(date.getTime()) ||
      typeof id !== 'string' ||
      !isUUID(id)
    )
      throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new ApiException('VALIDATION_FAILED', 'cursor is not a value returned as next_cursor', {
      fields: [{ field: 'cursor', message: 'cursor is not a value returned as next_cursor' }],
    });
  }
}
