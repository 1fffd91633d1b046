import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@validahub/job-domain';
import { API_ERROR_STATUS, ApiErrorBody, ApiErrorCode } from '@validahub/job-contracts';
import { currentContext } from '@validahub/telemetry';
import type { Request, Response } from 'express';
import { drainRequest } from './drain-request';
import { ApiException } from './api-exception';
import { isBodyParserError } from './json-body';

// Nest's own HTTP errors (bad JSON, unknown route, body too large) get a code too.
const CODE_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

// body-parser's messages name its internals; these say what the client should change.
const BODY_ERROR_MESSAGES: Record<string, string> = {
  'entity.too.large': 'The request body is too large.',
  'entity.parse.failed': 'The request body is not valid JSON.',
  'request.aborted': 'The request body ended early.',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length.',
};
// An error without a `type` is one body-parser wrapped from the stream that inflates the body (zlib).
const BODY_NOT_AS_ENCODED = 'The request body is not encoded as its Content-Encoding says.';

/** Default of ApiExceptionFilter's drain limit: the JSON limit (a larger upload route passes its own). */
const DEFAULT_DRAIN_LIMIT_BYTES = 1024 * 1024;

/** Turns a service-specific error (say, "the database is unreachable") into an ApiException, or passes. */
export type ErrorTranslator = (error: unknown) => ApiException | undefined;

/** Every error leaves as `{ error: { code, message, details?, correlation_id } }` with the code's status. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(
    private readonly translators: readonly ErrorTranslator[] = [],
    /** How much of a refused request's unread body is read (and dropped) so the client gets the answer. */
    private readonly drainLimitBytes = DEFAULT_DRAIN_LIMIT_BYTES,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const translated = this.translators.reduce<ApiException | undefined>(
      (found, translate) => found ?? translate(exception),
      undefined,
    );
    const { status, body, headers } = this.toResponse(translated ?? exception);
    if (translated)
      this.logger.warn({ msg: 'request failed', status, code: body.error.code, err: exception });
    if (status >= 500)
      this.logger.error({ msg: 'request failed', status, code: body.error.code, err: exception });
    if (response.headersSent) {
      // A streamed download failed midway: the status is gone, only cutting the connection tells the client.
      response.destroy();
      return;
    }
    const send = () => {
      if (!response.socket || response.socket.destroyed) return; // past the drain limit: connection cut
      for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
      response.status(status).json(body);
    };
    // Refused before its body was read (an upload without a valid key, say): read the rest first.
    if (request.complete) send();
    else
      drainRequest(request, this.drainLimitBytes)
        .then(send)
        .catch((error: unknown) => this.logger.warn({ msg: 'could not send an error answer', err: error }));
  }

  private toResponse(exception: unknown): {
    status: number;
    body: ApiErrorBody;
    headers?: Record<string, string>;
  } {
    const correlation_id = currentContext().correlationId;
    // Both carry a stable code and optional details; only an ApiException may add headers (Retry-After…).
    if (exception instanceof ApiException || exception instanceof DomainError) {
      const { code, message, details } = exception;
      return {
        status: API_ERROR_STATUS[code],
        body: { error: { code, message, ...(details ? { details } : {}), correlation_id } },
        headers: exception instanceof ApiException ? exception.headers : undefined,
      };
    }
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      // A body the parser refused (too large, malformed, too deep, unknown charset): the client's fault.
      const code = CODE_BY_STATUS[exception.status] ?? 'VALIDATION_FAILED';
      const message = exception.type
        ? (BODY_ERROR_MESSAGES[exception.type] ?? exception.message)
        : BODY_NOT_AS_ENCODED;
      return { status: exception.status, body: { error: { code, message, correlation_id } } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
      return { status, body: { error: { code, message: exception.message, correlation_id } } };
    }
    return {
      status: 500,
      body: {
        error: {
          code: 'INTERNAL_ERROR',
          message: 'Internal error; quote the correlation id when reporting it.',
          correlation_id,
        },
      },
    };
  }
}
