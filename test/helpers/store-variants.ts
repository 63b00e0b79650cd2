import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { hasRedisServer, type RedisServer, startRedisServer } from './redis-server.js';
import { waitUntil } from './wait-until.js';

/** One store a single-process gateway test runs against. */
export interface StoreVariant {
  name: 'memory' | 'Redis';
  /** Starts what the variant needs (its own redis-server): call it in `beforeAll`. */
  setUp(): Promise<void>;
  /** startTestGateway options for a gateway on an empty store. */
  gatewayOptions(): Promise<{ store?: Store; storeSecret?: string }>;
  /** Stops what `setUp` started and closes every store handed out. */
  tearDown(): Promise<void>;
}

const storeSecret = 'test-store-secret-0123456789abcdefghij';

/**
 * The memory store (each gateway's own), and Redis when redis-server is here (one server for the
 * test file, emptied for each gateway): the single-process tests run against both.
 */
export function storeVariants(): StoreVariant[] {
  const memory: StoreVariant = {
    name: 'memory',
    setUp: async () => {},
    gatewayOptions: async () => ({}),
    tearDown: async () => {},
  };
  return hasRedisServer() ? [memory, createRedisVariant()] : [memory];
}

function createRedisVariant(): StoreVariant {
  let redis: RedisServer | null = null;
  const stores: Store[] = [];
  return {
    name: 'Redis',
    async setUp() {
      redis = await startRedisServer();
    },
    async gatewayOptions() {
      if (!redis) throw new Error('setUp() first');
      await redis.flush();
      const metrics = { observeStoreError: () => {} };
      const store = createRedisStore({ url: redis.url, logger: createLogger({ level: 'silent' }), metrics });
      stores.push(store);
      await waitUntil(() => store.state === 'ready', 'the Redis store is ready');
      return { store, storeSecret };
    },
    async tearDown() {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await redis?.close();
    },
  };
}
