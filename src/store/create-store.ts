import type { Logger } from '../observability/logger.js';
import { createMemoryStore } from './memory-store.js';
import type { Store, StoreMetrics } from './store.js';

/** Options for {@link createStore}. */
export interface CreateStoreOptions {
  /**
   * REDIS_URL: the Redis every replica shares; unset, the store is this process's memory.
   * @default undefined (memory)
   */
  redisUrl?: string | undefined;
  logger: Logger;
  metrics: StoreMetrics;
}

/**
 * The store the gateway runs on: Redis when a URL is given (connecting in the background), else
 * memory. The Redis client is loaded only then: a gateway without REDIS_URL never reads it.
 */
export async function createStore({ redisUrl, logger, metrics }: CreateStoreOptions): Promise<Store> {
  if (redisUrl === undefined) return createMemoryStore();
  const { createRedisStore } = await import('./redis-store.js');
  return createRedisStore({ url: redisUrl, logger, metrics });
}
