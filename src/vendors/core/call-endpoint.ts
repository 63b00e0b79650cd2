import { performance } from 'node:perf_hooks';
import {
  GatewayError,
  InvalidInputError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamError,
} from '../../domain/errors.js';
import { isAmbiguous } from '../../domain/failures.js';
import { TransportError } from '../../domain/transport-error.js';
import { type Vendor, vendorDisplayNames } from '../../domain/vendor.js';
import { sendRequest, type VendorDispatcher } from '../../http/send-request.js';
import type { Shutdown } from '../../http/shutdown.js';
import type { TraceSpan } from '../../observability/tracing/trace-span.js';
import { toVendorAnswer } from './answer.js';
import { type Endpoint, effectOf, toRequestPath, unknownOutcomeOf } from './endpoint.js';
import { toTransportUpstreamError } from './error-factories.js';
import { findIdProblem } from './id-rules.js';
import type { VendorGuard } from './resilience.js';

/** The largest vendor body the gateway reads; past it the answer is judged by its status alone. */
export const maxVendorBodyBytes = 1024 * 1024;

/** A key must be visible ASCII to travel in a header; anything else is refused before sending. */
const usableKey = /^[\x21-\x7e]{1,1024}$/;

/** The headers that carry a vendor's key: Bland's raw `authorization`, Bolna's `Bearer`. */
export type Authorize = (apiKey: string) => Record<string, string>;

/** What every call to one vendor shares. */
export interface VendorTransport {
  /** The vendor's origin, optionally with a path prefix every endpoint's path goes under. */
  baseUrl: string;
  dispatcher: VendorDispatcher;
  timeoutMs: number;
  /** Retries and the circuit breaker of this vendor. */
  guard: VendorGuard;
  /** Stopped when the gateway stops waiting for vendors at shutdown: calls then end as `TIMEOUT`. */
  shutdown: Shutdown;
  /**
   * Told about every HTTP call made (each retry is one), for metrics: `outcome` is the union
   * member or the UpstreamError reason, `status` null when no answer arrived.
   */
  onCall: (vendor: Vendor, outcome: string, status: number | null, seconds: number) => void;
  /**
   * Asked before every request is sent (retries and follow-ups too): the fleet-wide budget toward
   * this vendor, per credential. A refusal answers the call at once, with no request sent.
   * @default none: no budget
   */
  budget?: VendorBudget | undefined;
}

/** A budget of requests toward one vendor (BLAND_MAX_REQUESTS_PER_MIN, BOLNA_MAX_REQUESTS_PER_MIN). */
export interface VendorBudget {
  /**
   * Takes one request from the credential's budget; the seconds until one is free when none is.
   * `trace` is the span the call is part of, for the store's own span.
   */
  take(vendor: Vendor, apiKey: string, trace?: TraceSpan): Promise<{ retryAfterSeconds: number } | null>;
}

/** Thrown inside a guarded call when the budget refuses a request: it ends the call, and is no outage. */
class BudgetRefusal extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('over the vendor budget');
  }
}

/** Who a call is made for. */
export interface CallContext {
  /** The key to send; undefined when none is held or sent. */
  apiKey: string | undefined;
  /** Sent to the vendor as `x-request-id`, so its logs and ours meet. */
  requestId: string;
  /** Retries left for this call; the vendor's UPSTREAM_RETRIES when not given. */
  retries?: number | undefined;
  /**
   * The span the call is part of (its operation's): each attempt is a client span within it, and
   * its request carries that span's `traceparent`.
   * @default undefined: tracing off, and no `traceparent` is sent
   */
  trace?: TraceSpan | undefined;
}

/** Where a vendor is: the base URL's path prefix, and its host and port for spans. */
interface VendorTarget {
  prefix: string;
  address: string;
  port: number;
}

/** How a call ended, and what the vendor said, for the audit trail. */
export interface CallResult<Success> {
  outcome: Success | GatewayError;
  /** The outcome's union member name: the success type or the error class. */
  typename: string;
  /** The HTTP status of the vendor's last answer; null when none arrived. */
  status: number | null;
  /** Attempts to reach the vendor, retries included (a refused connection counts); 0 when the gateway refused it first. */
  attempts: number;
  /** The vendor may have acted on the call although the outcome proves nothing (domain/failure-policy.ts). */
  ambiguous: boolean;
}

/** An endpoint bound to its vendor: one call for one request. */
export interface BoundEndpoint<Input, Success> {
  (input: Input, context: CallContext): Promise<CallResult<Success>>;
  /**
   * The gateway's own checks of the input (its ids, then the rest), as a call runs them first,
   * without the credential and without calling: for an operation that must refuse a bad input
   * before it makes another call (Bland's update reads the persona's name first).
   */
  check(input: Input): InvalidInputError | null;
}

