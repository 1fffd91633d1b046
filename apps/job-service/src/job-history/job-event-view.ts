import { JobEventName, JobEventView } from '@validahub/job-contracts/http';
import { JobEventRow } from '../persistence/job-event.repository';

export function toJobEventView(jobId: string, row: JobEventRow): JobEventView {
  return {
    id: row.id,
    job_id: jobId,
    tenant_id: row.tenant_id,
    type: row.type as JobEventName,
    attempt: row.attempt,
    status: row.status.toLowerCase(),
    progress: row.progress,
    message: row.message,
    error_code: row.error_code,
    at: new Date(row.at).toISOString(),
    data: row.data,
  };
}
