import { randomBytes } from 'node:crypto';
import { useValidationRule } from '@envelop/core';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { type GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from '../config/load-config.js';
import type { TrustedDocuments } from '../config/trusted-documents.js';
import { type Vendor, vendors } from '../domain/vendor.js';
import { Shutdown } from '../http/shutdown.js';
import { createVendorPool } from '../http/vendor-pool.js';
import type { AuditLog } from '../observability/audit-log.js';
import { type Logger, toYogaLogger } from '../observability/logger.js';
import { createGatewayMetrics, type GatewayMetrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing/trace-span.js';
import { createCreatedIds } from '../operations/created-ids.js';
import { readApiKey, type ServerKeys } from '../operations/credentials.js';
import { findClientAddress } from '../plugins/auth/client-address.js';
import { useGatewayAuth } from '../plugins/auth/gateway-auth.js';
import { createJwtVerifier } from '../plugins/auth/jwt-verifier.js';
import { createRequestMetaReader } from '../plugins/auth/request-meta.js';
import { createCorsOptions, useVaryOnOrigin } from '../plugins/browser/cors.js';
import { useJsonOnlyPosts } from '../plugins/browser/json-only-posts.js';
import { useIdempotency } from '../plugins/idempotency/use-idempotency.js';
import { useOnRequestInOrder } from '../plugins/in-order.js';
import { useBodyLimit } from '../plugins/limits/body-limit.js';
import { useClientRateLimit } from '../plugins/limits/client-rate-limit.js';
import { createOperationCostRule } from '../plugins/limits/operation-cost.js';
import { documentIdParam, useTrustedDocuments } from '../plugins/limits/trusted-documents.js';
import { createRequestObserver } from '../plugins/observe/request-observer.js';
import { useKnownRoutesOnly } from '../plugins/routing/known-routes.js';
import { useMetricsEndpoint } from '../plugins/routing/metrics-endpoint.js';
import { useReadiness } from '../plugins/routing/readiness.js';
import { schema } from '../schema/index.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/store.js';
import { createStoreKeys } from '../store/store-keys.js';
import { createBlandClient } from '../vendors/bland/client.js';
import { createBolnaClient } from '../vendors/bolna/client.js';
import { createVendorGuard } from '../vendors/core/resilience.js';
import { createVendorBudget } from '../vendors/core/vendor-budget.js';
import { createContextFactory, type GatewayContext, type GatewayInfo } from './context.js';
import { graphiqlTabs } from './graphiql-tabs.js';
import { gatewayVersion } from './version.js';

export const graphqlEndpoint = '/graphql';
export const metricsEndpoint = '/metrics';
const healthEndpoint = '/health';
const readinessEndpoint = '/ready';

/**
 * What {@link createGateway} needs: the configuration's settings (each documented, with its
 * default, on {@link GatewayConfig}), the vendors actually served (the sandbox's in sandbox mode),
 * and where logs and audit records go.
 */
export interface GatewayOptions
  extends Pick<
    GatewayConfig,
    | 'mode'
    | 'bland'
    | 'bolna'
    | 'upstreamTimeoutMs'
    | 'upstreamRetries'
    | 'retryAfterCapSeconds'
    | 'circuitFailureThreshold'
    | 'circuitCooldownMs'
    | 'gatewayTokens'
    | 'maxDeleteFields'
    | 'maxQueryVendorCalls'
    | 'bulkConcurrency'
    | 'bodyLimitBytes'
    | 'introspection'
    | 'graphiql'
    | 'metricsPort'
    | 'corsOrigins'
    | 'jwt'
    | 'trustedDocumentsOnly'
    | 'storeSecret'
    | 'vendorRequestsPerMinute'
    | 'clientRequestsPerMinute'
    | 'trustedProxyHops'
    | 'idempotencyTtlSeconds'
    | 'idempotencyRequired'
  > {
  /**
   * The documents clients may send by id, read from TRUSTED_DOCUMENTS_FILE by `loadStartup`.
   * @default undefined (no ids: every request sends its document's text)
   */
  trustedDocuments?: TrustedDocuments | undefined;
  /**
   * How long after fetching the JWKS a JWT with an unknown `kid` waits before it is fetched again.
   * @default 30000
   */
  jwksCooldownMs?: number | undefined;
  /** Where the gateway's own lines go. Nothing written carries a credential. */
  logger: Logger;
  /** Where every call that changes something is recorded, before its answer is sent. */
  auditLog: AuditLog;
  /**
   * The store the replicas share (createStore); a Redis store needs `storeSecret`. The caller
   * closes a store it passes.
   * @default a memory store of this gateway's own, closed with it
   */
  store?: Store | undefined;
  /**
   * The metrics to record into; pass the ones given to createStore, so store errors show too.
   * @default new metrics of this gateway's own
   */
  metrics?: GatewayMetrics | undefined;
  /**
   * Traces every request, its operation, and each vendor attempt and Redis command it makes
   * (main.ts starts it when an OTLP endpoint is set). The caller shuts it down.
   * @default undefined: no tracing, and no trace context is made or sent
   */
  tracing?: Tracing | undefined;
}

export interface Gateway {
  /** The request handler: a Node `(req, res)` listener with a `fetch` method. */
  handler: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** Prometheus metrics; served at /metrics by `handler` unless a metrics port is set. */
  metrics: GatewayMetrics;
  /** From now on `/ready` answers 503, so load balancers stop sending new requests. */
  startDraining(): void;
  /** Ends every vendor call still in flight as `TIMEOUT` (its outcome unknown), and any retry. */
  abortVendorCalls(): void;
  /** Closes the vendor pools, and the store when it made its own. Call once the server takes no requests. */
  close(): Promise<void>;
}

/** Builds the gateway: vendor pools, guards and clients, and the Yoga handler. Never listens. */
export function createGateway(options: GatewayOptions): Gateway {
  const timeoutMs = options.upstreamTimeoutMs;
  const shutdown = new Shutdown();
  const metrics = options.metrics ?? createGatewayMetrics();
  const store = options.store ?? createMemoryStore();
  if (store.state !== 'memory' && options.storeSecret === undefined) {
    // Each replica would key the shared store with a secret of its own: nothing would be shared.
    throw new TypeError('A shared store needs storeSecret (STORE_SECRET), the same on every replica.');
  }
  const storeKeys = createStoreKeys(options.storeSecret ?? randomBytes(32));
  const resilience = {
    retries: options.upstreamRetries,
    retryAfterCapSeconds: options.retryAfterCapSeconds,
    circuitFailureThreshold: options.circuitFailureThreshold,
    circuitCooldownMs: options.circuitCooldownMs,
  };
  const vendorBudget = (vendor: Vendor) => {
    const requestsPerMinute = options.vendorRequestsPerMinute[vendor];
    if (requestsPerMinute === undefined) return undefined;
    return createVendorBudget({
      vendor,
      requestsPerMinute,
      store,
      keys: storeKeys,
      logger: options.logger,
      metrics,
    });
  };
  const vendorTransport = (vendor: Vendor, baseUrl: string) => ({
    baseUrl,
    dispatcher: createVendorPool(baseUrl, { timeoutMs }),
    timeoutMs,
    guard: createVendorGuard(vendor, resilience),
    shutdown,
    onCall: metrics.observeVendorCall,
    budget: vendorBudget(vendor),
  });
  const blandTransport = vendorTransport('BLAND', options.bland.baseUrl);
  const bolnaTransport = vendorTransport('BOLNA', options.bolna.baseUrl);

  const info: GatewayInfo = {
    mode: options.mode,
    version: gatewayVersion,
    vendors: [
      {
        vendor: 'BLAND',
        baseUrl: options.bland.baseUrl,
        hasServerKey: options.bland.apiKey !== undefined,
        get circuit() {
          return blandTransport.guard.circuit;
        },
      },
      {
        vendor: 'BOLNA',
        baseUrl: options.bolna.baseUrl,
        hasServerKey: options.bolna.apiKey !== undefined,
        get circuit() {
          return bolnaTransport.guard.circuit;
        },
      },
    ],
  };
  const serverKeys: ServerKeys = { BLAND: options.bland.apiKey, BOLNA: options.bolna.apiKey };
  const callers = createRequestMetaReader({
    tokens: options.gatewayTokens,
    verifyJwt: options.jwt && createJwtVerifier(options.jwt, { jwksCooldownMs: options.jwksCooldownMs }),
  });
  const readMeta = callers.read;
  const allowsBrowsers = options.corsOrigins.length > 0;
  const { trustedDocuments } = options;
  const serveMetricsHere = options.metricsPort === undefined;
  const protectedPaths = serveMetricsHere ? [graphqlEndpoint, metricsEndpoint] : [graphqlEndpoint];
  let draining = false;
  const observer = createRequestObserver({
    graphqlEndpoint,
    routes: [healthEndpoint, readinessEndpoint, ...protectedPaths],
    logger: options.logger,
    metrics,
    readRequestId: (request) => readMeta(request).requestId,
    tracing: options.tracing,
  });

  const handler = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint,
    context: createContextFactory({
      gateway: info,
      bland: createBlandClient(blandTransport),
      bolna: createBolnaClient(bolnaTransport),
      serverKeys,
      retries: options.upstreamRetries,
      createdIds: createCreatedIds({ store, keys: storeKeys, logger: options.logger }),
      readMeta,
      auditLog: options.auditLog,
      bulkConcurrency: options.bulkConcurrency,
      traceOf: options.tracing && observer.traceOf,
    }),
    // Only the union members are data; any other exception is "Unexpected error." in every mode.
    maskedErrors: { isDev: false },
    // Browsers get a CORS grant only from CORS_ORIGINS, one origin at a time (Yoga answers
    // preflights before any other plugin, so they need no token). loadConfig refuses CORS with a
    // server-held live key unless users sign in with JWTs.
    cors: allowsBrowsers ? createCorsOptions(options.corsOrigins) : false,
    // One operation per request: a batch would multiply every per-operation limit.
    batching: false,
    // useBodyLimit enforces BODY_LIMIT_BYTES, mostly from Content-Length alone; Yoga's own limit
    // would pipe every body through a counting stream, one of the costliest steps of a request.
    maxRequestBodySize: false,
    // Uploads are not part of this API.
    multipart: false,
    extraParamNames: trustedDocuments ? [documentIdParam] : undefined,
    landingPage: false,
    graphiql: options.graphiql ? { title: 'Voice AI gateway', defaultTabs: graphiqlTabs } : false,
    // The bundled GraphiQL is megabytes of JavaScript: loaded on the first page view, not at start-up.
    renderGraphiQL: async (graphiqlOptions) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiqlOptions),
    logging: toYogaLogger(options.logger),
    healthCheckEndpoint: healthEndpoint,
    plugins: [
      observer.plugin,
      // The HTTP gates, in this order, before anything is parsed.
      useOnRequestInOrder([
        observer.arrivals,
        useKnownRoutesOnly([healthEndpoint, readinessEndpoint, ...protectedPaths]),
        useBodyLimit(options.bodyLimitBytes),
        useJsonOnlyPosts(graphqlEndpoint),
        useGatewayAuth(protectedPaths, graphqlEndpoint, callers.authenticate),
        // After the auth gate: a request with a bad token gets its 401 and is not counted.
        ...(options.clientRequestsPerMinute === undefined
          ? []
          : [
              useClientRateLimit({
                graphqlEndpoint,
                requestsPerMinute: options.clientRequestsPerMinute,
                trustedProxyHops: options.trustedProxyHops,
                readMeta: callers.read,
                store,
                keys: storeKeys,
                logger: options.logger,
                metrics,
                traceOf: options.tracing && observer.traceOf,
              }),
            ]),
        ...(serveMetricsHere ? [useMetricsEndpoint(metricsEndpoint, metrics.registry)] : []),
        // A vendor outage, or a store outage, shows here but keeps 200: replicas must not all
        // leave the load balancer because a vendor or Redis is down.
        useReadiness(readinessEndpoint, (fetchAPI) =>
          fetchAPI.Response.json(
            {
              status: draining ? 'draining' : 'ready',
              vendors: Object.fromEntries(info.vendors.map(({ vendor, circuit }) => [vendor, { circuit }])),
              store: store.state,
            },
            { status: draining ? 503 : 200 },
          ),
        ),
      ]),
      ...(allowsBrowsers ? [useVaryOnOrigin()] : []),
      ...(trustedDocuments ? [useTrustedDocuments(trustedDocuments, options.trustedDocumentsOnly)] : []),
      EnvelopArmorPlugin({
        blockFieldSuggestion: { enabled: !options.introspection },
        // Its cost multiplies a literal `first` into the selection's size; what an operation costs
        // here is the vendor calls it can make, which createOperationCostRule counts.
        costLimit: { enabled: false },
        maxAliases: reportAsValidationError,
        maxDepth: reportAsValidationError,
        maxDirectives: reportAsValidationError,
      }),
      useValidationRule(
        createOperationCostRule({
          maxMutationFields: options.maxDeleteFields,
          maxQueryVendorCalls: options.maxQueryVendorCalls,
        }),
      ),
      ...(options.introspection ? [] : [useValidationRule(NoSchemaIntrospectionCustomRule)]),
      useIdempotency({
        store,
        keys: storeKeys,
        scopeOf: ({ request, ...serverContext }) => {
          const { client } = readMeta(request);
          const caller =
            client === 'anonymous'
              ? `address:${findClientAddress(request, serverContext, options.trustedProxyHops)}`
              : client;
          return [caller, ...vendors.map((vendor) => readApiKey(request, vendor, serverKeys) ?? '')];
        },
        ttlMs: options.idempotencyTtlSeconds * 1000,
        required: options.idempotencyRequired,
        timeoutMs,
        retries: options.upstreamRetries,
        retryAfterCapMs: options.retryAfterCapSeconds * 1000,
        bulkConcurrency: options.bulkConcurrency,
        logger: options.logger,
        metrics,
        traceOf: options.tracing && observer.traceOf,
      }),
    ],
  });

  return {
    handler,
    metrics,
    startDraining: () => {
      draining = true;
    },
    abortVendorCalls: () => shutdown.stop(),
    close: async () => {
      await Promise.all([
        blandTransport.dispatcher.close(),
        bolnaTransport.dispatcher.close(),
        options.store ? undefined : store.close(),
      ]);
    },
  };
}

/**
 * graphql-armor's validation rules throw by default, which Yoga answers with 200 and no data;
 * reported into the validation context instead, a rejection is a validation error (400).
 */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};
