import { ApiException } from '@validahub/http-kit';
import { ListCursor } from '../persistence/job.repository';

/** Opaque to clients: the (created_at, id) of the last job of a page. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): ListCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id))
      throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new ApiException('VALIDATION_FAILED', 'cursor is not a value returned as next_cursor', {
      fields: [{ field: 'cursor', message: 'cursor is not a value returned as next_cursor' }],
    });
  }
}
