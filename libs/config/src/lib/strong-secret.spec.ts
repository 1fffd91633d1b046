import { randomBytes } from 'node:crypto';
import { weakSecretReason } from './strong-secret';

describe('weakSecretReason', () => {
  it.each([
    ['a short one', 'change-me-0123456789'],
    ['one character repeated', 'a'.repeat(40)],
    ['a short pattern repeated', 'abc1'.repeat(10)],
    ['a long pattern repeated twice', 'Kx9#mQ2$vL7pR4tW'.repeat(2)],
    ['an alphabet run', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a digit run with a prefix', 'token-0123456789876543210123456789'],
  ])('refuses %s', (_what, secret) => {
    expect(weakSecretReason(secret)).toEqual(expect.any(String));
  });

  it('accepts generated secrets', () => {
    for (let i = 0; i < 200; i++) {
      expect(weakSecretReason(randomBytes(24).toString('hex'))).toBeUndefined();
      expect(weakSecretReason(randomBytes(24).toString('base64url'))).toBeUndefined();
    }
  });

  it('accepts a long readable passphrase', () => {
    expect(weakSecretReason('correct-horse-battery-staple-orbit-lamp')).toBeUndefined();
  });
});
