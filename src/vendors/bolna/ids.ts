import type { IdRule } from '../core/id-rules.js';

/** Bolna's disposition ids: UUIDs. */
export const bolnaIdRule: IdRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  description: 'a UUID',
};
