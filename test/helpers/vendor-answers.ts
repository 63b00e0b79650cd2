import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../src/domain/errors.js';
import { parseBody, type VendorAnswer } from '../../src/vendors/core/answer.js';

/** A vendor answer whose body is `body` serialised as JSON, with a JSON content type. */
export function jsonAnswer(status: number, body: unknown, headers: IncomingHttpHeaders = {}): VendorAnswer {
  return textAnswer(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

/** A vendor answer with a raw body, parsed as the gateway parses it; null text means oversized. */
export function textAnswer(
  status: number,
  text: string | null,
  headers: IncomingHttpHeaders = {},
): VendorAnswer {
  return { status, headers, body: parseBody(text, headers['content-type']) };
}

/**
 * An outcome as GraphQL would show it: the class as `__typename` and every public field. A success
 * (a plain object) gets `successTypename`.
 */
export function toPayload(outcome: object, successTypename: string): Record<string, unknown> {
  if (!(outcome instanceof GatewayError)) return { __typename: successTypename, ...outcome };
  // Error's own `name` repeats the class, which `__typename` already shows; `message` is not enumerable.
  const fields = Object.fromEntries(Object.entries(outcome).filter(([key]) => key !== 'name'));
  return { __typename: outcome.constructor.name, message: outcome.message, ...fields };
}
