import type { OperationContext } from '@urql/core';

/**
 * The Idempotency-Keys of one user action: one per mutation the action sends (a key names one
 * request: another document under the same key would be refused), made on first use and kept,
 * so pressing Retry sends each request again under its own key.
 */
export interface UserAction {
  keyFor(step: string): string;
}

export function createUserAction(): UserAction {
  const keys = new Map<string, string>();
  return {
    keyFor(step) {
      const existing = keys.get(step);
      if (existing !== undefined) return existing;
      const key = crypto.randomUUID();
      keys.set(step, key);
      return key;
    },
  };
}

/** The request context that sends `key` as the `Idempotency-Key` header, a Structured Fields string. */
export function withIdempotencyKey(key: string): Partial<OperationContext> {
  return { fetchOptions: { headers: { 'idempotency-key': `"${key}"` } } };
}
