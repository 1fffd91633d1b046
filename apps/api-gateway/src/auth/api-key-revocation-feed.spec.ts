import { Logger } from '@nestjs/common';
import { ApiKeyRevocationsResponse } from '@validahub/job-contracts/http';
import { loadApiGatewayConfig } from '../config/api-gateway.config';
import { JobServiceClient } from '../job-service-client/job-service.client';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyRevocationFeed } from './api-key-revocation-feed';

const MINUTE = 60_000;

/** The feed against a job-service that answers each read with the next of `answers` (an Error fails it). */
function feedWith(answers: (ApiKeyRevocationsResponse | Error)[]) {
  const config = loadApiGatewayConfig({ ADMIN_TOKEN: '7f3c9a1e5b2d8f4a6c0e9b7d1f3a5c8e2b4d6f9a' });
  const cache = new ApiKeyCache(config);
  const sinces: string[] = [];
  const jobService = {
    internal: async (method: string, path: string, options: { query: { since: string } }) => {
      expect([method, path]).toEqual(['GET', 'api-keys/revocations']);
      sinces.push(options.query.since);
      const answer = answers.shift();
      if (!answer || answer instanceof Error) throw answer ?? new Error('no more answers');
      return { status: 200, body: answer };
    },
  } as unknown as JobServiceClient;
  return { feed: new ApiKeyRevocationFeed(jobService, cache, config), cache, sinces };
}

describe('ApiKeyRevocationFeed', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const t0 = Date.parse('2026-01-01T12:00:00.000Z');
  const at = (ms: number) => new Date(t0 + ms).toISOString();

  it('asks again from a minute before each answer, on the database clock, and applies each key once', async () => {
    const { feed, cache, sinces } = feedWith([
      { as_of: at(0), key_ids: ['a'] },
      { as_of: at(250), key_ids: ['a', 'b'] },
      { as_of: at(500), key_ids: ['a', 'b'] },
    ]);
    cache.set('hash-b', { tenant: { tenant_id: 't', name: 'n', plan: 'pro' }, keyId: 'b' }, 0);

    await feed.read();
    expect(Math.abs(Date.parse(sinces[0]) - (Date.now() - MINUTE))).toBeLessThan(5_000);
    expect(cache.generation).toBe(1);
    expect(cache.get('hash-b')).toBeDefined();

    await feed.read();
    expect(sinces[1]).toBe(at(-MINUTE));
    expect(cache.generation).toBe(2);
    expect(cache.get('hash-b')).toBeUndefined();

    // Reported again: nothing new, so lookups under way are not held back from the cache.
    await feed.read();
    expect(sinces[2]).toBe(at(250 - MINUTE));
    expect(cache.generation).toBe(2);
  });

  it('after a failed read asks from the last answer it got, so nothing revoked meanwhile is missed', async () => {
    const { feed, cache, sinces } = feedWith([
      { as_of: at(0), key_ids: [] },
      new Error('job-service unreachable'),
      { as_of: at(5_000), key_ids: ['c'] },
    ]);
    await feed.read();
    await expect(feed.read()).rejects.toThrow('unreachable');
    await feed.read();
    expect(sinces.slice(1)).toEqual([at(-MINUTE), at(-MINUTE)]);
    expect(cache.generation).toBe(1);
  });

  it('forgets applied keys once no read can report them again', async () => {
    const { feed, cache } = feedWith([
      { as_of: at(0), key_ids: ['a'] },
      { as_of: at(MINUTE + 1), key_ids: [] },
      // Only a job-service that broke its promise would report it again now; the feed treats it as new.
      { as_of: at(MINUTE + 2), key_ids: ['a'] },
    ]);
    for (let i = 0; i < 3; i++) await feed.read();
    expect(cache.generation).toBe(2);
  });
});
