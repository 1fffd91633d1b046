import { IsDefined, IsIn, IsInt, IsOptional, Matches, Min, ValidateIf } from 'class-validator';
import { ToInt } from '@validahub/config';
import { QUEUE_DRIVERS, QueueDriverName } from './queue-driver';
import { QueueModuleOptions } from './queue.module';

/** The queue variables every service that talks to the queue reads. */
export class QueueEnv {
  /** Defaults to `bullmq` when REDIS_URL is set, else `memory` (one process only: the embedded launcher). */
  @IsOptional() @IsIn(QUEUE_DRIVERS) QUEUE_DRIVER?: QueueDriverName;

  @ValidateIf((env: QueueEnv) => env.QUEUE_DRIVER === 'bullmq' || env.REDIS_URL !== undefined)
  @IsDefined({ message: 'REDIS_URL is required when QUEUE_DRIVER=bullmq' })
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1–64 letters, digits, _ or -' })
  QUEUE_PREFIX = 'vh';

  /**
   * How long a worker holds a message without renewing its lock before another may take it. Live workers look
   * for expired locks every half of it, so a dead worker's run is back in the queue within 1.5× this (22.5 s by
   * default, inside BullMQ's documented 30 s).
   */
  @ToInt() @IsInt() @Min(1_000) QUEUE_LOCK_DURATION_MS = 15_000;
}

export function queueOptionsFromEnv(env: QueueEnv): QueueModuleOptions {
  const driver = env.QUEUE_DRIVER ?? (env.REDIS_URL ? 'bullmq' : 'memory');
  return driver === 'bullmq'
    ? {
        driver,
        redisUrl: env.REDIS_URL as string,
        prefix: env.QUEUE_PREFIX,
        lockDurationMs: env.QUEUE_LOCK_DURATION_MS,
      }
    : { driver };
}
