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

/** A disposition object (get, list). Bolna also sends fields the gateway ignores (`category_id`). */
export interface BolnaDispositionWire {
  id?: unknown;
  name?: unknown;
  question?: unknown;
  system_prompt?: unknown;
  category?: unknown;
  model?: unknown;
  is_subjective?: unknown;
  is_objective?: unknown;
  /** `text`, `timestamp`, `numeric`, `boolean`, `email` or `regex`. */
  subjective_type?: unknown;
  subjective_type_config?: unknown;
  objective_options?: unknown;
  agent_ids?: unknown;
  created_by?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
}

/** `subjective_type_config`: the pattern a `regex` answer must match, and what it means. */
export interface BolnaSubjectiveConfigWire {
  pattern?: unknown;
  description?: unknown;
}

/** One objective option; `sub_options` has the same shape, recursively. */
export interface BolnaObjectiveOptionWire {
  value?: unknown;
  condition?: unknown;
  sub_options?: unknown;
}

/**
 * The list, in each shape Bolna sends: documented as a bare array; observed live as
 * `{ user_owned }` without `agent_id` and `{ agent_dispositions, global_dispositions }` with it.
 */
export interface BolnaDispositionListWire {
  user_owned?: unknown;
  agent_dispositions?: unknown;
  global_dispositions?: unknown;
}

/**
 * A create's or an update's answer, `{ message, id }` (201 for a create or a copy, 200 for an
 * update in place), or a bulk create's, `{ message, ids }` in input order.
 */
export interface BolnaWriteResultWire {
  message?: unknown;
  id?: unknown;
  ids?: unknown;
}
