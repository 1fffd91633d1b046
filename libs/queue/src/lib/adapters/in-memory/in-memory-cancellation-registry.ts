import { CancellationRegistry } from '../../ports/cancellation-registry.port';
import { InMemoryBroker } from './in-memory-broker';

export class InMemoryCancellationRegistry extends CancellationRegistry {
  constructor(private readonly broker: InMemoryBroker) {
    super();
  }

  async request(runId: string): Promise<void> {
    this.broker.requestCancel(runId);
  }

  async isRequested(runId: string): Promise<boolean> {
    return this.broker.isCancelRequested(runId);
  }
}
