import { withTimeout } from '@validahub/promises';

export type ProbeStatus = 'up' | 'down';

/** 'up' when `check` resolves within `timeoutMs`: a readiness answer never hangs on a hung dependency. */
export async function probe(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<ProbeStatus> {
  try {
    await withTimeout(check(), timeoutMs, 'probe');
    return 'up';
  } catch {
    return 'down';
  }
}
