export * from './lib/test-infrastructure';
export * from './lib/wait-for';
