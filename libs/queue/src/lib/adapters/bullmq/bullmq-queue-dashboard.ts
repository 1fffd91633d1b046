import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { DashboardHandler, QueueDashboard, QueueDashboardOptions } from '../../ports/queue-dashboard.port';
import { BullMqConnection } from './bullmq-connection';

/**
 * bull-board over the BullMQ queues, read-only: Postgres is the source of truth of every job, so retrying,
 * promoting or removing a BullMQ job by hand would bypass it (the API's cancel and retry are the controls).
 */
export class BullMqQueueDashboard extends QueueDashboard {
  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  createHandler({ queues, basePath, title }: QueueDashboardOptions): DashboardHandler {
    const serverAdapter = new ExpressAdapter().setBasePath(basePath);
    createBullBoard({
      queues: queues.map((name) => new BullMQAdapter(this.connection.queue(name), { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: title } },
    });
    return serverAdapter.getRouter() as DashboardHandler;
  }
}
