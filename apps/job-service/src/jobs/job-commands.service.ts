import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  CancelJobResponse,
  CreateJobRequest,
  runJobMessageId,
  TenantIdentity,
} from '@validahub/job-contracts';
import { DomainError, historyEntry, queueForPlan } from '@validahub/job-domain';
import { CancellationRegistry, QueuePublisher } from '@validahub/queue';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { activeTraceCarrier } from '@validahub/telemetry';
import { JobServiceConfig } from '../config/job-service.config';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { JobRow } from '../persistence/job-row';
import { JobRepository, NewJob } from '../persistence/job.repository';
import { QueuedJobsQuota } from '../quotas/queued-jobs-quota';
import { UploadRegister } from '../uploads/upload-register';
import { JobLifecycleNotifier } from './job-lifecycle';
import { JobTransitions, TransitionOutcome } from './job-transitions';
import { requestHash } from './request-hash';

export interface CreatedJob {
  readonly job: JobRow;
  /** False when an idempotent replay returned the existing job. */
  readonly created: boolean;
}

/** Creating, cancelling and retrying jobs on behalf of a tenant. */
@Injectable()
export class JobCommandsService {
  private readonly logger = new Logger(JobCommandsService.name);

  constructor(
    private readonly jobs: JobRepository,
    private readonly transitions: JobTransitions,
    private readonly dispatcher: JobDispatcher,
    private readonly storage: ObjectStorage,
    private readonly publisher: QueuePublisher,
    private readonly cancellation: CancellationRegistry,
    private readonly config: JobServiceConfig,
    private readonly notifier: JobLifecycleNotifier,
    private readonly queuedJobs: QueuedJobsQuota,
    private readonly uploads: UploadRegister,
  ) {}

  async create(
    tenant: TenantIdentity,
    request: CreateJobRequest,
    correlationId: string | undefined,
  ): Promise<CreatedJob> {
    const hash = requestHash(request);
    if (request.idempotency_key) {
      const existing = await this.jobs.findByIdempotencyKey(tenant.tenant_id, request.idempotency_key);
      if (existing) return { job: this.replay(existing, hash), created: false };
    }
    await this.assertInputBelongsTo(tenant.tenant_id, request.params.input_uri);
    const plan = queueForPlan(tenant.plan);
    const now = new Date();
    const job: NewJob = {
      id: randomUUID(),
      tenantId: tenant.tenant_id,
      taskName: request.task,
      status: 'QUEUED',
      queue: plan.queue,
      priority: request.priority ?? plan.priority,
      progress: 0,
      message: 'Queued',
      idempotencyKey: request.idempotency_key ?? null,
      requestHash: hash,
      correlationId: correlationId ?? null,
      // The run is published later, by the dispatcher: it continues this request's trace from here.
      traceContext: activeTraceCarrier() ?? null,
      metadata: request.metadata ?? null,
      params: { ...request.params, auto_fix: request.params.auto_fix ?? false },
      retryCount: 0,
      maxRetries: request.max_retries ?? this.config.retry.maxRetries,
      attempt: 1,
      dispatchedAttempt: 0,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      heartbeatAt: null,
      nextAttemptAt: null,
    };
    let inserted: JobRow | null;
    try {
      inserted = await this.jobs.insertIfAbsent(
        job,
        historyEntry('job.queued', newJobRecord(job), now),
        this.queuedJobs.limitFor(tenant),
      );
    } catch (error) {
      const refusal = this.queuedJobs.refusal(error);
      if (!refusal) throw error;
      // A duplicate racing an accepted request may find the tenant at its limit: it is still that job's replay.
      const accepted = request.idempotency_key
        ? await this.jobs.findByIdempotencyKey(tenant.tenant_id, request.idempotency_key)
        : null;
      if (accepted) return { job: this.replay(accepted, hash), created: false };
      throw refusal;
    }
    if (!inserted) {
      // A concurrent request with the same key won the insert: answer like a replay.
      const winner = await this.jobs.findByIdempotencyKey(
        tenant.tenant_id,
        request.idempotency_key as string,
      );
      if (!winner)
        throw new Error(`job insert for key ${request.idempotency_key} conflicted but no job holds the key`);
      return { job: this.replay(winner, hash), created: false };
    }
    this.dispatcher.kick();
    await this.notifier.notify([{ job: inserted, from: null, trigger: 'create' }]);
    return { job: inserted, created: true };
  }

  async cancel(tenantId: string, id: string): Promise<CancelJobResponse> {
    const message = 'Job cancelled by user';
    const outcome = await this.transitions.apply({ id, tenantId }, () => ({ type: 'cancel', message }));
    const job = this.settle(outcome, id);
    // After the commit: a worker that holds the run stops cooperatively; a waiting message is withdrawn.
    // Both are best effort: if Redis is unreachable the worker's late events are ignored by the state machine.
    const runId = runJobMessageId(job.id, job.attempt);
    await this.cancellation
      .request(runId)
      .catch((error) => this.logger.warn({ msg: 'could not signal cancellation', job_id: id, err: error }));
    await this.publisher
      .remove(job.queue, runId)
      .catch((error) => this.logger.warn({ msg: 'could not withdraw queued run', job_id: id, err: error }));
    return { id: job.id, status: 'cancelled', message };
  }

  async retry(tenant: TenantIdentity, id: string): Promise<JobRow> {
    await this.queuedJobs.assertRoom(tenant);
    const outcome = await this.transitions.apply({ id, tenantId: tenant.tenant_id }, () => ({
      type: 'requeue',
      traceContext: activeTraceCarrier() ?? null,
    }));
    const job = this.settle(outcome, id);
    this.dispatcher.kick();
    return job;
  }

  private settle(outcome: TransitionOutcome, id: string): JobRow {
    switch (outcome.kind) {
      case 'applied':
        return outcome.job;
      case 'not_found':
        throw new DomainError('JOB_NOT_FOUND', `No job ${id}.`);
      case 'rejected':
        throw outcome.error;
      case 'ignored':
        throw new Error(`client command on job ${id} was ignored: ${outcome.reason}`);
    }
  }

  private replay(existing: JobRow, hash: string): JobRow {
    if (existing.requestHash !== hash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency_key was already used with a different request body.',
        {
          job_id: existing.id,
        },
      );
    }
    return existing;
  }

  private async assertInputBelongsTo(tenantId: string, uri: string): Promise<void> {
    const key = this.storage.keyFromUri(uri);
    // Someone else's file and a missing file answer alike, so ids cannot be probed. An upload without a
    // row (stored before the uploads table, or by a previous release's gateway during a rollout) counts
    // while its object exists.
    if (
      !key ||
      !objectKeys.isInputOf(key, tenantId) ||
      !((await this.uploads.isRegistered(tenantId, key)) || (await this.storage.stat(key)))
    ) {
      const message = 'params.input_uri is not a file you uploaded with POST /api/v1/files';
      throw new DomainError('INPUT_NOT_FOUND', message, { fields: [{ field: 'params.input_uri', message }] });
    }
  }
}

/** The record of a job about to be created, as the history's first entry describes it. */
function newJobRecord(job: NewJob) {
  return { ...job, error: null, errorCode: null, result: null, resultRef: null, usage: null };
}
