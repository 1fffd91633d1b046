import { uploadRoom, UploadUsage } from './upload-room';

const quotas = { queuedJobs: 10, runningJobs: 1, uploadBytesPerDay: 1_000, storageBytes: 5_000 };
const now = new Date('2026-11-28T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const usage = (overrides: Partial<UploadUsage>): UploadUsage => ({
  stored: 0,
  lastDay: 0,
  oldest: null,
  oldestOfLastDay: null,
  now,
  ...overrides,
});

describe('uploadRoom', () => {
  it('is the whole of the tighter quota for a tenant that uploaded nothing', () => {
    expect(uploadRoom(usage({}), quotas, 3)).toEqual({
      room_bytes: 1_000,
      quota: 'upload_bytes_per_day',
      limit: 1_000,
      used: 0,
      retry_after_seconds: 1,
    });
  });

  it('is bound by the day, freed when the day’s oldest upload is 24 hours old', () => {
    const room = uploadRoom(
      usage({ stored: 1_200, lastDay: 900, oldest: hoursAgo(30), oldestOfLastDay: hoursAgo(20) }),
      quotas,
      3,
    );
    expect(room).toEqual({
      room_bytes: 100,
      quota: 'upload_bytes_per_day',
      limit: 1_000,
      used: 900,
      retry_after_seconds: 4 * 3_600,
    });
  });

  it('is bound by storage, freed when the oldest upload reaches the retention; never negative', () => {
    const room = uploadRoom(
      usage({ stored: 5_300, lastDay: 0, oldest: hoursAgo(48), oldestOfLastDay: null }),
      quotas,
      3,
    );
    expect(room).toEqual({
      room_bytes: 0,
      quota: 'storage_bytes',
      limit: 5_000,
      used: 5_300,
      retry_after_seconds: 24 * 3_600,
    });
  });

  it('never tells a client to retry at once, even when the quota is already due to free bytes', () => {
    const room = uploadRoom(usage({ stored: 5_000, oldest: hoursAgo(80) }), quotas, 3);
    expect(room.retry_after_seconds).toBe(1);
  });
});
