import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Plan } from '@validahub/job-domain';

/** A customer account: the seed's `user_id` of a job is a tenant id. */
@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar', { length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 20 }) plan!: Plan;
  /** SHA-256 of the API key; the key itself is shown once and never stored. */
  @Column('char', { name: 'api_key_hash', length: 64, unique: true }) apiKeyHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
