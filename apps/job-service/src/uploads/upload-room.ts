import { UploadRoom } from '@validahub/job-contracts/http';
import { PlanQuotas } from '../config/quotas-env';

/** A tenant's registered uploads, summed: all of them, and those of the last 24 hours. */
export interface UploadUsage {
  readonly stored: number;
  readonly lastDay: number;
  /** The oldest upload, and the oldest of the last 24 hours (null when none). */
  readonly oldest: Date | null;
  readonly oldestOfLastDay: Date | null;
  /** The database's clock when this was read. */
  readonly now: Date;
}

const DAY_MS = 86_400_000;

/**
 * How much more the tenant may upload, set by whichever quota is tighter, and a hint of when that quota
 * frees bytes: its oldest upload leaves the 24-hour window, or is swept by the input retention.
 */
export function uploadRoom(usage: UploadUsage, quotas: PlanQuotas, retentionDays: number): UploadRoom {
  const storageRoom = quotas.storageBytes - usage.stored;
  const dayRoom = quotas.uploadBytesPerDay - usage.lastDay;
  const byDay = dayRoom < storageRoom;
  const freedAt = byDay
    ? usage.oldestOfLastDay && usage.oldestOfLastDay.getTime() + DAY_MS
    : usage.oldest && usage.oldest.getTime() + retentionDays * DAY_MS;
  return {
    room_bytes: Math.max(0, byDay ? dayRoom : storageRoom),
    quota: byDay ? 'upload_bytes_per_day' : 'storage_bytes',
    limit: byDay ? quotas.uploadBytesPerDay : quotas.storageBytes,
    used: byDay ? usage.lastDay : usage.stored,
    retry_after_seconds: Math.max(1, Math.ceil(((freedAt ?? 0) - usage.now.getTime()) / 1000)),
  };
}
