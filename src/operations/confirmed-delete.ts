import { GatewayError } from '../domain/errors.js';
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
  /** The success a lost answer becomes once a follow-up proves the item gone. */
  gone(how: 'read' | 'second delete'): Success;
  /** The success's union member name. */
  successTypename: string;
  /** The retries a call gets (UPSTREAM_RETRIES). */
  retries: number;
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
  if (!first.ambiguous) return { ...withConfirmation(first), followUp: null, redeleteOutcome: null };

  const original = (followUp: FollowUpFinding, second?: CallResult<Success>) => ({
    ...(first as CallResult<Confirmed<Success>>),
    attempts: first.attempts + (second?.attempts ?? 0),
    followUp,
    redeleteOutcome: second?.typename ?? null,
  });
  const proven = (how: 'read' | 'second delete', status: number | null, second?: CallResult<Success>) => ({
    outcome: { ...steps.gone(how), confirmedBy: 'FOLLOW_UP' as const },
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
