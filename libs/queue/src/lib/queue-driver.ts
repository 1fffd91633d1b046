import { BullMqConnection } from './adapters/bullmq/bullmq-connection';
import { BullMqQueueConsumer } from './adapters/bullmq/bullmq-queue-consumer';
import { BullMqQueueDashboard } from './adapters/bullmq/bullmq-queue-dashboard';
import { BullMqQueueInspector } from './adapters/bullmq/bullmq-queue-inspector';
import { BullMqQueuePublisher } from './adapters/bullmq/bullmq-queue-publisher';
import { RedisCancellationRegistry } from './adapters/bullmq/redis-cancellation-registry';
import { RedisNotificationChannel } from './adapters/bullmq/redis-notification-channel';
import { RedisReportStreamConsumer } from './adapters/bullmq/redis-report-stream-consumer';
import { RedisReportStreamInspector } from './adapters/bullmq/redis-report-stream-inspector';
import { RedisReportStreamPublisher } from './adapters/bullmq/redis-report-stream-publisher';
import { InMemoryBroker } from './adapters/in-memory/in-memory-broker';
import { InMemoryNotificationChannel } from './adapters/in-memory/in-memory-notification-channel';
import { InMemoryCancellationRegistry } from './adapters/in-memory/in-memory-cancellation-registry';
import { InMemoryQueueConsumer } from './adapters/in-memory/in-memory-queue-consumer';
import { InMemoryQueueInspector } from './adapters/in-memory/in-memory-queue-inspector';
import { InMemoryQueuePublisher } from './adapters/in-memory/in-memory-queue-publisher';
import { InMemoryReportStreamConsumer } from './adapters/in-memory/in-memory-report-stream-consumer';
import { InMemoryReportStreamInspector } from './adapters/in-memory/in-memory-report-stream-inspector';
import { InMemoryReportStreamPublisher } from './adapters/in-memory/in-memory-report-stream-publisher';
import { CancellationRegistry } from './ports/cancellation-registry.port';
import { NotificationChannel } from './ports/notification-channel.port';
import { QueueConsumer } from './ports/queue-consumer.port';
import { QueueDashboard } from './ports/queue-dashboard.port';
import { QueueInspector } from './ports/queue-inspector.port';
import { QueuePublisher } from './ports/queue-publisher.port';
import {
  ReportStreamConsumer,
  ReportStreamInspector,
  ReportStreamPublisher,
} from './ports/report-stream.port';
import { TracedQueuePublisher } from './tracing/traced-queue-publisher';
import { TracedReportStreamPublisher } from './tracing/traced-report-stream-publisher';

export const QUEUE_DRIVERS = ['memory', 'bullmq'] as const;
export type QueueDriverName = (typeof QUEUE_DRIVERS)[number];

export type QueueDriverOptions =
  | { readonly driver: 'memory'; readonly broker?: InMemoryBroker }
  | {
      readonly driver: 'bullmq';
      readonly redisUrl: string;
      readonly prefix: string;
      readonly lockDurationMs?: number;
      readonly idlePollMs?: number;
    };

/** Every port of one driver, sharing its connections. */
export interface QueueDriver {
  readonly publisher: QueuePublisher;
  readonly consumer: QueueConsumer;
  readonly inspector: QueueInspector;
  readonly cancellation: CancellationRegistry;
  readonly notifications: NotificationChannel;
  readonly dashboard: QueueDashboard;
  readonly streamPublisher: ReportStreamPublisher;
  readonly streamConsumer: ReportStreamConsumer;
  readonly streamInspector: ReportStreamInspector;
  close(): Promise<void>;
}

/** The in-memory queue lives inside one process: there is nothing for a dashboard to show across services. */
class NoQueueDashboard extends QueueDashboard {
  createHandler(): undefined {
    return undefined;
  }
}

export type QueueErrorListener = (error: unknown, context: string) => void;

/** The one place a driver is chosen. Adding a driver (SQS, …) means adding a branch here and its adapters. */
export function createQueueDriver(options: QueueDriverOptions, onError: QueueErrorListener): QueueDriver {
  if (options.driver === 'memory') {
    const broker = options.broker ?? InMemoryBroker.shared();
    return {
      publisher: new TracedQueuePublisher(new InMemoryQueuePublisher(broker), 'in-memory'),
      consumer: new InMemoryQueueConsumer(broker, onError),
      inspector: new InMemoryQueueInspector(broker),
      cancellation: new InMemoryCancellationRegistry(broker),
      notifications: new InMemoryNotificationChannel(broker.notifications),
      dashboard: new NoQueueDashboard(),
      streamPublisher: new TracedReportStreamPublisher(
        new InMemoryReportStreamPublisher(broker.streams),
        'in-memory',
      ),
      streamConsumer: new InMemoryReportStreamConsumer(broker.streams, onError),
      streamInspector: new InMemoryReportStreamInspector(broker.streams),
      close: async () => undefined,
    };
  }
  const connection = new BullMqConnection({ redisUrl: options.redisUrl, prefix: options.prefix });
  const consumerSettings = {
    lockDurationMs: options.lockDurationMs ?? 15_000,
    idlePollMs: options.idlePollMs ?? 250,
  };
  const notifications = new RedisNotificationChannel(connection);
  return {
    publisher: new TracedQueuePublisher(new BullMqQueuePublisher(connection), 'bullmq'),
    consumer: new BullMqQueueConsumer(connection, consumerSettings, onError),
    inspector: new BullMqQueueInspector(connection),
    cancellation: new RedisCancellationRegistry(connection),
    notifications,
    dashboard: new BullMqQueueDashboard(connection),
    // Report streams are Redis Streams beside the BullMQ queues, on the same connection and prefix.
    streamPublisher: new TracedReportStreamPublisher(new RedisReportStreamPublisher(connection), 'redis'),
    streamConsumer: new RedisReportStreamConsumer(connection, onError),
    streamInspector: new RedisReportStreamInspector(connection),
    close: async () => {
      await notifications.close();
      await connection.close();
    },
  };
}
