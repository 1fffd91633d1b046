import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { runJobMessageId } from '@validahub/job-contracts';
import { CancelJobResponse, CreateJobRequest, TenantIdentity } from '@validahub/job-contracts/http';
import { DomainError, historyEntry, queueForPlan } from '@validahub/job-domain';
import { CancellationRegistry, QueuePublisher } from '@validahub/queue';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { activeTraceCarrier } from '@validahub/telemetry';
import { JobServiceConfig } from '../config/job-service.config';
import { JobDependencies } from '../dependencies/job-dependencies';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { JobRow } from '../persistence/job-row';
import { JobRepository, NewJob } from '../persistence/job.repository';
import { QueuedJobsQuota } from '../quotas/queued-jobs-quota';
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
    private readonly dependencies: JobDependencies,
  ) {}

  async create(
    tenant: TenantIdentity,
    request: CreateJobRequest,
    correlationId: string | undefined,
  ): Promise<CreatedJob> {
    const hash = requestHash(request);
    const checked = await this.dependencies.check(
      tenant.tenant_id,
      request.depends_on,
      request.params.input_uri,
    );
    // Another job's artifact has no upload to check: its job is a dependency, resolved at dispatch.
    const inputKey = checked.inputIsArtifact
      ? ''
      : this.inputKeyOf(tenant.tenant_id, request.params.input_uri);
    const waitingFor = checked.dependsOn;
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
      message: waitingFor
        ? `Queued; waiting for ${waitingFor.length === 1 ? 'job' : 'jobs'} ${waitingFor.join(', ')} to succeed`
        : 'Queued',
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
      dependsOn: waitingFor,
    };
    // One statement decides (input, quota, idempotency) and inserts; only when it inserts nothing is the
    // reason looked for, in this order: a replay of the key, an input stored before the uploads table, none.
    const insert = (inputChecked: boolean) =>
      this.jobs.insertIfAbsent(job, historyEntry('job.queued', newJobRecord(job), now), {
        maxUnfinished: this.queuedJobs.limitFor(tenant),
        inputKey,
        inputChecked: inputChecked || checked.inputIsArtifact,
      });
    let inserted: JobRow | null;
    try {
      inserted = await insert(false);
      if (!inserted) {
        const existing = await this.existing(tenant.tenant_id, request.idempotency_key);
        if (existing) return { job: this.replay(existing, hash), created: false };
        if (!checked.inputIsArtifact && !(await this.storage.stat(inputKey))) throw inputNotFound();
        inserted = await insert(true);
      }
    } catch (error) {
      const refusal = this.queuedJobs.refusal(error);
      if (!refusal) throw error;
      // A replay, or a duplicate racing an accepted request, may find the tenant at its limit: it is still
      // that job's replay.
      const accepted = await this.existing(tenant.tenant_id, request.idempotency_key);
      if (accepted) return { job: this.replay(accepted, hash), created: false };
      throw refusal;
    }
    if (!inserted) {
      // A concurrent request with the same key won the insert: answer like a replay.
      const winner = await this.existing(tenant.tenant_id, request.idempotency_key);
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

  private existing(tenantId: string, idempotencyKey: string | undefined): Promise<JobRow | null> {
    return idempotencyKey ? this.jobs.findByIdempotencyKey(tenantId, idempotencyKey) : Promise.resolve(null);
  }

  /** The storage key of the input, if it can be the tenant's at all; whether it exists is checked later. */
  private inputKeyOf(tenantId: string, uri: string): string {
    const key = this.storage.keyFromUri(uri);
    // Someone else's file and a missing file answer alike, so ids cannot be probed.
    if (!key || !objectKeys.isInputOf(key, tenantId)) throw inputNotFound();
    return key;
  }
}

function inputNotFound(): DomainError {
  const message = 'params.input_uri is not a file you uploaded with POST /api/v1/files';
  return new DomainError('INPUT_NOT_FOUND', message, { fields: [{ field: 'params.input_uri', message }] });
}

/** The record of a job about to be created, as the history's first entry describes it. */
function newJobRecord(job: NewJob) {
  return { ...job, error: null, errorCode: null, result: null, resultRef: null, usage: null };
}
