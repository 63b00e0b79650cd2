import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { waitUntil } from '../helpers/wait-until.js';

// Needs redis-server (Debian's package): the Redis half is skipped without it, except in CI.
const redisAvailable = hasRedisServer();

/**
 * The one contract both stores keep, run against each. Timings are real: windows and TTLs of a
 * few hundred milliseconds, with margins for a busy machine.
 */
function describeStoreContract(name: string, open: () => Promise<Store>) {
  describe(`the ${name} store`, () => {
    let store: Store;
    /** A key no other test uses. */
    const key = (kind: string) => `test:${kind}:${randomUUID()}`;

    beforeAll(async () => {
      store = await open();
    });

    describe('claim', () => {
      it('answers NEW for a new record, then IN_USE while its claim is held, by anyone', async () => {
        const record = key('record');

        expect(await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000)).toBe('NEW');
        expect(await store.claim(record, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('IN_USE');
        expect(await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000)).toBe('IN_USE');
      });

      it('answers REUSED for another digest, whether the claim is held or not', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000);

        expect(await store.claim(record, 'digest-b', 'owner-2', 10_000, 60_000)).toBe('REUSED');
        await store.releaseClaim(record, 'owner-1');
        expect(await store.claim(record, 'digest-b', 'owner-2', 10_000, 60_000)).toBe('REUSED');
      });

      it('answers EXISTING once the claim is released, and takes the claim again', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000);
        await store.releaseClaim(record, 'owner-1');

        expect(await store.claim(record, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('EXISTING');
        expect(await store.claim(record, 'digest-a', 'owner-3', 10_000, 60_000)).toBe('IN_USE');
      });

      it('lets only the owner release its claim', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000);

        await store.releaseClaim(record, 'owner-2');

        expect(await store.claim(record, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('IN_USE');
      });

      it('expires a claim whose holder died after claimMs: the record then answers EXISTING', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 150, 60_000);
        expect(await store.claim(record, 'digest-a', 'owner-2', 150, 60_000)).toBe('IN_USE');

        await sleep(250);

        expect(await store.claim(record, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('EXISTING');
      });

      it("extends a claim only while its owner holds it, and ignores anyone else's refresh", async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 300, 60_000);
        await store.refreshClaim(record, 'owner-2', 60_000);
        await store.refreshClaim(record, 'owner-1', 1_500);

        await sleep(500);
        expect(await store.claim(record, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('IN_USE');

        const lapsed = key('record');
        await store.claim(lapsed, 'digest-a', 'owner-1', 100, 60_000);
        await sleep(200);
        await store.refreshClaim(lapsed, 'owner-1', 60_000);
        expect(await store.claim(lapsed, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('EXISTING');
      });

      it('forgets the record after ttlMs: it is NEW again, with no calls', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 100, 200);
        await store.writeCall(record, 'call-1', 'value-1', 200);

        await sleep(350);

        expect(await store.readCalls(record)).toEqual(new Map());
        expect(await store.claim(record, 'digest-b', 'owner-2', 10_000, 60_000)).toBe('NEW');
      });
    });

    describe('calls under a record', () => {
      it('stores each call by id, a later write replacing an earlier one', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000);

        await store.writeCall(record, 'call-1', '{"outcome":"first"}', 60_000);
        await store.writeCall(record, 'call-2', 'second', 60_000);
        await store.writeCall(record, 'call-1', '{"outcome":"replaced"}', 60_000);

        expect(await store.readCalls(record)).toEqual(
          new Map([
            ['call-1', '{"outcome":"replaced"}'],
            ['call-2', 'second'],
          ]),
        );
      });

      it('answers no calls for a record that does not exist, and writes none into it', async () => {
        const record = key('record');

        await store.writeCall(record, 'call-1', 'value', 60_000);

        expect(await store.readCalls(record)).toEqual(new Map());
        expect(await store.claim(record, 'digest-a', 'owner-1', 10_000, 60_000)).toBe('NEW');
      });

      it('keeps the record, with its calls, ttlMs after the last write', async () => {
        const record = key('record');
        await store.claim(record, 'digest-a', 'owner-1', 100, 300);
        await store.writeCall(record, 'call-1', 'value', 2_000);

        await sleep(500);

        expect(await store.readCalls(record)).toEqual(new Map([['call-1', 'value']]));
        expect(await store.claim(record, 'digest-a', 'owner-2', 10_000, 60_000)).toBe('EXISTING');
      });
    });

    describe('take (a sliding window)', () => {
      it('allows exactly `limit` events in the window, then says how long until the oldest leaves it', async () => {
        const counter = key('counter');
        const windowMs = 600;
        // The first event is counted somewhere between these two instants (a loaded machine may take long).
        const firstAt = Date.now();
        expect(await store.take(counter, 3, windowMs)).toEqual({ allowed: true });
        const firstAnsweredAt = Date.now();
        await sleep(200);
        const laterAt = Date.now();
        expect(await store.take(counter, 3, windowMs)).toEqual({ allowed: true });
        expect(await store.take(counter, 3, windowMs)).toEqual({ allowed: true });

        const refused = await store.take(counter, 3, windowMs);
        const refusedAt = Date.now();

        expect(refused.allowed).toBe(false);
        const { retryAfterMs } = refused as { retryAfterMs: number };
        // The first event leaves the window `windowMs` after it was counted.
        expect(retryAfterMs).toBeGreaterThanOrEqual(windowMs - (refusedAt - firstAt) - 1);
        expect(retryAfterMs).toBeLessThanOrEqual(windowMs - (laterAt - firstAnsweredAt) + 1);

        await sleep(retryAfterMs + 30);
        // One slot is free (the first event's); the two later ones still count.
        expect(await store.take(counter, 3, windowMs)).toEqual({ allowed: true });
        const next = await store.take(counter, 3, windowMs);
        expect(next.allowed).toBe(false);
        expect((next as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(windowMs);
      });

      it('does not count a refused event', async () => {
        const counter = key('counter');
        expect(await store.take(counter, 1, 300)).toEqual({ allowed: true });
        for (let attempt = 0; attempt < 5; attempt++) {
          expect((await store.take(counter, 1, 300)).allowed).toBe(false);
        }

        await sleep(350);

        expect(await store.take(counter, 1, 300)).toEqual({ allowed: true });
      });

      it('counts each counter on its own', async () => {
        const first = key('counter');
        const second = key('counter');
        expect(await store.take(first, 1, 60_000)).toEqual({ allowed: true });

        expect(await store.take(second, 1, 60_000)).toEqual({ allowed: true });
        expect((await store.take(first, 1, 60_000)).allowed).toBe(false);
      });

      it('allows exactly the limit out of many events taken at once', async () => {
        const counter = key('counter');

        const taken = await Promise.all(Array.from({ length: 40 }, () => store.take(counter, 25, 60_000)));

        expect(taken.filter(({ allowed }) => allowed)).toHaveLength(25);
      });
    });

    describe('remember', () => {
      it('remembers a key for ttlMs, and nothing it was not told', async () => {
        const remembered = key('created');
        await store.remember(remembered, 300);

        expect(await store.isRemembered(remembered)).toBe(true);
        expect(await store.isRemembered(key('created'))).toBe(false);
        await sleep(400);
        expect(await store.isRemembered(remembered)).toBe(false);
      });
    });
  });
}

describeStoreContract('memory', async () => createMemoryStore());

describe.skipIf(!redisAvailable)('Redis', () => {
  let redis: RedisServer;
  let store: Store;
  beforeAll(async () => {
    redis = await startRedisServer();
    store = createRedisStore({
      url: redis.url,
      logger: createLogger({ level: 'silent' }),
      metrics: noMetrics,
    });
    await waitUntil(() => store.state === 'ready', 'the Redis store is ready');
  });
  afterAll(async () => {
    await store?.close();
    await redis?.close();
  });

  describeStoreContract('Redis', async () => store);
});

const noMetrics = { observeStoreError: () => {} };
