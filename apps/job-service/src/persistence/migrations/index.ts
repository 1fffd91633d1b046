import { CreateTenantsAndJobs1764352800000 } from './1764352800000-create-tenants-and-jobs';
import { JobEventsAndStatusCounts1764370800000 } from './1764370800000-job-events-and-status-counts';
import { UsageAndRetention1764374400000 } from './1764374400000-usage-and-retention';
import { JobTraceContext1764396000000 } from './1764396000000-job-trace-context';
import { JobCountsByQueueAndTask1764403200000 } from './1764403200000-job-counts-by-queue-and-task';
import { UnfinishedJobsById1764460800000 } from './1764460800000-unfinished-jobs-by-id';
import { ApiKeys1764547200000 } from './1764547200000-api-keys';
import { HistoryWrittenByTheService1764720000000 } from './1764720000000-history-written-by-the-service';
import { Uploads1764806400000 } from './1764806400000-uploads';
import { UnfinishedJobsAdmission1764810000000 } from './1764810000000-unfinished-jobs-admission';
import { UsageByHour1764900000000 } from './1764900000000-usage-by-hour';
import { JobDependencies1765000000000 } from './1765000000000-job-dependencies';
import { RedispatchCount1765100000000 } from './1765100000000-redispatch-count';

/** In order. Listed explicitly (not globbed) so the bundled service carries them. */
export const MIGRATIONS = [
  CreateTenantsAndJobs1764352800000,
  JobEventsAndStatusCounts1764370800000,
  UsageAndRetention1764374400000,
  JobTraceContext1764396000000,
  JobCountsByQueueAndTask1764403200000,
  UnfinishedJobsById1764460800000,
  ApiKeys1764547200000,
  HistoryWrittenByTheService1764720000000,
  Uploads1764806400000,
  UnfinishedJobsAdmission1764810000000,
  UsageByHour1764900000000,
  JobDependencies1765000000000,
  RedispatchCount1765100000000,
];
export const MIGRATIONS_TABLE = 'schema_migrations';
