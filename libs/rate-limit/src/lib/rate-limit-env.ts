import { IsOptional, Matches } from 'class-validator';
import { RateLimitStoreOptions } from './rate-limit-store';

/** Where limits are counted: Redis, shared by every replica, or (no REDIS_URL) this process alone. */
export class RateLimitStoreEnv {
  /** Unset: counted in memory, right for one process (`npm start`), wrong for several replicas. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every key the limiters write (per environment, per test run). */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'RATE_LIMIT_PREFIX must be 1–64 letters, digits, _ or -' })
  RATE_LIMIT_PREFIX = 'vh-limits';
}

export function rateLimitStoreOptionsFromEnv(env: RateLimitStoreEnv): RateLimitStoreOptions {
  return { redisUrl: env.REDIS_URL, prefix: env.RATE_LIMIT_PREFIX };
}
