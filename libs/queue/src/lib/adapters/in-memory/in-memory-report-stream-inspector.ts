import { ReportStreamInspector } from '../../ports/report-stream.port';
import { InMemoryStreams } from './in-memory-streams';

export class InMemoryReportStreamInspector extends ReportStreamInspector {
  constructor(private readonly streams: InMemoryStreams) {
    super();
  }

  async length(stream: string): Promise<number> {
    return this.streams.length(stream);
  }

  async oldestEntryAt(stream: string): Promise<Date | null> {
    const id = this.streams.oldestEntryId(stream);
    return id === undefined ? null : new Date(Number(id.split('-')[0]));
  }
}
