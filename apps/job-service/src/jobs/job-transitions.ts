import { Injectable } from '@nestjs/common';
import { decideTransition, DomainError, JobEvent, JobStatus } from '@validahub/job-domain';
import { addToContext } from '@validahub/telemetry';
import { ObjectLiteral } from 'typeorm';
import { JobEntity } from '../persistence/job.entity';
import { JobChanges, JobRepository } from '../persistence/job.repository';
import { JobLifecycleNotifier } from './job-lifecycle';

export interface TransitionPlan {
  readonly event: JobEvent;
  readonly changes?: JobChanges;
  readonly parameters?: ObjectLiteral;
}

export type TransitionOutcome =
  | { readonly kind: 'applied'; readonly job: JobEntity; readonly from: JobStatus }
  | { readonly kind: 'ignored'; readonly job: JobEntity; readonly reason: string }
  | { readonly kind: 'rejected'; readonly job: JobEntity; readonly error: DomainError }
  | { readonly kind: 'not_found' };

const MAX_RACES = 5;

/**
 * The only way a job's status changes: read the job, let the pure state machine decide, write with a
 * compare-and-set on the status and attempt that were read. Losing a race re-reads and decides again.
 */
@Injectable()
export class JobTransitions {
  constructor(
    private readonly jobs: JobRepository,
    private readonly notifier: JobLifecycleNotifier,
  ) {}

  async apply(
    ref: { readonly id: string; readonly tenantId?: string; readonly attempt?: number },
    plan: (job: JobEntity) => TransitionPlan,
  ): Promise<TransitionOutcome> {
    for (let race = 0; race < MAX_RACES; race++) {
      const job = ref.tenantId
        ? await this.jobs.findForTenant(ref.tenantId, ref.id)
        : await this.jobs.findById(ref.id);
      if (!job) return { kind: 'not_found' };
      // A worker's report names only the job: its tenant comes from the row.
      addToContext({ tenantId: job.tenantId });
      if (ref.attempt !== undefined && ref.attempt !== job.attempt) {
        return {
          kind: 'ignored',
          job,
          reason: `event of attempt ${ref.attempt}; the job is on attempt ${job.attempt}`,
        };
      }
      const { event, changes = {}, parameters } = plan(job);
      const decision = decideTransition(job.status, event);
      if (decision.kind === 'ignore') return { kind: 'ignored', job, reason: decision.reason };
      if (decision.kind === 'reject') return { kind: 'rejected', job, error: decision.error };
      const updated = await this.jobs.compareAndSet(
        job.id,
        { status: job.status, attempt: job.attempt },
        { ...changes, status: decision.to },
        parameters,
      );
      if (updated) {
        await this.notifier.notify({ job: updated, from: job.status, event });
        return { kind: 'applied', job: updated, from: job.status };
      }
    }
    throw new Error(`job ${ref.id}: status kept changing under ${MAX_RACES} attempts to update it`);
  }
}
