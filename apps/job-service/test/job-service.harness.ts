import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import { JobEventMessage, JOB_REPORTS_STREAM, RunJobMessage } from '@validahub/job-contracts';
import { CreateTenantResponse } from '@validahub/job-contracts/http';
import { PLAN_QUEUES } from '@validahub/job-domain';
import {
  createScratchDatabase,
  deleteRedisKeys,
  testInfrastructure,
  uniqueRedisPrefix,
} from '@validahub/testing';
import {
  ConsumedMessage,
  QueueConsumer,
  QueueInspector,
  QueuePublisher,
  ReportStreamInspector,
  ReportStreamPublisher,
} from '@validahub/queue';
import { LocalObjectStorage, objectKeys } from '@validahub/storage';
import { createJsonLogger, NestJsonLogger } from '@validahub/telemetry';
import { randomUUID } from 'node:crypto';
import { createJobServiceApp } from '../src/create-job-service-app';
import { loadJobServiceConfig } from '../src/config/job-service.config';
import { RunReconciler } from '../src/maintenance/run-reconciler';

/** A worker's report, minus the envelope fields the harness fills in. */
type WorkerReport = JobEventMessage extends infer E
  ? E extends unknown
    ? Omit<E, 'v' | 'eventId' | 'at' | 'workerId' | 'correlationId'>
    : never
  : never;

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A job-service on the real Postgres (a database of this file's own, migrated by the service as it starts)
 * and real Redis (a prefix of its own), reached
 * over HTTP like the gateway reaches it. Storage is a temp folder.
 */
export class JobServiceHarness {
  app!: INestApplication;
  baseUrl!: string;
  storage!: LocalObjectStorage;
  /** The storage's folder (to leave behind what a crashed writer would). */
  storageRoot!: string;
  private database?: { url: string; drop: () => Promise<void> };
  readonly prefix = uniqueRedisPrefix('job-service');

  /** This file's own database (created on first use). */
  async databaseUrl(): Promise<string> {
    this.database ??= await createScratchDatabase('jobsvc');
    return this.database.url;
  }

  async start(env: Record<string, string> = {}): Promise<this> {
    this.storageRoot ??= await mkdtemp(join(tmpdir(), 'vh-js-'));
    this.storage = new LocalObjectStorage(this.storageRoot);
    ({ app: this.app } = await createJobServiceApp(await this.config(env)));
    await this.app.listen(0, '127.0.0.1');
    this.baseUrl = await this.app.getUrl();
    return this;
  }

  /** Another job-service on the same database, Redis prefix and storage, as a second replica would be. */
  async replica(env: Record<string, string> = {}): Promise<{ baseUrl: string; close: () => Promise<void> }> {
    const { app } = await createJobServiceApp(await this.config(env));
    await app.listen(0, '127.0.0.1');
    return { baseUrl: await app.getUrl(), close: () => app.close() };
  }

  private async config(env: Record<string, string>) {
    const infra = testInfrastructure();
    return loadJobServiceConfig({
      DATABASE_URL: await this.databaseUrl(),
      REDIS_URL: infra.redisUrl,
      QUEUE_PREFIX: this.prefix,
      STORAGE_LOCAL_ROOT: this.storageRoot,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      DISPATCH_INTERVAL_MS: '50',
      RETRY_BASE_DELAY_MS: '200',
      RETRY_MAX_DELAY_MS: '400',
      RECONCILE_INTERVAL_MS: '3600000',
      JOB_LEASE_MS: '1000',
      ...env,
    });
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await deleteRedisKeys(testInfrastructure().redisUrl, `${this.prefix}*`);
    await this.database?.drop();
    if (this.storageRoot) await rm(this.storageRoot, { recursive: true, force: true });
  }

  get publisher(): QueuePublisher {
    return this.app.get(QueuePublisher);
  }
  get consumer(): QueueConsumer {
    return this.app.get(QueueConsumer);
  }
  get inspector(): QueueInspector {
    return this.app.get(QueueInspector);
  }
  get reconciler(): RunReconciler {
    return this.app.get(RunReconciler);
  }

  /** From now on, every line the service logs (debug and up) lands in the returned array, parsed. */
  captureLogs(): Record<string, unknown>[] {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    this.app.useLogger(new NestJsonLogger(createJsonLogger('job-service', 'debug', destination)));
    return lines;
  }

  async http<T = any>(
    method: string,
    path: string,
    options: { tenantId?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.tenantId ? { 'x-tenant-id': options.tenantId } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async tenant(plan: 'free' | 'pro' | 'business' | 'enterprise' = 'pro'): Promise<CreateTenantResponse> {
    const answer = await this.http<CreateTenantResponse>('POST', '/internal/v1/tenants', {
      body: { name: `Loja ${plan}`, plan },
    });
    if (answer.status !== 201)
      throw new Error(`tenant creation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async upload(tenantId: string, content = 'sku,title,price\nA1,Caneca,10.00\n'): Promise<string> {
    return (await this.storage.put(objectKeys.input(tenantId, randomUUID()), Readable.from([content]))).uri;
  }

  jobBody(inputUri: string, overrides: Record<string, unknown> = {}) {
    return {
      task: 'validate_csv_job',
      params: { input_uri: inputUri, marketplace: 'mercado_livre', category: 'electronics', auto_fix: false },
      ...overrides,
    };
  }

  /** Takes run messages off the plan queues the way a worker would, keeping them for inspection. */
  captureRuns(): { runs: ConsumedMessage<RunJobMessage>[]; close: () => Promise<void> } {
    const runs: ConsumedMessage<RunJobMessage>[] = [];
    const consumption = this.consumer.consume<RunJobMessage>(
      Object.values(PLAN_QUEUES).map((q) => ({ name: q.queue, weight: q.priority })),
      async (message) => void runs.push(message),
      { concurrency: 1 },
    );
    return { runs, close: () => consumption.close(1_000) };
  }

  async sendEvent(event: WorkerReport): Promise<void> {
    const message = {
      v: 1,
      eventId: randomUUID(),
      at: new Date().toISOString(),
      workerId: 'test-worker',
      correlationId: 'test',
      ...event,
    } as JobEventMessage;
    await this.app.get(ReportStreamPublisher).append(JOB_REPORTS_STREAM, [{ payload: message }]);
  }

  /** Reports sent and not yet applied. */
  unappliedReports(): Promise<number> {
    return this.app.get(ReportStreamInspector).length(JOB_REPORTS_STREAM);
  }
}
