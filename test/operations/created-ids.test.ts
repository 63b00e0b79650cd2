import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createCreatedIds } from '../../src/operations/created-ids.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createStoreKeys } from '../../src/store/store-keys.js';

const id = '3FA85F64-5717-4562-B3FC-2C963F66AFA6';
const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

function createdIdsAt(clock: { now: number }) {
  const store = createMemoryStore({ now: () => clock.now });
  return { store, created: createCreatedIds({ store, keys: createStoreKeys('secret'), logger: silent }) };
}

describe('the memory of created ids', () => {
  it('answers recent for 10 seconds after a create, then no longer', async () => {
    const clock = { now: 1_000_000 };
    const { created } = createdIdsAt(clock);
    await created.remember('BOLNA', id);

    clock.now += 9_999;
    expect(await created.isRecent('BOLNA', id)).toBe(true);
    clock.now += 1;
    expect(await created.isRecent('BOLNA', id)).toBe(false);
  });

  it('compares a disposition id lower-cased, and keeps vendors apart', async () => {
    const { created } = createdIdsAt({ now: 0 });
    await created.remember('BOLNA', id);

    expect(await created.isRecent('BOLNA', id.toLowerCase())).toBe(true);
    expect(await created.isRecent('BLAND', id)).toBe(false);
    expect(await created.isRecent('BOLNA', '3fa85f64-5717-4562-b3fc-2c963f66afa7')).toBe(false);
  });

  it('keeps no id in the store, only an HMAC of it', async () => {
    const clock = { now: 0 };
    const { store, created } = createdIdsAt(clock);
    await created.remember('BOLNA', id);

    const key = createStoreKeys('secret').keyFor('created', 'BOLNA', id.toLowerCase());
    expect(key).not.toContain(id.toLowerCase());
    expect(await store.isRemembered(key)).toBe(true);
  });
});
