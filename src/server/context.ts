import type { YogaInitialContext } from 'graphql-yoga';
import type { GatewayMode } from '../config/load-config.js';
import type { Vendor } from '../domain/vendor.js';
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
}

export function createContextFactory({ gateway, bulkConcurrency, ...operations }: ContextOptions) {
  // Object.assign copies the context into Yoga's, so a getter here would run for every request.
  return ({ request }: YogaInitialContext): GatewayContext => ({
    gateway,
    bulkConcurrency,
    loaders: createRequestOperations(request, operations),
  });
}
