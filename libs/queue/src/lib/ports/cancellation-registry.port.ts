/**
 * Cooperative cancellation across processes: the job-service records that a run must stop; the worker
 * running it (or about to) checks. Keyed by run (job + attempt) so a later retry is not cancelled by an
 * old request.
 */
export abstract class CancellationRegistry {
  /** Kept for at least a day, so a worker that picks the run up later still sees it. */
  abstract request(runId: string): Promise<void>;
  abstract isRequested(runId: string): Promise<boolean>;
}
