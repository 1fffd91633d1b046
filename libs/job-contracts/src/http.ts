// The HTTP DTOs (class-validator and OpenAPI decorators): a secondary entry point, so that a service with no
// HTTP API of its own (the worker) does not load @nestjs/swagger with the message contracts.
export * from './lib/http/create-job.request';
export * from './lib/http/job.response';
export * from './lib/http/list-jobs.query';
export * from './lib/http/tenant.dto';
export * from './lib/http/api-key.dto';
export * from './lib/http/file-upload.response';
export * from './lib/http/queue-health.response';
export * from './lib/http/job-event.response';
export * from './lib/http/usage.dto';
export * from './lib/http/upload.dto';
