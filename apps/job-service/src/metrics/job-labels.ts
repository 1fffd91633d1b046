import { PLAN_QUEUES, Plan } from '@validahub/job-domain';

export const JOB_LABELS = ['queue', 'task', 'plan'] as const;
export type JobLabels = Record<(typeof JOB_LABELS)[number], string>;

// Queues map one to one to plans; a job's queue is fixed at creation, so it names the plan it ran under.
const PLAN_BY_QUEUE = new Map(
  (Object.entries(PLAN_QUEUES) as [Plan, (typeof PLAN_QUEUES)[Plan]][]).map(([plan, q]) => [q.queue, plan]),
);

export function jobLabels(job: { readonly queue: string; readonly taskName: string }): JobLabels {
  return { queue: job.queue, task: job.taskName, plan: PLAN_BY_QUEUE.get(job.queue) ?? 'unknown' };
}
