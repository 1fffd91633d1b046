import { ExecutionContext } from '@nestjs/common';
import { ConfigError } from '@validahub/config';
import { TenantIdentity } from '@validahub/job-contracts/http';
import { ApiException } from '@validahub/http-kit';
import { Plan } from '@validahub/job-domain';
import { createRateLimitStore, RateLimitStore } from '@validahub/rate-limit';
import { MetricsRegistry } from '@validahub/telemetry';
import { TENANT_REQUEST_KEY } from '../auth/current-tenant.decorator';
import { loadApiGatewayConfig } from '../config/api-gateway.config';
import { LimitsTelemetry } from './limits-telemetry';
import { rateLimitHeaders, requestPolicy } from './request-rate-policy';
import { RequestRateGuard } from './request-rate.guard';
import { StreamSlots } from './stream-slots';

const config = (env: Record<string, string> = {}) =>
  loadApiGatewayConfig({ ADMIN_TOKEN: 'spec-admin-token-0123456789abcdef', ...env });
const tenant = (plan: Plan, id = `tenant-${plan}`): TenantIdentity => ({ tenant_id: id, name: 'Loja', plan });

/** What the guard sees of one request by `who`, and the headers it set on the answer. */
function request(who: TenantIdentity): { context: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) };
  const context = {
    switchToHttp: () => ({ getRequest: () => ({ [TENANT_REQUEST_KEY]: who }), getResponse: () => response }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

async function refusal(attempt: Promise<unknown>): Promise<ApiException> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiException)) throw new Error(`expected an ApiException, got ${String(error)}`);
  return error;
}

describe('request-rate policy', () => {
  it('gives each plan its default rate as a burst over the window, free far below enterprise', () => {
    const limits = config().limits;
    expect(limits.windowSeconds).toBe(5);
    expect(requestPolicy(limits, 'free')).toEqual({ points: 25, windowSeconds: 5 });
    expect(requestPolicy(limits, 'pro')).toEqual({ points: 125, windowSeconds: 5 });
    expect(requestPolicy(limits, 'business')).toEqual({ points: 500, windowSeconds: 5 });
    expect(requestPolicy(limits, 'enterprise')).toEqual({ points: 5000, windowSeconds: 5 });
    expect(limits.plans.free.concurrentStreams).toBeLessThan(limits.plans.enterprise.concurrentStreams);
  });

  it('takes every figure from the environment, and names each bad one at start-up', () => {
    const limits = config({
      RATE_LIMIT_RPS_PRO: '40',
      RATE_LIMIT_WINDOW_SECONDS: '2',
      MAX_STREAMS_FREE: '7',
    }).limits;
    expect(requestPolicy(limits, 'pro')).toEqual({ points: 80, windowSeconds: 2 });
    expect(limits.plans.free.concurrentStreams).toBe(7);
    let error: unknown;
    try {
      config({ RATE_LIMIT_RPS_FREE: '0', MAX_STREAMS_ENTERPRISE: 'many', REDIS_URL: 'http://redis' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['RATE_LIMIT_RPS_FREE', 'MAX_STREAMS_ENTERPRISE', 'REDIS_URL'])
      expect(problems).toContain(name);
  });

  it('writes the draft RateLimit-Policy and RateLimit fields, never a reset of 0 seconds', () => {
    expect(
      rateLimitHeaders({ points: 125, windowSeconds: 5 }, { allowed: true, remaining: 124, resetMs: 4_200 }),
    ).toEqual({
      'RateLimit-Policy': '"requests";q=125;w=5',
      RateLimit: '"requests";r=124;t=5',
    });
    expect(
      rateLimitHeaders({ points: 1, windowSeconds: 1 }, { allowed: false, remaining: 0, resetMs: 3 })
        .RateLimit,
    ).toBe('"requests";r=0;t=1');
  });
});

describe('RequestRateGuard and StreamSlots', () => {
  const stores: RateLimitStore[] = [];
  const setUp = (env: Record<string, string> = {}, redisUrl?: string) => {
    const store = createRateLimitStore({ redisUrl, prefix: 'spec' }, () => undefined);
    stores.push(store);
    const registry = new MetricsRegistry();
    const telemetry = new LimitsTelemetry(registry);
    const gatewayConfig = config(env);
    return {
      registry,
      guard: new RequestRateGuard(store.window, gatewayConfig, telemetry),
      streams: new StreamSlots(store.concurrency, gatewayConfig, telemetry),
    };
  };
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it('lets a tenant’s burst through with RateLimit headers, then answers 429 with Retry-After', async () => {
    const { guard, registry } = setUp({ RATE_LIMIT_RPS_FREE: '2', RATE_LIMIT_WINDOW_SECONDS: '3' });
    const seller = tenant('free');
    for (let remaining = 5; remaining >= 0; remaining--) {
      const { context, headers } = request(seller);
      expect(await guard.canActivate(context)).toBe(true);
      expect(headers).toEqual({
        'RateLimit-Policy': '"requests";q=6;w=3',
        RateLimit: expect.stringMatching(new RegExp(`^"requests";r=${remaining};t=[1-3]$`)),
      });
    }
    const over = await refusal(guard.canActivate(request(seller).context));
    expect(over.getStatus()).toBe(429);
    expect(over.code).toBe('RATE_LIMITED');
    expect(over.details).toMatchObject({ limit: 6, window_seconds: 3 });
    expect(over.headers).toMatchObject({
      'Retry-After': expect.stringMatching(/^[1-3]$/),
      'RateLimit-Policy': '"requests";q=6;w=3',
      RateLimit: expect.stringMatching(/^"requests";r=0;t=[1-3]$/),
    });
    // Counted per tenant: another free tenant, and an enterprise one, are unaffected.
    expect(await guard.canActivate(request(tenant('free', 'another')).context)).toBe(true);
    const { context, headers } = request(tenant('enterprise'));
    expect(await guard.canActivate(context)).toBe(true);
    expect(headers['RateLimit-Policy']).toBe('"requests";q=3000;w=3');
    expect(await registry.getSingleMetricAsString('validahub_rate_limit_refusals_total')).toContain(
      'validahub_rate_limit_refusals_total{limit="requests",plan="free"} 1',
    );
  });

  it('holds a tenant to its plan’s live streams; a stream that ends frees its slot', async () => {
    const { streams } = setUp({ MAX_STREAMS_PRO: '2' });
    const seller = tenant('pro');
    const first = await streams.take(seller);
    await streams.take(seller);
    const over = await refusal(streams.take(seller));
    expect(over.code).toBe('QUOTA_EXCEEDED');
    expect(over.details).toEqual({ quota: 'concurrent_streams', limit: 2 });
    expect(over.headers?.['Retry-After']).toMatch(/^\d+$/);
    first.release();
    await expect(streams.take(seller)).resolves.toBeDefined();
  });

  it('fails open when the counters cannot be reached: the request goes through, counted in a metric', async () => {
    const { guard, streams, registry } = setUp({}, 'redis://127.0.0.1:1');
    const { context, headers } = request(tenant('free'));
    expect(await guard.canActivate(context)).toBe(true);
    expect(headers).toEqual({});
    await expect(streams.take(tenant('free'))).resolves.toBeDefined();
    const errors = await registry.getSingleMetricAsString('validahub_rate_limit_store_errors_total');
    expect(errors).toContain('validahub_rate_limit_store_errors_total{limit="requests"} 1');
    expect(errors).toContain('validahub_rate_limit_store_errors_total{limit="streams"} 1');
  });
});
