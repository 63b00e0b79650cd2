import {
  type FieldNode,
  type GraphQLSchema,
  getArgumentValues,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';

/** What bounds how long one vendor call may take. */
export interface CallBounds {
  /** UPSTREAM_TIMEOUT_MS. */
  timeoutMs: number;
  /** UPSTREAM_RETRIES. */
  retries: number;
  /** RETRY_AFTER_CAP_S, in ms: the longest wait between two attempts. */
  retryAfterCapMs: number;
  /** BULK_CONCURRENCY: items of one bulk field in flight at once. */
  bulkConcurrency: number;
}

/** The longest backoff between two attempts without a Retry-After (vendors/core/resilience.ts). */
const maxBackoffMs = 2000;
/** Added to the worst case, so a claim outlives the slowest request the settings allow. */
const marginMs = 5000;

/**
 * How long a claim on an Idempotency-Key must last: the worst case the settings allow for this
 * request, plus 5 s. One call may take every attempt at the deadline, the longest wait between
 * them, and two reads around it (a follow-up after a lost delete answer, or the read before a
 * Bland update without a name). A mutation's fields run one after another; a bulk field's items
 * run `bulkConcurrency` at a time.
 */
export function claimDurationMs(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  bounds: CallBounds,
): number {
  const attempts = bounds.retries + 1;
  const callMs =
    attempts * bounds.timeoutMs +
    bounds.retries * Math.max(maxBackoffMs, bounds.retryAfterCapMs) +
    2 * bounds.timeoutMs;
  const fields = schema.getMutationType()?.getFields() ?? {};
  let rounds = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      // Fragments on Mutation: counted as a bulk field of the largest size, not followed.
      rounds += Math.ceil(100 / bounds.bulkConcurrency);
      continue;
    }
    const definition = fields[selection.name.value];
    rounds += definition ? Math.ceil(itemsOf(definition, selection, variables) / bounds.bulkConcurrency) : 1;
  }
  return Math.max(1, rounds) * callMs + marginMs;
}

/**
 * The calls a field makes one after another: a bulk field names its list argument in its
 * `bulkArgument` extension and makes one call per item; any other field makes one.
 */
function itemsOf(
  definition: Parameters<typeof getArgumentValues>[0],
  field: FieldNode,
  variables: Record<string, unknown>,
): number {
  const bulkArgument = definition.extensions?.bulkArgument;
  if (typeof bulkArgument !== 'string') return 1;
  try {
    const list = getArgumentValues(definition, field, variables)[bulkArgument];
    return Array.isArray(list) ? Math.max(1, list.length) : 1;
  } catch {
    return 1;
  }
}
