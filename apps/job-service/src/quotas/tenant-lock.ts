import { EntityManager } from 'typeorm';

/**
 * Each per-tenant lock has a class of its own, so two features never wait on each other's lock. Class 1 is
 * taken in SQL by `admit_unfinished_job` (the queued-jobs quota) and class 3 by the dispatcher's claim
 * (JobRepository); the classes here must not reuse them.
 */
export const TENANT_LOCK = { uploads: 2 } as const;

/**
 * Takes a per-tenant transaction-scoped advisory lock: the caller's transaction then runs alone among those
 * taking the same lock for the same tenant, until it commits or rolls back. Statements after this one see
 * whatever the previous holder committed (each statement reads a fresh snapshot), which is what makes a
 * "count, then insert" exact under concurrency. Two tenants may hash alike and share a lock: slower, never wrong.
 */
export async function lockTenant(
  manager: EntityManager,
  lock: (typeof TENANT_LOCK)[keyof typeof TENANT_LOCK],
  tenantId: string,
): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lock, tenantId]);
}
