import { AppendEntry, ReportStreamPublisher } from '../../ports/report-stream.port';
import { BullMqConnection } from './bullmq-connection';
import { assertExecuted, encodeEntry, streamKey } from './redis-stream-entries';

/**
 * XADD per entry, several in one MULTI: one round trip, in order, all or none. No MAXLEN: trimming would
 * drop entries nobody has acknowledged yet; consumers delete what they acknowledge instead.
 */
export class RedisReportStreamPublisher extends ReportStreamPublisher {
  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  async append<T>(stream: string, entries: readonly AppendEntry<T>[]): Promise<void> {
    if (entries.length === 0) return;
    const key = streamKey(this.connection, stream);
    const redis = this.connection.redis();
    await this.connection.bounded('append', async () => {
      // One entry needs no transaction: it would take three commands instead of one.
      if (entries.length === 1) {
        await redis.xadd(key, '*', ...encodeEntry(entries[0]));
        return;
      }
      const transaction = redis.multi();
      for (const entry of entries) transaction.xadd(key, '*', ...encodeEntry(entry));
      assertExecuted(await transaction.exec(), 'append');
    });
  }
}
