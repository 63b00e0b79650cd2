import DataLoader from 'dataloader';
import type { GatewayError } from '../domain/errors.js';

/**
 * One request's loader for one kind of call: the same key asked for several times in one
 * operation (aliases, a bulk list, a list priming it) reaches the vendor once, and every place
 * gets the same answer. A union member is loaded as an Error, so `load` rejects with it and the
 * errors plugin turns it into data. No batching: the vendors have no batch endpoint, and each call
 * must settle on its own rather than wait for the slowest of its batch.
 */
export function createCallLoader<Key, Success, CacheKey = Key>(
  run: (key: Key) => Promise<Success | GatewayError>,
  cacheKeyFn?: (key: Key) => CacheKey,
): DataLoader<Key, Success, CacheKey> {
  return new DataLoader<Key, Success, CacheKey>((keys) => Promise.all(keys.map(run)), {
    batch: false,
    ...(cacheKeyFn ? { cacheKeyFn } : {}),
  });
}
