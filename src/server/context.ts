import { performance } from 'node:perf_hooks';
import DataLoader from 'dataloader';
import type { YogaInitialContext } from 'graphql-yoga';
import type { GatewayMode } from '../config/load-config.js';
import { type GatewayError, UpstreamError } from '../domain/errors.js';
import type { Vendor } from '../domain/vendor.js';
import type { AuditLog } from '../observability/audit-log.js';
import type { RequestMeta } from '../plugins/auth/request-meta.js';
import type { BlandClient } from '../vendors/bland/client.js';
import type { DeletePersonaSuccess } from '../vendors/bland/normalize.js';
import type { BolnaClient } from '../vendors/bolna/client.js';
import type { DeleteDispositionSuccess } from '../vendors/bolna/normalize.js';
import type { VendorCallResult } from '../vendors/core/call-endpoint.js';
import type { CircuitStatus } from '../vendors/core/resilience.js';

export interface VendorInfo {
  vendor: Vendor;
  baseUrl: string;
  hasServerKey: boolean;
  /** Read when asked: the circuit changes as the vendor fails and recovers. */
  readonly circuit: CircuitStatus;
}

/** What `query { gateway }` reports. */
export interface GatewayInfo {
  mode: GatewayMode;
  version: string;
  vendors: readonly VendorInfo[];
}

export interface PersonaDeleteKey {
  id: string;
  force: boolean;
}

/**
 * One request's delete loaders. The same delete asked twice in one operation (through aliases or
 * a bulk list) reaches the vendor once, is audited once, and every place gets the same payload.
 * A union member is loaded as an Error, so `load` rejects with it and the errors plugin turns it
 * into data. No batching: the vendors have no bulk endpoint, and each delete must settle on its
 * own rather than wait for the slowest of its batch.
 */
export interface DeleteLoaders {
  deletePersona: DataLoader<PersonaDeleteKey, DeletePersonaSuccess, string>;
  deleteDisposition: DataLoader<string, DeleteDispositionSuccess, string>;
}

export interface GatewayContext {
  gateway: GatewayInfo;
  loaders: DeleteLoaders;
  /** Ids of one bulk field in flight at once. */
  bulkConcurrency: number;
}

/** Options for {@link createContextFactory}. */
export interface ContextOptions {
  gateway: GatewayInfo;
  bland: BlandClient;
  bolna: BolnaClient;
  /** Keys the gateway holds; a request's `x-bland-api-key` / `x-bolna-api-key` header wins over them. */
  serverKeys: { bland: string | undefined; bolna: string | undefined };
  readMeta: (request: Request) => RequestMeta;
  auditLog: AuditLog;
  bulkConcurrency: number;
}

/** What one delete attempt is, before the vendor answers: the audit record's fixed part. */
interface AttemptDescription {
  vendor: Vendor;
  id: string;
  force: boolean | null;
}

export function createContextFactory({
  gateway,
  bland,
  bolna,
  serverKeys,
  readMeta,
  auditLog,
  bulkConcurrency,
}: ContextOptions) {
  // Object.assign copies the context into Yoga's, so a getter here would run for every request.
  return ({ request }: YogaInitialContext): GatewayContext => ({
    gateway,
    bulkConcurrency,
    loaders: createLoaders(request),
  });

  /** Each loader is made on first use: most requests delete from one vendor, a query from none. */
  function createLoaders(request: Request): DeleteLoaders {
    let deletePersona: DeleteLoaders['deletePersona'] | undefined;
    let deleteDisposition: DeleteLoaders['deleteDisposition'] | undefined;
    return {
      get deletePersona() {
        deletePersona ??= createPersonaLoader(request);
        return deletePersona;
      },
      get deleteDisposition() {
        deleteDisposition ??= createDispositionLoader(request);
        return deleteDisposition;
      },
    };
  }

  function createPersonaLoader(request: Request): DeleteLoaders['deletePersona'] {
    const apiKey = request.headers.get('x-bland-api-key') || serverKeys.bland;
    const meta = readMeta(request);
    return new DataLoader<PersonaDeleteKey, DeletePersonaSuccess, string>(
      (keys) =>
        Promise.all(
          keys.map(({ id, force }) =>
            audited(meta, { vendor: 'BLAND', id, force }, () =>
              bland.deletePersona({ id, force, apiKey, requestId: meta.requestId }),
            ),
          ),
        ),
      { cacheKeyFn: ({ id, force }) => `${force}:${id}`, batch: false },
    );
  }

  function createDispositionLoader(request: Request): DeleteLoaders['deleteDisposition'] {
    const apiKey = request.headers.get('x-bolna-api-key') || serverKeys.bolna;
    const meta = readMeta(request);
    return new DataLoader<string, DeleteDispositionSuccess, string>(
      (ids) =>
        Promise.all(
          ids.map((id) =>
            audited(meta, { vendor: 'BOLNA', id, force: null }, () =>
              bolna.deleteDisposition({ id, apiKey, requestId: meta.requestId }),
            ),
          ),
        ),
      { cacheKeyFn: (id) => id, batch: false },
    );
  }

  /** Runs one delete and writes its audit record before the answer can reach the client. */
  async function audited<Success>(
    { requestId, client }: RequestMeta,
    attempt: AttemptDescription,
    call: () => Promise<VendorCallResult<Success>>,
  ): Promise<Success | GatewayError> {
    const started = performance.now();
    const { outcome, typename, status, attempts } = await call();
    await auditLog.record({
      time: new Date().toISOString(),
      requestId,
      client,
      vendor: attempt.vendor,
      id: attempt.id,
      force: attempt.force,
      outcome: typename,
      reason: outcome instanceof UpstreamError ? outcome.reason : null,
      vendorStatus: status,
      attempts,
      durationMs: Math.round(performance.now() - started),
    });
    return outcome;
  }
}
