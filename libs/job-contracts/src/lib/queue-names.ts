// Wire names: renaming a queue strands the messages already in it; it needs a migration plan.
// The run queues are per plan and live in the domain (`PLAN_QUEUES`); this one carries the workers' reports
// back to the job-service.
export const JOB_EVENTS_QUEUE = 'job-events';