/** Binds each endpoint to its vendor's credential header and transport: a vendor client. */
export function bindEndpoints<Endpoints extends Record<string, Endpoint<never, unknown>>>(
  authorize: Authorize,
  transport: VendorTransport,
  endpoints: Endpoints,
): {
  [Name in keyof Endpoints]: Endpoints[Name] extends Endpoint<infer Input, infer Success>
    ? BoundEndpoint<Input, Success>
    : never;
} {
  const base = new URL(transport.baseUrl);
  const target: VendorTarget = {
    prefix: base.pathname.replace(/\/+$/, ''),
    address: base.hostname,
    port: Number(base.port) || (base.protocol === 'https:' ? 443 : 80),
  };
  const bound = Object.fromEntries(
    Object.entries(endpoints).map(([name, declared]) => {
      const endpoint = declared as Endpoint<never, unknown>;
      const call = (input: never, context: CallContext) =>
        callEndpoint(authorize, transport, target, endpoint, input, context);
      return [name, Object.assign(call, { check: (input: never) => findInputProblem(endpoint, input) })];
    }),
  );
  return bound as never;
}

/**
 * The path every vendor call takes: its ids are checked, then the rest of its input, then the
 * credential, and only then is the vendor asked, under its guard; each answer, with the
 * credential removed, is normalized. Expected failures are returned, never thrown. An ambiguous
 * outcome of a call that would duplicate is answered `retryable: false`.
 */
async function callEndpoint<Input, Success>(
  authorize: Authorize,
  transport: VendorTransport,
  target: VendorTarget,
  endpoint: Endpoint<Input, Success>,
  input: Input,
  context: CallContext,
): Promise<CallResult<Success>> {
  const { vendor } = endpoint;
  const refusal = preflight(endpoint, input, context.apiKey);
  if (refusal)
    return { outcome: refusal, typename: refusal.name, status: null, attempts: 0, ambiguous: false };
  const apiKey = context.apiKey as string;
  const effect = effectOf(endpoint, input);
  const typenameOf = (outcome: unknown) =>
    outcome instanceof GatewayError ? outcome.name : endpoint.successTypename;
  const request = {
    method: endpoint.method,
    path: `${target.prefix}${toRequestPath(endpoint, input)}`,
    headers: {
      ...authorize(apiKey),
      accept: 'application/json',
      'x-request-id': context.requestId,
      ...(endpoint.body ? { 'content-type': 'application/json' } : {}),
    },
    body: endpoint.body ? JSON.stringify(endpoint.body(input)) : undefined,
    timeoutMs: transport.timeoutMs,
    maxBodyBytes: maxVendorBodyBytes,
    shutdown: transport.shutdown,
  };
  const unknownOutcome = effect === 'write' ? unknownOutcomeOf(endpoint, input) : null;

  let attempts = 0;
  const attempt = async () => {
    const refused = await transport.budget?.take(vendor, apiKey, context.trace);
    if (refused) throw new BudgetRefusal(refused.retryAfterSeconds);
    attempts += 1;
    const { trace } = context;
    const span = trace && (trace.recording ? startAttemptSpan(trace, endpoint, target, attempts) : trace);
    const started = performance.now();
    let result: { outcome: Success | GatewayError; status: number | null };
    try {
      const response = await sendRequest(
        transport.dispatcher,
        span ? { ...request, traceparent: span.traceparent } : request,
      );
      const answer = toVendorAnswer(response, apiKey);
      result = { outcome: endpoint.normalize(answer, input), status: response.status };
    } catch (error) {
      if (!(error instanceof TransportError)) {
        span?.fail();
        span?.end();
        throw error;
      }
      const outcome = toTransportUpstreamError(vendor, error, transport.timeoutMs, unknownOutcome);
      result = { outcome, status: null };
    }
    const label =
      result.outcome instanceof UpstreamError ? result.outcome.reason : typenameOf(result.outcome);
    transport.onCall(vendor, label, result.status, (performance.now() - started) / 1000);
    if (span?.recording) endAttemptSpan(span, result, typenameOf(result.outcome));
    return result;
  };
  const guarded = transport.guard
    .run(attempt, { effect, retries: context.retries })
    .catch((error: unknown) => {
      if (!(error instanceof BudgetRefusal)) throw error;
      return { outcome: toBudgetRefusal(vendor, error.retryAfterSeconds), status: null };
    });
  const { status, outcome: settled } = await untilShutdown(guarded, transport.shutdown, () =>
    toTransportUpstreamError(
      vendor,
      new TransportError('TIMEOUT', 'GATEWAY_SHUTDOWN', true),
      0,
      unknownOutcome,
    ),
  );
  const ambiguous = isAmbiguous(settled, effect);
  const outcome =
    ambiguous && effect === 'create' ? toUnsafeToRepeat(settled, unknownOutcomeOf(endpoint, input)) : settled;
  return { outcome, typename: typenameOf(outcome), status, attempts, ambiguous };
}

