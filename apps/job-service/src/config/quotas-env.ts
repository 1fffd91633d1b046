import { IsInt, Max, Min } from 'class-validator';
import { ToInt } from '@validahub/config';
import { DEFAULT_PLAN_LIMITS, Plan } from '@validahub/job-domain';

const limits = DEFAULT_PLAN_LIMITS;

/** The quotas the job-service keeps per plan (README, "Limits per plan"), and how long inputs are kept. */
export class QuotasEnv {
  /** Unfinished (queued, running, retrying) jobs a tenant may have. */
  @ToInt() @IsInt() @Min(1) MAX_QUEUED_JOBS_FREE = limits.free.queuedJobs;
  @ToInt() @IsInt() @Min(1) MAX_QUEUED_JOBS_PRO = limits.pro.queuedJobs;
  @ToInt() @IsInt() @Min(1) MAX_QUEUED_JOBS_BUSINESS = limits.business.queuedJobs;
  @ToInt() @IsInt() @Min(1) MAX_QUEUED_JOBS_ENTERPRISE = limits.enterprise.queuedJobs;
  /** Jobs of a tenant in flight at once (in a worker's queue or running); the rest wait their turn. */
  @ToInt() @IsInt() @Min(1) MAX_RUNNING_JOBS_FREE = limits.free.runningJobs;
  @ToInt() @IsInt() @Min(1) MAX_RUNNING_JOBS_PRO = limits.pro.runningJobs;
  @ToInt() @IsInt() @Min(1) MAX_RUNNING_JOBS_BUSINESS = limits.business.runningJobs;
  @ToInt() @IsInt() @Min(1) MAX_RUNNING_JOBS_ENTERPRISE = limits.enterprise.runningJobs;
  /** Bytes a tenant may upload in any 24 hours. */
  @ToInt() @IsInt() @Min(1) UPLOAD_BYTES_PER_DAY_FREE = limits.free.uploadBytesPerDay;
  @ToInt() @IsInt() @Min(1) UPLOAD_BYTES_PER_DAY_PRO = limits.pro.uploadBytesPerDay;
  @ToInt() @IsInt() @Min(1) UPLOAD_BYTES_PER_DAY_BUSINESS = limits.business.uploadBytesPerDay;
  @ToInt() @IsInt() @Min(1) UPLOAD_BYTES_PER_DAY_ENTERPRISE = limits.enterprise.uploadBytesPerDay;
  /** Bytes of uploaded inputs a tenant may keep stored. */
  @ToInt() @IsInt() @Min(1) STORAGE_BYTES_FREE = limits.free.storageBytes;
  @ToInt() @IsInt() @Min(1) STORAGE_BYTES_PRO = limits.pro.storageBytes;
  @ToInt() @IsInt() @Min(1) STORAGE_BYTES_BUSINESS = limits.business.storageBytes;
  @ToInt() @IsInt() @Min(1) STORAGE_BYTES_ENTERPRISE = limits.enterprise.storageBytes;
  /** Uploaded inputs are deleted this long after their upload, unless an unfinished job still reads them. */
  @ToInt() @IsInt() @Min(1) @Max(3_650) INPUT_RETENTION_DAYS = 3;
}

export interface PlanQuotas {
  readonly queuedJobs: number;
  readonly runningJobs: number;
  readonly uploadBytesPerDay: number;
  readonly storageBytes: number;
}

export interface Quotas {
  readonly plans: Readonly<Record<Plan, PlanQuotas>>;
  readonly inputRetentionDays: number;
}

export function quotasFromEnv(e: QuotasEnv): Quotas {
  return {
    plans: {
      free: {
        queuedJobs: e.MAX_QUEUED_JOBS_FREE,
        runningJobs: e.MAX_RUNNING_JOBS_FREE,
        uploadBytesPerDay: e.UPLOAD_BYTES_PER_DAY_FREE,
        storageBytes: e.STORAGE_BYTES_FREE,
      },
      pro: {
        queuedJobs: e.MAX_QUEUED_JOBS_PRO,
        runningJobs: e.MAX_RUNNING_JOBS_PRO,
        uploadBytesPerDay: e.UPLOAD_BYTES_PER_DAY_PRO,
        storageBytes: e.STORAGE_BYTES_PRO,
      },
      business: {
        queuedJobs: e.MAX_QUEUED_JOBS_BUSINESS,
        runningJobs: e.MAX_RUNNING_JOBS_BUSINESS,
        uploadBytesPerDay: e.UPLOAD_BYTES_PER_DAY_BUSINESS,
        storageBytes: e.STORAGE_BYTES_BUSINESS,
      },
      enterprise: {
        queuedJobs: e.MAX_QUEUED_JOBS_ENTERPRISE,
        runningJobs: e.MAX_RUNNING_JOBS_ENTERPRISE,
        uploadBytesPerDay: e.UPLOAD_BYTES_PER_DAY_ENTERPRISE,
        storageBytes: e.STORAGE_BYTES_ENTERPRISE,
      },
    },
    inputRetentionDays: e.INPUT_RETENTION_DAYS,
  };
}
