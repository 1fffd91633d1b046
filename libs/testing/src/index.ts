export * from './lib/test-infrastructure';
export * from './lib/wait-for';
export * from './lib/tcp-proxy';
export * from './lib/sse-reader';