/**
 * One attempt's client span, by the stable HTTP client conventions: the method, the vendor's
 * host and port, and the path template (never the path itself, nor the query: ids and `force`).
 */
function startAttemptSpan(
  parent: TraceSpan,
  endpoint: Endpoint<never, unknown>,
  target: VendorTarget,
  attempt: number,
): TraceSpan {
  const template = `${target.prefix}${endpoint.pathTemplate}`;
  return parent.startChild(`${endpoint.method} ${template}`, 'client', {
    'http.request.method': endpoint.method,
    'server.address': target.address,
    'server.port': target.port,
    'url.template': template,
    'gateway.attempt': attempt,
  });
}

/**
 * Ends an attempt's span with its status and the union member it ended in. It failed when no
 * answer arrived or the answer was unusable (`error.type` the UpstreamError reason), or on a 4xx
 * or 5xx (`error.type` the status), as the HTTP client conventions count failures.
 */
function endAttemptSpan(
  span: TraceSpan,
  { outcome, status }: { outcome: unknown; status: number | null },
  typename: string,
): void {
  span.setAttributes(
    status === null
      ? { 'gateway.outcome': typename }
      : { 'gateway.outcome': typename, 'http.response.status_code': status },
  );
  if (outcome instanceof UpstreamError) span.fail(outcome.reason);
  else if (status !== null && status >= 400) span.fail(String(status));
  span.end();
}

/** The gateway's own budget toward the vendor is spent: nothing was sent, and no one waits. */
function toBudgetRefusal(vendor: Vendor, retryAfterSeconds: number): RateLimitedError {
  const name = vendorDisplayNames[vendor];
  return new RateLimitedError(
    `The gateway's budget of requests to ${name} is spent for this minute; nothing was sent to ${name}.`,
    vendor,
    null,
    retryAfterSeconds,
  );
}

/** The gateway's own refusal before any call: a bad id, a bad input, or no usable key. */
function preflight<Input>(
  endpoint: Endpoint<Input, unknown>,
  input: Input,
  apiKey: string | undefined,
): GatewayError | null {
  const invalid = findInputProblem(endpoint, input);
  if (invalid) return invalid;
  if (apiKey === undefined || !usableKey.test(apiKey)) {
    return new UnauthenticatedError(describeKeyProblem(endpoint.vendor, apiKey), endpoint.vendor, null);
  }
  return null;
}

/** The first id that breaks its rule, else the endpoint's own input checks. */
function findInputProblem<Input>(endpoint: Endpoint<Input, unknown>, input: Input): InvalidInputError | null {
  for (const { field, value, rule } of endpoint.ids(input)) {
    const problem = findIdProblem(value, rule);
    if (problem) return new InvalidInputError(problem, endpoint.vendor, null, field);
  }
  return endpoint.validate?.(input) ?? null;
}

/**
 * An ambiguous outcome of a call that would duplicate: still the same UpstreamError, but never
 * `retryable`, and its message says why.
 */
function toUnsafeToRepeat(outcome: unknown, unknownOutcome: string | null): UpstreamError {
  const error = outcome as UpstreamError;
  const note = unknownOutcome ?? 'the call may have taken effect';
  return new UpstreamError(
    `${error.message} ${note[0]?.toUpperCase()}${note.slice(1)}, so sending it again may make a duplicate.`,
    error.vendor,
    error.vendorCode,
    error.reason,
    error.status,
    false,
  );
}

/**
 * The guarded call, or `stopped()` as soon as the gateway stops waiting at shutdown (a call
 * waiting out a retry's backoff would otherwise hold the answer past the shutdown deadline).
 */
function untilShutdown<Result>(
  call: Promise<Result>,
  shutdown: Shutdown,
  stopped: () => UpstreamError,
): Promise<Result | { outcome: UpstreamError; status: null }> {
  if (shutdown.stopped) return Promise.resolve({ outcome: stopped(), status: null });
  return new Promise((resolve, reject) => {
    const onStop = () => resolve({ outcome: stopped(), status: null });
    shutdown.listen(onStop);
    call.then(resolve, reject).finally(() => shutdown.unlisten(onStop));
  });
}

function describeKeyProblem(vendor: Vendor, apiKey: string | undefined): string {
  const name = vendorDisplayNames[vendor];
  if (apiKey === undefined || apiKey === '') {
    const header = `x-${vendor.toLowerCase()}-api-key`;
    return `No ${name} API key: the gateway holds none and the request sent no ${header} header.`;
  }
  return `The ${name} API key is not usable: it must be printable ASCII without spaces.`;
}
