import { hostname } from 'node:os';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigError, Env, loadEnv, ToInt } from '@validahub/config';
import { FINDINGS_PER_RULE_LIMIT } from '@validahub/csv-rules';
import { parsePlanQueues, PlanQueue, PLANS } from '@validahub/job-domain';
import { QueueEnv, QueueModuleOptions, queueOptionsFromEnv } from '@validahub/queue';
import { StorageEnv, StorageModuleOptions, storageOptionsFromEnv } from '@validahub/storage';
import { LOG_LEVELS, LoggingEnv } from '@validahub/telemetry';

/** The worker's own variables (the queue, storage and logging ones come from their libs). */
export class CsvWorkerEnv {
  /** Port of the worker's health endpoints (it serves no API). */
  @ToInt() @IsInt() @Min(0) @Max(65535) PORT = 3002;
  @IsString() HOST = '0.0.0.0';
  @ToInt() @IsInt() @Min(1) @Max(64) WORKER_CONCURRENCY = 2;
  /**
   * The plans whose queues this worker serves (`enterprise,business`): a dedicated pool. Weighted by the
   * plans' priorities among themselves. Default: all four.
   */
  @IsString() WORKER_QUEUES = PLANS.join(',');
  /** Progress reports are throttled to one per interval per job. */
  @ToInt() @IsInt() @Min(100) PROGRESS_INTERVAL_MS = 1_000;
  /** Keeps a long step (no progress to report) from looking like a dead worker. */
  @ToInt() @IsInt() @Min(1_000) HEARTBEAT_INTERVAL_MS = 10_000;
  /** How often a running job checks whether it was cancelled. */
  @ToInt() @IsInt() @Min(100) CANCEL_POLL_INTERVAL_MS = 1_000;
  /** On SIGTERM, how long running jobs may take to finish before they are handed back to the queue. */
  @ToInt() @IsInt() @Min(0) SHUTDOWN_GRACE_MS = 25_000;
  /** The seed's soft limit: the task is asked to stop and the job fails with a clear reason. */
  @ToInt() @IsInt() @Min(100) TASK_SOFT_TIME_LIMIT_MS = 270_000;
  /** The seed's hard limit: a task still running is terminated (its thread is killed). */
  @ToInt() @IsInt() @Min(200) TASK_HARD_TIME_LIMIT_MS = 300_000;
  /** Heap ceiling of one task thread. */
  @ToInt() @IsInt() @Min(64) TASK_THREAD_MEMORY_MB = 1_024;
  /** issues.csv lists this many findings of one rule, then only counts them (report.json says how many). */
  @ToInt() @IsInt() @Min(0) FINDINGS_PER_RULE = FINDINGS_PER_RULE_LIMIT;
  /** Inputs up to this size are checked on the worker's own thread (a task thread costs more than they do). */
  @ToInt() @IsInt() @Min(0) @Max(16 * 1024 * 1024) INLINE_CHECK_MAX_BYTES = 256 * 1024;
  /**
   * A run reports its start this long after it began, unless it ended first: then its start and its outcome
   * travel together, one report fewer for a short run. The history still records both, with the real times.
   */
  @ToInt() @IsInt() @Min(0) @Max(60_000) STARTED_REPORT_DELAY_MS = 200;
  @IsString() WORKER_ID = `${hostname()}-${process.pid}`;
}

export class CsvWorkerConfig {
  constructor(
    readonly http: { readonly port: number; readonly host: string },
    readonly logLevel: (typeof LOG_LEVELS)[number],
    readonly queue: QueueModuleOptions,
    readonly storage: StorageModuleOptions,
    readonly workerId: string,
    readonly concurrency: number,
    readonly progressIntervalMs: number,
    readonly heartbeatIntervalMs: number,
    readonly cancelPollIntervalMs: number,
    readonly shutdownGraceMs: number,
    readonly softTimeLimitMs: number,
    /** How long a task asked to stop may keep running before its thread is terminated. */
    readonly hardGraceMs: number,
    readonly threadMemoryMb: number,
    readonly findingsPerRule: number,
    readonly inlineCheckMaxBytes: number,
    readonly startedReportDelayMs: number,
    /** The plan queues served, highest priority first. */
    readonly queues: readonly PlanQueue[],
  ) {}
}

export function loadCsvWorkerConfig(env: Env = process.env): CsvWorkerConfig {
  const [e, queue, storage, logging] = loadEnv(
    'csv-worker',
    env,
    CsvWorkerEnv,
    QueueEnv,
    StorageEnv,
    LoggingEnv,
  );
  if (e.TASK_HARD_TIME_LIMIT_MS <= e.TASK_SOFT_TIME_LIMIT_MS) {
    throw new ConfigError('csv-worker', [
      'TASK_HARD_TIME_LIMIT_MS: must be greater than TASK_SOFT_TIME_LIMIT_MS',
    ]);
  }
  let queues: PlanQueue[];
  try {
    queues = parsePlanQueues(e.WORKER_QUEUES);
  } catch (error) {
    throw new ConfigError('csv-worker', [`WORKER_QUEUES: ${(error as Error).message}`]);
  }
  return new CsvWorkerConfig(
    { port: e.PORT, host: e.HOST },
    logging.LOG_LEVEL,
    queueOptionsFromEnv(queue),
    storageOptionsFromEnv(storage),
    e.WORKER_ID,
    e.WORKER_CONCURRENCY,
    e.PROGRESS_INTERVAL_MS,
    e.HEARTBEAT_INTERVAL_MS,
    e.CANCEL_POLL_INTERVAL_MS,
    e.SHUTDOWN_GRACE_MS,
    e.TASK_SOFT_TIME_LIMIT_MS,
    e.TASK_HARD_TIME_LIMIT_MS - e.TASK_SOFT_TIME_LIMIT_MS,
    e.TASK_THREAD_MEMORY_MB,
    e.FINDINGS_PER_RULE,
    e.INLINE_CHECK_MAX_BYTES,
    e.STARTED_REPORT_DELAY_MS,
    queues,
  );
}
