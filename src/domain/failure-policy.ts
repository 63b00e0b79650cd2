/** Why a vendor call proves nothing, as the GraphQL `UpstreamFailure` enum spells it. */
export type UpstreamFailure =
  | 'TIMEOUT'
  | 'UNREACHABLE'
  | 'SERVER_ERROR'
  | 'BAD_RESPONSE'
  | 'VENDOR_ERROR'
  | 'CONNECTION_LOST'
  | 'CIRCUIT_OPEN';

/**
 * What sending a call twice does: a `read` changes nothing; a `write` (delete, update, attach,
 * detach) changes nothing more the second time; a `create` (a create, a promote, a Bolna update
 * that may copy) makes a second item.
 */
export type CallEffect = 'read' | 'write' | 'create';

/**
 * How a failed call is classed: every `UpstreamFailure`, with two answers set apart because they
 * say more than their reason does: a 503 (the vendor refused the work) and a 429 (it throttled).
 * `UNPROVEN` is a `BAD_RESPONSE` that came with a 2xx, or with no HTTP at all: the vendor may
 * have done the work and then answered something that proves nothing.
 */
export type FailureClass = UpstreamFailure | 'SERVICE_UNAVAILABLE' | 'RATE_LIMITED' | 'UNPROVEN';

export interface FailurePolicy {
  /** `Error.retryable`: sending the same request again later, unchanged, may succeed. */
  retryable: boolean;
  /** Says the vendor is unwell: counts toward opening its circuit. */
  outage: boolean;
  /**
   * The vendor may have acted on the call, for these effects: a delete then reads the item to
   * learn whether it is gone, a create answers `retryable: false` (sending it again may duplicate).
   */
  ambiguousFor: readonly CallEffect[];
  /** Retried at once by the gateway, within UPSTREAM_RETRIES, for these effects. */
  retriedFor: readonly CallEffect[];
}

const all: readonly CallEffect[] = ['read', 'write', 'create'];
const none: readonly CallEffect[] = [];

/**
 * The one table of how the gateway treats each failure. A call is retried only when sending it
 * again cannot do the work twice: never sent (`UNREACHABLE`), throttled within RETRY_AFTER_CAP_S
 * (`RATE_LIMITED`), or, for reads and writes, refused with a 503 (a proxy's 503 can follow work a
 * vendor did, so a create is never sent again after one). Reads are safe, so they are retried after
 * a lost answer too.
 */
export const failurePolicy: Readonly<Record<FailureClass, FailurePolicy>> = {
  TIMEOUT: { retryable: true, outage: true, ambiguousFor: ['write', 'create'], retriedFor: ['read'] },
  CONNECTION_LOST: { retryable: true, outage: true, ambiguousFor: ['write', 'create'], retriedFor: ['read'] },
  SERVER_ERROR: { retryable: true, outage: true, ambiguousFor: ['write', 'create'], retriedFor: none },
  SERVICE_UNAVAILABLE: {
    retryable: true,
    outage: true,
    ambiguousFor: ['write', 'create'],
    retriedFor: ['read', 'write'],
  },
  UNREACHABLE: { retryable: true, outage: true, ambiguousFor: none, retriedFor: all },
  CIRCUIT_OPEN: { retryable: true, outage: false, ambiguousFor: none, retriedFor: none },
  RATE_LIMITED: { retryable: true, outage: false, ambiguousFor: none, retriedFor: all },
  UNPROVEN: { retryable: false, outage: false, ambiguousFor: ['create'], retriedFor: none },
  BAD_RESPONSE: { retryable: false, outage: false, ambiguousFor: none, retriedFor: none },
  VENDOR_ERROR: { retryable: false, outage: false, ambiguousFor: none, retriedFor: none },
};
