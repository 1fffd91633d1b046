import { Injectable, Logger } from '@nestjs/common';
import {
  CORRELATION_HEADER,
  INTERNAL_API_PREFIX,
  INTERNAL_TOKEN_HEADER,
  isApiErrorCode,
  TENANT_HEADER,
} from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import { currentContext } from '@validahub/telemetry';
import { ApiGatewayConfig } from '../config/api-gateway.config';

export interface JobServiceResponse<T> {
  readonly status: number;
  readonly body: T;
}

interface RequestOptions {
  readonly tenantId?: string;
  readonly body?: unknown;
  readonly query?: Record<string, string | number | undefined>;
}

/**
 * HTTP client of the job-service's internal API. Its error envelopes pass through unchanged (same code,
 * same status); an unreachable or slow job-service becomes 503 with Retry-After, never a hang.
 */
@Injectable()
export class JobServiceClient {
  private readonly logger = new Logger(JobServiceClient.name);

  constructor(private readonly config: ApiGatewayConfig) {}

  /** A health probe: never throws; status 0 when the job-service cannot be reached. */
  async probe(path: string): Promise<{ status: number; body: unknown }> {
    try {
      const response = await fetch(`${this.config.jobService.url}${path}`, {
        signal: AbortSignal.timeout(3_000),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    } catch (error) {
      return { status: 0, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  /**
   * Opens a streaming GET (Server-Sent Events) on the internal API and returns the live response, for the
   * caller to relay. Errors before the stream starts surface like any other call; `signal` ends it.
   */
  async openStream(
    path: string,
    options: { tenantId: string; lastEventId?: string; signal: AbortSignal },
  ): Promise<Response> {
    const headers = this.headers(options.tenantId, { accept: 'text/event-stream' });
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    let response: Response;
    try {
      response = await fetch(this.internalUrl(path), { headers, signal: options.signal });
    } catch {
      throw this.unavailable();
    }
    if (!response.ok) await this.raise(response, 'GET', path);
    return response;
  }

  /**
   * Relays a request to the internal API as it is and returns the job-service's answer unread, whatever
   * its status (for pages such as the queue dashboard, not JSON calls). Unreachable → 503.
   */
  async forward(
    method: string,
    pathAndQuery: string,
    options: { headers: Record<string, string>; body?: unknown },
  ): Promise<Response> {
    const url = this.internalUrl(pathAndQuery);
    const headers = this.headers(undefined, options.headers);
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.config.jobService.timeoutMs),
      });
    } catch (error) {
      this.logger.warn({ msg: 'job-service unreachable', method, path: pathAndQuery, err: error });
      throw this.unavailable();
    }
  }

  internal<T>(method: string, path: string, options: RequestOptions = {}): Promise<JobServiceResponse<T>> {
    return this.request(method, path, options);
  }

  /**
   * The internal URL of `pathAndQuery`, refused (404) unless its path stays exactly as written: a dot
   * segment (`.`, `%2e%2e`) or a backslash in a client-supplied part would otherwise be resolved by the
   * URL parser and reach another internal route, with the gateway's credentials.
   */
  private internalUrl(pathAndQuery: string): URL {
    const base = `${this.config.jobService.url}/${INTERNAL_API_PREFIX}/`;
    const intended = `${new URL(base).pathname}${pathAndQuery.split('?')[0]}`;
    const url = new URL(`${base}${pathAndQuery}`);
    if (url.pathname !== intended) throw new ApiException('NOT_FOUND', 'No such resource.');
    return url;
  }

  private async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<JobServiceResponse<T>> {
    const url = this.internalUrl(path);
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const headers = this.headers(options.tenantId, { accept: 'application/json' });
    if (options.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.config.jobService.timeoutMs),
      });
    } catch (error) {
      this.logger.warn({ msg: 'job-service unreachable', method, path, err: error });
      throw this.unavailable();
    }
    if (!response.ok) await this.raise(response, method, path);
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }

  private unavailable(): ApiException {
    return new ApiException(
      'SERVICE_UNAVAILABLE',
      'The job service is temporarily unavailable; retry shortly.',
      undefined,
      { 'Retry-After': '5' },
    );
  }

  /** What every internal call carries: the tenant, the correlation id, the internal token. */
  private headers(tenantId: string | undefined, base: Record<string, string>): Record<string, string> {
    const headers = { ...base };
    const { correlationId } = currentContext();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    if (tenantId) headers[TENANT_HEADER] = tenantId;
    if (this.config.jobService.internalToken)
      headers[INTERNAL_TOKEN_HEADER] = this.config.jobService.internalToken;
    return headers;
  }

  /** Re-raises the job-service's error envelope with the same code; anything else is a 502/503. */
  private async raise(response: Response, method: string, path: string): Promise<never> {
    const body = (await response.json().catch(() => undefined)) as unknown;
    const error = (
      body as { error?: { code?: unknown; message?: string; details?: Record<string, unknown> } } | undefined
    )?.error;
    if (error && isApiErrorCode(error.code)) {
      const retryAfter = response.headers.get('retry-after');
      throw new ApiException(
        error.code,
        error.message ?? error.code,
        error.details,
        retryAfter ? { 'Retry-After': retryAfter } : undefined,
      );
    }
    this.logger.error({ msg: 'unexpected job-service answer', method, path, status: response.status });
    throw new ApiException(
      response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UPSTREAM_ERROR',
      'The job service gave an unexpected answer.',
      undefined,
      { 'Retry-After': '5' },
    );
  }
}
