import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStoreKeys } from '../../src/store/store-keys.js';

const secret = 'a-store-secret-of-at-least-32-characters';

describe('store keys', () => {
  it('are <prefix><kind>:<HMAC-SHA256 of the kind and parts, base64url>', () => {
    const keys = createStoreKeys(secret, 'gw:');
    const mac = createHmac('sha256', secret).update('["budget","BLAND","sk-key"]').digest('base64url');

    expect(keys.keyFor('budget', 'BLAND', 'sk-key')).toBe(`gw:budget:${mac}`);
  });

  it('start with voice-ai-gateway: unless told otherwise', () => {
    expect(createStoreKeys(secret).keyFor('client', 'token:0')).toMatch(
      /^voice-ai-gateway:client:[A-Za-z0-9_-]{43}$/,
    );
  });

  it('are the same for the same secret, kind and parts, on every replica', () => {
    expect(createStoreKeys(secret).keyFor('client', 'token:0')).toBe(
      createStoreKeys(Buffer.from(secret)).keyFor('client', 'token:0'),
    );
  });

  it('differ for another secret, another kind, or the same text split otherwise', () => {
    const keys = createStoreKeys(secret);
    const all = [
      keys.keyFor('client', 'token:0'),
      createStoreKeys(`${secret}!`).keyFor('client', 'token:0'),
      keys.keyFor('created', 'token:0'),
      keys.keyFor('client', 'token', '0'),
      keys.keyFor('client', 'token:', '0'),
      keys.keyFor('client', 'token:0', ''),
    ];
    const macs = all.map((key) => key.slice(key.lastIndexOf(':') + 1));

    expect(new Set(macs).size).toBe(all.length);
  });

  it('hold neither the parts nor the secret', () => {
    const key = createStoreKeys(secret).keyFor('budget', 'BOLNA', 'bn-very-secret-key');

    expect(key).not.toContain('bn-very-secret-key');
    expect(key).not.toContain(secret);
  });
});
