import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  JOB_REPORTS_STREAM,
  JobEventMessage,
  RunJobMessage,
  runJobMessageId,
} from '@validahub/job-contracts';
import { createQueueDriver, InMemoryBroker } from '@validahub/queue';
import { LocalObjectStorage } from '@validahub/storage';
import { waitFor } from '@validahub/testing';
import { AppModule } from '../src/app.module';
import { loadCsvWorkerConfig } from '../src/config/csv-worker.config';
import { threadEntry } from '@validahub/thread-pool';
import { TerminableThreadPool, ThreadTerminatedError } from '../src/tasks/csv-check/terminable-thread-pool';

describe('task time limits', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vh-limits-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stops a task at its soft limit and fails the job with the reason, leaving no artifacts', async () => {
    const broker = new InMemoryBroker();
    const queue = createQueueDriver({ driver: 'memory', broker }, (error) => {
      throw error;
    });
    const config = loadCsvWorkerConfig({
      STORAGE_LOCAL_ROOT: root,
      LOG_LEVEL: 'silent',
      TASK_SOFT_TIME_LIMIT_MS: '300',
      // Far from the soft limit: a loaded machine must not turn the cooperative stop into a termination.
      TASK_HARD_TIME_LIMIT_MS: '20000',
    });
    const app: INestApplicationContext = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, queue: { driver: 'memory', broker } }),
      {
        logger: false,
      },
    );
    await app.init();
    try {
      const events: JobEventMessage[] = [];
      queue.streamConsumer.consume<JobEventMessage>(
        JOB_REPORTS_STREAM,
        async (batch) => {
          for (const { payload } of batch) void events.push(payload);
        },
        { group: 'test', maxBatch: 100, leaseMs: 10_000, maxDeliveries: 5 },
      );
      const tenantId = randomUUID();
      const key = `tenants/${tenantId}/inputs/big.csv`;
      await mkdir(dirname(join(root, key)), { recursive: true });
      const rows = Array.from(
        { length: 1_000_000 },
        (_, i) => `SKU-${i},Produto ${i},"R$ ${i % 900},99",${i % 7},Novo`,
      ).join('\n');
      await writeFile(join(root, key), `sku,title,price,available_quantity,condition\n${rows}\n`);
      const run: RunJobMessage = {
        v: 1,
        jobId: randomUUID(),
        attempt: 1,
        task: 'correct_csv_job',
        tenantId,
        params: {
          input_uri: `local://${key}`,
          marketplace: 'mercado_livre',
          category: 'home',
          auto_fix: true,
        },
        correlationId: 'c',
      };
      await queue.publisher.publish('queue-pro', run, { messageId: runJobMessageId(run.jobId, 1) });
      const failed = await waitFor(
        () => events.find((e) => e.type === 'failed'),
        (e) => e !== undefined,
        { what: 'the failure', timeoutMs: 30_000 },
      );
      expect(failed).toMatchObject({
        error: {
          code: 'TIME_LIMIT_EXCEEDED',
          transient: false,
          message: expect.stringContaining('soft time limit and was stopped'),
        },
      });
      expect(events.map((e) => e.type)).not.toContain('completed');
      expect(existsSync(join(root, 'tenants', tenantId, 'jobs'))).toBe(false);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('terminates a thread that ignores the stop request once the hard limit passes, and removes its partial files', async () => {
    const storageOptions = { driver: 'local' as const, localRoot: root };
    const pool = new TerminableThreadPool<{ folder: string }>(
      threadEntry(__dirname, 'stubborn.thread'),
      { maxThreads: 1, memoryMb: 128, hardGraceMs: 500, storage: storageOptions },
      new LocalObjectStorage(root),
    );
    try {
      const folder = 'tenants/t/jobs/j/attempt-1-abcd1234/';
      const soft = new AbortController();
      const running = pool.run({ folder }, soft.signal, () => undefined);
      await waitFor(
        () => existsSync(join(root, folder)),
        (exists) => exists,
        { what: 'the thread to start writing' },
      );
      const askedAt = Date.now();
      soft.abort(new Error('soft limit'));
      await expect(running).rejects.toBeInstanceOf(ThreadTerminatedError);
      expect(Date.now() - askedAt).toBeGreaterThanOrEqual(450);
      expect(existsSync(join(root, folder))).toBe(false);
    } finally {
      await pool.destroy();
    }
  });
});
