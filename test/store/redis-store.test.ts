import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { type Store, type StoreOperation, StoreUnavailableError } from '../../src/store/store.js';
import { findClosedPortUrl } from '../helpers/fake-vendor.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { waitUntil } from '../helpers/wait-until.js';

// Needs redis-server (Debian's package): skipped without it, except in CI.
const redisAvailable = hasRedisServer();

const password = `pa55-${randomUUID()}`;

interface OpenedStore {
  store: Store;
  logs: string[];
  errors: StoreOperation[];
}

const opened: Store[] = [];

function openStore(url: string): OpenedStore {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const errors: StoreOperation[] = [];
  const store = createRedisStore({
    url,
    logger: createLogger({ level: 'debug', destination }),
    metrics: { observeStoreError: (operation) => errors.push(operation) },
  });
  opened.push(store);
  return { store, logs, errors };
}

/** Every store method, called once with valid arguments. */
function callEach(store: Store): [StoreOperation, () => Promise<unknown>][] {
  const record = `test:record:${randomUUID()}`;
  return [
    ['claim', () => store.claim(record, 'digest', 'owner', 1000, 1000)],
    ['refreshClaim', () => store.refreshClaim(record, 'owner', 1000)],
    ['releaseClaim', () => store.releaseClaim(record, 'owner')],
    ['readCalls', () => store.readCalls(record)],
    ['writeCall', () => store.writeCall(record, 'call', 'value', 1000)],
    ['take', () => store.take(`test:counter:${randomUUID()}`, 1, 1000)],
    ['remember', () => store.remember(record, 1000)],
    ['isRemembered', () => store.isRemembered(record)],
  ];
}

/** How a call ended and how long it took. */
async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
    return { error: null, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

describe('a Redis nobody answers at', () => {
  it('is created at once, connecting, and every method fails within a second with StoreUnavailableError', async () => {
    const url = (await findClosedPortUrl()).replace('http:', 'redis:');
    const started = performance.now();
    const { store, errors } = openStore(url);
    expect(performance.now() - started).toBeLessThan(100);
    expect(store.state).toBe('connecting');

    for (const [operation, call] of callEach(store)) {
      const { error, ms } = await timed(call);
      expect(error, operation).toEqual(new StoreUnavailableError(operation, 'not connected'));
      expect(ms, operation).toBeLessThan(1000);
    }
    expect(errors).toEqual(callEach(store).map(([operation]) => operation));
    await waitUntil(() => store.state === 'down', 'the store says it is down');
  });
});

describe.skipIf(!redisAvailable)('a real Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ user: { name: 'gateway', password } });
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('connects with the user and password of the URL, and never logs the password', async () => {
    const { store, logs } = openStore(redis.url);
    await waitUntil(() => store.state === 'ready', 'the store is ready');

    expect(await store.take(`test:counter:${randomUUID()}`, 1, 1000)).toEqual({ allowed: true });
    expect(logs.map((line) => JSON.parse(line).msg)).toEqual([
      `store: connected to Redis at redis://127.0.0.1:${redis.port}`,
    ]);
    expect(logs.join('')).not.toContain(password);
  });

  it('is down with a wrong password, and logs that once, without either password', async () => {
    const wrong = `wrong-${randomUUID()}`;
    const { store, logs } = openStore(redis.url.replace(encodeURIComponent(password), wrong));
    await waitUntil(() => store.state === 'down', 'the store is down');
    await new Promise((resolve) => setTimeout(resolve, 300));

    await expect(store.take('test:counter', 1, 1000)).rejects.toEqual(
      new StoreUnavailableError('take', 'not connected'),
    );
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0] as string)).toMatchObject({
      level: 40,
      msg: `store: Redis at redis://127.0.0.1:${redis.port} is unavailable; reconnecting`,
    });
    expect(logs.join('')).not.toContain(password);
    expect(logs.join('')).not.toContain(wrong);
  });

  it('answers StoreUnavailableError within a second while Redis is stopped, and serves again once it restarts', async () => {
    const { store, logs, errors } = openStore(redis.url);
    await waitUntil(() => store.state === 'ready', 'the store is ready');
    const counter = `test:counter:${randomUUID()}`;
    expect(await store.take(counter, 2, 60_000)).toEqual({ allowed: true });

    await redis.stop();
    await waitUntil(() => store.state === 'down', 'the store sees Redis go');
    for (const [operation, call] of callEach(store)) {
      const { error, ms } = await timed(call);
      expect(error, operation).toEqual(new StoreUnavailableError(operation, 'not connected'));
      expect(ms, operation).toBeLessThan(1000);
    }
    expect(errors).toHaveLength(8);

    await redis.start();
    await waitUntil(() => store.state === 'ready', 'the store reconnects by itself');
    // Persistence is off: the restarted Redis starts empty.
    expect(await store.take(counter, 2, 60_000)).toEqual({ allowed: true });
    expect(await store.take(counter, 2, 60_000)).toEqual({ allowed: true });
    expect((await store.take(counter, 2, 60_000)).allowed).toBe(false);
    const messages = logs.map((line) => JSON.parse(line).msg);
    const where = `redis://127.0.0.1:${redis.port}`;
    expect(messages).toEqual([
      `store: connected to Redis at ${where}`,
      `store: Redis at ${where} is unavailable; reconnecting`,
      `store: Redis at ${where} is back`,
    ]);
  });

  it('gives up on a Redis that stops answering at the command deadline, then fails at once until it answers again', async () => {
    const { store } = openStore(redis.url);
    await waitUntil(() => store.state === 'ready', 'the store is ready');

    redis.pause();
    try {
      const first = await timed(() => store.take(`test:counter:${randomUUID()}`, 1, 1000));
      expect(first.error).toEqual(new StoreUnavailableError('take', 'no answer in time'));
      expect(first.ms).toBeGreaterThanOrEqual(450);
      expect(first.ms).toBeLessThan(1000);
      expect(store.state).toBe('down');

      const next = await timed(() => store.isRemembered('test:key'));
      expect(next.error).toEqual(new StoreUnavailableError('isRemembered', 'not connected'));
      expect(next.ms).toBeLessThan(100);
    } finally {
      redis.resume();
    }
    await waitUntil(() => store.state === 'ready', 'the store reconnects once Redis answers');
    expect(await store.isRemembered('test:key')).toBe(false);
  });
});
