import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { DataSource } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';

export interface InputSweepReport {
  /** Registered uploads deleted (row and object). */
  readonly inputs_deleted: number;
  /** Input objects without a row (a crash between storing and registering, or older uploads) deleted. */
  readonly orphan_inputs_deleted: number;
}

const UNFINISHED = `('QUEUED', 'RUNNING', 'RETRYING')`;

/**
 * Input retention: uploads older than INPUT_RETENTION_DAYS are deleted, unless an unfinished job still
 * reads them (a job waiting in a long queue keeps its input). Rows go in batches like the jobs' (one short
 * transaction each, SKIP LOCKED), their objects after the commit; then the objects no row accounts for
 * are looked for tenant by tenant, and those older than the retention deleted too.
 */
@Injectable()
export class InputSweeper {
  private readonly logger = new Logger(InputSweeper.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: ObjectStorage,
    private readonly config: JobServiceConfig,
  ) {}

  async sweep(now: Date): Promise<InputSweepReport> {
    const cutoff = new Date(now.getTime() - this.config.quotas.inputRetentionDays * 86_400_000);
    let inputs = 0;
    for (;;) {
      const keys = await this.deleteBatch(cutoff);
      for (const key of keys) {
        // After the commit: an object left behind by a failure here is an orphan, swept below next time.
        await this.storage
          .delete(key)
          .then(() => inputs++)
          .catch((error) => this.logger.warn({ msg: 'could not delete an expired input', key, err: error }));
      }
      if (keys.length < this.config.retention.batchSize) break;
    }
    const orphans = await this.deleteOrphans(cutoff);
    return { inputs_deleted: inputs, orphan_inputs_deleted: orphans };
  }

  private deleteBatch(cutoff: Date): Promise<string[]> {
    return this.db.transaction(async (manager) => {
      const rows: { key: string }[] = await manager.query(
        `SELECT u.key FROM uploads u
         WHERE u.created_at < $1
           AND NOT EXISTS (
             SELECT 1 FROM jobs j
             WHERE j.user_id = u.tenant_id AND j.status IN ${UNFINISHED} AND j.params_json->>'input_uri' = u.uri)
         ORDER BY u.created_at LIMIT $2 FOR UPDATE OF u SKIP LOCKED`,
        [cutoff, this.config.retention.batchSize],
      );
      const keys = rows.map((row) => row.key);
      if (keys.length > 0) await manager.query('DELETE FROM uploads WHERE key = ANY($1)', [keys]);
      return keys;
    });
  }

  private async deleteOrphans(cutoff: Date): Promise<number> {
    let deleted = 0;
    const tenants: { id: string }[] = await this.db.query('SELECT id FROM tenants');
    for (const { id } of tenants) {
      const old: string[] = [];
      for await (const object of this.storage.list(objectKeys.inputsOf(id)))
        if (object.modifiedAt < cutoff) old.push(object.key);
      for (let start = 0; start < old.length; start += this.config.retention.batchSize) {
        for (const key of await this.unaccounted(
          id,
          old.slice(start, start + this.config.retention.batchSize),
        )) {
          await this.storage
            .delete(key)
            .then(() => deleted++)
            .catch((error) => this.logger.warn({ msg: 'could not delete an orphan input', key, err: error }));
        }
      }
    }
    return deleted;
  }

  /** Of `keys` (the tenant's), those with no row and no unfinished job reading them. */
  private async unaccounted(tenantId: string, keys: string[]): Promise<string[]> {
    const registered: { key: string }[] = await this.db.query('SELECT key FROM uploads WHERE key = ANY($1)', [
      keys,
    ]);
    const read: { uri: string }[] = await this.db.query(
      `SELECT params_json->>'input_uri' AS uri FROM jobs
       WHERE user_id = $1 AND status IN ${UNFINISHED} AND params_json->>'input_uri' = ANY($2)`,
      [tenantId, keys.map((key) => this.storage.uriFor(key))],
    );
    const kept = new Set([
      ...registered.map((r) => r.key),
      ...read.map((r) => this.storage.keyFromUri(r.uri)),
    ]);
    return keys.filter((key) => !kept.has(key));
  }
}
