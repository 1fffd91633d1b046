import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
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
import { createQueueDriver, InMemoryBroker, QueueDriver, ReportStreamPublisher } from '@validahub/queue';
import { waitFor } from '@validahub/testing';
import { AppModule } from '../src/app.module';
import { loadCsvWorkerConfig } from '../src/config/csv-worker.config';
import { TaskRegistry } from '../src/tasks/task-registry';

// The worker against the in-memory queue and a temp folder (unit level: no Redis needed), with the real
// CSV engine: what it reports for a run, and what it leaves in storage.
describe('csv-worker run execution', () => {
  let root: string;
  let broker: InMemoryBroker;
  let queue: QueueDriver;
  let app: INestApplicationContext;
  let events: JobEventMessage[];
  const tenantId = randomUUID();

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vh-worker-'));
    broker = new InMemoryBroker();
    queue = createQueueDriver({ driver: 'memory', broker }, (error) => {
      throw error;
    });
    const config = loadCsvWorkerConfig({
      STORAGE_LOCAL_ROOT: root,
      LOG_LEVEL: 'silent',
      PROGRESS_INTERVAL_MS: '100',
      CANCEL_POLL_INTERVAL_MS: '100',
      HEARTBEAT_INTERVAL_MS: '1000',
      FINDINGS_PER_RULE: '2',
      SHUTDOWN_GRACE_MS: '200',
    });
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, queue: { driver: 'memory', broker } }),
      { logger: false },
    );
    await app.init();
    events = [];
    queue.streamConsumer.consume<JobEventMessage>(
      JOB_REPORTS_STREAM,
      async (batch) => {
        for (const { payload } of batch) void events.push(payload);
      },
      { group: 'test', maxBatch: 100, leaseMs: 10_000, maxDeliveries: 5 },
    );
  });

  afterEach(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  async function input(content: string | Buffer, name = `${randomUUID()}.csv`): Promise<string> {
    const key = `tenants/${tenantId}/inputs/${name}`;
    await mkdir(dirname(join(root, key)), { recursive: true });
    await writeFile(join(root, key), content);
    return `local://${key}`;
  }

  async function run(task: RunJobMessage['task'], inputUri: string, autoFix = false): Promise<RunJobMessage> {
    const message: RunJobMessage = {
      v: 1,
      jobId: randomUUID(),
      attempt: 1,
      task,
      tenantId,
      params: {
        input_uri: inputUri,
        marketplace: 'mercado_livre',
        category: 'electronics',
        auto_fix: autoFix,
      },
      correlationId: 'corr',
    };
    await queue.publisher.publish('queue-pro', message, {
      messageId: runJobMessageId(message.jobId, 1),
      priority: 5,
    });
    return message;
  }

  const typesOf = (jobId: string) => events.filter((e) => e.jobId === jobId).map((e) => e.type);
  const finished = (jobId: string) =>
    waitFor(
      () => typesOf(jobId),
      (types) => types.some((t) => ['completed', 'failed', 'cancelled'].includes(t)),
      { what: 'the run to end', timeoutMs: 20_000 },
    );

  it('validates and corrects a file, reporting started then completed with its artifacts', async () => {
    const job = await run('correct_csv_job', await input('sku,title,price\nA1,Caneca,"R$ 1.234,56"\n'));
    await finished(job.jobId);
    expect(typesOf(job.jobId)[0]).toBe('started');
    const completed = events.find((e) => e.jobId === job.jobId && e.type === 'completed') as Extract<
      JobEventMessage,
      { type: 'completed' }
    >;
    expect(completed.result.summary.rows).toBe(1);
    expect(completed.result.usage).toMatchObject({ rows: 1, bytesRead: 40, cpuMs: expect.any(Number) }); // the input is 40 bytes
    expect(completed.result.usage.bytesWritten).toBe(
      completed.result.artifacts.reduce((sum, a) => sum + a.size, 0),
    );
    expect(completed.result.artifacts.map((a) => a.name)).toEqual([
      'report.json',
      'issues.csv',
      'corrected.csv',
    ]);
    const folder = completed.result.artifacts[0].key.replace(/report\.json$/, '');
    expect(folder).toMatch(new RegExp(`^tenants/${tenantId}/jobs/${job.jobId}/attempt-1-[0-9a-f]{8}/$`));
    expect(completed.result.artifacts.every((a) => a.key.startsWith(folder))).toBe(true);
    expect((await readdir(join(root, folder))).sort()).toEqual([
      'corrected.csv',
      'issues.csv',
      'report.json',
    ]);
  });

  it('meters a run: the task thread’s busy time, and the rows and bytes of its input', async () => {
    const rows = 5_000;
    const csv =
      'sku,title,price\n' +
      Array.from({ length: rows }, (_, i) => `SKU${i},Caneca de cerâmica ${i},"R$ ${i},90"`).join('\n') +
      '\n';
    const job = await run('validate_csv_job', await input(csv));
    await finished(job.jobId);
    const completed = events.find((e) => e.jobId === job.jobId && e.type === 'completed') as Extract<
      JobEventMessage,
      { type: 'completed' }
    >;
    expect(completed.result.usage).toMatchObject({ rows, bytesRead: Buffer.byteLength(csv) });
    expect(completed.result.usage.cpuMs).toBeGreaterThan(0);
  });

  it('writes corrected.csv for validate_csv_job only when auto_fix is on', async () => {
    const plain = await run('validate_csv_job', await input('sku,title\nA1,Caneca\n'));
    await finished(plain.jobId);
    const completed = events.find((e) => e.jobId === plain.jobId && e.type === 'completed') as Extract<
      JobEventMessage,
      { type: 'completed' }
    >;
    expect(completed.result.artifacts.map((a) => a.name)).toEqual(['report.json', 'issues.csv']);
  });

  it('skips a run cancelled before it started', async () => {
    const jobId = randomUUID();
    await queue.cancellation.request(runJobMessageId(jobId, 1));
    const message: RunJobMessage = {
      v: 1,
      jobId,
      attempt: 1,
      task: 'validate_csv_job',
      tenantId,
      params: {
        input_uri: await input('a\n1\n'),
        marketplace: 'mercado_livre',
        category: 'x',
        auto_fix: false,
      },
      correlationId: 'c',
    };
    await queue.publisher.publish('queue-free', message, { messageId: runJobMessageId(jobId, 1) });
    await finished(jobId);
    expect(typesOf(jobId)).toEqual(['cancelled']);
  });

  it('stops a running job when it is cancelled, leaving no artifacts', async () => {
    const rows = Array.from(
      { length: 400_000 },
      (_, i) => `SKU-${i},Produto ${i},"R$ ${i % 900},99",${i % 7},Novo`,
    ).join('\n');
    const job = await run(
      'correct_csv_job',
      await input(`sku,title,price,available_quantity,condition\n${rows}\n`),
    );
    await waitFor(
      () => typesOf(job.jobId),
      (types) => types.includes('started'),
      { what: 'start' },
    );
    await queue.cancellation.request(runJobMessageId(job.jobId, 1));
    await finished(job.jobId);
    expect(typesOf(job.jobId)).toContain('cancelled');
    expect(typesOf(job.jobId)).not.toContain('completed');
    expect(
      await readdir(join(root, 'tenants', tenantId)).then((entries) =>
        entries.includes('jobs') ? readdir(join(root, 'tenants', tenantId, 'jobs')) : [],
      ),
    ).toEqual([]);
  });

  it('reports progress with the seed message while a large file is read', async () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `SKU-${i},Produto ${i},${i % 900}.99`).join('\n');
    const job = await run('validate_csv_job', await input(`sku,title,price\n${rows}\n`));
    await finished(job.jobId);
    const progress = events.filter(
      (e): e is Extract<JobEventMessage, { type: 'progress' }> =>
        e.jobId === job.jobId && e.type === 'progress',
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].message).toMatch(/^Processing row \d+ of about \d+$/);
    expect(progress.every((p) => p.progress >= 0 && p.progress < 100)).toBe(true);
  });

  it('fails permanently when the input is gone', async () => {
    const job = await run('validate_csv_job', `local://tenants/${tenantId}/inputs/missing.csv`);
    await finished(job.jobId);
    const failed = events.find((e) => e.jobId === job.jobId && e.type === 'failed') as Extract<
      JobEventMessage,
      { type: 'failed' }
    >;
    expect(failed.error).toMatchObject({ code: 'INPUT_NOT_FOUND', transient: false });
  });

  it('fails permanently with INPUT_NOT_CSV on an image or a workbook, saying what it looks like, leaving nothing', async () => {
    const fixtures = join(__dirname, '../../../libs/csv-rules/test/content-fixtures/not-csv');
    const cases = [
      ['png.png', 'This file looks like a PNG image, not a CSV.'],
      ['xlsx.xlsx', 'This file looks like an Excel workbook (.xlsx), not a CSV.'],
      ['zip.zip', 'This file looks like a ZIP archive, not a CSV.'],
    ] as const;
    for (const [name, message] of cases) {
      const job = await run('correct_csv_job', await input(await readFile(join(fixtures, name)), name), true);
      await finished(job.jobId);
      // A run that fails at once reports its start with its failure (STARTED_REPORT_DELAY_MS).
      expect(typesOf(job.jobId).filter((t) => t !== 'heartbeat')).toEqual(['failed']);
      const failed = events.find((e) => e.jobId === job.jobId && e.type === 'failed') as Extract<
        JobEventMessage,
        { type: 'failed' }
      >;
      expect(failed.error).toMatchObject({ code: 'INPUT_NOT_CSV', transient: false });
      expect(failed.error.message.startsWith(message)).toBe(true);
    }
    expect(await readdir(join(root, 'tenants', tenantId))).toEqual(['inputs']);
  });

  it('lists FINDINGS_PER_RULE findings of a rule in issues.csv, and the report counts them all', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `S${i},Caneca,barato`).join('\n');
    const job = await run('validate_csv_job', await input(`sku,title,price\n${rows}\n`));
    await finished(job.jobId);
    const completed = events.find((e) => e.jobId === job.jobId && e.type === 'completed') as Extract<
      JobEventMessage,
      { type: 'completed' }
    >;
    const artifact = (name: string) =>
      readFile(join(root, completed.result.artifacts.find((a) => a.name === name)?.key ?? ''), 'utf8');
    const report = JSON.parse(await artifact('report.json'));
    const invalidPrice = Object.keys(report.countsByRule).find((rule) => rule.startsWith('ml.price.'));
    expect(invalidPrice).toBeDefined();
    expect(report.countsByRule[invalidPrice as string]).toBe(5);
    expect(report.truncation).toMatchObject({
      findingsPerRule: 2,
      droppedByRule: { [invalidPrice as string]: 3 },
    });
    expect((await artifact('issues.csv')).split(invalidPrice as string)).toHaveLength(3);
  });

  // Redis flushed or restarting while a run ends: the outcome must not turn into a task failure.
  it('sends a finished run’s outcome again while the report stream is down, and never reports it failed', async () => {
    const stream = app.get(ReportStreamPublisher);
    const append = stream.append.bind(stream);
    let refusals = 2;
    jest.spyOn(stream, 'append').mockImplementation(async (name, entries) => {
      if (entries.some((e) => (e.payload as JobEventMessage).type === 'completed') && refusals-- > 0)
        throw new Error('Reached the max retries per request limit (which is 2).');
      return append(name, entries);
    });
    const job = await run('validate_csv_job', await input('sku,title\nA1,Caneca\n'));
    await finished(job.jobId);
    expect(refusals).toBe(-1);
    expect(typesOf(job.jobId)).toContain('completed');
    expect(typesOf(job.jobId)).not.toContain('failed');
  });

  it('fails the message, reporting no outcome, when the outcome cannot be sent: the reconciler runs the job again', async () => {
    const stream = app.get(ReportStreamPublisher);
    const append = stream.append.bind(stream);
    jest.spyOn(stream, 'append').mockImplementation(async (name, entries) => {
      if (entries.some((e) => (e.payload as JobEventMessage).type === 'completed'))
        throw new Error('Connection is closed.');
      return append(name, entries);
    });
    const job = await run('validate_csv_job', await input('sku,title\nA1,Caneca\n'));
    await waitFor(
      () => broker.depth('queue-pro').failed,
      (failed) => failed === 1,
      { what: 'the message to be failed', timeoutMs: 30_000 },
    );
    expect(typesOf(job.jobId)).not.toContain('completed');
    expect(typesOf(job.jobId)).not.toContain('failed');
  }, 40_000);

  it('removes the folder of a run it hands back at shutdown: that run reports nothing, so nothing may name it', async () => {
    // The run has written all its artifacts when its message is taken away (shutdown past the grace).
    const registry = app.get(TaskRegistry);
    const handlerFor = registry.handlerFor.bind(registry);
    let finished!: () => void;
    const artifactsWritten = new Promise<void>((resolve) => (finished = resolve));
    jest.spyOn(registry, 'handlerFor').mockImplementation((task) => ({
      run: async (context) => {
        const result = await handlerFor(task).run(context);
        finished();
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
        return result;
      },
    }));
    const job = await run('correct_csv_job', await input('sku,title\nA1,Caneca\n'));
    const jobFolder = join(root, 'tenants', tenantId, 'jobs', job.jobId);
    await artifactsWritten;
    expect(await readdir(jobFolder)).toHaveLength(1);
    await app.close();
    expect(broker.depth('queue-pro').waiting).toBe(1);
    expect(typesOf(job.jobId).filter((t) => ['completed', 'failed', 'cancelled'].includes(t))).toEqual([]);
    expect(await readdir(jobFolder).catch(() => [])).toEqual([]);
  });
});
