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
    // Loaded here, not with the module: only the job-service shows the dashboard, and bull-board with its
    // UI would weigh on the memory of every process that uses the queue (a worker, say).
    const { createBullBoard } = require('@bull-board/api') as typeof import('@bull-board/api');
    const { BullMQAdapter } =
      require('@bull-board/api/bullMQAdapter') as typeof import('@bull-board/api/bullMQAdapter');
    const { ExpressAdapter } = require('@bull-board/express') as typeof import('@bull-board/express');
    const serverAdapter = new ExpressAdapter().setBasePath(basePath);
    createBullBoard({
      queues: queues.map((name) => new BullMQAdapter(this.connection.queue(name), { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: title } },
    });
    return serverAdapter.getRouter() as DashboardHandler;
  }
}
