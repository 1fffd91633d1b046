// Wire names: renaming a queue or a stream strands the messages already in it; it needs a migration plan.
// The run queues are per plan and live in the domain (`PLAN_QUEUES`); this one carries the workers' reports
// back to the job-service.
export const JOB_EVENTS_QUEUE = 'job-events';

// The workers' reports as a stream (`ReportStreamPublisher`/`ReportStreamConsumer`), consumed in batches.
export const JOB_REPORTS_STREAM = 'job-reports';
