import { setTimeout as sleep } from 'node:timers/promises';
import { RunJobMessage } from '@validahub/job-contracts';
import { PLAN_QUEUES } from '@validahub/job-domain';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';
import { completedResult } from './worker-reports';

/**
 * Fairness inside a plan, on the real Postgres and Redis: the dispatcher hands a plan's queue runs tenant by
 * tenant, each tenant under its cap of runs in flight. The "worker" here takes runs off the queues like the
 * csv-worker (same consumer) and reports them started and completed, so the order of runs is the real one.
 */
describe('fairness between tenants of one plan (real Postgres and Redis)', () => {
  const queues = Object.values(PLAN_QUEUES).map((q) => ({ name: q.queue, weight: q.priority }));

  /** Runs every message it takes: started, then (after `holdMs`) completed; records the order and overlap. */
  function fakeWorker(js: JobServiceHarness, concurrency: number, holdMs = 0) {
    const order: RunJobMessage[] = [];
    const holding = new Map<string, number>();
    let maxHeldByOneTenant = 0;
    const consumption = js.consumer.consume<RunJobMessage>(
      queues,
      async ({ payload }) => {
        order.push(payload);
        const held = (holding.get(payload.tenantId) ?? 0) + 1;
        holding.set(payload.tenantId, held);
        maxHeldByOneTenant = Math.max(maxHeldByOneTenant, held);
        await js.sendEvent({ type: 'started', jobId: payload.jobId, attempt: payload.attempt });
        if (holdMs > 0) await sleep(holdMs);
        holding.set(payload.tenantId, (holding.get(payload.tenantId) ?? 1) - 1);
        await js.sendEvent({
          type: 'completed',
          jobId: payload.jobId,
          attempt: payload.attempt,
          result: completedResult(payload.jobId),
        });
      },
      { concurrency },
    );
    return { order, maxHeldByOneTenant: () => maxHeldByOneTenant, close: () => consumption.close(1_000) };
  }

  async function createJobs(js: JobServiceHarness, tenantId: string, count: number): Promise<string[]> {
    const input = await js.upload(tenantId);
    const ids: string[] = [];
    // A few at a time, like a client pushing a catalog batch.
    for (let i = 0; i < count; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, () =>
          js.http('POST', '/internal/v1/jobs', { tenantId, body: js.jobBody(input) }),
        ),
      );
      for (const answer of batch) {
        if (answer.status !== 202)
          throw new Error(`create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        ids.push(answer.body.id);
      }
    }
    return ids;
  }

  describe('a flood of 300 jobs and a running cap of 4', () => {
    const js = new JobServiceHarness();
    beforeAll(() =>
      js.start({ MAX_QUEUED_JOBS_PRO: '1000', MAX_RUNNING_JOBS_PRO: '4', DISPATCH_QUEUE_DEPTH: '8' }),
    );
    afterAll(() => js.dispose());

    it("delays another tenant's job by at most the flooding tenant's cap of runs", async () => {
      const flooder = (await js.tenant('pro')).tenant_id;
      const other = (await js.tenant('pro')).tenant_id;
      await createJobs(js, flooder, 300);
      // The flood is all accepted before the newcomer arrives: FIFO would run it 301st.
      const [late] = await createJobs(js, other, 1);
      const worker = fakeWorker(js, 1);
      try {
        await waitFor(
          () => worker.order.findIndex((run) => run.jobId === late),
          (index) => index >= 0,
          { what: "the other tenant's job to run", timeoutMs: 30_000 },
        );
        const position = worker.order.findIndex((run) => run.jobId === late);
        // At most the flooder's 4 runs in flight were ahead of it: a few job-times, not 300.
        expect(position).toBeLessThanOrEqual(4);
        expect(worker.order.slice(0, position).every((run) => run.tenantId === flooder)).toBe(true);
      } finally {
        await worker.close();
      }
      // The flood is still waiting in Postgres, not in the queue: the queue holds only the flooder's cap.
      const held = (await js.http('GET', '/internal/v1/stats/queue')).body.queues.find(
        (q: { name: string }) => q.name === PLAN_QUEUES.pro.queue,
      );
      expect(held.waiting).toBeLessThanOrEqual(4);
    });
  });

  describe('round-robin among flooding tenants', () => {
    const js = new JobServiceHarness();
    beforeAll(() =>
      js.start({ MAX_QUEUED_JOBS_PRO: '1000', MAX_RUNNING_JOBS_PRO: '1000', DISPATCH_QUEUE_DEPTH: '3' }),
    );
    afterAll(() => js.dispose());

    it('serves tenants in turn, whoever came first', async () => {
      const tenants = [(await js.tenant('pro')).tenant_id, (await js.tenant('pro')).tenant_id];
      tenants.push((await js.tenant('pro')).tenant_id);
      for (const tenant of tenants) await createJobs(js, tenant, 20);
      const worker = fakeWorker(js, 1);
      try {
        await waitFor(
          () => worker.order.length,
          (n) => n >= 15,
          { what: '15 runs', timeoutMs: 30_000 },
        );
      } finally {
        await worker.close();
      }
      // The first tenant's 3 runs were in the queue before the others created anything; after them, turns.
      const after = worker.order.slice(3, 15);
      for (const tenant of tenants) {
        expect(after.filter((run) => run.tenantId === tenant).length).toBeGreaterThanOrEqual(3);
      }
    });
  });

  describe('the running cap', () => {
    const js = new JobServiceHarness();
    beforeAll(() => js.start({ MAX_QUEUED_JOBS_FREE: '10' }));
    afterAll(() => js.dispose());

    it('runs one job at a time for a free tenant (default cap 1), whatever the workers could take', async () => {
      const tenant = (await js.tenant('free')).tenant_id;
      const ids = await createJobs(js, tenant, 6);
      // Four slots and runs held a while: without the cap, several would overlap.
      const worker = fakeWorker(js, 4, 150);
      try {
        await waitFor(
          () =>
            Promise.all(
              ids.map(
                async (id) =>
                  (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId: tenant })).body.status,
              ),
            ),
          (statuses) => statuses.every((s) => s === 'succeeded'),
          { what: 'all six jobs to succeed', timeoutMs: 30_000 },
        );
        expect(worker.order).toHaveLength(6);
        expect(worker.maxHeldByOneTenant()).toBe(1);
      } finally {
        await worker.close();
      }
    });

    it('refuses a cap below 1 at start-up, naming the variable', async () => {
      const other = new JobServiceHarness();
      try {
        await expect(other.start({ MAX_RUNNING_JOBS_FREE: '0' })).rejects.toThrow(/MAX_RUNNING_JOBS_FREE/);
      } finally {
        await other.dispose();
      }
    });
  });
});
