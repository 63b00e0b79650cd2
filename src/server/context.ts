import type { YogaInitialContext } from 'graphql-yoga';
import type { GatewayMode } from '../config/load-config.js';
import type { Vendor } from '../domain/vendor.js';
import type { TraceSpan } from '../observability/tracing/trace-span.js';
import type { RequestIdempotency } from '../operations/idempotency/request-idempotency.js';
import {
  createRequestOperations,
  type OperationsOptions,
  type RequestOperations,
} from '../operations/request-operations.js';
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

export interface GatewayContext {
  gateway: GatewayInfo;
  /** What this request can ask of the vendors. */
  loaders: RequestOperations;
  /** Ids of one bulk field in flight at once. */
  bulkConcurrency: number;
  /** Set by the idempotency plugin for a mutation sent with an Idempotency-Key whose record it claimed. */
  idempotency?: RequestIdempotency | undefined;
}

/** Options for {@link createContextFactory}. */
export interface ContextOptions extends OperationsOptions {
  gateway: GatewayInfo;
  bulkConcurrency: number;
  /**
   * The span a request's vendor calls are part of, found by its context (the request observer's).
   * @default undefined: tracing off
   */
  traceOf?: ((context: object) => TraceSpan | undefined) | undefined;
}

export function createContextFactory({ gateway, bulkConcurrency, traceOf, ...operations }: ContextOptions) {
  // Object.assign copies the context into Yoga's, so a getter here would run for every request.
  return (initialContext: YogaInitialContext): GatewayContext => ({
    gateway,
    bulkConcurrency,
    // Asked when the first vendor call is made, once the operation's span has started.
    loaders: createRequestOperations(
      initialContext.request,
      operations,
      traceOf && (() => traceOf(initialContext)),
    ),
  });
}
