// The Nx command line that builds the three deployable services: `npm start` and `npm test` both run it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const BUILD_SERVICES_ARGS = [
  require.resolve('nx/bin/nx.js'),
  'run-many',
  '-t',
  'build',
  '-p',
  'job-service',
  'csv-worker',
  'api-gateway',
  '--output-style=static',
];
