export * from './lib/api-exception';
export * from './lib/api-exception.filter';
export * from './lib/correlation-id.middleware';
export * from './lib/create-http-app';
export * from './lib/validation.pipe';
export * from './lib/health/probe';
