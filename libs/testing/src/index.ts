export * from './lib/test-infrastructure';
export * from './lib/wait-for';
export * from './lib/tcp-proxy';
