import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { API_KEY_REVOCATIONS_PATH } from '@validahub/job-contracts';
import { ApiKeyRevocationsResponse } from '@validahub/job-contracts/http';
import { runDetached } from '@validahub/telemetry';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { JobServiceClient } from '../job-service-client/job-service.client';
import { ApiKeyCache } from './api-key-cache';

/**
 * Each read asks again for the revocations of this long before the previous read. A revocation is stamped
 * when its transaction starts and seen only once it commits, so a read may pass its time before it can see
 * it; asking again covers that. A minute is far more than a one-row UPDATE takes to commit.
 */
const REREAD_MS = 60_000;
/** A failed read is retried this much later (keys are looked up meanwhile): no hammering a job-service that is down. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Polls the job-service's revocation feed every API_KEY_REVOCATION_POLL_MS (one indexed query per read) and
 * hands what it learns to the ApiKeyCache. Polling, not a notification: a lost message would leave a revoked
 * key working, while a failed read only delays the next one, which asks from where the last good one was, and
 * meanwhile the cache is not trusted. The `since` of each read comes from the database's own clock (the
 * previous answer's `as_of`), so the gateway's clock does not matter.
 */
@Injectable()
export class ApiKeyRevocationFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ApiKeyRevocationFeed.name);
  private since = new Date(Date.now() - REREAD_MS);
  /** Keys already applied, with the `as_of` of the read that first reported them (re-reads report them again). */
  private readonly applied = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private reading?: Promise<number>;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly jobService: JobServiceClient,
    private readonly cache: ApiKeyCache,
    private readonly config: ApiGatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.cache.enabled) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.reading;
  }

  /** One read of the feed, applied to the cache. */
  async read(): Promise<void> {
    const sentAt = performance.now();
    const { body } = await this.jobService.internal<ApiKeyRevocationsResponse>(
      'GET',
      API_KEY_REVOCATIONS_PATH,
      { query: { since: this.since.toISOString() } },
    );
    const asOf = Date.parse(body.as_of);
    const firstSeen = body.key_ids.filter((id) => !this.applied.has(id));
    for (const id of firstSeen) this.applied.set(id, asOf);
    // No later read can report these again: each asks from REREAD_MS before the previous one.
    for (const [id, seenAt] of this.applied) if (seenAt < asOf - REREAD_MS) this.applied.delete(id);
    this.cache.applyRevocations(firstSeen, sentAt);
    this.since = new Date(asOf - REREAD_MS);
    if (firstSeen.length > 0) this.logger.log({ msg: 'API keys revoked', key_ids: firstSeen });
  }

  private schedule(delayMs: number): void {
    // Detached: a loop's timers must not carry the context (trace, correlation id) of whatever armed them.
    this.timer = setTimeout(() => runDetached(() => void this.tick()), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.reading = this.read().then(
      () => {
        if (this.failing) this.logger.log({ msg: 'API-key revocation feed readable again' });
        this.failing = false;
        return this.config.apiKeyRevocationPollMs;
      },
      (error: unknown) => {
        // Once per outage, not once per read.
        if (!this.failing)
          this.logger.warn({
            msg: 'cannot read the API-key revocation feed; API keys are looked up on every request meanwhile',
            err: error,
          });
        this.failing = true;
        return Math.max(RETRY_AFTER_FAILURE_MS, this.config.apiKeyRevocationPollMs);
      },
    );
    const next = await this.reading;
    this.reading = undefined;
    if (!this.stopped) this.schedule(next);
  }
}
