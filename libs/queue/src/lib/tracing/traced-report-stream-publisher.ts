import { AppendEntry, ReportStreamPublisher } from '../ports/report-stream.port';
import { appendInSpan } from './message-spans';

/**
 * Every driver's stream publisher, wrapped like `TracedQueuePublisher`: an append goes out from one producer
 * span, and each entry carries its own trace, or that span's when it names none.
 */
export class TracedReportStreamPublisher extends ReportStreamPublisher {
  constructor(
    private readonly inner: ReportStreamPublisher,
    private readonly system: string,
  ) {
    super();
  }

  append<T>(stream: string, entries: readonly AppendEntry<T>[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return appendInSpan({ system: this.system, stream }, entries.length, (carrier) =>
      this.inner.append(
        stream,
        carrier ? entries.map((entry) => (entry.trace ? entry : { ...entry, trace: carrier })) : entries,
      ),
    );
  }
}
