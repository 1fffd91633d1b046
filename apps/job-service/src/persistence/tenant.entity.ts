import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Plan } from '@validahub/job-domain';

/** A customer account: the seed's `user_id` of a job is a tenant id. Its API keys are `ApiKeyEntity` rows. */
@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar', { length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 20 }) plan!: Plan;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
