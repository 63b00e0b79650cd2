/**
 * Bland's JSON exactly as it is sent. Every field is optional and loosely typed on purpose:
 * these shapes describe what may arrive, and the normalizer checks each value before use.
 */

/** One entry of `errors`: Bland names its code `error`, and elsewhere `code`. */
export interface BlandErrorItemWire {
  error?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/** `details` of a `PERSONA_IN_USE` error. */
export interface BlandPersonaInUseDetailsWire {
  persona_id?: unknown;
  phone_numbers_using?: unknown;
  suggestion?: unknown;
}

/**
 * Every envelope Bland's documentation shows:
 * `{ data, errors: null | [{ error, message, details }] }`, `errors` as a list of strings,
 * `{ error: { code, message, details } }`, `{ error: "code", message }` and the legacy
 * `{ status: "error", message, errors: ["..."] }`.
 */
export interface BlandEnvelopeWire {
  data?: unknown;
  errors?: unknown;
  error?: unknown;
  status?: unknown;
  message?: unknown;
}

/** `data` of a successful delete: `{ success: true, message }`. */
export interface BlandDeleteResultWire {
  success?: unknown;
  message?: unknown;
}

/** A persona object (get, list, create, update, promote); `inbound_numbers` is absent from a create's answer. */
export interface BlandPersonaWire {
  id?: unknown;
  name?: unknown;
  role?: unknown;
  description?: unknown;
  tags?: unknown;
  image_url?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  deleted_at?: unknown;
  user_id?: unknown;
  current_production_version_id?: unknown;
  current_draft_version_id?: unknown;
  inbound_numbers?: unknown;
  current_production_version?: unknown;
  current_draft_version?: unknown;
}

/** One entry of `inbound_numbers`. */
export interface BlandInboundNumberWire {
  phone_number?: unknown;
  label?: unknown;
  persona_id?: unknown;
  persona_settings?: unknown;
}

/** A persona version: `version_type` is `production`, `draft` or `archived`. */
export interface BlandPersonaVersionWire {
  id?: unknown;
  persona_id?: unknown;
  version_type?: unknown;
  version_number?: unknown;
  orchestration_prompt?: unknown;
  personality_prompt?: unknown;
  kb_ids?: unknown;
  promoted_at?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
}

/** The answer to attach and detach: the persona's id and its numbers after the change. */
export interface BlandNumbersResultWire {
  id?: unknown;
  name?: unknown;
  inbound_numbers?: unknown;
}
