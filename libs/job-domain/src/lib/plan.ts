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

/**
 * The plan queues a worker serves, from a comma-separated list of plans (`enterprise,business`; the queue
 * names `queue-enterprise` and the seed's `queue:enterprise` are accepted too), highest priority first.
 * Throws a message naming what is wrong: unknown names, duplicates, an empty list.
 */
export function parsePlanQueues(list: string): PlanQueue[] {
  const names = list.split(',').map((n) => n.trim());
  const plans = names.map((name) => {
    const plan = name.replace(/^queue[-:]/, '');
    return (PLANS as readonly string[]).includes(plan) ? (plan as Plan) : undefined;
  });
  const unknown = names.filter((_, i) => plans[i] === undefined);
  if (unknown.length > 0)
    throw new Error(
      `unknown ${unknown.length === 1 ? 'plan' : 'plans'} ${unknown.map((n) => JSON.stringify(n)).join(', ')}; expected a comma-separated list of ${PLANS.join(', ')}`,
    );
  if (new Set(plans).size !== plans.length) throw new Error('a plan is listed twice');
  return PLAN_QUEUES_BY_PRIORITY.filter((q) => plans.some((p) => PLAN_QUEUES[p as Plan] === q));
}
