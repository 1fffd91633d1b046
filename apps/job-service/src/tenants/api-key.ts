import { createHash, randomBytes } from 'node:crypto';

/** 192 random bits: high-entropy keys make a fast hash (SHA-256) safe to store, unlike passwords. */
export function generateApiKey(): string {
  return `vh_${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
