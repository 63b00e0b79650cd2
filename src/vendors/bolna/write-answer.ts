import { asRecord } from '../core/answer.js';
import { toVendorText } from '../core/vendor-text.js';
import { bolnaIdRule } from './ids.js';
import type { BolnaWriteResultWire } from './wire.js';

/** `{ message, id }` with a message and a well-formed id (a UUID); null when the body proves neither. */
export function readWriteResult(body: unknown): { message: string; id: string } | null {
  const result = asRecord(body) as BolnaWriteResultWire | null;
  const message = toVendorText(result?.message);
  const id = result?.id;
  return message && isDispositionId(id) ? { message, id } : null;
}

/** `{ message, ids }` with exactly `count` well-formed ids; null otherwise (fewer ids prove nothing). */
export function readBulkResult(body: unknown, count: number): { message: string; ids: string[] } | null {
  const result = asRecord(body) as BolnaWriteResultWire | null;
  const message = toVendorText(result?.message);
  const { ids } = result ?? {};
  if (!message || !Array.isArray(ids) || ids.length !== count || !ids.every(isDispositionId)) return null;
  return { message, ids };
}

/** The same disposition id, however Bolna cases it. */
export function isSameId(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}

function isDispositionId(value: unknown): value is string {
  return typeof value === 'string' && bolnaIdRule.pattern.test(value);
}
