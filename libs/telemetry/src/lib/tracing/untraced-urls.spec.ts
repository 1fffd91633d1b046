import { API_KEY_REVOCATIONS_ROUTE } from '@validahub/job-contracts';
import { isUntracedUrl } from './start-tracing';

describe('requests left untraced', () => {
  it('are the probes, the scrapes and the gateways’ revocation poll, nothing else', () => {
    expect(isUntracedUrl('/health/ready')).toBe(true);
    expect(isUntracedUrl('/metrics')).toBe(true);
    // The route is spelled out in start-tracing.ts; this keeps it equal to the contract's.
    expect(isUntracedUrl(`${API_KEY_REVOCATIONS_ROUTE}?since=2026-01-01T00:00:00.000Z`)).toBe(true);
    expect(isUntracedUrl('/internal/v1/api-keys/resolve')).toBe(false);
    expect(isUntracedUrl('/internal/v1/api-keys/revocations-and-more')).toBe(false);
    expect(isUntracedUrl('/api/v1/jobs')).toBe(false);
  });
});
