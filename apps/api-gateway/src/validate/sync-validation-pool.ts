import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BoundedThreadPool, threadEntry } from '@validahub/thread-pool';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { SyncValidateInput, SyncValidateOutput } from './sync-validate.thread';

/** The threads that run `POST /api/v1/validate`: bounded in number, waiting line, time and memory. */
@Injectable()
export class SyncValidationPool implements OnApplicationShutdown {
  private readonly pool: BoundedThreadPool<SyncValidateInput, SyncValidateOutput>;

  constructor(config: ApiGatewayConfig) {
    this.pool = new BoundedThreadPool(threadEntry(__dirname, 'sync-validate.thread'), {
      ...config.syncValidation,
      retryAfterSeconds: 2,
    });
  }

  validate(input: SyncValidateInput): Promise<SyncValidateOutput> {
    return this.pool.run(input);
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.destroy();
  }
}
