import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantEntity } from './tenant.entity';

@Injectable()
export class TenantRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tenant: TenantEntity): Promise<TenantEntity> {
    return this.db.getRepository(TenantEntity).save(tenant);
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ id });
  }

  findByApiKeyHash(apiKeyHash: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ apiKeyHash });
  }
}
