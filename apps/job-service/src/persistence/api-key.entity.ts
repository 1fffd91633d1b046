import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One of a tenant's API keys. A revoked key stays (listed, refused) so the list shows when it stopped. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  @Column('char', { name: 'key_hash', length: 64, unique: true }) keyHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}
