import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { type Vendor, vendors } from '../domain/vendor.js';
import { storeOperations } from '../store/store.js';

/**
 * How a GraphQL request ended: `ok` and `errors` once it ran (errors: the response carries
 * GraphQL errors), `rejected` (4xx) and `failed` (5xx) when it never ran.
 */
export type OperationOutcome = 'ok' | 'errors' | 'rejected' | 'failed';

/** The gateway's Prometheus metrics. Every label value comes from a closed set. */
export interface GatewayMetrics {
  registry: Registry;
  /** `type`: query, mutation, or none when the request never reached execution. */
  observeOperation(type: string, outcome: OperationOutcome, seconds: number): void;
  /** `outcome`: the union member, or the UpstreamError reason. */
  observeVendorCall(vendor: Vendor, outcome: string, status: number | null, seconds: number): void;
  /** `operation`: the store method that could not answer (Redis down, past its deadline). */
  observeStoreError(operation: string): void;
  /** A vendor call the gateway's own budget refused, with no request sent. */
  observeBudgetRefusal(vendor: Vendor): void;
  /** A GraphQL request answered 429 for its caller's rate limit. */
  observeClientLimitRefusal(): void;
  /** A GraphQL request let through unchecked because the store could not answer. */
  observeClientLimitUnchecked(): void;
  /** A mutation field answered from the idempotency store, with no vendor call. */
  observeIdempotencyReplay(): void;
  /** A mutation refused for its Idempotency-Key: still `in_use` by a request, or `reused` for another. */
  observeIdempotencyConflict(reason: 'in_use' | 'reused'): void;
}

const operationTypes = new Set(['query', 'mutation', 'subscription']);

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL requests by operation type and outcome.',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  const operationSeconds = new Histogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'Time from request to response, by operation type and outcome.',
    labelNames: ['type', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const vendorCallSeconds = new Histogram({
    name: 'gateway_vendor_call_duration_seconds',
    help: 'One HTTP call to a vendor (each retry is a call), by vendor, outcome and HTTP status class.',
    labelNames: ['vendor', 'outcome', 'status_class'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'gateway_store_errors_total',
    help: 'Store operations that could not be answered (Redis down or past its deadline), by operation.',
    labelNames: ['operation'],
    registers: [registry],
  });
  const budgetRefusals = new Counter({
    name: 'gateway_vendor_budget_refusals_total',
    help: "Vendor calls refused by the gateway's own budget, with no request sent, by vendor.",
    labelNames: ['vendor'],
    registers: [registry],
  });
  const clientLimitRefusals = new Counter({
    name: 'gateway_client_limit_refusals_total',
    help: 'GraphQL requests answered 429 for their caller rate limit.',
    registers: [registry],
  });
  const clientLimitUnchecked = new Counter({
    name: 'gateway_client_limit_unchecked_total',
    help: 'GraphQL requests let through without a rate-limit check because the store could not answer.',
    registers: [registry],
  });
  const idempotencyReplays = new Counter({
    name: 'gateway_idempotency_replays_total',
    help: 'Mutation fields answered from the idempotency store, with no vendor call.',
    registers: [registry],
  });
  const idempotencyConflicts = new Counter({
    name: 'gateway_idempotency_conflicts_total',
    help: 'Mutations refused for their Idempotency-Key: in_use (409) or reused for another request (422).',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of ['in_use', 'reused']) idempotencyConflicts.inc({ reason }, 0);
  // Every value of a closed set shows from the start, so a rate of zero is a series, not a gap.
  for (const operation of storeOperations) storeErrors.inc({ operation }, 0);
  for (const vendor of vendors) budgetRefusals.inc({ vendor }, 0);
  const knownStoreOperations = new Set<string>(storeOperations);

  return {
    registry,
    observeIdempotencyReplay: () => idempotencyReplays.inc(),
    observeIdempotencyConflict: (reason) => idempotencyConflicts.inc({ reason }),
    observeOperation(type, outcome, seconds) {
      const labels = { type: operationTypes.has(type) ? type : 'none', outcome };
      operations.inc(labels);
      operationSeconds.observe(labels, seconds);
    },
    observeVendorCall(vendor, outcome, status, seconds) {
      const statusClass = status === null ? 'none' : `${Math.floor(status / 100)}xx`;
      vendorCallSeconds.observe({ vendor, outcome, status_class: statusClass }, seconds);
    },
    observeStoreError(operation) {
      storeErrors.inc({ operation: knownStoreOperations.has(operation) ? operation : 'other' });
    },
    observeBudgetRefusal(vendor) {
      budgetRefusals.inc({ vendor });
    },
    observeClientLimitRefusal() {
      clientLimitRefusals.inc();
    },
    observeClientLimitUnchecked() {
      clientLimitUnchecked.inc();
    },
  };
}
