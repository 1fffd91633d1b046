import { Plan } from './plan';

/** What a tenant of one plan may use; every figure is configurable per plan (README, "Limits per plan"). */
export interface PlanLimits {
  /** Sustained API requests per second; a burst of this times the rate-limit window is allowed. */
  readonly requestsPerSecond: number;
  /** Live event streams (`GET /api/v1/jobs/{id}/stream`) open at once. */
  readonly concurrentStreams: number;
  /** Jobs not yet finished (queued, running or retrying). */
  readonly queuedJobs: number;
  /**
   * Jobs in flight at once (handed to a worker's queue or running): fairness inside a plan, so one tenant's
   * flood holds at most this many of the plan's workers and queue places.
   */
  readonly runningJobs: number;
  /** Bytes uploaded in any 24 hours. */
  readonly uploadBytesPerDay: number;
  /** Bytes of uploaded inputs kept (until the input retention removes them). */
  readonly storageBytes: number;
}

const MB = 1_000_000;
const GB = 1_000 * MB;

// Defaults a SaaS would ship: free is for trying the product, enterprise for integrations that push whole
// catalogs in bursts (a load of 1000 jobs at 500/s from one enterprise tenant fits with room to spare).
export const DEFAULT_PLAN_LIMITS: Readonly<Record<Plan, PlanLimits>> = {
  free: {
    requestsPerSecond: 5,
    concurrentStreams: 2,
    queuedJobs: 10,
    runningJobs: 1,
    uploadBytesPerDay: 250 * MB,
    storageBytes: 500 * MB,
  },
  pro: {
    requestsPerSecond: 25,
    concurrentStreams: 10,
    queuedJobs: 100,
    runningJobs: 10,
    uploadBytesPerDay: 5 * GB,
    storageBytes: 10 * GB,
  },
  business: {
    requestsPerSecond: 100,
    concurrentStreams: 50,
    queuedJobs: 1_000,
    runningJobs: 50,
    uploadBytesPerDay: 50 * GB,
    storageBytes: 100 * GB,
  },
  enterprise: {
    requestsPerSecond: 1_000,
    concurrentStreams: 250,
    queuedJobs: 10_000,
    runningJobs: 200,
    uploadBytesPerDay: 500 * GB,
    storageBytes: 1_000 * GB,
  },
};
