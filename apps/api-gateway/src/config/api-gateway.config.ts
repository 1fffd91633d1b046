import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Env, IsStrongSecret, loadEnv, ToInt } from '@validahub/config';
import { DEFAULT_PLAN_LIMITS, Plan } from '@validahub/job-domain';
import {
  RateLimitStoreEnv,
  RateLimitStoreOptions,
  rateLimitStoreOptionsFromEnv,
} from '@validahub/rate-limit';
import { StorageEnv, StorageModuleOptions, storageOptionsFromEnv } from '@validahub/storage';
import { LOG_LEVELS, LoggingEnv } from '@validahub/telemetry';

const limits = DEFAULT_PLAN_LIMITS;

/** The gateway's own variables (storage and logging come from their libs). */
export class ApiGatewayEnv {
  @ToInt() @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  /** Guards the admin API (`Authorization: Bearer <ADMIN_TOKEN>`). */
  @IsStrongSecret() ADMIN_TOKEN!: string;
  @Matches(/^https?:\/\/.+/, { message: 'JOB_SERVICE_URL must be an http(s) URL' }) JOB_SERVICE_URL =
    'http://127.0.0.1:3001';
  /** Presented on the job-service's internal API; the job-service requires it unless it is loopback-only. */
  @IsOptional() @IsStrongSecret() INTERNAL_TOKEN?: string;
  /** Largest accepted upload (the seed's 50 MB). */
  @ToInt() @IsInt() @Min(1) MAX_FILE_SIZE = 52_428_800;
  /** Largest file validated synchronously (the seed's 5 MB). */
  @ToInt() @IsInt() @Min(1) MAX_SYNC_FILE_SIZE = 5_242_880;
  /** Threads that run synchronous validations, how many requests may wait for one, and their limits. */
  @ToInt() @IsInt() @Min(1) @Max(64) SYNC_VALIDATION_THREADS = 2;
  @ToInt() @IsInt() @Min(0) @Max(1_000) SYNC_VALIDATION_QUEUE = 8;
  @ToInt() @IsInt() @Min(100) SYNC_VALIDATION_TIMEOUT_MS = 30_000;
  @ToInt() @IsInt() @Min(32) SYNC_VALIDATION_THREAD_MEMORY_MB = 256;
  /** How long a resolved API key is trusted without asking the job-service again. */
  @ToInt() @IsInt() @Min(0) AUTH_CACHE_TTL_MS = 30_000;
  /**
   * How often the gateway reads the job-service's API-key revocation feed. A cached key is trusted only while
   * the feed was read within the last four intervals, so a revoked key is refused within 4 × this (1 s).
   */
  @ToInt() @IsInt() @Min(50) @Max(10_000) API_KEY_REVOCATION_POLL_MS = 250;
  @ToInt() @IsInt() @Min(100) JOB_SERVICE_TIMEOUT_MS = 10_000;

  /**
   * Requests per second each tenant of a plan may make (README, "Limits per plan"), counted in fixed
   * windows of RATE_LIMIT_WINDOW_SECONDS: a burst of rate × window is allowed.
   */
  @ToInt() @IsInt() @Min(1) RATE_LIMIT_RPS_FREE = limits.free.requestsPerSecond;
  @ToInt() @IsInt() @Min(1) RATE_LIMIT_RPS_PRO = limits.pro.requestsPerSecond;
  @ToInt() @IsInt() @Min(1) RATE_LIMIT_RPS_BUSINESS = limits.business.requestsPerSecond;
  @ToInt() @IsInt() @Min(1) RATE_LIMIT_RPS_ENTERPRISE = limits.enterprise.requestsPerSecond;
  @ToInt() @IsInt() @Min(1) @Max(3_600) RATE_LIMIT_WINDOW_SECONDS = 5;
  /** Live event streams each tenant of a plan may hold open at once. */
  @ToInt() @IsInt() @Min(1) MAX_STREAMS_FREE = limits.free.concurrentStreams;
  @ToInt() @IsInt() @Min(1) MAX_STREAMS_PRO = limits.pro.concurrentStreams;
  @ToInt() @IsInt() @Min(1) MAX_STREAMS_BUSINESS = limits.business.concurrentStreams;
  @ToInt() @IsInt() @Min(1) MAX_STREAMS_ENTERPRISE = limits.enterprise.concurrentStreams;
}

/** What the gateway itself limits, per plan (quotas on jobs and storage are the job-service's). */
export interface GatewayLimits {
  readonly windowSeconds: number;
  readonly plans: Readonly<
    Record<Plan, { readonly requestsPerSecond: number; readonly concurrentStreams: number }>
  >;
}

export class ApiGatewayConfig {
  constructor(
    readonly http: { readonly port: number; readonly host: string },
    readonly logLevel: (typeof LOG_LEVELS)[number],
    readonly adminToken: string,
    readonly jobService: {
      readonly url: string;
      readonly internalToken: string | undefined;
      readonly timeoutMs: number;
    },
    readonly storage: StorageModuleOptions,
    readonly maxFileSize: number,
    readonly maxSyncFileSize: number,
    readonly authCacheTtlMs: number,
    readonly syncValidation: {
      readonly threads: number;
      readonly queue: number;
      readonly timeLimitMs: number;
      readonly memoryMb: number;
    },
    readonly apiKeyRevocationPollMs: number,
    readonly limits: GatewayLimits,
    readonly rateLimitStore: RateLimitStoreOptions,
  ) {}
}

export function loadApiGatewayConfig(env: Env = process.env): ApiGatewayConfig {
  const [e, storage, logging, rateLimitStore] = loadEnv(
    'api-gateway',
    env,
    ApiGatewayEnv,
    StorageEnv,
    LoggingEnv,
    RateLimitStoreEnv,
  );
  return new ApiGatewayConfig(
    { port: e.PORT, host: e.HOST },
    logging.LOG_LEVEL,
    e.ADMIN_TOKEN,
    {
      url: e.JOB_SERVICE_URL.replace(/\/+$/, ''),
      internalToken: e.INTERNAL_TOKEN,
      timeoutMs: e.JOB_SERVICE_TIMEOUT_MS,
    },
    storageOptionsFromEnv(storage),
    e.MAX_FILE_SIZE,
    e.MAX_SYNC_FILE_SIZE,
    e.AUTH_CACHE_TTL_MS,
    {
      threads: e.SYNC_VALIDATION_THREADS,
      queue: e.SYNC_VALIDATION_QUEUE,
      timeLimitMs: e.SYNC_VALIDATION_TIMEOUT_MS,
      memoryMb: e.SYNC_VALIDATION_THREAD_MEMORY_MB,
    },
    e.API_KEY_REVOCATION_POLL_MS,
    {
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      plans: {
        free: { requestsPerSecond: e.RATE_LIMIT_RPS_FREE, concurrentStreams: e.MAX_STREAMS_FREE },
        pro: { requestsPerSecond: e.RATE_LIMIT_RPS_PRO, concurrentStreams: e.MAX_STREAMS_PRO },
        business: { requestsPerSecond: e.RATE_LIMIT_RPS_BUSINESS, concurrentStreams: e.MAX_STREAMS_BUSINESS },
        enterprise: {
          requestsPerSecond: e.RATE_LIMIT_RPS_ENTERPRISE,
          concurrentStreams: e.MAX_STREAMS_ENTERPRISE,
        },
      },
    },
    rateLimitStoreOptionsFromEnv(rateLimitStore),
  );
}
