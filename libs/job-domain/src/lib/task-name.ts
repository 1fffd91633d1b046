// Wire names: they travel in queue messages and API bodies; renaming one needs a migration plan.
export const TASK_NAMES = ['validate_csv_job', 'correct_csv_job'] as const;
export type TaskName = (typeof TASK_NAMES)[number];
