import { TaskName } from '@validahub/job-domain';

export interface JobParams {
  readonly input_uri: string;
  readonly marketplace: string;
  readonly category: string;
  readonly auto_fix: boolean;
}

/** job-service → csv-worker, on the plan's queue: run attempt `attempt` of job `jobId`. */
export interface RunJobMessage {
  readonly v: 1;
  readonly jobId: string;
  readonly attempt: number;
  readonly task: TaskName;
  readonly tenantId: string;
  readonly params: JobParams;
  readonly correlationId: string;
}

/** The queue message id of one attempt: publishing it twice enqueues it once. */
export function runJobMessageId(jobId: string, attempt: number): string {
  return `${jobId}.${attempt}`;
}
