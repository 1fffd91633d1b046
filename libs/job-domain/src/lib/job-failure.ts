/**
 * How a run ended badly. `transient` failures (a timeout, a lost connection, a worker that vanished) are
 * retried with backoff; permanent ones (bad parameters, an unreadable input) fail the job at once.
 */
export interface JobFailure {
  readonly code: string;
  readonly message: string;
  readonly transient: boolean;
}

/** The seed's convention: an error message starting `CRITICAL:` needs a human. */
export function needsOperator(failure: Pick<JobFailure, 'message'>): boolean {
  return failure.message.startsWith('CRITICAL:');
}
