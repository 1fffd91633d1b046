import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module';
import { ApiKeysService } from './api-keys.service';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [PersistenceModule],
  controllers: [TenantsController],
  providers: [TenantsService, ApiKeysService],
})
export class TenantsModule {}
