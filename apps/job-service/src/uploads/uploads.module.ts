import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module';
import { InputSweeper } from './input-sweeper';
import { UploadRegister } from './upload-register';
import { UploadsController } from './uploads.controller';

/** Uploaded inputs: their register (quotas, ownership) and their retention. */
@Module({
  imports: [PersistenceModule],
  controllers: [UploadsController],
  providers: [UploadRegister, InputSweeper],
  exports: [UploadRegister, InputSweeper],
})
export class UploadsModule {}
