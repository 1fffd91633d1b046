import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from '../api-client';

export interface Submission {
  readonly key: string;
  /** Every job id the API acknowledged for this key (more than one would be a duplicate). */
  readonly ids: Set<string>;
  attempts: number;
}

/**
 * Submits `count` jobs as a careful integrator would: each with its own idempotency key, retried on
 * network errors and 5xx after Retry-After (capped), so a crash in the middle never makes a second job.
 * A job counts as acknowledged once the API answered 202 or 200 with its id.
 */
export class LoadGenerator {
  readonly submissions: Submission[] = [];
  private acknowledged = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly body: (key: string) => Record<string, unknown>,
  ) {}

  get acknowledgedCount(): number {
    return this.acknowledged;
  }

  async run(prefix: string, count: number, concurrency: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const submission: Submission = { key: `${prefix}-${next++}`, ids: new Set(), attempts: 0 };
        this.submissions.push(submission);
        await this.submit(submission);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }

  private async submit(submission: Submission): Promise<void> {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      submission.attempts += 1;
      try {
        const answer = await this.client.call('POST', '/api/v1/jobs', this.body(submission.key));
        if (answer.status === 202 || answer.status === 200) {
          if (submission.ids.size === 0) this.acknowledged += 1;
          submission.ids.add(answer.body.id);
          return;
        }
        if (answer.status < 500)
          throw new Error(
            `submission ${submission.key} refused: ${answer.status} ${JSON.stringify(answer.body)}`,
          );
        await sleep(Math.min(2_000, 1_000 * Number(answer.headers.get('retry-after') ?? 1)));
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('submission')) throw error;
        await sleep(500); // the gateway itself unreachable: try again shortly
      }
    }
    throw new Error(`submission ${submission.key} was never acknowledged`);
  }
}
