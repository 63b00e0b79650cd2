import { type GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { type IdempotentCall, runDirectly } from '../operations/idempotency/request-idempotency.js';
import type { GatewayContext } from '../server/context.js';
import { toResult } from './results.js';

/**
 * Runs one vendor call of a mutation field: under the request's Idempotency-Key when it has one,
 * identified by the field's response path and, in a bulk field, the item's index; else directly.
 * A union member is thrown, for the errors plugin to make data of.
 */
export function runMutationCall<Success>(
  context: GatewayContext,
  info: GraphQLResolveInfo,
  call: IdempotentCall<Success>,
  index?: number,
): Promise<Success> {
  const path = responsePathAsArray(info.path).join('.');
  const run = context.idempotency?.run ?? runDirectly;
  return toResult(run(index === undefined ? path : `${path}.${index}`, call));
}
