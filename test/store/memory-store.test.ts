import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';

/** A clock the test moves by hand. */
function createClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the memory store', () => {
  it('holds at most maxKeys keys, dropping the oldest first', async () => {
    const store = createMemoryStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.remember(key, 60_000);

    expect(await Promise.all(['a', 'b', 'c', 'd'].map((key) => store.isRemembered(key)))).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it('drops the oldest key of any kind to make room', async () => {
    const store = createMemoryStore({ maxKeys: 2 });
    await store.claim('record', 'digest', 'owner', 60_000, 60_000);
    await store.take('counter', 5, 60_000);
    await store.remember('flag', 60_000);

    expect(await store.claim('record', 'digest', 'owner-2', 60_000, 60_000)).toBe('NEW');
  });

  it('answers the exact wait until the oldest event leaves the window', async () => {
    const clock = createClock();
    const store = createMemoryStore({ now: clock.now });
    await store.take('counter', 2, 60_000);
    clock.advance(15_000);
    await store.take('counter', 2, 60_000);
    clock.advance(5_000);

    expect(await store.take('counter', 2, 60_000)).toEqual({ allowed: false, retryAfterMs: 40_000 });
    clock.advance(39_999);
    expect(await store.take('counter', 2, 60_000)).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(await store.take('counter', 2, 60_000)).toEqual({ allowed: true });
    expect(await store.take('counter', 2, 60_000)).toEqual({ allowed: false, retryAfterMs: 15_000 });
  });

  it('expires a claim exactly claimMs after it was taken, and the record ttlMs after it was made', async () => {
    const clock = createClock();
    const store = createMemoryStore({ now: clock.now });
    await store.claim('record', 'digest', 'owner-1', 1000, 5000);

    clock.advance(999);
    expect(await store.claim('record', 'digest', 'owner-2', 1000, 5000)).toBe('IN_USE');
    clock.advance(1);
    expect(await store.claim('record', 'digest', 'owner-2', 1000, 5000)).toBe('EXISTING');
    clock.advance(3999);
    expect(await store.claim('record', 'other', 'owner-3', 1000, 5000)).toBe('REUSED');
    clock.advance(1);
    expect(await store.claim('record', 'other', 'owner-3', 1000, 5000)).toBe('NEW');
  });
});
