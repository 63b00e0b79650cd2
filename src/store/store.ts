/**
 * What the store runs on and whether it can answer: `memory` (this process alone, always able),
 * or Redis `connecting` (never reached yet), `ready`, or `down` (lost, reconnecting by itself).
 */
export type StoreState = 'memory' | 'connecting' | 'ready' | 'down';

import type { TraceSpan } from '../observability/tracing/trace-span.js';

/** What {@link Store.claim} found: see there. */
export type ClaimResult = 'NEW' | 'EXISTING' | 'REUSED' | 'IN_USE';

/** What {@link Store.take} decided. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * The state every replica shares: in Redis with REDIS_URL, else in this process's memory. Keys
 * come from {@link createStoreKeys}, never from a secret. Every method either answers or throws
 * {@link StoreUnavailableError}; each is atomic (one Redis command or script). Each takes, last,
 * the span it is part of (undefined with tracing off): a Redis command is a client span within it.
 */
export interface Store {
  readonly state: StoreState;
  /**
   * Atomically: if `record` exists with another digest → REUSED; else if its claim is held → IN_USE;
   * else take the claim (owner, claimMs) and, when the record is new, create it with `digest`
   * (ttlMs) → NEW, or EXISTING.
   */
  claim(
    record: string,
    digest: string,
    owner: string,
    claimMs: number,
    ttlMs: number,
    trace?: TraceSpan,
  ): Promise<ClaimResult>;
  /** Extends the claim to `claimMs` from now while `owner` holds it; otherwise does nothing. */
  refreshClaim(record: string, owner: string, claimMs: number, trace?: TraceSpan): Promise<void>;
  /** Drops the claim if `owner` holds it; otherwise does nothing. */
  releaseClaim(record: string, owner: string, trace?: TraceSpan): Promise<void>;
  /** Every call outcome stored under the record: call id → value (empty when there is no record). */
  readCalls(record: string, trace?: TraceSpan): Promise<ReadonlyMap<string, string>>;
  /**
   * Stores one call's value under the record (replacing an earlier one), and makes the record, with
   * all its calls, expire `ttlMs` from now. Does nothing when the record does not exist (it expired).
   */
  writeCall(record: string, callId: string, value: string, ttlMs: number, trace?: TraceSpan): Promise<void>;
  /**
   * Sliding window: allows and counts one event when fewer than `limit` happened in the last
   * `windowMs`; else answers how long until one is free (at least 1 ms).
   */
  take(counter: string, limit: number, windowMs: number, trace?: TraceSpan): Promise<TakeResult>;
  /** Remembers a key for ttlMs. */
  remember(key: string, ttlMs: number, trace?: TraceSpan): Promise<void>;
  /** Whether the key is still remembered. */
  isRemembered(key: string, trace?: TraceSpan): Promise<boolean>;
  /** Lets go of the connection; the store answers nothing afterwards. */
  close(): Promise<void>;
}

/** The store's methods that can fail, as metrics name them. */
export type StoreOperation = Exclude<keyof Store, 'state' | 'close'>;

/** Every {@link StoreOperation}, for metrics' closed label set. */
export const storeOperations = [
  'claim',
  'refreshClaim',
  'releaseClaim',
  'readCalls',
  'writeCall',
  'take',
  'remember',
  'isRemembered',
] as const satisfies readonly StoreOperation[];

/** Where the store reports its failures. */
export interface StoreMetrics {
  /** One store operation that could not be answered. */
  observeStoreError(operation: StoreOperation): void;
}

/** Why the store could not answer, in words safe for a log line (no address, no credential). */
export type StoreUnavailableReason = 'not connected' | 'no answer in time' | 'command failed' | 'closed';

/** Thrown by every Store method when the store cannot answer (Redis down, a command past its deadline). */
export class StoreUnavailableError extends Error {
  constructor(
    readonly operation: StoreOperation,
    readonly reason: StoreUnavailableReason,
  ) {
    super(`The shared store could not answer ${operation}: ${reason}.`);
    this.name = 'StoreUnavailableError';
  }
}
