import { Injectable } from '@nestjs/common';
import { JobResult } from '@validahub/job-contracts';
import {
  applyLifecycleEvent,
  DomainError,
  HistoryEntry,
  JobPatch,
  JobStatus,
  LifecycleContext,
  LifecycleEvent,
} from '@validahub/job-domain';
import { JobServiceConfig } from '../config/job-service.config';
import { JobRow } from '../persistence/job-row';
import { JobChange, JobRepository } from '../persistence/job.repository';
import { JobLifecycleChange, JobLifecycleNotifier } from './job-lifecycle';

export type JobLifecycleEvent = LifecycleEvent<JobResult>;

/** What became of the events applied to one job, in order (the last one decides `kind`). */
export type TransitionOutcome =
  | { readonly kind: 'applied'; readonly job: JobRow; readonly from: JobStatus }
  | { readonly kind: 'ignored'; readonly job: JobRow; readonly reason: string }
  | { readonly kind: 'rejected'; readonly job: JobRow; readonly error: DomainError }
  | { readonly kind: 'not_found' };

/** Events for one job, applied in this order. */
export interface JobEvents {
  readonly jobId: string;
  readonly events: readonly JobLifecycleEvent[];
}

const MAX_RACES = 5;

/**
 * The only way a job changes after its creation: read the jobs, let the lifecycle rules (libs/job-domain)
 * fold each job's events into one patch and its history, and write them all in one compare-and-set
 * statement on the versions read. A job that changed meanwhile is read again and decided again.
 */
@Injectable()
export class JobTransitions {
  constructor(
    private readonly jobs: JobRepository,
    private readonly notifier: JobLifecycleNotifier,
    private readonly config: JobServiceConfig,
  ) {}

  /** One event on one job; `tenantId` restricts it to that tenant's jobs (client commands). */
  async apply(
    ref: { readonly id: string; readonly tenantId?: string },
    eventFor: (job: JobRow) => JobLifecycleEvent,
  ): Promise<TransitionOutcome> {
    for (let race = 0; race < MAX_RACES; race++) {
      const row = ref.tenantId
        ? await this.jobs.findForTenant(ref.tenantId, ref.id)
        : await this.jobs.findById(ref.id);
      if (!row) return { kind: 'not_found' };
      const folded = this.fold(row, [eventFor(row)]);
      if (!folded.change) return folded.outcome;
      const [written] = await this.jobs.write([folded.change]);
      if (written)
        return (await this.committed(new Map([[row.id, folded]]), [written])).get(
          row.id,
        ) as TransitionOutcome;
    }
    throw new Error(`job ${ref.id}: kept changing under ${MAX_RACES} attempts to update it`);
  }

  /**
   * Many jobs' events at once (a batch of worker reports): one read and one write per round, however many
   * jobs; a job that changed meanwhile goes to the next round.
   */
  async applyAll(batch: readonly JobEvents[]): Promise<Map<string, TransitionOutcome>> {
    const outcomes = new Map<string, TransitionOutcome>();
    let pending = new Map(batch.map((item) => [item.jobId, item.events]));
    for (let race = 0; race < MAX_RACES && pending.size > 0; race++) {
      const rows = await this.jobs.findByIds([...pending.keys()]);
      const found = new Set(rows.map((row) => row.id));
      for (const id of pending.keys()) if (!found.has(id)) outcomes.set(id, { kind: 'not_found' });
      const folds = new Map(rows.map((row) => [row.id, this.fold(row, pending.get(row.id) ?? [])]));
      const changes: JobChange[] = [];
      for (const [id, folded] of folds) {
        if (folded.change) changes.push(folded.change);
        else outcomes.set(id, folded.outcome);
      }
      const written = await this.jobs.write(changes);
      for (const [id, outcome] of await this.committed(folds, written)) outcomes.set(id, outcome);
      pending = new Map(
        changes.filter((c) => !outcomes.has(c.row.id)).map((c) => [c.row.id, pending.get(c.row.id) ?? []]),
      );
    }
    if (pending.size > 0) throw new Error(`jobs ${[...pending.keys()].join(', ')} kept changing`);
    return outcomes;
  }

  /** The events of one job applied in order to the row: one patch, its history, and each step taken. */
  private fold(row: JobRow, events: readonly JobLifecycleEvent[]): Folded {
    const context: LifecycleContext = { now: new Date(), retry: this.config.retry };
    let job = row;
    let patch: JobPatch<JobResult> = {};
    const history: HistoryEntry[] = [];
    const steps: Step[] = [];
    let last: TransitionOutcome = { kind: 'ignored', job: row, reason: 'no event' };
    for (const event of events) {
      const outcome = applyLifecycleEvent(job, event, context);
      if (outcome.kind === 'applied') {
        patch = { ...patch, ...outcome.patch };
        job = { ...job, ...outcome.patch };
        history.push(...outcome.history);
        steps.push({ from: outcome.from, trigger: outcome.event, job });
        last = { kind: 'applied', job, from: outcome.from };
      } else if (outcome.kind === 'ignored') last = { kind: 'ignored', job, reason: outcome.reason };
      else last = { kind: 'rejected', job, error: outcome.error };
    }
    return { outcome: last, steps, change: steps.length > 0 ? { row, patch, history } : undefined };
  }

  /** The outcomes of the written jobs, as stored, and their changes told to the listeners in order. */
  private async committed(
    folds: Map<string, Folded>,
    written: readonly JobRow[],
  ): Promise<Map<string, TransitionOutcome>> {
    const outcomes = new Map<string, TransitionOutcome>();
    const changes: JobLifecycleChange[] = [];
    for (const stored of written) {
      const folded = folds.get(stored.id);
      if (!folded) continue;
      // Each step's job as it was after that step, with what only the database knows (version, updated_at).
      for (const step of folded.steps)
        changes.push({
          job: { ...step.job, version: stored.version, updatedAt: stored.updatedAt },
          from: step.from,
          trigger: step.trigger,
        });
      const outcome = folded.outcome;
      outcomes.set(stored.id, outcome.kind === 'not_found' ? outcome : { ...outcome, job: stored });
    }
    await this.notifier.notify(changes);
    return outcomes;
  }
}

interface Step {
  readonly from: JobStatus;
  readonly trigger: JobLifecycleChange['trigger'];
  readonly job: JobRow;
}

interface Folded {
  readonly outcome: TransitionOutcome;
  readonly steps: readonly Step[];
  readonly change?: JobChange;
}
