import type { IdRule } from '../core/id-rules.js';

/** Bland's persona ids: UUIDs in practice; the contract allows letters, digits, `_` and `-`. */
export const blandIdRule: IdRule = {
  pattern: /^[A-Za-z0-9_-]+$/,
  description: 'letters, digits, "_" and "-"',
};
