export * from './lib/test-infrastructure';
export * from './lib/wait-for';
export * from './lib/tcp-proxy';
export * from './lib/span-recorder';
export * from './lib/prometheus-text';
export * from './lib/sse-reader';
export * from './lib/tls-proxy';
