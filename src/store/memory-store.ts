import type { ClaimResult, Store, TakeResult } from './store.js';

/** Options for {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most keys held at once; past it the oldest key is dropped first.
   * @default 100000
   */
  maxKeys?: number;
  /**
   * The clock, in milliseconds (tests pass their own).
   * @default Date.now
   */
  now?: () => number;
}

interface RecordEntry {
  kind: 'record';
  expiresAt: number;
  digest: string;
  claim: { owner: string; until: number } | null;
  calls: Map<string, string>;
}

interface WindowEntry {
  kind: 'window';
  expiresAt: number;
  /** When each counted event happened, oldest first. */
  times: number[];
}

interface FlagEntry {
  kind: 'flag';
  expiresAt: number;
}

type Entry = RecordEntry | WindowEntry | FlagEntry;

/**
 * The store in this process's memory: what a single gateway uses without REDIS_URL, and what
 * vendor budgets count in while Redis is down. It answers as the Redis store does, never fails,
 * and holds at most `maxKeys` keys (expired ones are dropped as they are met).
 */
export function createMemoryStore({ maxKeys = 100_000, now = Date.now }: MemoryStoreOptions = {}): Store {
  // A Map iterates in insertion order, so its first key is the oldest.
  const entries = new Map<string, Entry>();

  const find = <Kind extends Entry['kind']>(key: string, kind: Kind, at: number) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= at || entry.kind !== kind) {
      entries.delete(key);
      return undefined;
    }
    return entry as Extract<Entry, { kind: Kind }>;
  };
  const insert = (key: string, entry: Entry) => {
    entries.delete(key);
    while (entries.size >= maxKeys) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    entries.set(key, entry);
  };
  const heldBy = (record: RecordEntry, owner: string, at: number) =>
    record.claim !== null && record.claim.owner === owner && record.claim.until > at;

  return {
    state: 'memory',
    async claim(key, digest, owner, claimMs, ttlMs): Promise<ClaimResult> {
      const at = now();
      const record = find(key, 'record', at);
      if (!record) {
        insert(key, {
          kind: 'record',
          expiresAt: at + ttlMs,
          digest,
          claim: { owner, until: at + claimMs },
          calls: new Map(),
        });
        return 'NEW';
      }
      if (record.digest !== digest) return 'REUSED';
      if (record.claim && record.claim.until > at) return 'IN_USE';
      record.claim = { owner, until: at + claimMs };
      return 'EXISTING';
    },
    async refreshClaim(key, owner, claimMs) {
      const at = now();
      const record = find(key, 'record', at);
      if (record && heldBy(record, owner, at)) record.claim = { owner, until: at + claimMs };
    },
    async releaseClaim(key, owner) {
      const at = now();
      const record = find(key, 'record', at);
      if (record && heldBy(record, owner, at)) record.claim = null;
    },
    async readCalls(key) {
      return new Map(find(key, 'record', now())?.calls ?? []);
    },
    async writeCall(key, callId, value, ttlMs) {
      const at = now();
      const record = find(key, 'record', at);
      if (!record) return;
      record.calls.set(callId, value);
      record.expiresAt = at + ttlMs;
    },
    async take(key, limit, windowMs): Promise<TakeResult> {
      const at = now();
      let window = find(key, 'window', at);
      if (!window) {
        window = { kind: 'window', expiresAt: at + windowMs, times: [] };
        insert(key, window);
      }
      const { times } = window;
      const stillCounted = times.findIndex((time) => time > at - windowMs);
      times.splice(0, stillCounted === -1 ? times.length : stillCounted);
      if (times.length < limit) {
        times.push(at);
        window.expiresAt = at + windowMs;
        return { allowed: true };
      }
      return { allowed: false, retryAfterMs: Math.max(1, (times[0] as number) + windowMs - at) };
    },
    async remember(key, ttlMs) {
      insert(key, { kind: 'flag', expiresAt: now() + ttlMs });
    },
    async isRemembered(key) {
      return find(key, 'flag', now()) !== undefined;
    },
    async close() {
      entries.clear();
    },
  };
}
