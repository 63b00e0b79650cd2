/**
 * Bolna's JSON exactly as it is sent. Loosely typed on purpose: the normalizer checks each
 * value before use.
 */

/**
 * An error body. Documented: `{ error: <int>, message }`. Observed from Bolna's own clients:
 * FastAPI's `{ detail: "..." }` (a bad key, on a 403) and `{ detail: [{ loc, msg, type }] }`
 * (a 422), and bodies that use `message`, `detail` or `error` inconsistently.
 */
export interface BolnaErrorWire {
  error?: unknown;
  message?: unknown;
  detail?: unknown;
}

/** One FastAPI validation problem: `loc` is the path to the field, e.g. `["path", "disposition_id"]`. */
export interface BolnaValidationItemWire {
  loc?: unknown;
  msg?: unknown;
  type?: unknown;
}

/** A successful delete: `{ message: "Disposition deleted successfully", id }`. */
export interface BolnaDeleteResultWire {
  message?: unknown;
  id?: unknown;
}
