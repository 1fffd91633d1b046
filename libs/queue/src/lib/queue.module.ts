import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
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
import { createQueueDriver, QueueDriver, QueueDriverOptions } from './queue-driver';

export type QueueModuleOptions = QueueDriverOptions;

const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
const REPEAT_LOG_MS = 30_000;

/**
 * During a Redis outage every reconnect attempt of every worker reports the same error; one line per
 * context and message every 30 s says as much, with a count of what was folded.
 */
function throttledErrorLog(logger: Logger): (error: unknown, context: string) => void {
  const last = new Map<string, { at: number; folded: number }>();
  return (error, context) => {
    const message = (error as { message?: unknown } | undefined)?.message;
    const key = `${context}|${String(message)}`;
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.at < REPEAT_LOG_MS) {
      seen.folded += 1;
      return;
    }
    logger.error({ msg: `queue error while ${context}`, err: error, repeated_since_last: seen?.folded ?? 0 });
    last.set(key, { at: now, folded: 0 });
  };
}

@Injectable()
class QueueDriverCloser implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}

/**
 * Provides the queue ports (publisher, consumer, inspector, cancellation, dashboard, report streams…) of the
 * configured driver.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    const logger = new Logger('Queue');
    const fromDriver = (pick: (driver: QueueDriver) => unknown) => ({
      inject: [QUEUE_DRIVER],
      useFactory: pick,
    });
    return {
      module: QueueModule,
      providers: [
        {
          provide: QUEUE_DRIVER,
          useFactory: () => createQueueDriver(options, throttledErrorLog(logger)),
        },
        { provide: QueuePublisher, ...fromDriver((d) => d.publisher) },
        { provide: QueueConsumer, ...fromDriver((d) => d.consumer) },
        { provide: QueueInspector, ...fromDriver((d) => d.inspector) },
        { provide: CancellationRegistry, ...fromDriver((d) => d.cancellation) },
        { provide: NotificationChannel, ...fromDriver((d) => d.notifications) },
        { provide: QueueDashboard, ...fromDriver((d) => d.dashboard) },
        { provide: ReportStreamPublisher, ...fromDriver((d) => d.streamPublisher) },
        { provide: ReportStreamConsumer, ...fromDriver((d) => d.streamConsumer) },
        { provide: ReportStreamInspector, ...fromDriver((d) => d.streamInspector) },
        QueueDriverCloser,
      ],
      exports: [
        QueuePublisher,
        QueueConsumer,
        QueueInspector,
        CancellationRegistry,
        NotificationChannel,
        QueueDashboard,
        ReportStreamPublisher,
        ReportStreamConsumer,
        ReportStreamInspector,
      ],
    };
  }
}
