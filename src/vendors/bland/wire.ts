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
