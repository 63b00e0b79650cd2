import { Pool } from 'undici';

/** Options for {@link createVendorPool}. */
export interface VendorPoolOptions {
  /**
   * The total deadline of one call; the pool's own connect, headers and body timers are set to it
   * as a backstop (the deadline itself is enforced per call by `sendRequest`).
   * @default none: required
   */
  timeoutMs: number;
}

/**
 * One keep-alive pool for one vendor origin, created once at start-up and closed at shutdown.
 * Connections are not capped, so calls never queue behind a slow vendor.
 */
export function createVendorPool(baseUrl: string, { timeoutMs }: VendorPoolOptions): Pool {
  return new Pool(new URL(baseUrl).origin, {
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}
