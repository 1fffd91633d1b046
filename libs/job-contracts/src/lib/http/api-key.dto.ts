import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { TenantIdentity } from './tenant.dto';

/** A key just issued: the key itself is shown here once; only its SHA-256 is stored. */
export class CreateApiKeyResponse {
  @ApiProperty({ format: 'uuid', description: 'Names the key in the list and in DELETE; not a secret.' })
  key_id!: string;
  @ApiProperty({ description: 'Shown once; only its hash is stored.' }) api_key!: string;
}

/** A key as the admin API lists it: never the key nor its hash. */
export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) key_id!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'When a gateway last authenticated a request with the key, recorded at most once a minute and only when ' +
      'a gateway looks the key up (once per AUTH_CACHE_TTL_MS per replica): it lags actual use by up to ' +
      'AUTH_CACHE_TTL_MS plus a minute. Null if never used.',
  })
  last_used_at!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set once the key is revoked (it then stays listed, refused).',
  })
  revoked_at!: string | null;
}

export class ApiKeyListResponse {
  @ApiProperty({ type: [ApiKeyView], description: 'Newest first, revoked keys included.' })
  items!: ApiKeyView[];
}

/** What the job-service answers the gateway for a valid key: the tenant, and which of its keys it was. */
export class ResolvedApiKey extends TenantIdentity {
  @ApiProperty({ format: 'uuid' }) key_id!: string;
}

export class ApiKeyRevocationsQuery {
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since!: string;
}

/** The internal revocation feed every gateway replica polls (see ApiKeyRevocationFeed in the gateway). */
export class ApiKeyRevocationsResponse {
  /** The database's clock when it was read: the base of the next `since`. */
  as_of!: string;
  /** Keys revoked after `since`, in no particular order. */
  key_ids!: string[];
}
