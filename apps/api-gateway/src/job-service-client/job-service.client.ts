import type { Readable } from 'node:stream';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  CORRELATION_HEADER,
  INTERNAL_API_PREFIX,
  INTERNAL_TOKEN_HEADER,
  isApiErrorCode,
  TENANT_HEADER,
} from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import { currentContext } from '@validahub/telemetry';
import { Agent, Dispatcher, request } from 'undici';
import { ApiGatewayConfig } from '../config/api-gateway.config';

export interface JobServiceResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** A relayed answer, unread: status, headers and the body as a stream. */
export interface RawResponse {
  readonly status: number;
  header(name: string): string | undefined;
  readonly body: Readable;
}

interface RequestOptions {
  readonly tenantId?: string;
  readonly body?: unknown;
  readonly query?: Record<string, string | number | undefined>;
}

/**
 * HTTP client of the job-service's internal API, on kept-alive connections (undici's own client: the
 * WHATWG fetch layer above it costs more than the rest of a request). Its error envelopes pass through
 * unchanged (same code, same status); an unreachable or slow job-service becomes 503 with Retry-After,
 * never a hang.
 */
@Injectable()
export class JobServiceClient implements OnApplicationShutdown {
  private readonly logger = new Logger(JobServiceClient.name);
  private readonly agent: Agent;

  constructor(private readonly config: ApiGatewayConfig) {
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  /** A health probe: never throws; status 0 when the job-service cannot be reached. */
  async probe(path: string): Promise<{ status: number; body: unknown }> {
    try {
      const response = await request(`${this.config.jobService.url}${path}`, {
        dispatcher: this.agent,
        headersTimeout: 3_000,
        bodyTimeout: 3_000,
      });
      return { status: response.statusCode, body: await response.body.json().catch(() => null) };
    } catch (error) {
      return { status: 0, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  /**
   * Opens a streaming GET (Server-Sent Events) on the internal API and returns the live answer, for the
   * caller to relay. Errors before the stream starts surface like any other call; `signal` ends it.
   */
  async openStream(
    path: string,
    options: { tenantId: string; lastEventId?: string; signal: AbortSignal },
  ): Promise<RawResponse> {
    const headers = this.headers(options.tenantId, { accept: 'text/event-stream' });
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const response = await this.send('GET', this.internalUrl(path), headers, undefined, {
      signal: options.signal,
      // A stream may stay quiet for minutes between events; its keep-alives are its own business.
      bodyTimeout: 0,
    });
    if (response.statusCode >= 400) await this.raise(response, 'GET', path);
    return raw(response);
  }

  /**
   * Relays a request to the internal API as it is and returns the job-service's answer unread, whatever
   * its status (for pages such as the queue dashboard, not JSON calls). Unreachable → 503.
   */
  async forward(
    method: string,
    pathAndQuery: string,
    options: { headers: Record<string, string>; body?: unknown },
  ): Promise<RawResponse> {
    const url = this.internalUrl(pathAndQuery);
    const headers = this.headers(undefined, options.headers);
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return raw(await this.send(method, url, headers, options.body));
  }

  async internal<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<JobServiceResponse<T>> {
    const url = this.internalUrl(path);
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const headers = this.headers(options.tenantId, { accept: 'application/json' });
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.send(method, url, headers, options.body);
    if (response.statusCode >= 400) await this.raise(response, method, path);
    const text = await response.body.text();
    return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
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

  private async send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: unknown,
    extra: { signal?: AbortSignal; bodyTimeout?: number } = {},
  ): Promise<Dispatcher.ResponseData> {
    const timeoutMs = this.config.jobService.timeoutMs;
    try {
      return await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: extra.bodyTimeout ?? timeoutMs,
        signal: extra.signal,
      });
    } catch (error) {
      if (extra.signal?.aborted) throw error;
      this.logger.warn({ msg: 'job-service unreachable', method, path: url.pathname, err: error });
      throw this.unavailable();
    }
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
  private async raise(response: Dispatcher.ResponseData, method: string, path: string): Promise<never> {
    const body = (await response.body.json().catch(() => undefined)) as unknown;
    const error = (
      body as { error?: { code?: unknown; message?: string; details?: Record<string, unknown> } } | undefined
    )?.error;
    if (error && isApiErrorCode(error.code)) {
      const retryAfter = headerOf(response.headers, 'retry-after');
      throw new ApiException(
        error.code,
        error.message ?? error.code,
        error.details,
        retryAfter ? { 'Retry-After': retryAfter } : undefined,
      );
    }
    this.logger.error({ msg: 'unexpected job-service answer', method, path, status: response.statusCode });
    throw new ApiException(
      response.statusCode >= 500 ? 'SERVICE_UNAVAILABLE' : 'UPSTREAM_ERROR',
      'The job service gave an unexpected answer.',
      undefined,
      { 'Retry-After': '5' },
    );
  }
}

function headerOf(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function raw(response: Dispatcher.ResponseData): RawResponse {
  return {
    status: response.statusCode,
    header: (name) => headerOf(response.headers, name),
    body: response.body,
  };
}
