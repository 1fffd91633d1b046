export * from './lib/with-timeout';
