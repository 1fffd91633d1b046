// Imported first by main.ts: the instrumentations patch http, express, Nest, pg and ioredis as they load,
// so tracing must start before any of them is required.
import { startTracing } from '@validahub/telemetry';

startTracing({ serviceName: 'job-service', env: process.env });
