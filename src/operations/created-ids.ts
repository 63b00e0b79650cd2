import type { Vendor } from '../domain/vendor.js';
import type { Logger } from '../observability/logger.js';
import { createMemoryStore } from '../store/memory-store.js';
import { type Store, StoreUnavailableError } from '../store/store.js';
import type { StoreKeys } from '../store/store-keys.js';

/**
 * The items this gateway (any replica sharing the store) created moments ago: a vendor with a
 * read lag (Bolna) can still answer 404 for them, so a 404 proves nothing about them.
 */
export interface CreatedIds {
  /**
   * Remembers one new item; when the store cannot answer, this is logged and the item is
   * remembered in this process only.
   */
  remember(vendor: Vendor, id: string): Promise<void>;
  /**
   * True when the item was remembered less than `ttlMs` ago, and also when the store cannot say:
   * a delete is never confirmed by a 404 the gateway cannot judge.
   */
  isRecent(vendor: Vendor, id: string): Promise<boolean>;
}

/** Options for {@link createCreatedIds}. */
export interface CreatedIdsOptions {
  store: Store;
  keys: StoreKeys;
  logger: Logger;
  /**
   * How long a created id is remembered: longer than the vendor's read lag.
   * @default 10000
   */
  ttlMs?: number;
}

/**
 * Created ids in the shared store, under `created` keys (HMACs: the store holds no id). An id the
 * shared store could not take is kept in this process's memory, so this replica still judges it.
 */
export function createCreatedIds({ store, keys, logger, ttlMs = 10_000 }: CreatedIdsOptions): CreatedIds {
  const local = createMemoryStore({ maxKeys: 10_000 });
  // Bolna's ids are UUIDs, which it may case either way.
  const keyOf = (vendor: Vendor, id: string) =>
    keys.keyFor('created', vendor, vendor === 'BOLNA' ? id.toLowerCase() : id);
  const unavailable = (error: unknown, what: string) => {
    if (!(error instanceof StoreUnavailableError)) throw error;
    logger.warn({ storeOperation: error.operation, reason: error.reason }, what);
  };
  return {
    async remember(vendor, id) {
      const key = keyOf(vendor, id);
      try {
        await store.remember(key, ttlMs);
      } catch (error) {
        unavailable(
          error,
          'created-id memory: the shared store is unavailable, so a new id is remembered by this replica only',
        );
        await local.remember(key, ttlMs);
      }
    },
    async isRecent(vendor, id) {
      const key = keyOf(vendor, id);
      if (await local.isRemembered(key)) return true;
      try {
        return await store.isRemembered(key);
      } catch (error) {
        unavailable(
          error,
          'created-id memory: the shared store is unavailable, so a 404 after a lost delete answer is not taken as proof',
        );
        return true;
      }
    },
  };
}
