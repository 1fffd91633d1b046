import { HistoryEventName } from './job-history';
import { LifecycleEventType } from './job-lifecycle';

// Wire names: workers send them to the job-service; renaming one needs a migration plan.
export const WORKER_REPORT_TYPES = [
  'started',
  'progress',
  'heartbeat',
  'completed',
  'failed',
  'cancelled',
] as const;
export type WorkerReportType = (typeof WORKER_REPORT_TYPES)[number];

/**
 * One word, one meaning: what a worker *reports* about a run, the lifecycle *event* the job-service applies
 * for it, and the *history entries* that event can leave (the rules decide which, see applyLifecycleEvent).
 */
export const WORKER_REPORTS: Readonly<
  Record<
    WorkerReportType,
    { readonly event: LifecycleEventType | null; readonly history: readonly HistoryEventName[] }
  >
> = {
  started: { event: 'start', history: ['job.started'] },
  // Only when the progress grew: a repeated figure is a heartbeat.
  progress: { event: 'progress', history: ['job.progress'] },
  heartbeat: { event: 'heartbeat', history: [] },
  // `job.started` first when the start had not been applied.
  completed: { event: 'succeed', history: ['job.started', 'job.completed'] },
  // `job.retrying` while retries remain for a transient failure, `job.failed` otherwise.
  failed: { event: 'fail', history: ['job.started', 'job.retrying', 'job.failed'] },
  // The worker confirms it stopped a run already cancelled by the client: the cancellation is recorded.
  cancelled: { event: null, history: [] },
};
