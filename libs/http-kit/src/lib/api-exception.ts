import { HttpException } from '@nestjs/common';
import { API_ERROR_STATUS, ApiErrorCode, FieldError } from '@validahub/job-contracts';

/** An error with a stable code; its HTTP status comes from the one code → status table. */
export class ApiException extends HttpException {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown> & { fields?: FieldError[] },
    readonly headers?: Record<string, string>,
  ) {
    super(message, API_ERROR_STATUS[code]);
  }
}
