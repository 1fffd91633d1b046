import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Node/Express request handler; `next` is called for a path the dashboard does not serve. */
export type DashboardHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export interface QueueDashboardOptions {
  /** The queues to show, in this order. */
  readonly queues: readonly string[];
  /** The path the browser sees the dashboard at: every URL the UI builds starts with it. */
  readonly basePath: string;
  readonly title: string;
}

/**
 * A web UI over the broker's queues, the role Flower plays for Celery. The host app mounts the handler and
 * hands it request paths relative to the dashboard's root (`/`, `/api/queues`, `/static/…`).
 */
export abstract class QueueDashboard {
  /** Undefined when the driver has no dashboard (the in-memory queue). */
  abstract createHandler(options: QueueDashboardOptions): DashboardHandler | undefined;
}
