import { GatewayError, UpstreamError } from '../domain/errors.js';
import type { FollowUpFinding } from '../observability/audit-log.js';
import type { CallResult } from '../vendors/core/call-endpoint.js';

/** How a delete's success was proven. */
export type DeleteConfirmation = 'VENDOR_ANSWER' | 'FOLLOW_UP' | 'EARLIER_ATTEMPT';

/** A delete's success, with how it was proven. */
export type Confirmed<Success> = Success & { confirmedBy: DeleteConfirmation };

/** What {@link deleteConfirmed} needs for one item. */
export interface DeleteSteps<Success> {
  /** Sends the delete; `retries` limits a second delete to the retries the first left. */
  remove(retries?: number): Promise<CallResult<Success>>;
  /** Reads the item once, never retried. */
  read(): Promise<CallResult<unknown>>;
  /** True when an outcome says the item does not exist. */
  isNotFound(outcome: unknown): boolean;
  /** The success a lost answer becomes once a follow-up, or this request after an earlier one, proves the item gone. */
  gone(message: string): Success;
  /** The vendor and the item, in words: `Bland`, `persona`. */
  vendorName: string;
  itemName: string;
  /** The success's union member name. */
  successTypename: string;
  /** The retries a call gets (UPSTREAM_RETRIES). */
  retries: number;
  /**
   * An earlier request under the same Idempotency-Key lost this delete's answer: a not-found
   * answer now means that attempt deleted the item (`EARLIER_ATTEMPT`).
   */
  earlierAttemptMayHaveActed: boolean;
  /**
   * True when the gateway created the item moments ago: a vendor with a read lag (Bolna) may
   * still answer 404 for it, so not found proves nothing.
   */
  createdMomentsAgo(): Promise<boolean>;
}

/** A delete's outcome and what its audit record says about how it was reached. */
export interface ConfirmedDeleteResult<Success> extends CallResult<Confirmed<Success>> {
  followUp: FollowUpFinding | null;
  redeleteOutcome: string | null;
}

/**
 * Sends a delete and, when its outcome is ambiguous (TIMEOUT, CONNECTION_LOST, a 5xx: the vendor
 * may have deleted), reads the item once: gone is success (`FOLLOW_UP`); still there, the delete
 * is sent again if retries are left, and a not-found answer to it is success too; anything else
 * keeps the original answer. A not-found for an item created moments ago proves nothing.
 */
export async function deleteConfirmed<Success extends object>(
  steps: DeleteSteps<Success>,
): Promise<ConfirmedDeleteResult<Success>> {
  const first = await steps.remove();
  if (steps.earlierAttemptMayHaveActed && steps.isNotFound(first.outcome)) {
    return (await steps.createdMomentsAgo())
      ? {
          ...first,
          outcome: cannotTellYet(first.outcome),
          ambiguous: true,
          followUp: 'RECENTLY_CREATED',
          redeleteOutcome: null,
        }
      : {
          ...first,
          outcome: {
            ...steps.gone(
              `An earlier request under this Idempotency-Key lost the delete's answer; this one found the ${steps.itemName} gone.`,
            ),
            confirmedBy: 'EARLIER_ATTEMPT',
          },
          typename: steps.successTypename,
          followUp: null,
          redeleteOutcome: null,
        };
  }
  if (!first.ambiguous) return { ...withConfirmation(first), followUp: null, redeleteOutcome: null };

  const original = (followUp: FollowUpFinding, second?: CallResult<Success>) => ({
    ...(first as CallResult<Confirmed<Success>>),
    attempts: first.attempts + (second?.attempts ?? 0),
    followUp,
    redeleteOutcome: second?.typename ?? null,
  });
  const proven = (how: 'read' | 'second delete', status: number | null, second?: CallResult<Success>) => ({
    outcome: {
      ...steps.gone(
        `${steps.vendorName}'s answer to the delete was lost; a follow-up ${how} found the ${steps.itemName} gone.`,
      ),
      confirmedBy: 'FOLLOW_UP' as const,
    },
    typename: steps.successTypename,
    status,
    attempts: first.attempts + (second?.attempts ?? 0),
    ambiguous: false,
    followUp: second ? ('ITEM_PRESENT' as const) : ('ITEM_GONE' as const),
    redeleteOutcome: second?.typename ?? null,
  });

  const read = await steps.read();
  if (steps.isNotFound(read.outcome)) {
    return (await steps.createdMomentsAgo()) ? original('RECENTLY_CREATED') : proven('read', read.status);
  }
  if (read.outcome instanceof GatewayError) return original('READ_FAILED');

  const retriesLeft = steps.retries - (first.attempts - 1);
  if (retriesLeft <= 0) return original('ITEM_PRESENT');
  const second = await steps.remove(retriesLeft - 1);
  if (steps.isNotFound(second.outcome)) {
    return (await steps.createdMomentsAgo())
      ? original('RECENTLY_CREATED', second)
      : proven('second delete', second.status, second);
  }
  return {
    ...withConfirmation(second),
    attempts: first.attempts + second.attempts,
    followUp: 'ITEM_PRESENT',
    redeleteOutcome: second.typename,
  };
}

/** A vendor's own answer: a success is confirmed by it. */
function withConfirmation<Success extends object>(
  result: CallResult<Success>,
): CallResult<Confirmed<Success>> {
  if (result.outcome instanceof GatewayError) return result as CallResult<Confirmed<Success>>;
  return { ...result, outcome: { ...result.outcome, confirmedBy: 'VENDOR_ANSWER' } };
}

/**
 * A not-found that proves nothing: the vendor may still be catching up on an item created moments
 * ago, so whether the earlier attempt deleted it cannot be told yet.
 */
function cannotTellYet(notFound: unknown): UpstreamError {
  const { vendor, vendorCode } = notFound as GatewayError;
  return new UpstreamError(
    'The vendor answered not found for an item this gateway created moments ago, after an earlier attempt under this Idempotency-Key lost its answer: whether it is deleted cannot be told yet. Send this again in a few seconds.',
    vendor,
    vendorCode,
    'VENDOR_ERROR',
    404,
    true,
  );
}
