import { JobResult } from '@validahub/job-contracts';

/** A plausible `completed` result of a worker's run, as the tests send it to the job-service. */
export function completedResult(jobId: string, rows = 10): JobResult {
  return {
    summary: { rows, valid: rows, invalid: 0, fixed: 0 },
    artifacts: [
      {
        name: 'report.json',
        key: `tenants/t/jobs/${jobId}/attempt-1-aaaa1111/report.json`,
        size: 10,
        sha256: 'a'.repeat(64),
        contentType: 'application/json',
      },
    ],
    usage: { cpuMs: 1_500, rows, bytesRead: 250_000_000, bytesWritten: 10 },
  };
}
