import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Plan, PLANS } from '@validahub/job-domain';
import { StorableText } from './storable-text';

export class CreateTenantRequest {
  @ApiProperty({ example: 'Loja do João' })
  @IsString()
  @Length(1, 200)
  @StorableText()
  name!: string;

  @ApiProperty({ enum: PLANS })
  @IsIn(PLANS)
  plan!: Plan;
}

export class CreateTenantResponse {
  @ApiProperty({ format: 'uuid' }) tenant_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PLANS }) plan!: Plan;
  @ApiProperty({ format: 'uuid', description: 'Names the key in the key list and in DELETE; not a secret.' })
  key_id!: string;
  @ApiProperty({ description: 'Shown once; only its hash is stored.' }) api_key!: string;
}

export class ResolveApiKeyRequest {
  @IsString()
  @Length(1, 200)
  api_key!: string;
}

/** What the gateway learns about the caller from an API key. */
export class TenantIdentity {
  @ApiProperty({ format: 'uuid' }) tenant_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PLANS }) plan!: Plan;
}
