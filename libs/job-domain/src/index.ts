export * from './lib/job-status';
export * from './lib/job-state-machine';
export * from './lib/job-errors';
export * from './lib/job-failure';
export * from './lib/plan';
export * from './lib/retry-policy';
export * from './lib/task-name';
export * from './lib/plan-limits';
