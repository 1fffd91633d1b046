// Docker HEALTHCHECK of every ValidaHub image: GET /health/live on the port the service listens on (PORT,
// which each image sets) and exit 0 on a 2xx answer, 1 on anything else, including no answer within 3 s.
// Liveness only: a service waiting for Postgres or Redis is alive, not broken.
const port = Number(process.env.PORT);

if (!Number.isInteger(port)) {
  process.stderr.write('healthcheck: PORT is not set\n');
  process.exit(1);
}

fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(3000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
