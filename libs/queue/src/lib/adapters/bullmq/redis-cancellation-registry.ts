import { CancellationRegistry } from '../../ports/cancellation-registry.port';
import { BullMqConnection } from './bullmq-connection';

const KEEP_SECONDS = 86_400;

export class RedisCancellationRegistry extends CancellationRegistry {
  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  async request(runId: string): Promise<void> {
    await this.connection.bounded('cancel', () =>
      this.connection.redis().set(this.connection.key('cancel', runId), '1', 'EX', KEEP_SECONDS),
    );
  }

  async isRequested(runId: string): Promise<boolean> {
    return (
      (await this.connection.bounded('cancel check', () =>
        this.connection.redis().exists(this.connection.key('cancel', runId)),
      )) === 1
    );
  }
}
