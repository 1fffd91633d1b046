export * from './lib/window-rate-limiter.port';
export * from './lib/concurrency-limiter.port';
export * from './lib/rate-limit-store';
export * from './lib/rate-limit-env';
export * from './lib/rate-limit.module';
