export * from './lib/thread-entry';
export * from './lib/bounded-thread-pool';
