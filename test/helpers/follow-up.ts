import type { Vendor } from '../../src/domain/vendor.js';
import { json, type Reply } from './fake-vendor.js';

/** A vendor request as a test expects it: its method and request target (path and query). */
export interface ExpectedRequest {
  method: string;
  url: string;
}

/** The delete the gateway sends for `id`: Bland's carries `force`, Bolna's has no query. */
export function deleteRequest(vendor: Vendor, id: string, force = false): ExpectedRequest {
  const segment = encodeURIComponent(id);
  return vendor === 'BLAND'
    ? { method: 'DELETE', url: `/v1/personas/${segment}?force=${force}` }
    : { method: 'DELETE', url: `/dispositions/${segment}` };
}

/**
 * The one read the gateway sends, never retried, after a delete of `id` ends ambiguous (TIMEOUT,
 * CONNECTION_LOST, a 5xx), to learn whether the item is gone.
 */
export function followUpRead(vendor: Vendor, id: string): ExpectedRequest {
  const segment = encodeURIComponent(id);
  return { method: 'GET', url: vendor === 'BLAND' ? `/v1/personas/${segment}` : `/dispositions/${segment}` };
}

/** Answers a read of `id` with the item still there: the fewest fields the gateway accepts as one. */
export function itemPresent(vendor: Vendor, id: string): Reply {
  const created = '2025-09-23T15:13:36.348Z';
  return vendor === 'BLAND'
    ? json(200, {
        data: { id, name: 'Support Agent', created_at: created, updated_at: created, deleted_at: null },
        errors: null,
      })
    : json(200, {
        id,
        name: 'Call Outcome',
        question: 'How did the call end?',
        category: 'General',
        model: 'gpt-4.1-mini',
        created_by: 'user-1',
        created_at: created,
        updated_at: created,
      });
}
