import { GatewayError, UpstreamError } from '../../domain/errors.js';
import type { Vendor } from '../../domain/vendor.js';
import type { Logger } from '../../observability/logger.js';
import type { TraceSpan } from '../../observability/tracing/trace-span.js';
import type { Store } from '../../store/store.js';
import { fromStoredError, type StoredMember, toStoredError } from './stored-members.js';

/**
 * What an earlier request under the same key left of one call: it `started` and never finished
 * (its replica died), ended `ambiguous` (the vendor may have acted: a delete's lost answer), was
 * `unsent` (a failure that proves it took no effect), or is `done` with a definitive member.
 */
type CallRecord =
  | { state: 'started' }
  | { state: 'ambiguous' }
  | { state: 'unsent' }
  | { state: 'done'; member: StoredMember };

/** Whether an earlier attempt under the key may already have done the call. */
export type EarlierAttempt = 'none' | 'may-have-acted';

/** A call's outcome, and whether the vendor may have acted although it proves nothing. */
export interface SettledCall<Success> {
  outcome: Success | GatewayError;
  ambiguous: boolean;
}

/** One vendor call of a mutation field, as idempotency runs it. */
export interface IdempotentCall<Success> {
  vendor: Vendor;
  /** Sends the call; `earlier` says an earlier attempt under the key may already have done it. */
  send(earlier: EarlierAttempt): Promise<SettledCall<Success>>;
  /** What of a success to keep: its name, scalars and ids, never a whole object read from a vendor. */
  keep(success: Success): StoredMember;
  /** A kept success answered again; it may read again what it names, but changes nothing. */
  replay(member: StoredMember): Promise<Success | GatewayError>;
  /** Records in the audit trail that this call was answered from the store. */
  auditReplay(outcome: Success | GatewayError): Promise<void>;
}

/** Runs one call: under a request's Idempotency-Key when it has one, else directly. */
export type CallRunner = <Success>(
  callId: string,
  call: IdempotentCall<Success>,
) => Promise<Success | GatewayError>;

/** A call run with no Idempotency-Key: sent once, as asked. */
export const runDirectly: CallRunner = async (_callId, call) => (await call.send('none')).outcome;

/** What one request's idempotency runs on, once its key is claimed. */
export interface IdempotencySession {
  store: Store;
  /** The record's store key. */
  record: string;
  /** What earlier requests under the key left, by call id. */
  calls: ReadonlyMap<string, string>;
  ttlMs: number;
  /** The span the store calls are part of, while tracing is on. */
  trace?: TraceSpan | undefined;
  logger: Logger;
  /** Counts an answer that came from the store. */
  onReplay(): void;
}

/** One request's calls under its key. */
export interface RequestIdempotency {
  run: CallRunner;
  /** True once at least one call was answered and none of them sent a vendor call again. */
  readonly replayed: boolean;
}

/**
 * Runs a request's calls under its Idempotency-Key, each identified by its field's response path
 * (and its index in a bulk field): a call with a definitive earlier outcome (a success, a failure
 * that is not retryable, an ambiguous create) is answered from the store with no vendor call;
 * any other is sent, marked started before and its outcome stored before it is answered, so a
 * retry after a lost answer, on any replica, knows what happened.
 */
export function createRequestIdempotency(session: IdempotencySession): RequestIdempotency {
  let answered = 0;
  let sent = 0;

  const write = (callId: string, record: CallRecord) =>
    session.store.writeCall(session.record, callId, JSON.stringify(record), session.ttlMs, session.trace);

  return {
    get replayed() {
      return answered > 0 && sent === 0;
    },
    async run(callId, call) {
      answered += 1;
      const earlier = readRecord(session.calls.get(callId));
      if (earlier?.state === 'done') {
        const outcome = fromStoredError(earlier.member) ?? (await call.replay(earlier.member));
        session.onReplay();
        await call.auditReplay(outcome);
        return outcome;
      }
      try {
        await write(callId, { state: 'started' });
      } catch {
        // Every call is marked before it is sent, so a record without a mark proves the call
        // never ran: sent unmarked, a lost answer could not be told from that.
        return new UpstreamError(
          'The idempotency store stopped answering before this call was sent; nothing was sent. Send the request again.',
          call.vendor,
          null,
          'UNREACHABLE',
          null,
        );
      }
      sent += 1;
      const mayHaveActed = earlier?.state === 'started' || earlier?.state === 'ambiguous';
      const { outcome, ambiguous } = await call.send(mayHaveActed ? 'may-have-acted' : 'none');
      try {
        await write(callId, toRecord(outcome, ambiguous, call));
      } catch (error) {
        // The vendor's outcome is answered; the record keeps `started`, so a retry treats it as ambiguous.
        session.logger.warn({ err: error }, 'idempotency: a call outcome could not be stored');
      }
      return outcome;
    },
  };
}

/** What to keep of an outcome: definitive (a success, a failure not worth sending again), ambiguous, or unsent. */
function toRecord<Success>(
  outcome: Success | GatewayError,
  ambiguous: boolean,
  call: IdempotentCall<Success>,
): CallRecord {
  if (!(outcome instanceof GatewayError)) return { state: 'done', member: call.keep(outcome) };
  if (!outcome.retryable) return { state: 'done', member: toStoredError(outcome) };
  return ambiguous ? { state: 'ambiguous' } : { state: 'unsent' };
}

/** A stored record; one that does not read (written by another version) counts as ambiguous. */
function readRecord(text: string | undefined): CallRecord | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as CallRecord;
  } catch {
    return { state: 'ambiguous' };
  }
}
