import { TcpProxy, testInfrastructure, waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

// Outages of one dependency, caused through a TCP proxy in front of the real Postgres / Redis.
describe('job-service during outages', () => {
  describe('Postgres down', () => {
    const js = new JobServiceHarness();
    const proxy = new TcpProxy('127.0.0.1', 5432);
    let tenantId: string;

    beforeAll(async () => {
      await proxy.start();
      await js.start({ DATABASE_URL: proxy.rewrite(await js.databaseUrl()), LOG_LEVEL: 'error' });
      tenantId = (await js.tenant('pro')).tenant_id;
    });
    afterAll(async () => {
      await proxy.start(); // back up, if a test left it down, so the service closes cleanly
      await js.dispose();
      await proxy.stop();
    });

    it('answers 503 with Retry-After, quickly, and recovers by itself when Postgres is back', async () => {
      const input = await js.upload(tenantId);
      const job = (await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(input) })).body;

      await proxy.stop();
      const started = Date.now();
      for (const [method, path, body] of [
        ['GET', `/internal/v1/jobs/${job.id}`, undefined],
        ['POST', '/internal/v1/jobs', js.jobBody(input)],
        ['DELETE', `/internal/v1/jobs/${job.id}`, undefined],
      ] as const) {
        const answer = await js.http(method, path, { tenantId, body });
        expect([path, answer.status, answer.body.error.code, answer.headers.get('retry-after')]).toEqual([
          path,
          503,
          'SERVICE_UNAVAILABLE',
          '5',
        ]);
      }
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(await js.http('GET', '/health/ready')).toMatchObject({
        status: 503,
        body: { database: 'down' },
      });

      await proxy.start();
      await waitFor(
        () => js.http('GET', `/internal/v1/jobs/${job.id}`, { tenantId }),
        (a) => a.status === 200,
        { what: 'recovery', timeoutMs: 20_000 },
      );
      const after = await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(input) });
      expect(after.status).toBe(202);
      expect((await js.http('GET', '/health/ready')).status).toBe(200);
    });
  });

  describe('Redis down', () => {
    const js = new JobServiceHarness();
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(testInfrastructure().redisUrl).port || 6379));
    let tenantId: string;

    beforeAll(async () => {
      await proxy.start();
      await js.start({ REDIS_URL: proxy.rewrite(testInfrastructure().redisUrl) });
      tenantId = (await js.tenant('business')).tenant_id;
    });
    afterAll(async () => {
      await proxy.start(); // back up, if a test left it down, so the service closes cleanly
      await js.dispose();
      await proxy.stop();
    });

    it('keeps accepting jobs into Postgres and dispatches them once Redis is back', async () => {
      const input = await js.upload(tenantId);
      await proxy.stop();
      const accepted = await js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(input) });
      expect(accepted).toMatchObject({ status: 202, body: { status: 'queued' } });
      expect(await js.http('GET', '/health/ready')).toMatchObject({
        status: 200,
        body: { database: 'up', queue: 'down' },
      });
      const stats = await js.http('GET', '/internal/v1/stats/queue');
      expect(stats.body.status).toBe('degraded');

      await proxy.start();
      await waitFor(
        () => js.inspector.isPending('queue-business', `${accepted.body.id}.1`),
        (pending) => pending,
        {
          what: 'the job to be dispatched after Redis came back',
          timeoutMs: 30_000,
        },
      );
      expect((await js.http('GET', '/health/ready')).body.queue).toBe('up');
    });
  });
});
