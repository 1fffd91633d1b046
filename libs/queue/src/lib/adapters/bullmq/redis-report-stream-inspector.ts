import { ReportStreamInspector } from '../../ports/report-stream.port';
import { BullMqConnection } from './bullmq-connection';
import { streamKey } from './redis-stream-entries';

export class RedisReportStreamInspector extends ReportStreamInspector {
  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  async length(stream: string): Promise<number> {
    return this.connection.bounded('stream length', () =>
      this.connection.redis().xlen(streamKey(this.connection, stream)),
    );
  }

  async oldestEntryAt(stream: string): Promise<Date | null> {
    // Acknowledged entries are deleted, so the first one left is the oldest unacknowledged; its id starts
    // with the time Redis appended it.
    const [first] = await this.connection.bounded('oldest stream entry', () =>
      this.connection.redis().xrange(streamKey(this.connection, stream), '-', '+', 'COUNT', 1),
    );
    return first ? new Date(Number(first[0].split('-')[0])) : null;
  }
}
