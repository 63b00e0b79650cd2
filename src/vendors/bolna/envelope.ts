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
import type { BolnaErrorWire, BolnaValidationItemWire } from './wire.js';

/** A Bolna error, as the endpoint's members need it. */
export interface BolnaError {
  /** The code as Bolna sent it (its codes are HTTP statuses), else the HTTP status: `vendorCode`. */
  vendorCode: string;
  message: string | null;
  /** FastAPI's `detail[0].loc`, when Bolna gave one: where the rejected field stood. */
  location: readonly (string | number)[] | null;
}

/** How one endpoint reads Bolna's answers. */
export interface BolnaReading<Success> {
  /** The success a 2xx body proves, or null when it proves none. Gets the parsed JSON, whatever its shape. */
  success: (body: unknown, status: number) => Success | GatewayError | null;
  /** The member for a 404; when absent (a list), a 404 is a vendor error. */
  notFound?: (error: BolnaError) => GatewayError;
  /** Says why the key may not do this, for ForbiddenError without a message of Bolna's. */
  forbidden: string;
  /**
   * The input path a rejected field names, for `InvalidInputError.field`, from FastAPI's `loc`
   * (`["body", "objective_options"]`); the last name in `loc` (else `id`) when absent.
   */
  invalidField?: (location: readonly (string | number)[] | null) => string;
}

const vendor = 'BOLNA';

/** FastAPI's `loc` names where a field stood before its name; those parts are not the field. */
const locationParts = new Set(['body', 'path', 'query', 'header']);

/**
 * Turns Bolna's answer into a success or a union member, by HTTP status (Bolna's error codes are
 * HTTP statuses). Success only on proof: a 2xx body without an error that the endpoint accepts.
 */
export function toBolnaOutcome<Success>(
  answer: VendorAnswer,
  reading: BolnaReading<Success>,
): Success | GatewayError {
  const { body } = answer;
  if (body.kind !== 'json') return toUnprovenAnswerError(vendor, answer, body);

  const envelope = asRecord(body.value);
  if (isSuccessStatus(answer.status)) {
    const isErrorEnvelope = envelope !== null && (envelope.error != null || envelope.detail != null);
    if (!isErrorEnvelope) {
      return reading.success(body.value, answer.status) ?? toUnprovenAnswerError(vendor, answer, body);
    }
  } else if (
    !envelope ||
    (envelope.error === undefined && envelope.detail === undefined && envelope.message === undefined)
  ) {
    return toUnprovenAnswerError(vendor, answer, body);
  }
  return toBolnaError(envelope as BolnaErrorWire, answer, reading);
}

function toBolnaError<Success>(
  body: BolnaErrorWire,
  answer: VendorAnswer,
  reading: BolnaReading<Success>,
): GatewayError {
  // A 2xx carrying `{ error: 404, ... }` is the error it names.
  const status =
    isSuccessStatus(answer.status) && Number.isInteger(body.error) ? (body.error as number) : answer.status;
  const code = typeof body.error === 'number' ? String(body.error) : asString(body.error);
  const error: BolnaError = {
    vendorCode: code ?? String(answer.status),
    message: toVendorText(body.message) ?? readDetailMessage(body.detail),
    location: readLocation(body.detail),
  };

  if (status === 404) {
    return reading.notFound?.(error) ?? toVendorError(vendor, answer.status, code, error.message);
  }
  // Bolna answers a bad or expired key with 403 and FastAPI's `{ detail }`, not the documented 401.
  if (status === 401 || (status === 403 && body.detail !== undefined)) {
    return new UnauthenticatedError(error.message ?? 'Bolna rejected the API key.', vendor, error.vendorCode);
  }
  if (status === 403) return new ForbiddenError(error.message ?? reading.forbidden, vendor, error.vendorCode);
  if (status === 400 || status === 422) {
    const field = reading.invalidField
      ? reading.invalidField(error.location)
      : (lastName(error.location) ?? 'id');
    return new InvalidInputError(
      error.message ?? 'Bolna rejected the input.',
      vendor,
      error.vendorCode,
      field,
    );
  }
  if (status === 429) return toRateLimitedError(vendor, answer, error.vendorCode, error.message);
  if (isServerErrorStatus(answer.status)) return toServerError(vendor, answer.status, code, error.message);
  return toVendorError(vendor, answer.status, code, error.message);
}

function firstValidationItem(detail: unknown): BolnaValidationItemWire | null {
  return Array.isArray(detail) ? (asRecord(detail[0]) as BolnaValidationItemWire | null) : null;
}

function readDetailMessage(detail: unknown): string | null {
  return toVendorText(detail) ?? toVendorText(firstValidationItem(detail)?.msg);
}

/** `loc` without FastAPI's leading `body`/`path`/`query`/`header`. */
function readLocation(detail: unknown): (string | number)[] | null {
  const loc = firstValidationItem(detail)?.loc;
  if (!Array.isArray(loc)) return null;
  const parts = loc.filter(
    (part): part is string | number =>
      (typeof part === 'string' && !locationParts.has(part)) || Number.isInteger(part),
  );
  return parts.length > 0 ? parts : null;
}

function lastName(location: readonly (string | number)[] | null): string | null {
  const names = (location ?? []).filter((part): part is string => typeof part === 'string');
  return names.at(-1) ?? null;
}
