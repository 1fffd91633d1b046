export const PLANS = ['free', 'pro', 'business', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface PlanQueue {
  /** BullMQ queue name. The seed's `queue:<plan>` cannot be used: BullMQ forbids `:` in queue names. */
  readonly queue: string;
  /** The seed's priority: higher runs first. */
  readonly priority: number;
}

// Wire names: renaming a queue strands the jobs waiting in the old one; it needs a migration plan.
export const PLAN_QUEUES: Readonly<Record<Plan, PlanQueue>> = {
  free: { queue: 'queue-free', priority: 1 },
  pro: { queue: 'queue-pro', priority: 5 },
  business: { queue: 'queue-business', priority: 7 },
  enterprise: { queue: 'queue-enterprise', priority: 10 },
};

/** Plan queues ordered highest priority first: the order a worker looks at them. */
export const PLAN_QUEUES_BY_PRIORITY: readonly PlanQueue[] = Object.values(PLAN_QUEUES).sort(
  (a, b) => b.priority - a.priority,
);

export const MIN_JOB_PRIORITY = 1;
export const MAX_JOB_PRIORITY = 10;

export function queueForPlan(plan: Plan): PlanQueue {
  return PLAN_QUEUES[plan];
}
