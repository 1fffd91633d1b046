import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ConcurrencyLimiter } from './concurrency-limiter.port';
import { createRateLimitStore, RateLimitStore, RateLimitStoreOptions } from './rate-limit-store';
import { WindowRateLimiter } from './window-rate-limiter.port';

const STORE = Symbol('RATE_LIMIT_STORE');

/**
 * Waits (briefly) for the store's connection before the app serves, so the first requests are counted,
 * and closes it with the app. A Redis that is down at start-up delays nothing further: requests are let
 * through uncounted until it is back.
 */
@Injectable()
class RateLimitStoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimitStore');

  constructor(@Inject(STORE) private readonly store: RateLimitStore) {}

  async onModuleInit(): Promise<void> {
    if (!(await this.store.connected(5_000)))
      this.logger.warn({ msg: 'rate-limit store unreachable at start-up; limits not enforced until it is' });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the limiter ports over Redis (REDIS_URL) or, without it, over this process's memory. */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitStoreOptions): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: STORE,
          useFactory: () => {
            const logger = new Logger('RateLimitStore');
            let lastWarning = 0;
            const store = createRateLimitStore(options, (error, context) => {
              // A Redis outage reports every reconnection attempt: one line per 10 s is enough.
              if (Date.now() - lastWarning < 10_000) return;
              lastWarning = Date.now();
              logger.warn({
                msg: 'rate-limit store error; limits are not enforced meanwhile',
                context,
                err: error,
              });
            });
            logger.log({ msg: 'rate limits counted', store: store.kind });
            return store;
          },
        },
        { provide: WindowRateLimiter, useFactory: (store: RateLimitStore) => store.window, inject: [STORE] },
        {
          provide: ConcurrencyLimiter,
          useFactory: (store: RateLimitStore) => store.concurrency,
          inject: [STORE],
        },
        RateLimitStoreLifecycle,
      ],
      exports: [WindowRateLimiter, ConcurrencyLimiter],
    };
  }
}
