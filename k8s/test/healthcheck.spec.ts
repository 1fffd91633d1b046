import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { deployableApps, appModel } from './support/app-model';
import { fromRoot } from './support/workspace';

// docker/healthcheck.cjs is what Docker runs in every image; here it runs against a stand-in service.

function runHealthcheck(port: number | undefined): Promise<number> {
  const env = { PATH: process.env['PATH'], ...(port === undefined ? {} : { PORT: String(port) }) };
  return new Promise((resolve) => {
    execFile(process.execPath, [fromRoot('docker/healthcheck.cjs')], { env }, (error) =>
      resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
    );
  });
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

it('asks a route every app serves', () => {
  for (const app of deployableApps()) expect(appModel(app).getRoutes.has('/health/live')).toBe(true);
});

it('exits 0 when /health/live answers 2xx on PORT', async () => {
  const { server, port } = await serve((req, res) =>
    res.writeHead(req.url === '/health/live' ? 200 : 404).end(),
  );
  expect(await runHealthcheck(port)).toBe(0);
  await close(server);
});

it('exits 1 on an error status, a closed port, a missing PORT or no answer in time', async () => {
  const failing = await serve((_, res) => res.writeHead(503).end());
  expect(await runHealthcheck(failing.port)).toBe(1);
  await close(failing.server);
  expect(await runHealthcheck(failing.port)).toBe(1);
  expect(await runHealthcheck(undefined)).toBe(1);
  const silent = await serve(() => undefined);
  const started = Date.now();
  expect(await runHealthcheck(silent.port)).toBe(1);
  expect(Date.now() - started).toBeLessThan(4_500);
  silent.server.closeAllConnections();
  await close(silent.server);
});
