import { performance } from 'node:perf_hooks';
import type { GatewayError } from '../domain/errors.js';
import { UpstreamError } from '../domain/errors.js';
import type { Vendor } from '../domain/vendor.js';
import type { AuditLog } from '../observability/audit-log.js';
import type { RequestMeta } from '../plugins/auth/request-meta.js';
import type { CallResult } from '../vendors/core/call-endpoint.js';

/** What one call that changes something is, before the vendor answers: the audit record's fixed part. */
export interface AuditedCall {
  vendor: Vendor;
  id: string;
  force: boolean | null;
}

/** Runs one call that changes something and writes its audit record before the answer can reach the client. */
export async function audited<Success>(
  auditLog: AuditLog,
  { requestId, client }: RequestMeta,
  description: AuditedCall,
  call: () => Promise<CallResult<Success>>,
): Promise<Success | GatewayError> {
  const started = performance.now();
  const { outcome, typename, status, attempts } = await call();
  await auditLog.record({
    time: new Date().toISOString(),
    requestId,
    client,
    vendor: description.vendor,
    id: description.id,
    force: description.force,
    outcome: typename,
    reason: outcome instanceof UpstreamError ? outcome.reason : null,
    vendorStatus: status,
    attempts,
    durationMs: Math.round(performance.now() - started),
  });
  return outcome;
}
