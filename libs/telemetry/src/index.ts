export * from './lib/job-context';
export * from './lib/json-logger';
export * from './lib/nest-json-logger';
export * from './lib/logging-env';
