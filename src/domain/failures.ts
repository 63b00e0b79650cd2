import { GatewayError, RateLimitedError, UpstreamError } from './errors.js';
import { type CallEffect, type FailureClass, failurePolicy } from './failure-policy.js';

/** The class of a failed call's outcome; null for a success or any other union member. */
export function classifyFailure(outcome: unknown): FailureClass | null {
  if (outcome instanceof RateLimitedError) return 'RATE_LIMITED';
  if (!(outcome instanceof UpstreamError)) return null;
  if (outcome.reason === 'SERVER_ERROR' && outcome.status === 503) return 'SERVICE_UNAVAILABLE';
  if (outcome.reason === 'BAD_RESPONSE' && (outcome.status === null || outcome.status < 300)) {
    return 'UNPROVEN';
  }
  return outcome.reason;
}

/** True when a call with this effect may have been acted on although its outcome proves nothing. */
export function isAmbiguous(outcome: unknown, effect: CallEffect): boolean {
  const failure = classifyFailure(outcome);
  return failure !== null && failurePolicy[failure].ambiguousFor.includes(effect);
}

/** True when the outcome says the vendor is unwell. */
export function isOutage(outcome: unknown): boolean {
  const failure = classifyFailure(outcome);
  return failure !== null && failurePolicy[failure].outage;
}

/**
 * True when the gateway sends a call with this effect again at once: the table allows it, and a
 * throttled call's `Retry-After` is within `retryAfterCapSeconds`.
 */
export function isRetriedAtOnce(outcome: unknown, effect: CallEffect, retryAfterCapSeconds: number): boolean {
  const failure = classifyFailure(outcome);
  if (failure === null || !failurePolicy[failure].retriedFor.includes(effect)) return false;
  return !(
    outcome instanceof RateLimitedError &&
    outcome.retryAfterSeconds !== null &&
    outcome.retryAfterSeconds > retryAfterCapSeconds
  );
}

/** True for a failure that is data, not an exception: every union member but a success. */
export function isGatewayError(outcome: unknown): outcome is GatewayError {
  return outcome instanceof GatewayError;
}
