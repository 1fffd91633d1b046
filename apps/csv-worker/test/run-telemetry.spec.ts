import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JOB_EVENTS_QUEUE, JobEventMessage, RunJobMessage, runJobMessageId } from '@validahub/job-contracts';
import { createQueueDriver, InMemoryBroker, QueueDriver } from '@validahub/queue';
import { MetricsRegistry } from '@validahub/telemetry';
import { recordSpans, waitFor } from '@validahub/testing';
import { AppModule } from '../src/app.module';
import { loadCsvWorkerConfig } from '../src/config/csv-worker.config';

// What a run looks like to tracing and metrics: the worker in-process on the in-memory queue, the real
// engine in its task thread, spans kept in memory.
describe('csv-worker traces and metrics', () => {
  const spans = recordSpans();
  let root: string;
  let queue: QueueDriver;
  let app: INestApplicationContext;
  const ended = new Set<string>();
  const tenantId = randomUUID();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vh-worker-telemetry-'));
    const broker = new InMemoryBroker();
    queue = createQueueDriver({ driver: 'memory', broker }, (error) => {
      throw error;
    });
    const config = loadCsvWorkerConfig({ STORAGE_LOCAL_ROOT: root, LOG_LEVEL: 'silent' });
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, queue: { driver: 'memory', broker } }),
      { logger: false },
    );
    await app.init();
    queue.consumer.consume<JobEventMessage>(
      [{ name: JOB_EVENTS_QUEUE, weight: 1 }],
      async ({ payload }) => {
        if (['completed', 'failed'].includes(payload.type)) ended.add(payload.jobId);
      },
      { concurrency: 1 },
    );
  });

  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  /** Publishes a run from inside a `dispatch` span, as the job-service's dispatcher does, and waits for its end. */
  async function runJob(content: string, marketplace = 'mercado_livre'): Promise<{ traceId: string }> {
    const key = `tenants/${tenantId}/inputs/${randomUUID()}.csv`;
    await mkdir(dirname(join(root, key)), { recursive: true });
    await writeFile(join(root, key), content);
    const message: RunJobMessage = {
      v: 1,
      jobId: randomUUID(),
      attempt: 1,
      task: 'validate_csv_job',
      tenantId,
      params: { input_uri: `local://${key}`, marketplace, category: 'electronics', auto_fix: true },
      correlationId: 'corr-telemetry',
    };
    const traceId = await trace.getTracer('spec').startActiveSpan('dispatch', async (span) => {
      await queue.publisher.publish('queue-pro', message, { messageId: runJobMessageId(message.jobId, 1) });
      span.end();
      return span.spanContext().traceId;
    });
    await waitFor(
      () => ended.has(message.jobId),
      (done) => done,
      { what: 'the run to end', timeoutMs: 20_000 },
    );
    return { traceId };
  }

  const inTrace = (traceId: string) =>
    spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const one = (list: ReadableSpan[], name: string) => {
    const found = list.filter((s) => s.name === name);
    expect(found.map((s) => s.name)).toEqual([name]);
    return found[0];
  };
  const ms = ([seconds, nanos]: [number, number]) => seconds * 1_000 + nanos / 1e6;

  it('traces a run as a child of the message, with its stages timed where it ran', async () => {
    const { traceId } = await runJob('sku,title,price\nA1,Caneca,"R$ 1.234,56"\nA2,Prato,"R$ 9,90"\n');
    const list = await waitFor(
      () => inTrace(traceId),
      (found) => found.some((s) => s.name === 'run validate_csv_job'),
      { what: 'the run span' },
    );
    const consume = one(list, 'process queue-pro');
    expect(consume.parentSpanContext?.spanId).toBe(one(list, 'publish queue-pro').spanContext().spanId);
    const runSpan = one(list, 'run validate_csv_job');
    expect(runSpan.parentSpanContext?.spanId).toBe(consume.spanContext().spanId);
    expect(runSpan.attributes).toMatchObject({
      'validahub.tenant_id': tenantId,
      'validahub.attempt': 1,
      'validahub.outcome': 'succeeded',
      'validahub.rows': 2,
    });
    const stages = ['parse_validate', 'write'].map((name) => one(list, name));
    for (const stage of stages) {
      expect(stage.parentSpanContext?.spanId).toBe(runSpan.spanContext().spanId);
      expect(ms(stage.startTime)).toBeGreaterThanOrEqual(ms(runSpan.startTime));
      expect(ms(stage.endTime)).toBeLessThanOrEqual(ms(runSpan.endTime));
    }
    // In order, one after the other.
    expect(ms(stages[0].endTime)).toBeLessThanOrEqual(ms(stages[1].startTime));
    // The reports to the job-service carry the run's trace on to it (a short run's start rides with its end).
    const reports = list.filter((s) => s.name === 'publish job-events');
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.every((s) => s.parentSpanContext?.spanId === runSpan.spanContext().spanId)).toBe(true);
  });

  it('marks a failed run as an error', async () => {
    const { traceId } = await runJob('sku\nA1\n', 'no_such_marketplace');
    const runSpan = await waitFor(
      () => inTrace(traceId).find((s) => s.name === 'run validate_csv_job'),
      (found) => found !== undefined,
      { what: 'the run span' },
    );
    expect(runSpan?.status.code).toBe(SpanStatusCode.ERROR);
    expect(runSpan?.attributes).toMatchObject({
      'validahub.outcome': 'failed',
      'validahub.error_code': 'UNSUPPORTED_MARKETPLACE',
    });
  });

  it('counts runs by outcome, rows and bytes validated, and stage durations', async () => {
    const text = await app.get(MetricsRegistry).metrics();
    expect(text).toContain('validahub_worker_runs_total{task="validate_csv_job",outcome="succeeded"} 1');
    expect(text).toContain('validahub_worker_runs_total{task="validate_csv_job",outcome="failed"} 1');
    expect(text).toContain(
      'validahub_worker_run_duration_seconds_count{task="validate_csv_job",outcome="succeeded"} 1',
    );
    expect(text).toContain('validahub_worker_rows_validated_total{task="validate_csv_job"} 2');
    // The first file's 59 bytes only: the failed run validated nothing.
    expect(text).toContain('validahub_worker_bytes_validated_total{task="validate_csv_job"} 59');
    for (const stage of ['parse_validate', 'write'])
      expect(text).toContain(`validahub_worker_stage_duration_seconds_count{stage="${stage}"} 1`);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
  });
});
