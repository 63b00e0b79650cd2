import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { Logger } from '../../observability/logger.js';
import { createOutageNotice } from '../../observability/outage-notice.js';
import type { TraceSpan } from '../../observability/tracing/trace-span.js';
import { type Store, StoreUnavailableError } from '../../store/store.js';
import type { StoreKeys } from '../../store/store-keys.js';
import { findClientAddress } from '../auth/client-address.js';
import type { RequestMeta } from '../auth/request-meta.js';

const minuteMs = 60_000;

/** Options for {@link useClientRateLimit}. */
export interface ClientRateLimitOptions {
  /** The one path that counts: /health, /ready and /metrics never do. */
  graphqlEndpoint: string;
  /** CLIENT_MAX_REQUESTS_PER_MIN: requests in any 60 s per caller, fleet-wide. */
  requestsPerMinute: number;
  /** TRUSTED_PROXY_HOPS: how many X-Forwarded-For hops to trust when finding the client address. */
  trustedProxyHops: number;
  readMeta: (request: Request) => RequestMeta;
  store: Store;
  keys: StoreKeys;
  logger: Logger;
  metrics: { observeClientLimitRefusal(): void; observeClientLimitUnchecked(): void };
  /**
   * The span of a request, by its server context, for the store call's own span.
   * @default undefined: tracing off
   */
  traceOf?: ((serverContext: object) => TraceSpan | undefined) | undefined;
}

/**
 * Answers 429, with an integer `Retry-After` and `extensions.code` RATE_LIMITED, a GraphQL
 * request past its caller's budget, before anything is parsed. The caller is the verified one
 * (`token:<index>`, later `jwt:<sub>`), else the client address; it reaches the store only as an
 * HMAC. Runs after the auth gate, so a request with a bad token is answered 401 and not counted.
 * While the store cannot answer, requests pass unchecked (counted, and logged once): a limiter
 * that refuses everything while Redis is down would turn a Redis outage into a gateway outage.
 */
export function useClientRateLimit(options: ClientRateLimitOptions): Plugin {
  const {
    graphqlEndpoint,
    requestsPerMinute: limit,
    trustedProxyHops,
    readMeta,
    store,
    keys,
    metrics,
    traceOf,
  } = options;
  const notice = createOutageNotice(options.logger, {
    failed: 'client rate limit: the shared store is unavailable, so requests pass unchecked until it is back',
    answered: 'client rate limit: the shared store answers again; limits apply',
  });
  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      const meta = readMeta(request);
      const caller = isVerifiedCaller(meta)
        ? meta.client
        : `address:${findClientAddress(request, serverContext, trustedProxyHops)}`;
      return store.take(keys.keyFor('client', caller), limit, minuteMs, traceOf?.(serverContext)).then(
        (taken) => {
          notice.answered();
          if (taken.allowed) return;
          metrics.observeClientLimitRefusal();
          endResponse(tooManyRequests(fetchAPI, limit, Math.ceil(taken.retryAfterMs / 1000)));
        },
        (error: unknown) => {
          if (!(error instanceof StoreUnavailableError)) throw error;
          notice.failed();
          metrics.observeClientLimitUnchecked();
        },
      );
    },
  };
}

function isVerifiedCaller(meta: RequestMeta): boolean {
  return meta.authorized && meta.client !== 'anonymous';
}

function tooManyRequests(fetchAPI: FetchAPI, limit: number, retryAfterSeconds: number): Response {
  return fetchAPI.Response.json(
    {
      errors: [
        {
          message: `Too many requests: at most ${limit} per minute per client. Retry after ${retryAfterSeconds} s.`,
          extensions: { code: 'RATE_LIMITED' },
        },
      ],
    },
    { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
  );
}
