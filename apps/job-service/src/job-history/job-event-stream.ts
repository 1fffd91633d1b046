import { Injectable, Logger } from '@nestjs/common';
import { TERMINAL_JOB_EVENTS } from '@validahub/job-contracts/http';
import type { Response } from 'express';
import { JobServiceConfig } from '../config/job-service.config';
import { JobEventRepository } from '../persistence/job-event.repository';
import { JobChangeFeed } from './job-change-feed';
import { toJobEventView } from './job-event-view';

const BATCH = 200;
const KEEP_ALIVE_MS = 15_000;

/**
 * Server-Sent Events of one job: its history after `Last-Event-ID`, then each new event as it is committed,
 * until a terminal one. Events are read from Postgres (the durable history) whenever the shared channel
 * says the job changed, and at least every STREAM_POLL_INTERVAL_MS (the channel is only a wake-up call and
 * can miss one), so any job-service replica can serve any stream.
 */
@Injectable()
export class JobEventStream {
  private readonly logger = new Logger(JobEventStream.name);

  constructor(
    private readonly events: JobEventRepository,
    private readonly changes: JobChangeFeed,
    private readonly config: JobServiceConfig,
  ) {}

  async serve(jobId: string, lastEventId: string, res: Response): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx must not buffer a stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let closed = false;
    // A wake-up that comes while the history is being read is kept, so the next wait does not sleep through it.
    let woken = false;
    let stopWaiting: (() => void) | undefined;
    const wake = () => {
      woken = true;
      stopWaiting?.();
    };
    // The response closes when the client goes away (the request's own 'close' fires once it is read).
    res.on('close', () => {
      closed = true;
      wake();
    });
    const unwatch = await this.changes.watch(jobId, wake).catch((error: unknown) => {
      this.logger.warn({ msg: 'live channel unavailable; the stream polls instead', err: error });
      return () => undefined;
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    let last = lastEventId;
    try {
      while (!closed) {
        woken = false;
        const rows = await this.events.after(jobId, last, BATCH);
        let finished = false;
        for (const row of rows) {
          const view = toJobEventView(jobId, row);
          res.write(`id: ${view.id}\nevent: ${view.type}\ndata: ${JSON.stringify(view)}\n\n`);
          last = view.id;
          finished = TERMINAL_JOB_EVENTS.includes(view.type);
        }
        if (finished) break;
        if (rows.length === BATCH || woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.streamPollMs);
          stopWaiting = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        stopWaiting = undefined;
      }
    } catch (error) {
      this.logger.warn({ msg: 'event stream ended by an error', job_id: jobId, err: error });
    } finally {
      clearInterval(keepAlive);
      unwatch();
      res.end();
    }
  }
}
