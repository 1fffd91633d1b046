import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiGatewayConfig } from '../config/api-gateway.config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The admin credential (ADMIN_TOKEN), compared in constant time (digests make the lengths equal). */
@Injectable()
export class AdminToken {
  private readonly expected: Buffer;

  constructor(config: ApiGatewayConfig) {
    this.expected = digest(config.adminToken);
  }

  matches(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.expected);
  }
}
