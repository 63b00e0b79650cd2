import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhenResult,
  retry,
  wrap,
} from 'cockatiel';
import { RateLimitedError, UpstreamError } from '../../domain/errors.js';
import { type Vendor, vendorDisplayNames } from '../../domain/vendor.js';

/** How a vendor's calls are retried and when its circuit opens. */
export interface ResilienceOptions {
  /**
   * Retries of a call that provably did not take effect (never sent, 429, 503).
   * @default 2
   */
  retries: number;
  /**
   * Longest `Retry-After` waited out before a retry; a longer one is answered at once.
   * @default 5
   */
  retryAfterCapSeconds: number;
  /**
   * Consecutive outages (timeout, unreachable, connection lost, 5xx) that open the circuit.
   * @default 5
   */
  circuitFailureThreshold: number;
  /**
   * How long an open circuit fails fast before it lets one probe through.
   * @default 30000
   */
  circuitCooldownMs: number;
}

export type CircuitStatus = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** One vendor call's answer, with the HTTP status it came with (null when none arrived). */
export interface AttemptResult {
  outcome: unknown;
  status: number | null;
}

export interface VendorGuard {
  /** Runs `attempt`, retrying what provably did not take effect, under the vendor's circuit breaker. */
  run<Result extends AttemptResult>(attempt: () => Promise<Result>): Promise<Result | CircuitOpenResult>;
  /** The circuit as it stands now. */
  readonly circuit: CircuitStatus;
}

export interface CircuitOpenResult {
  outcome: UpstreamError;
  status: null;
}

const firstBackoffMs = 100;
const maxBackoffMs = 2000;

const circuitStatuses: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

/**
 * Retries and a circuit breaker for one vendor, with cockatiel: each attempt passes through the
 * breaker, and the retry policy around it retries only a call that provably did not take effect,
 * so a delete is never sent twice when the first may have happened.
 */
export function createVendorGuard(vendor: Vendor, options: ResilienceOptions): VendorGuard {
  const breaker = circuitBreaker(
    handleWhenResult((result) => isOutage((result as AttemptResult).outcome)),
    {
      halfOpenAfter: options.circuitCooldownMs,
      breaker: new ConsecutiveBreaker(options.circuitFailureThreshold),
    },
  );
  const retries = retry(
    handleWhenResult((result) => isProvablyNotApplied((result as AttemptResult).outcome, options)),
    {
      maxAttempts: options.retries,
      backoff: new DelegateBackoff(({ attempt, result }) =>
        'value' in result
          ? backoffMs(attempt, (result.value as AttemptResult).outcome)
          : backoffMs(attempt, null),
      ),
    },
  );
  const policy = wrap(retries, breaker);

  return {
    get circuit() {
      return circuitStatuses[breaker.state];
    },
    async run(attempt) {
      try {
        return await policy.execute(attempt);
      } catch (error) {
        if (!(error instanceof BrokenCircuitError)) throw error;
        return { outcome: toCircuitOpenError(vendor, options), status: null };
      }
    },
  };
}

/** A failure that says the vendor itself is unwell (a 429 does not: the vendor is answering). */
function isOutage(outcome: unknown): boolean {
  return (
    outcome instanceof UpstreamError &&
    (outcome.reason === 'TIMEOUT' ||
      outcome.reason === 'UNREACHABLE' ||
      outcome.reason === 'CONNECTION_LOST' ||
      outcome.reason === 'SERVER_ERROR')
  );
}

/**
 * Never sent (refused, or reset before the request was written), throttled (429) within the
 * `Retry-After` cap, or 503: the vendor did not act on it, so sending it again cannot delete twice.
 */
function isProvablyNotApplied(outcome: unknown, options: ResilienceOptions): boolean {
  if (outcome instanceof RateLimitedError) {
    return outcome.retryAfterSeconds === null || outcome.retryAfterSeconds <= options.retryAfterCapSeconds;
  }
  return (
    outcome instanceof UpstreamError &&
    (outcome.reason === 'UNREACHABLE' || (outcome.reason === 'SERVER_ERROR' && outcome.status === 503))
  );
}

/** `Retry-After` when the vendor gave one; else exponential backoff with full jitter. */
function backoffMs(attempt: number, outcome: unknown): number {
  if (outcome instanceof RateLimitedError && outcome.retryAfterSeconds !== null) {
    return outcome.retryAfterSeconds * 1000;
  }
  return Math.random() * Math.min(maxBackoffMs, firstBackoffMs * 2 ** (attempt - 1));
}

function toCircuitOpenError(vendor: Vendor, options: ResilienceOptions): UpstreamError {
  const name = vendorDisplayNames[vendor];
  return new UpstreamError(
    `${name} failed ${options.circuitFailureThreshold} times in a row, so calls fail fast for ${options.circuitCooldownMs} ms before one probe; the request never reached ${name}.`,
    vendor,
    null,
    'CIRCUIT_OPEN',
    null,
  );
}
