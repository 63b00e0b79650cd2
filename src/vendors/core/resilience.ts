import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhenResult,
} from 'cockatiel';
import { RateLimitedError, UpstreamError } from '../../domain/errors.js';
import type { CallEffect } from '../../domain/failure-policy.js';
import { isOutage, isRetriedAtOnce } from '../../domain/failures.js';
import { type Vendor, vendorDisplayNames } from '../../domain/vendor.js';

/** How a vendor's calls are retried and when its circuit opens. */
export interface ResilienceOptions {
  /**
   * Retries of a call that provably did not take effect (never sent, 429, 503), and of a read
   * whose answer was lost.
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

/** How one guarded call may be retried. */
export interface GuardedCall {
  effect: CallEffect;
  /** Retries left for this call; the vendor's `retries` when not given. */
  retries?: number | undefined;
}

export interface VendorGuard {
  /**
   * Runs `attempt` under the vendor's circuit breaker, again while the failure table retries its
   * outcome for the call's effect, at most `retries` more times.
   */
  run<Result extends AttemptResult>(
    attempt: () => Promise<Result>,
    call: GuardedCall,
  ): Promise<Result | CircuitOpenResult>;
  /** The circuit as it stands now. */
  readonly circuit: CircuitStatus;
  /** Retries a call gets when it does not say. */
  readonly retries: number;
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
 * Retries and a circuit breaker for one vendor. Each attempt passes through cockatiel's breaker,
 * which opens on consecutive outages; whether an attempt is sent again is the failure table's
 * call (domain/failure-policy.ts), so a delete or a create is never sent twice when the first
 * may have taken effect.
 */
export function createVendorGuard(vendor: Vendor, options: ResilienceOptions): VendorGuard {
  const breaker = circuitBreaker(
    handleWhenResult((result) => isOutage((result as AttemptResult).outcome)),
    {
      halfOpenAfter: options.circuitCooldownMs,
      breaker: new ConsecutiveBreaker(options.circuitFailureThreshold),
    },
  );

  return {
    get circuit() {
      return circuitStatuses[breaker.state];
    },
    retries: options.retries,
    async run(attempt, { effect, retries = options.retries }) {
      for (let attempted = 1; ; attempted += 1) {
        let result: Awaited<ReturnType<typeof attempt>>;
        try {
          result = (await breaker.execute(attempt)) as typeof result;
        } catch (error) {
          if (!(error instanceof BrokenCircuitError)) throw error;
          return { outcome: toCircuitOpenError(vendor, options), status: null };
        }
        if (attempted > retries || !isRetriedAtOnce(result.outcome, effect, options.retryAfterCapSeconds)) {
          return result;
        }
        await sleep(backoffMs(attempted, result.outcome));
      }
    },
  };
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
