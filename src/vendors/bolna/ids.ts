import type { IdRule } from '../core/id-rules.js';

/** Bolna's disposition ids: UUIDs. */
export const bolnaIdRule: IdRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  description: 'a UUID',
};

/** Bolna's agent ids: its own examples show ids like `agt_abc123`, so not only UUIDs. */
export const bolnaAgentIdRule: IdRule = {
  pattern: /^[A-Za-z0-9_-]+$/,
  description: 'letters, digits, "_" and "-"',
};
