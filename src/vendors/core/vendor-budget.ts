import { type Vendor, vendorDisplayNames } from '../../domain/vendor.js';
import type { Logger } from '../../observability/logger.js';
import { createOutageNotice } from '../../observability/outage-notice.js';
import { createMemoryStore } from '../../store/memory-store.js';
import { type Store, StoreUnavailableError, type TakeResult } from '../../store/store.js';
import type { StoreKeys } from '../../store/store-keys.js';
import type { VendorBudget } from './call-endpoint.js';

const minuteMs = 60_000;

/** Options for {@link createVendorBudget}. */
export interface VendorBudgetOptions {
  vendor: Vendor;
  /** BLAND_MAX_REQUESTS_PER_MIN or BOLNA_MAX_REQUESTS_PER_MIN: requests in any 60 s, per credential, fleet-wide. */
  requestsPerMinute: number;
  /** Where every replica counts. */
  store: Store;
  keys: StoreKeys;
  logger: Logger;
  metrics: { observeBudgetRefusal(vendor: Vendor): void };
}

/**
 * The fleet-wide budget toward one vendor: a sliding 60 s window per credential (keyed by an
 * HMAC of the key, never the key) in the shared store. While the store cannot answer, this
 * process counts in its own memory, so the fleet together may exceed the budget until the store
 * is back: better than refusing every call, or sending without any count.
 */
export function createVendorBudget(options: VendorBudgetOptions): VendorBudget {
  const { vendor, requestsPerMinute: limit, store, keys, metrics } = options;
  const local = createMemoryStore();
  const name = vendorDisplayNames[vendor];
  const notice = createOutageNotice(options.logger, {
    failed: `${name} budget: the shared store is unavailable, so this replica counts requests on its own until it is back`,
    answered: `${name} budget: the shared store answers again; counting fleet-wide`,
  });
  return {
    async take(_vendor, apiKey, trace) {
      const counter = keys.keyFor('budget', vendor, apiKey);
      let taken: TakeResult;
      try {
        taken = await store.take(counter, limit, minuteMs, trace);
        notice.answered();
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        notice.failed();
        taken = await local.take(counter, limit, minuteMs);
      }
      if (taken.allowed) return null;
      metrics.observeBudgetRefusal(vendor);
      return { retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000) };
    },
  };
}
