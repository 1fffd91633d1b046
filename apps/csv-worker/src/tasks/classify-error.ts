import { InputNotCsvError } from '@validahub/csv-rules';
import { JobFailure } from '@validahub/job-domain';
import { ObjectNotFoundError } from '@validahub/storage';
import { PermanentTaskError, TaskFailedError, TransientTaskError } from './task-handler';

// System errors that describe the moment, not the job: the same run can succeed a little later.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'EBUSY',
  'EMFILE',
  'ENFILE',
  'EIO',
  'ENOSPC',
]);

/** Turns whatever a task threw into the failure the job-service records (and retries when transient). */
export function classifyError(error: unknown): JobFailure {
  if (error instanceof TaskFailedError) return error.failure;
  if (error instanceof TransientTaskError)
    return { code: error.code, message: error.message, transient: true };
  if (error instanceof PermanentTaskError)
    return { code: error.code, message: error.message, transient: false };
  if (error instanceof ObjectNotFoundError)
    return { code: 'INPUT_NOT_FOUND', message: 'The input file no longer exists.', transient: false };
  // An image, an archive, a workbook…: no retry will make it a CSV. The message says what it looks like.
  if (error instanceof InputNotCsvError)
    return { code: error.code, message: error.message, transient: false };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && TRANSIENT_CODES.has(code))
    return { code: 'IO_ERROR', message: `Temporary I/O problem (${code}).`, transient: true };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message: `Unexpected error: ${message}`, transient: false };
}
