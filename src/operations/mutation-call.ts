import { GatewayError, UpstreamError } from '../domain/errors.js';
import type { Vendor } from '../domain/vendor.js';
import { type Audit, type AuditedCall, type AuditedResult, replayedResult } from './audited.js';
import type { EarlierAttempt, IdempotentCall } from './idempotency/request-idempotency.js';
import type { StoredMember } from './idempotency/stored-members.js';

/** What a mutation's vendor call does, and how the idempotency store keeps and replays it. */
export interface MutationCallParts<Success> {
  /** Sends the call, audited; `earlier` says an earlier attempt under the key may have done it. */
  send(earlier: EarlierAttempt): Promise<AuditedResult<Success>>;
  /** What of a success to keep: its name, scalars and ids. */
  keep(success: Success): StoredMember;
  /** A kept success answered again, reading again what it names. */
  replay(member: StoredMember): Promise<Success | GatewayError>;
}

/** One mutation field's vendor call, audited both when it is sent and when it is answered from the store. */
export function mutationCall<Success>(
  audit: Audit,
  description: AuditedCall<Success>,
  parts: MutationCallParts<Success>,
): IdempotentCall<Success> {
  return {
    vendor: description.vendor,
    send: async (earlier) => {
      const { outcome, ambiguous } = await parts.send(earlier);
      return { outcome, ambiguous };
    },
    keep: parts.keep,
    replay: parts.replay,
    auditReplay: async (outcome) => {
      const typename = outcome instanceof GatewayError ? outcome.name : parts.keep(outcome).typename;
      await audit(description, async () => replayedResult(outcome, typename), true);
    },
  };
}

/**
 * The answer of a call that would duplicate (a create, a promote, a copy) when an earlier attempt
 * under the same key may have made the item: nothing is sent, and the answer says so, never
 * retryable, so a client that honours `retryable` never makes a duplicate.
 */
export async function mayHaveMade(vendor: Vendor, what: string): Promise<AuditedResult<never>> {
  const outcome = new UpstreamError(
    `An earlier request under this Idempotency-Key lost its answer and may have ${what}; nothing was sent again, since that could make a duplicate. Read what exists before trying again with a new key.`,
    vendor,
    null,
    'TIMEOUT',
    null,
    false,
  );
  return { outcome, typename: outcome.name, status: null, attempts: 0, ambiguous: true };
}

/** A success kept whole: it holds nothing but ids, scalars and a message. */
export function keepWhole(typename: string) {
  return <Success extends object>(success: Success): StoredMember => ({
    typename,
    fields: { ...(success as Record<string, unknown>) },
  });
}

/** A success kept whole, answered as it was kept. */
export async function replayWhole<Success>(member: StoredMember): Promise<Success> {
  return member.fields as Success;
}
