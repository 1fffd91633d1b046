import { rm } from 'node:fs/promises';
import {
  createTestCertificates,
  TestCertificates,
  testInfrastructure,
  TlsProxy,
  waitFor,
} from '@validahub/testing';
import { ApiClient } from './api-client';
import { smallCatalog } from './catalog';
import { Platform } from './platform';

/**
 * `rediss://` as the Helm chart configures it (`redisTls.caSecret`): the queue side of the platform speaks
 * TLS to a server whose certificate a private CA signed, and trusts that CA only through
 * NODE_EXTRA_CA_CERTS. The machine's Redis has no TLS, so a TLS-terminating proxy stands in front of it.
 */
describe('rediss://: Redis over TLS, private CA trusted through NODE_EXTRA_CA_CERTS', () => {
  let certificates: TestCertificates | undefined;
  let proxy: TlsProxy | undefined;
  // Filled in once the proxy listens; the Platform reads them at each start, so the last test can restart
  // the job-service without the CA. The gateway does not talk to Redis.
  const jobServiceEnv: Record<string, string> = {};
  const workerEnv: Record<string, string> = {};
  // Platform.dispose removes the keys over the plain URL: this process does not trust the CA.
  const platform = new Platform({ env: { 'job-service': jobServiceEnv, 'csv-worker': workerEnv } });

  const readiness = async (url: string) => {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    certificates = await createTestCertificates();
    const redis = new URL(testInfrastructure().redisUrl);
    proxy = await new TlsProxy(redis.hostname, Number(redis.port || 6379), certificates).start();
    // Same Redis (credentials, database) through the proxy; `localhost`, a name the certificate covers.
    const tlsUrl = new URL(redis);
    tlsUrl.protocol = 'rediss:';
    tlsUrl.hostname = 'localhost';
    tlsUrl.port = String(proxy.port);
    const tls = { REDIS_URL: tlsUrl.toString(), NODE_EXTRA_CA_CERTS: certificates.caFile };
    Object.assign(jobServiceEnv, tls);
    Object.assign(workerEnv, tls);
    await platform.start();
  });

  afterAll(async () => {
    await platform.dispose();
    await proxy?.stop();
    if (certificates) await rm(certificates.dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    const state = expect.getState() as { suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs());
  });

  it('runs a job to succeeded with the job-service and the worker on rediss://', async () => {
    if (!proxy) throw new Error('beforeAll did not finish');
    const admin = new ApiClient(platform.gatewayUrl, platform.adminToken);
    const tenant = await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja TLS', plan: 'pro' });
    expect(tenant.status).toBe(201);
    const seller = admin.as(tenant.body.api_key);
    const upload = await seller.upload(smallCatalog(5));
    expect(upload.status).toBe(201);
    const created = await seller.call('POST', '/api/v1/jobs', {
      task: 'validate_csv_job',
      params: { input_uri: upload.body.uri, marketplace: 'mercado_livre', category: 'electronics' },
    });
    expect(created.status).toBe(202);

    const done = await waitFor(
      async () => (await seller.job(created.body.id)).body,
      (job) => ['succeeded', 'failed', 'cancelled'].includes(job.status),
      { what: 'the job to finish', timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    expect(done.result.summary.rows).toBe(5);

    expect(await readiness(platform.gatewayUrl)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await readiness(platform.urlOf('job-service'))).toMatchObject({ body: { queue: 'up' } });
    expect((await readiness(platform.urlOf('csv-worker'))).status).toBe(200);
    // The services could only have reached Redis through the proxy, and the proxy speaks only TLS.
    expect(proxy.handshakes).toBeGreaterThan(0);
  });

  it('reports the queue down when the CA is not trusted (no NODE_EXTRA_CA_CERTS)', async () => {
    await platform.stop('job-service');
    delete jobServiceEnv['NODE_EXTRA_CA_CERTS'];
    await platform.startService('job-service');

    // Postgres still answers, so the job-service stays ready; the gateway, which needs the queue too, is not.
    expect(await readiness(platform.urlOf('job-service'))).toMatchObject({
      status: 200,
      body: { database: 'up', queue: 'down' },
    });
    expect((await readiness(platform.gatewayUrl)).status).toBe(503);
    // Down for the right reason: the certificate, not the proxy or Redis.
    await waitFor(
      () => platform.jsonLogs(),
      (lines) =>
        lines.some(
          (line) =>
            line['service'] === 'job-service' &&
            JSON.stringify(line['err'] ?? '').includes('unable to verify the first certificate'),
        ),
      { what: 'the job-service to log the untrusted certificate' },
    );
    // With its queue unreachable, SIGTERM still stops it cleanly (bounded closes, not a wait for Redis).
    expect(await platform.stop('job-service')).toBe(0);
  });
});
