import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { BullMqConnection } from './adapters/bullmq/bullmq-connection';
import { BullMqQueueConsumer } from './adapters/bullmq/bullmq-queue-consumer';
import { BullMqQueueInspector } from './adapters/bullmq/bullmq-queue-inspector';
import { BullMqQueuePublisher } from './adapters/bullmq/bullmq-queue-publisher';
import { RedisCancellationRegistry } from './adapters/bullmq/redis-cancellation-registry';
import { InMemoryBroker } from './adapters/in-memory/in-memory-broker';
import { InMemoryCancellationRegistry } from './adapters/in-memory/in-memory-cancellation-registry';
import { InMemoryQueueConsumer } from './adapters/in-memory/in-memory-queue-consumer';
import { InMemoryQueueInspector } from './adapters/in-memory/in-memory-queue-inspector';
import { InMemoryQueuePublisher } from './adapters/in-memory/in-memory-queue-publisher';
import { CancellationRegistry } from './ports/cancellation-registry.port';
import { QueueConsumer } from './ports/queue-consumer.port';
import { QueueInspector } from './ports/queue-inspector.port';
import { QueuePublisher } from './ports/queue-publisher.port';

export const QUEUE_DRIVERS = ['memory', 'bullmq'] as const;
export type QueueDriver = (typeof QUEUE_DRIVERS)[number];

export type QueueModuleOptions =
  | { readonly driver: 'memory'; readonly broker?: InMemoryBroker }
  | {
      readonly driver: 'bullmq';
      readonly redisUrl: string;
      readonly prefix: string;
      readonly lockDurationMs?: number;
      readonly idlePollMs?: number;
    };

const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

@Injectable()
class QueueConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_CONNECTION) private readonly connection: BullMqConnection | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}

/**
 * The one place that picks a queue driver: every port (publisher, consumer, inspector, cancellation) comes
 * from the same driver, chosen once from config.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    const logger = new Logger('Queue');
    const onError = (error: unknown, context: string) =>
      logger.error({
        msg: `queue error while ${context}`,
        err: error instanceof Error ? error : String(error),
      });
    const providers =
      options.driver === 'memory'
        ? (() => {
            const broker = options.broker ?? InMemoryBroker.shared();
            return [
              { provide: QUEUE_CONNECTION, useValue: null },
              { provide: QueuePublisher, useValue: new InMemoryQueuePublisher(broker) },
              { provide: QueueConsumer, useValue: new InMemoryQueueConsumer(broker, onError) },
              { provide: QueueInspector, useValue: new InMemoryQueueInspector(broker) },
              { provide: CancellationRegistry, useValue: new InMemoryCancellationRegistry(broker) },
            ];
          })()
        : (() => {
            const connection = new BullMqConnection({ redisUrl: options.redisUrl, prefix: options.prefix });
            const consumerSettings = {
              lockDurationMs: options.lockDurationMs ?? 30_000,
              idlePollMs: options.idlePollMs ?? 250,
            };
            return [
              { provide: QUEUE_CONNECTION, useValue: connection },
              { provide: QueuePublisher, useValue: new BullMqQueuePublisher(connection) },
              {
                provide: QueueConsumer,
                useValue: new BullMqQueueConsumer(connection, consumerSettings, onError),
              },
              { provide: QueueInspector, useValue: new BullMqQueueInspector(connection) },
              { provide: CancellationRegistry, useValue: new RedisCancellationRegistry(connection) },
            ];
          })();
    return {
      module: QueueModule,
      providers: [...providers, QueueConnectionCloser],
      exports: [QueuePublisher, QueueConsumer, QueueInspector, CancellationRegistry],
    };
  }
}
