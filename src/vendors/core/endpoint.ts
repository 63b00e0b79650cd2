import type { GatewayError, InvalidInputError } from '../../domain/errors.js';
import type { CallEffect } from '../../domain/failure-policy.js';
import type { Vendor } from '../../domain/vendor.js';
import type { HttpMethod } from '../../http/send-request.js';
import type { VendorAnswer } from './answer.js';
import type { IdRule } from './id-rules.js';

/** One id of a call's input, checked against its vendor's rule before the credential. */
export interface IdCheck {
  /** The argument it came from, reported as `InvalidInputError.field`. */
  field: string;
  value: string;
  rule: IdRule;
}

/**
 * One vendor call, declared as data: what it sends and how its answer reads. The core
 * (call-endpoint.ts) runs every endpoint the same way: ids and input checks, the credential,
 * the guard (circuit and retries by `effect`), the deadline, the answer with the key removed,
 * then `normalize`. Nothing here knows GraphQL.
 */
export interface Endpoint<Input, Success> {
  vendor: Vendor;
  /** Names the call in audit records, logs, metrics and traces: `persona.delete`. */
  name: string;
  method: HttpMethod;
  /**
   * The path after the vendor's base path, with `{placeholders}` filled from `params`, each
   * percent-encoded as one path segment: `/v1/personas/{persona_id}`.
   */
  pathTemplate: string;
  params?: (input: Input) => Record<string, string>;
  /** Query parameters, in order; an undefined value is left out. */
  query?: (input: Input) => Record<string, string | number | boolean | undefined>;
  /** The JSON body; none when absent. */
  body?: (input: Input) => unknown;
  /** Ids checked, in order, before anything else. */
  ids: (input: Input) => readonly IdCheck[];
  /** Further input checks, after the ids and before the credential. */
  validate?: (input: Input) => InvalidInputError | null;
  /** What sending the call twice does; decides its retries (domain/failure-policy.ts). */
  effect: CallEffect | ((input: Input) => CallEffect);
  /**
   * What an outcome that proves nothing means for this call, ending its message: `the delete
   * may or may not have happened`, `the persona may have been created`; a function when it
   * depends on the input. Unused for reads.
   */
  unknownOutcome?: string | ((input: Input) => string);
  /** The union member a success is, for metrics and the audit trail. */
  successTypename: string;
  /** The vendor's answer as a success or a union member; never throws for a vendor's answer. */
  normalize: (answer: VendorAnswer, input: Input) => Success | GatewayError;
}

/** The input type of an endpoint. */
export type EndpointInput<E> = E extends Endpoint<infer Input, unknown> ? Input : never;
/** The success type of an endpoint. */
export type EndpointSuccess<E> = E extends Endpoint<unknown, infer Success> ? Success : never;

/** The path and query of one call, encoded. */
export function toRequestPath<Input>(endpoint: Endpoint<Input, unknown>, input: Input): string {
  const params = endpoint.params?.(input) ?? {};
  const path = endpoint.pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${endpoint.name}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const query = Object.entries(endpoint.query?.(input) ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** The effect of one call of an endpoint. */
export function effectOf<Input>(endpoint: Endpoint<Input, unknown>, input: Input): CallEffect {
  return typeof endpoint.effect === 'function' ? endpoint.effect(input) : endpoint.effect;
}

/** What an outcome that proves nothing means for one call of an endpoint; null when it does not say. */
export function unknownOutcomeOf<Input>(endpoint: Endpoint<Input, unknown>, input: Input): string | null {
  const { unknownOutcome } = endpoint;
  return (typeof unknownOutcome === 'function' ? unknownOutcome(input) : unknownOutcome) ?? null;
}
