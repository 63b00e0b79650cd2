import { performance } from 'node:perf_hooks';
import { GatewayError, UpstreamError } from '../domain/errors.js';
import type { Vendor } from '../domain/vendor.js';
import type { AuditLog, AuditRecord } from '../observability/audit-log.js';
import type { RequestMeta } from '../plugins/auth/request-meta.js';
import type { CallResult } from '../vendors/core/call-endpoint.js';

/** What one call that changes something is, before the vendor answers: the audit record's fixed part. */
export interface AuditedCall<Success = unknown> {
  vendor: Vendor;
  /** The endpoint's name: `persona.delete`. */
  operation: string;
  /**
   * The item the call is about; for a create, read from its outcome: the new item's id, or empty
   * when none was proven.
   */
  id: string | ((outcome: Success | GatewayError) => string);
  /** Bland's `force` on a persona delete; null for every other call. */
  force: boolean | null;
  /** How many items a bulk create asks for; recorded as `count`. */
  count?: number;
  /**
   * For a call that can make items (a create, an update that may copy): the ids a success
   * proves made, recorded as `createdIds` (empty for any other outcome).
   */
  createdIds?: (success: Success) => readonly string[];
}

/** A call's result, with what a delete's follow-up found. */
export type AuditedResult<Success> = CallResult<Success> &
  Partial<Pick<AuditRecord, 'followUp' | 'redeleteOutcome'>>;

/**
 * {@link audited} bound to one request: runs one call that changes something under its audit
 * record. `fromStore`: the answer was replayed from the idempotency store, with no vendor call.
 */
export type Audit = <Success>(
  description: AuditedCall<Success>,
  call: () => Promise<AuditedResult<Success>>,
  fromStore?: boolean,
) => Promise<AuditedResult<Success>>;

/** Runs one call that changes something and writes its audit record before the answer can reach the client. */
export async function audited<Success>(
  auditLog: AuditLog,
  { requestId, client }: RequestMeta,
  description: AuditedCall<Success>,
  call: () => Promise<AuditedResult<Success>>,
  fromStore = false,
): Promise<AuditedResult<Success>> {
  const started = performance.now();
  const result = await call();
  const { outcome, typename, status, attempts, followUp = null, redeleteOutcome = null } = result;
  const confirmedBy = (outcome as { confirmedBy?: AuditRecord['confirmedBy'] }).confirmedBy ?? null;
  const { id, count, createdIds } = description;
  const made = createdIds && {
    createdIds: outcome instanceof GatewayError ? [] : createdIds(outcome),
  };
  await auditLog.record({
    time: new Date().toISOString(),
    requestId,
    client,
    vendor: description.vendor,
    operation: description.operation,
    id: typeof id === 'function' ? id(outcome) : id,
    ...(count === undefined ? {} : { count }),
    ...made,
    force: description.force,
    outcome: typename,
    reason: outcome instanceof UpstreamError ? outcome.reason : null,
    vendorStatus: status,
    attempts,
    followUp,
    redeleteOutcome,
    confirmedBy,
    fromStore,
    durationMs: Math.round(performance.now() - started),
  });
  return result;
}

/** A result as the audit sees an answer replayed from the idempotency store: no attempt, no status. */
export function replayedResult<Success>(
  outcome: Success | GatewayError,
  typename: string,
): AuditedResult<Success> {
  return { outcome, typename, status: null, attempts: 0, ambiguous: false };
}
