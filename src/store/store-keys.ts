import { createHmac } from 'node:crypto';

/** What a store key is for; each kind is its own namespace. */
export type StoreKeyKind = 'idempotency' | 'budget' | 'client' | 'created';

export interface StoreKeys {
  /**
   * The store key for `parts` (a caller, a credential, an idempotency key...): an HMAC, so the
   * store holds neither the parts nor a hash anyone could compute without the secret.
   */
  keyFor(kind: StoreKeyKind, ...parts: string[]): string;
}

/** Every key the gateway writes starts with this, so it shares a Redis with others safely. */
export const defaultStorePrefix = 'voice-ai-gateway:';

/**
 * Store keys as `<prefix><kind>:<mac>`: HMAC-SHA256 under `secret`, base64url, of the kind and the
 * parts as a JSON array (so `['a:b']` and `['a', 'b']` never meet). Replicas that share a store
 * must share the secret (STORE_SECRET).
 */
export function createStoreKeys(secret: string | Buffer, prefix = defaultStorePrefix): StoreKeys {
  return {
    keyFor(kind, ...parts) {
      const mac = createHmac('sha256', secret)
        .update(JSON.stringify([kind, ...parts]))
        .digest('base64url');
      return `${prefix}${kind}:${mac}`;
    },
  };
}
