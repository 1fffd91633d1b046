import { AppendEntry, ReportStreamPublisher } from '../../ports/report-stream.port';
import { InMemoryStreams } from './in-memory-streams';

export class InMemoryReportStreamPublisher extends ReportStreamPublisher {
  constructor(private readonly streams: InMemoryStreams) {
    super();
  }

  async append<T>(stream: string, entries: readonly AppendEntry<T>[]): Promise<void> {
    this.streams.append(stream, entries);
  }
}
