import {
  ForbiddenError,
  type GatewayError,
  InvalidInputError,
  PersonaInUseError,
  PersonaNotFoundError,
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
import type {
  BlandDeleteResultWire,
  BlandEnvelopeWire,
  BlandErrorItemWire,
  BlandPersonaInUseDetailsWire,
} from './wire.js';

/** A persona Bland proved deleted. */
export interface DeletePersonaSuccess {
  personaId: string;
  message: string;
}

/** A Bland error, wherever in the envelope it stood. */
interface BlandError {
  code: string | null;
  message: string | null;
  details: Record<string, unknown> | null;
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
 * Turns Bland's answer to `DELETE /v1/personas/{id}` into a success or a union member, by the
 * code in the body first and the HTTP status second. Success only on proof: a 2xx whose
 * `data.success` is true and that carries no error.
 */
export function toDeletePersonaOutcome(
  answer: VendorAnswer,
  personaId: string,
): DeletePersonaSuccess | GatewayError {
  const { body } = answer;
  if (body.kind !== 'json') return toUnprovenAnswerError(vendor, answer, body);

  const envelope = asRecord(body.value) as BlandEnvelopeWire | null;
  const error = envelope && readBlandError(envelope, answer.status);
  if (!error) {
    const success = isSuccessStatus(answer.status) && envelope && readSuccess(envelope, personaId);
    return success || toUnprovenAnswerError(vendor, answer, body);
  }
  return toPersonaError(error, answer, personaId);
}

function readSuccess(envelope: BlandEnvelopeWire, personaId: string): DeletePersonaSuccess | null {
  const data = asRecord(envelope.data) as BlandDeleteResultWire | null;
  if (data?.success !== true) return null;
  return { personaId, message: toVendorText(data.message) ?? 'Persona deleted.' };
}

/** Keys that make a JSON object one of Bland's envelopes. */
const envelopeKeys = ['data', 'errors', 'error', 'status', 'message'];

/** The error an envelope carries, in any of the shapes Bland sends; null when it carries none. */
function readBlandError(envelope: BlandEnvelopeWire, status: number): BlandError | null {
  const { errors } = envelope;
  if (Array.isArray(errors) && errors.length > 0) {
    const first: unknown = errors[0];
    const item = asRecord(first) as BlandErrorItemWire | null;
    // The legacy `{ status: "error", message, errors: ["..."] }`: the summary, then the detail.
    if (!item) {
      const parts = new Set(
        [toVendorText(envelope.message), toVendorText(first)].filter((part) => part !== null),
      );
      return { code: null, message: toVendorText([...parts].join(': ')), details: null };
    }
    return {
      code: asString(item.error) ?? asString(item.code),
      message: toVendorText(item.message),
      details: asRecord(item.details),
    };
  }
  // The persona pages type `errors` as a string.
  if (typeof errors === 'string' && errors.trim() !== '') {
    return { code: null, message: toVendorText(errors), details: null };
  }
  const nested = asRecord(envelope.error) as BlandErrorItemWire | null;
  if (nested) {
    return {
      code: asString(nested.code),
      message: toVendorText(nested.message),
      details: asRecord(nested.details),
    };
  }
  if (typeof envelope.error === 'string') {
    return { code: envelope.error, message: toVendorText(envelope.message), details: null };
  }
  const isErrorEnvelope =
    envelope.status === 'error' || (!isSuccessStatus(status) && envelopeKeys.some((key) => key in envelope));
  return isErrorEnvelope ? { code: null, message: toVendorText(envelope.message), details: null } : null;
}

function toPersonaError(error: BlandError, answer: VendorAnswer, personaId: string): GatewayError {
  const { status } = answer;
  const code = error.code?.toUpperCase().replace(/[\s-]+/g, '_');
  const vendorCode = error.code ?? String(status);

  if (code === 'PERSONA_IN_USE') {
    const details = (error.details ?? {}) as BlandPersonaInUseDetailsWire;
    const phoneNumbers = Array.isArray(details.phone_numbers_using)
      ? details.phone_numbers_using.filter((value): value is string => typeof value === 'string')
      : [];
    return new PersonaInUseError(
      error.message ?? 'The persona is in use by phone numbers.',
      vendorCode,
      personaId,
      phoneNumbers,
      toVendorText(details.suggestion),
    );
  }
  if (code && notFoundCodes.has(code)) return notFound(error, vendorCode, personaId);
  if (code && unauthenticatedCodes.has(code)) return unauthenticated(error, vendorCode);
  if (code === 'FORBIDDEN') return forbidden(error, vendorCode);
  if (code && invalidInputCodes.has(code)) return invalidInput(error, vendorCode);
  if (code && rateLimitCodes.has(code)) return toRateLimitedError(vendor, answer, vendorCode, error.message);

  if (status === 404) return notFound(error, vendorCode, personaId);
  if (status === 401) return unauthenticated(error, vendorCode);
  if (status === 403) return forbidden(error, vendorCode);
  if (status === 400 || status === 422) return invalidInput(error, vendorCode);
  if (status === 429) return toRateLimitedError(vendor, answer, vendorCode, error.message);
  if (isServerErrorStatus(status)) return toServerError(vendor, status, error.code, error.message);
  return toVendorError(vendor, status, error.code, error.message);
}

function notFound(error: BlandError, vendorCode: string, personaId: string): PersonaNotFoundError {
  return new PersonaNotFoundError(error.message ?? 'Persona not found.', vendorCode, personaId);
}

function unauthenticated(error: BlandError, vendorCode: string): UnauthenticatedError {
  return new UnauthenticatedError(error.message ?? 'Bland rejected the API key.', vendor, vendorCode);
}

function forbidden(error: BlandError, vendorCode: string): ForbiddenError {
  return new ForbiddenError(
    error.message ?? 'Bland does not allow this API key to delete the persona.',
    vendor,
    vendorCode,
  );
}

function invalidInput(error: BlandError, vendorCode: string): InvalidInputError {
  const field = asString(error.details?.field) ?? asString(error.details?.param) ?? 'id';
  return new InvalidInputError(error.message ?? 'Bland rejected the input.', vendor, vendorCode, field);
}
