import { type GatewayError, RateLimitedError, UpstreamError } from '../../domain/errors.js';
import type { TransportError } from '../../domain/transport-error.js';
import { type Vendor, vendorDisplayNames } from '../../domain/vendor.js';
import { isServerErrorStatus, type ParsedBody, type VendorAnswer } from './answer.js';
import { toRetryAfterSeconds } from './retry-after.js';

/**
 * A call that ended without a complete answer. `unknownOutcome` ends the message when the call
 * may have taken effect (`the delete may or may not have happened`); null for a read.
 */
export function toTransportUpstreamError(
  vendor: Vendor,
  error: TransportError,
  timeoutMs: number,
  unknownOutcome: string | null,
): UpstreamError {
  const name = vendorDisplayNames[vendor];
  const code = error.code ? ` (${error.code})` : '';
  const then = (summary: string) => (unknownOutcome ? `${summary}; ${unknownOutcome}.` : `${summary}.`);
  switch (error.failure) {
    case 'TIMEOUT':
      return new UpstreamError(
        error.code === 'GATEWAY_SHUTDOWN'
          ? then(`The gateway shut down before ${name} answered`)
          : then(`${name} gave no complete answer within ${timeoutMs} ms`),
        vendor,
        null,
        'TIMEOUT',
        null,
      );
    case 'UNREACHABLE':
      return new UpstreamError(
        `${name} could not be reached${code}; the request never reached it.`,
        vendor,
        null,
        'UNREACHABLE',
        null,
      );
    case 'CONNECTION_LOST':
      return new UpstreamError(
        then(`The connection to ${name} broke after the request was sent${code}`),
        vendor,
        null,
        'CONNECTION_LOST',
        null,
      );
    case 'BAD_RESPONSE':
      return new UpstreamError(
        then(`${name} answered with something that is not HTTP${code}`),
        vendor,
        null,
        'BAD_RESPONSE',
        null,
      );
  }
}

/**
 * An answer whose body carries no vendor envelope (not JSON, oversized, or JSON of another
 * shape): only its status can still say something.
 */
export function toUnprovenAnswerError(vendor: Vendor, answer: VendorAnswer, body: ParsedBody): GatewayError {
  const { status } = answer;
  if (isServerErrorStatus(status)) return toServerError(vendor, status, null, null);
  if (status === 429) return toRateLimitedError(vendor, answer, null, null);
  const what =
    body.kind === 'oversized'
      ? 'a body over the size limit'
      : body.kind === 'not-json'
        ? body.description
        : 'a body that is neither its success nor its error shape';
  return new UpstreamError(
    `${vendorDisplayNames[vendor]} answered HTTP ${status} with ${what}.`,
    vendor,
    String(status),
    'BAD_RESPONSE',
    status,
  );
}

export function toServerError(
  vendor: Vendor,
  status: number,
  code: string | null,
  vendorMessage: string | null,
): UpstreamError {
  return new UpstreamError(
    withVendorMessage(`${vendorDisplayNames[vendor]} answered HTTP ${status}`, vendorMessage),
    vendor,
    code ?? String(status),
    'SERVER_ERROR',
    status,
  );
}

/** A well-formed vendor error that the gateway does not recognise. */
export function toVendorError(
  vendor: Vendor,
  status: number,
  code: string | null,
  vendorMessage: string | null,
): UpstreamError {
  const codeText = code ? ` with error ${code}` : '';
  return new UpstreamError(
    withVendorMessage(`${vendorDisplayNames[vendor]} answered HTTP ${status}${codeText}`, vendorMessage),
    vendor,
    code ?? String(status),
    'VENDOR_ERROR',
    status,
  );
}

export function toRateLimitedError(
  vendor: Vendor,
  answer: VendorAnswer,
  code: string | null,
  vendorMessage: string | null,
): RateLimitedError {
  return new RateLimitedError(
    vendorMessage ?? `${vendorDisplayNames[vendor]} is rate limiting requests.`,
    vendor,
    code ?? String(answer.status),
    toRetryAfterSeconds(answer.headers['retry-after']),
  );
}

function withVendorMessage(summary: string, vendorMessage: string | null): string {
  return vendorMessage ? `${summary}: ${vendorMessage}` : `${summary}.`;
}
