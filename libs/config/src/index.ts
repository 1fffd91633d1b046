export * from './lib/load-config';
export * from './lib/env-transforms';
export * from './lib/embedded-launcher';
export * from './lib/config.module';
export * from './lib/strong-secret';
