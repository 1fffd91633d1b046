import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { TenantEntity } from './tenant.entity';

@Injectable()
export class TenantRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A tenant and its first API key, both or neither. */
  async insertWithKey(tenant: TenantEntity, key: ApiKeyEntity): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.insert(TenantEntity, tenant);
      await manager.insert(ApiKeyEntity, key);
    });
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ id });
  }
}
