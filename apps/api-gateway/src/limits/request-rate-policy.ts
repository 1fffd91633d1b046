import { Plan } from '@validahub/job-domain';
import { WindowPolicy, WindowUsage } from '@validahub/rate-limit';
import { GatewayLimits } from '../config/api-gateway.config';

/** What a 429 means, for the OpenAPI document of every rate-limited controller. */
export const TOO_MANY_REQUESTS =
  'RATE_LIMITED: past the plan’s request rate (Retry-After, RateLimit-Policy and RateLimit headers); or QUOTA_EXCEEDED: past a quota of the plan (details.quota names it).';

/** The name of the request-rate policy in the RateLimit headers. */
export const REQUESTS_POLICY = 'requests';

/** A plan's request rate as a fixed window: rate × window requests per window, all of them at once if need be. */
export function requestPolicy(limits: GatewayLimits, plan: Plan): WindowPolicy {
  return {
    points: limits.plans[plan].requestsPerSecond * limits.windowSeconds,
    windowSeconds: limits.windowSeconds,
  };
}

/** Whole seconds until `resetMs` has passed (at least 1: `0` would invite an immediate retry). */
export function secondsUntil(resetMs: number): number {
  return Math.max(1, Math.ceil(resetMs / 1000));
}

/**
 * The RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers (the form of draft 08
 * onwards: a quoted policy name with `q` quota and `w` window, `r` remaining and `t` seconds to reset).
 */
export function rateLimitHeaders(policy: WindowPolicy, usage: WindowUsage): Record<string, string> {
  return {
    'RateLimit-Policy': `"${REQUESTS_POLICY}";q=${policy.points};w=${policy.windowSeconds}`,
    RateLimit: `"${REQUESTS_POLICY}";r=${usage.remaining};t=${secondsUntil(usage.resetMs)}`,
  };
}
