import {
  ForbiddenError,
  type GatewayError,
  InvalidInputError,
  UnauthenticatedError,
} from '../../domain/errors.js';
import {
  asRecord,
  asString,
  isServerErrorStatus,
  isSuccessStatus,
  type VendorAnswer,
} from '../core/answer.js';
import {
  toRateLimitedError,
  toServerError,
  toUnprovenAnswerError,
  toVendorError,
} from '../core/error-factories.js';
import { toVendorText } from '../core/vendor-text.js';
import type { BlandEnvelopeWire, BlandErrorItemWire } from './wire.js';

/** A Bland error, wherever in the envelope it stood. */
export interface BlandError {
  /** Upper-cased, spaces and dashes as underscores (`Rate Limit Exceeded` is `RATE_LIMIT_EXCEEDED`); null when none. */
  code: string | null;
  /** The code as Bland sent it, else the HTTP status: `vendorCode`. */
  vendorCode: string;
  message: string | null;
  details: Record<string, unknown> | null;
}

/** How one endpoint reads Bland's envelope. */
export interface BlandReading<Success> {
  /**
   * The success in a 2xx envelope's `data`, or null when `data` is not proof of one (or a member,
   * when `data` says the call failed: a persona whose `deleted_at` is set is not found).
   */
  success: (data: unknown, status: number) => Success | GatewayError | null;
  /**
   * The member for "not found" (code `PERSONA_NOT_FOUND`/`NOT_FOUND`, or a 404 envelope); when
   * absent (a list), not found is a vendor error.
   */
  notFound?: (error: BlandError) => GatewayError;
  /** Members for codes only this endpoint answers (`PERSONA_IN_USE`), checked first. */
  codes?: Readonly<Record<string, (error: BlandError) => GatewayError>>;
  /** What a rejected input names, for `InvalidInputError.field`; `id` when Bland names nothing. */
  invalidField?: (vendorField: string | null, error: BlandError) => string;
  /** Says what the key may not do, for ForbiddenError without a message of Bland's. */
  forbidden: string;
}

const vendor = 'BLAND';

/** Codes compared after upper-casing and turning spaces and dashes into underscores. */
const notFoundCodes = new Set(['PERSONA_NOT_FOUND', 'NOT_FOUND']);
const unauthenticatedCodes = new Set(['AUTH_FAILURE', 'UNAUTHORIZED']);
const invalidInputCodes = new Set([
  'INVALID_REQUEST',
  'VALIDATION_ERROR',
  'BAD_REQUEST',
  'INVALID_PARAMETER',
  'INVALID_INPUT',
]);
const rateLimitCodes = new Set([
  'TOO_MANY_REQUESTS',
  'RATE_LIMITED',
  'CONCURRENCY_LIMIT_REACHED',
  'RATE_LIMIT_EXCEEDED',
]);

/**
 * Turns Bland's answer into a success or a union member, by the code in the body first and the
 * HTTP status second. Success only on proof: a 2xx that carries no error and whose `data` the
 * endpoint accepts.
 */
export function toBlandOutcome<Success>(
  answer: VendorAnswer,
  reading: BlandReading<Success>,
): Success | GatewayError {
  const { body } = answer;
  if (body.kind !== 'json') return toUnprovenAnswerError(vendor, answer, body);

  const envelope = asRecord(body.value) as BlandEnvelopeWire | null;
  const error = envelope && readBlandError(envelope, answer.status);
  if (!error) {
    const success =
      isSuccessStatus(answer.status) && envelope ? reading.success(envelope.data, answer.status) : null;
    return success ?? toUnprovenAnswerError(vendor, answer, body);
  }
  return toBlandError(error, answer, reading);
}

/** Keys that make a JSON object one of Bland's envelopes. */
const envelopeKeys = ['data', 'errors', 'error', 'status', 'message'];

/** The error an envelope carries, in any of the shapes Bland sends; null when it carries none. */
function readBlandError(envelope: BlandEnvelopeWire, status: number): BlandError | null {
  const found = (code: string | null, message: string | null, details: Record<string, unknown> | null) => ({
    code: code?.toUpperCase().replace(/[\s-]+/g, '_') ?? null,
    vendorCode: code ?? String(status),
    message,
    details,
  });
  const { errors } = envelope;
  if (Array.isArray(errors) && errors.length > 0) {
    const first: unknown = errors[0];
    const item = asRecord(first) as BlandErrorItemWire | null;
    // The legacy `{ status: "error", message, errors: ["..."] }`: the summary, then the detail.
    if (!item) {
      const parts = new Set(
        [toVendorText(envelope.message), toVendorText(first)].filter((part) => part !== null),
      );
      return found(null, toVendorText([...parts].join(': ')), null);
    }
    return found(
      asString(item.error) ?? asString(item.code),
      toVendorText(item.message),
      asRecord(item.details),
    );
  }
  // The persona pages type `errors` as a string.
  if (typeof errors === 'string' && errors.trim() !== '') return found(null, toVendorText(errors), null);
  const nested = asRecord(envelope.error) as BlandErrorItemWire | null;
  if (nested) return found(asString(nested.code), toVendorText(nested.message), asRecord(nested.details));
  if (typeof envelope.error === 'string') {
    return found(envelope.error, toVendorText(envelope.message), null);
  }
  const isErrorEnvelope =
    envelope.status === 'error' || (!isSuccessStatus(status) && envelopeKeys.some((key) => key in envelope));
  return isErrorEnvelope ? found(null, toVendorText(envelope.message), null) : null;
}

function toBlandError<Success>(
  error: BlandError,
  answer: VendorAnswer,
  reading: BlandReading<Success>,
): GatewayError {
  const { status } = answer;
  const { code, vendorCode } = error;
  const special = code ? reading.codes?.[code] : undefined;
  if (special) return special(error);

  const sentCode = code ? vendorCode : null;
  const notFound = () => reading.notFound?.(error) ?? toVendorError(vendor, status, sentCode, error.message);
  if (code && notFoundCodes.has(code)) return notFound();
  if (code && unauthenticatedCodes.has(code)) return unauthenticated(error);
  if (code === 'FORBIDDEN') return forbidden(error, reading);
  if (code && invalidInputCodes.has(code)) return invalidInput(error, reading);
  if (code && rateLimitCodes.has(code)) return toRateLimitedError(vendor, answer, vendorCode, error.message);

  if (status === 404) return notFound();
  if (status === 401) return unauthenticated(error);
  if (status === 403) return forbidden(error, reading);
  if (status === 400 || status === 422) return invalidInput(error, reading);
  if (status === 429) return toRateLimitedError(vendor, answer, vendorCode, error.message);
  if (isServerErrorStatus(status)) return toServerError(vendor, status, sentCode, error.message);
  return toVendorError(vendor, status, sentCode, error.message);
}

function unauthenticated(error: BlandError): UnauthenticatedError {
  return new UnauthenticatedError(error.message ?? 'Bland rejected the API key.', vendor, error.vendorCode);
}

function forbidden(error: BlandError, reading: BlandReading<unknown>): ForbiddenError {
  return new ForbiddenError(error.message ?? reading.forbidden, vendor, error.vendorCode);
}

function invalidInput(error: BlandError, reading: BlandReading<unknown>): InvalidInputError {
  const named = asString(error.details?.field) ?? asString(error.details?.param);
  const field = reading.invalidField ? reading.invalidField(named, error) : (named ?? 'id');
  return new InvalidInputError(error.message ?? 'Bland rejected the input.', vendor, error.vendorCode, field);
}
