import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { Env, IsStrongSecret, loadEnv, ToBoolean, ToInt, ToNumber } from '@validahub/config';
import { RetryPolicy } from '@validahub/job-domain';
import { QueueEnv, QueueModuleOptions, queueOptionsFromEnv } from '@validahub/queue';
import { StorageEnv, StorageModuleOptions, storageOptionsFromEnv } from '@validahub/storage';
import { LOG_LEVELS, LoggingEnv } from '@validahub/telemetry';
import { PriceTable } from '../usage/price-table';
import { isLoopback } from './loopback';
import { Quotas, QuotasEnv, quotasFromEnv } from './quotas-env';

/** The job-service's own variables (the queue, storage and logging ones come from their libs). */
export class JobServiceEnv {
  @ToInt() @IsInt() @Min(0) @Max(65535) PORT = 3001;
  @IsString() HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;
  @ToInt() @IsInt() @Min(1) @Max(200) DATABASE_POOL_SIZE = 10;
  @ToBoolean() @IsBoolean() DATABASE_MIGRATIONS_RUN = true;

  /**
   * Shared secret the gateway must present on every internal route. Only a job-service listening on
   * loopback alone (the embedded launcher, a laptop) may go without it.
   */
  @ValidateIf((env: JobServiceEnv) => env.INTERNAL_TOKEN !== undefined || !isLoopback(env.HOST))
  @IsDefined({
    message:
      'INTERNAL_TOKEN is required when HOST is not a loopback address: without it the internal API (tenants, every job) would be open to the network',
  })
  @IsStrongSecret()
  INTERNAL_TOKEN?: string;

  @ToInt() @IsInt() @Min(0) @Max(10) JOB_MAX_RETRIES = 3;
  @ToInt() @IsInt() @Min(10) RETRY_BASE_DELAY_MS = 2_000;
  @ToInt() @IsInt() @Min(10) RETRY_MAX_DELAY_MS = 300_000;
  @ToInt() @IsInt() @Min(10) DISPATCH_INTERVAL_MS = 500;
  /**
   * Runs a plan's queue holds waiting for a worker; the rest stay in Postgres, where the dispatcher picks
   * them tenant by tenant. Lower is fairer (a newcomer waits behind fewer runs), higher rides out bursts of
   * finishing runs better; a few times the plan's worker slots is plenty.
   */
  @ToInt() @IsInt() @Min(1) @Max(10_000) DISPATCH_QUEUE_DEPTH = 32;
  @ToInt() @IsInt() @Min(100) RECONCILE_INTERVAL_MS = 15_000;
  /** Quiet jobs examined per reconciliation pass; the next pass goes on from where this one stopped. */
  @ToInt() @IsInt() @Min(1) @Max(10_000) RECONCILE_BATCH_SIZE = 500;
  /** Finished jobs, their events and artifacts are deleted this long after they finished. */
  @ToInt() @IsInt() @Min(1) JOB_RETENTION_DAYS = 30;
  @ToInt() @IsInt() @Min(1_000) CLEANUP_INTERVAL_MS = 3_600_000;
  @ToInt() @IsInt() @Min(1) @Max(10_000) CLEANUP_BATCH_SIZE = 500;

  // The price table of GET /api/v1/usage (see README).
  @Matches(/^[A-Z]{3}$/, { message: 'USAGE_CURRENCY must be an ISO 4217 code such as BRL' }) USAGE_CURRENCY =
    'BRL';
  @ToNumber() @IsNumber() @Min(0) PRICE_PER_JOB = 0.01;
  @ToNumber() @IsNumber() @Min(0) PRICE_PER_1000_ROWS = 0.02;
  @ToNumber() @IsNumber() @Min(0) PRICE_PER_CPU_SECOND = 0.005;
  @ToNumber() @IsNumber() @Min(0) PRICE_PER_GB_READ = 0.1;

  /** A running job without a heartbeat for this long is presumed lost with its worker. */
  @ToInt() @IsInt() @Min(1_000) JOB_LEASE_MS = 60_000;

  /** How often a live event stream re-reads the history when no notification woke it (one can be missed). */
  @ToInt() @IsInt() @Min(100) STREAM_POLL_INTERVAL_MS = 2_000;
}

/** The job-service's typed configuration, injectable under this class. */
export class JobServiceConfig {
  constructor(
    readonly http: { readonly port: number; readonly host: string },
    readonly logLevel: (typeof LOG_LEVELS)[number],
    readonly database: { readonly url: string; readonly poolSize: number; readonly migrationsRun: boolean },
    readonly queue: QueueModuleOptions,
    readonly storage: StorageModuleOptions,
    readonly internalToken: string | undefined,
    readonly retry: RetryPolicy,
    readonly dispatchIntervalMs: number,
    readonly reconcile: { readonly intervalMs: number; readonly batchSize: number },
    readonly leaseMs: number,
    readonly retention: { readonly days: number; readonly intervalMs: number; readonly batchSize: number },
    readonly prices: PriceTable,
    readonly streamPollMs: number,
    readonly quotas: Quotas,
    readonly dispatchQueueDepth: number,
  ) {}
}

export function loadJobServiceConfig(env: Env = process.env): JobServiceConfig {
  const [e, queue, storage, logging, quotas] = loadEnv(
    'job-service',
    env,
    JobServiceEnv,
    QueueEnv,
    StorageEnv,
    LoggingEnv,
    QuotasEnv,
  );
  return new JobServiceConfig(
    { port: e.PORT, host: e.HOST },
    logging.LOG_LEVEL,
    { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, migrationsRun: e.DATABASE_MIGRATIONS_RUN },
    queueOptionsFromEnv(queue),
    storageOptionsFromEnv(storage),
    e.INTERNAL_TOKEN,
    {
      maxRetries: e.JOB_MAX_RETRIES,
      baseDelayMs: e.RETRY_BASE_DELAY_MS,
      factor: 2,
      maxDelayMs: e.RETRY_MAX_DELAY_MS,
    },
    e.DISPATCH_INTERVAL_MS,
    { intervalMs: e.RECONCILE_INTERVAL_MS, batchSize: e.RECONCILE_BATCH_SIZE },
    e.JOB_LEASE_MS,
    { days: e.JOB_RETENTION_DAYS, intervalMs: e.CLEANUP_INTERVAL_MS, batchSize: e.CLEANUP_BATCH_SIZE },
    {
      currency: e.USAGE_CURRENCY,
      perJob: e.PRICE_PER_JOB,
      per1000Rows: e.PRICE_PER_1000_ROWS,
      perCpuSecond: e.PRICE_PER_CPU_SECOND,
      perGbRead: e.PRICE_PER_GB_READ,
    },
    e.STREAM_POLL_INTERVAL_MS,
    quotasFromEnv(quotas),
    e.DISPATCH_QUEUE_DEPTH,
  );
}
