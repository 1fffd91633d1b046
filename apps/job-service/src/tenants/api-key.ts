import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ApiKeyEntity } from '../persistence/api-key.entity';

/** 192 random bits: high-entropy keys make a fast hash (SHA-256) safe to store, unlike passwords. */
function generateApiKey(): string {
  return `vh_${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** A new key for the tenant: the row to store (hash only) and the key, to show once. */
export function newApiKey(tenantId: string): { row: ApiKeyEntity; apiKey: string } {
  const apiKey = generateApiKey();
  const row = Object.assign(new ApiKeyEntity(), {
    id: randomUUID(),
    tenantId,
    keyHash: hashApiKey(apiKey),
  });
  return { row, apiKey };
}
