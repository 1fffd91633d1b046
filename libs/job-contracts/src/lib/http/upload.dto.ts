import { IsInt, IsString, Length, Matches, Min } from 'class-validator';

/** The two quotas on a tenant's uploads (README, "Limits per plan"). */
export type UploadQuotaName = 'storage_bytes' | 'upload_bytes_per_day';

/** Gateway → job-service: an upload now stored, to be counted against the quotas and swept when old. */
export class RegisterUploadRequest {
  @IsString() @Length(1, 1_000) key!: string;
  @IsString() @Length(1, 2_000) uri!: string;
  @IsInt() @Min(0) size!: number;
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' }) sha256!: string;
}

/** How many bytes the tenant may still upload now, and the quota that sets that figure. */
export interface UploadRoom {
  readonly room_bytes: number;
  readonly quota: UploadQuotaName;
  readonly limit: number;
  readonly used: number;
  /** When that quota frees bytes again (its oldest upload leaves the day, or expires). */
  readonly retry_after_seconds: number;
}
