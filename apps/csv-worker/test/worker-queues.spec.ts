import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  JOB_REPORTS_STREAM,
  JobEventMessage,
  RunJobMessage,
  runJobMessageId,
} from '@validahub/job-contracts';
import { createQueueDriver, InMemoryBroker, QueueDriver } from '@validahub/queue';
import { waitFor } from '@validahub/testing';
import { AppModule } from '../src/app.module';
import { loadCsvWorkerConfig } from '../src/config/csv-worker.config';

// A dedicated worker pool (WORKER_QUEUES) against the in-memory queue: it takes runs of its plans only.
describe('csv-worker serving some plan queues (WORKER_QUEUES)', () => {
  let root: string;
  let queue: QueueDriver;
  let app: INestApplicationContext;
  const reports: JobEventMessage[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vh-pool-'));
    const broker = new InMemoryBroker();
    queue = createQueueDriver({ driver: 'memory', broker }, (error) => {
      throw error;
    });
    const config = loadCsvWorkerConfig({
      STORAGE_LOCAL_ROOT: root,
      LOG_LEVEL: 'silent',
      WORKER_QUEUES: 'enterprise,business',
      WORKER_CONCURRENCY: '3',
    });
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, queue: { driver: 'memory', broker } }),
      { logger: false },
    );
    await app.init();
    queue.streamConsumer.consume<JobEventMessage>(
      JOB_REPORTS_STREAM,
      async (batch) => void reports.push(...batch.map((entry) => entry.payload)),
      { group: 'test', maxBatch: 100, leaseMs: 10_000, maxDeliveries: 5 },
    );
  });

  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  /** A run whose input does not exist: the worker that takes it fails it at once (INPUT_NOT_FOUND). */
  async function publish(queueName: string): Promise<string> {
    const jobId = randomUUID();
    const message: RunJobMessage = {
      v: 1,
      jobId,
      attempt: 1,
      task: 'validate_csv_job',
      tenantId: randomUUID(),
      params: {
        input_uri: 'local://tenants/t/inputs/gone.csv',
        marketplace: 'mercado_livre',
        category: 'x',
        auto_fix: false,
      },
      correlationId: 'corr',
    };
    await queue.publisher.publish(queueName, message, { messageId: runJobMessageId(jobId, 1), priority: 5 });
    return jobId;
  }

  it('takes runs of its own plans and leaves the others in their queues', async () => {
    const pro = await publish('queue-pro');
    const free = await publish('queue-free');
    const enterprise = await publish('queue-enterprise');
    const business = await publish('queue-business');
    await waitFor(
      () => reports.filter((r) => r.type === 'failed').map((r) => r.jobId),
      (failed) => failed.includes(enterprise) && failed.includes(business),
      { what: 'the enterprise and business runs to be taken' },
    );
    // Those two were taken after the pro and free runs were published: a worker serving every queue would
    // have taken those first or alongside.
    expect(reports.some((r) => r.jobId === pro || r.jobId === free)).toBe(false);
    const depths = await queue.inspector.depths(['queue-pro', 'queue-free']);
    expect(depths.map((d) => d.waiting)).toEqual([1, 1]);
  });

  it('refuses unknown plans at start-up, naming the variable', () => {
    expect(() => loadCsvWorkerConfig({ WORKER_QUEUES: 'enterprise,gold' })).toThrow(/WORKER_QUEUES.*"gold"/);
    expect(() => loadCsvWorkerConfig({ WORKER_QUEUES: 'pro,pro' })).toThrow(/WORKER_QUEUES.*twice/);
    expect(loadCsvWorkerConfig({}).queues.map((q) => q.queue)).toEqual([
      'queue-enterprise',
      'queue-business',
      'queue-pro',
      'queue-free',
    ]);
  });
});
