export * from './lib/api-error-codes';
export * from './lib/internal-api';
export * from './lib/job-result';
export * from './lib/queue-names';
export * from './lib/messages/run-job.message';
export * from './lib/messages/job-event.message';
