import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TenantIdentity } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { WindowRateLimiter, WindowUsage } from '@validahub/rate-limit';
import type { Request, Response } from 'express';
import { TENANT_REQUEST_KEY } from '../auth/current-tenant.decorator';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { LimitsTelemetry } from './limits-telemetry';
import { rateLimitHeaders, requestPolicy, secondsUntil } from './request-rate-policy';

/**
 * The tenant's request rate (after ApiKeyGuard, which names the tenant): one counter update per request,
 * shared by every gateway replica. Every answer carries the RateLimit headers; past the limit, 429
 * RATE_LIMITED with Retry-After. When the counters cannot be reached the request goes through (fail open:
 * an outage of Redis must not take the API down), counted in a metric and logged.
 */
@Injectable()
export class RequestRateGuard implements CanActivate {
  constructor(
    private readonly limiter: WindowRateLimiter,
    private readonly config: ApiGatewayConfig,
    private readonly telemetry: LimitsTelemetry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const tenant = http.getRequest<Request & Record<string, unknown>>()[TENANT_REQUEST_KEY] as
      TenantIdentity | undefined;
    if (!tenant) throw new Error('RequestRateGuard must run after ApiKeyGuard');
    const policy = requestPolicy(this.config.limits, tenant.plan);
    let usage: WindowUsage;
    try {
      usage = await this.limiter.hit(tenant.tenant_id, policy);
    } catch (error) {
      this.telemetry.failedOpen('requests', error);
      return true;
    }
    const headers = rateLimitHeaders(policy, usage);
    if (!usage.allowed) {
      this.telemetry.refused('requests', tenant.plan);
      const retryAfter = secondsUntil(usage.resetMs);
      throw new ApiException(
        'RATE_LIMITED',
        `Too many requests: your plan allows ${policy.points} every ${policy.windowSeconds} s; retry in ${retryAfter} s.`,
        { limit: policy.points, window_seconds: policy.windowSeconds, retry_after_seconds: retryAfter },
        { ...headers, 'Retry-After': String(retryAfter) },
      );
    }
    const response = http.getResponse<Response>();
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    return true;
  }
}
