import {
  DispositionNotFoundError,
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
import type { BolnaDeleteResultWire, BolnaErrorWire, BolnaValidationItemWire } from './wire.js';

/** A disposition Bolna proved deleted. */
export interface DeleteDispositionSuccess {
  dispositionId: string;
  message: string;
}

const vendor = 'BOLNA';

/** FastAPI's `loc` names where a field stood before its name; those parts are not the field. */
const locationParts = new Set(['body', 'path', 'query', 'header']);

/**
 * Turns Bolna's answer to `DELETE /dispositions/{id}` into a success or a union member, by HTTP
 * status (Bolna's error codes are HTTP statuses). Success only on proof: a 2xx with a `message`
 * and the `id` that was asked for.
 */
export function toDeleteDispositionOutcome(
  answer: VendorAnswer,
  dispositionId: string,
): DeleteDispositionSuccess | GatewayError {
  const { body } = answer;
  if (body.kind !== 'json') return toUnprovenAnswerError(vendor, answer, body);

  const envelope = asRecord(body.value);
  if (!envelope) return toUnprovenAnswerError(vendor, answer, body);

  if (isSuccessStatus(answer.status)) {
    const isErrorEnvelope = envelope.error != null || envelope.detail != null;
    if (!isErrorEnvelope) {
      return readSuccess(envelope, dispositionId) ?? toUnprovenAnswerError(vendor, answer, body);
    }
  } else if (
    envelope.error === undefined &&
    envelope.detail === undefined &&
    envelope.message === undefined
  ) {
    return toUnprovenAnswerError(vendor, answer, body);
  }
  return toDispositionError(envelope as BolnaErrorWire, answer, dispositionId);
}

function readSuccess(
  envelope: BolnaDeleteResultWire,
  dispositionId: string,
): DeleteDispositionSuccess | null {
  const message = toVendorText(envelope.message);
  const id = asString(envelope.id);
  if (!message || id?.toLowerCase() !== dispositionId.toLowerCase()) return null;
  return { dispositionId, message };
}

function toDispositionError(body: BolnaErrorWire, answer: VendorAnswer, dispositionId: string): GatewayError {
  // A 2xx carrying `{ error: 404, ... }` is the error it names.
  const status =
    isSuccessStatus(answer.status) && Number.isInteger(body.error) ? (body.error as number) : answer.status;
  const code = typeof body.error === 'number' ? String(body.error) : asString(body.error);
  const vendorCode = code ?? String(answer.status);
  const message = toVendorText(body.message) ?? readDetailMessage(body.detail);

  if (status === 404) {
    return new DispositionNotFoundError(message ?? 'Disposition not found.', vendorCode, dispositionId);
  }
  // Bolna answers a bad or expired key with 403 and FastAPI's `{ detail }`, not the documented 401.
  if (status === 401 || (status === 403 && body.detail !== undefined)) {
    return new UnauthenticatedError(message ?? 'Bolna rejected the API key.', vendor, vendorCode);
  }
  if (status === 403) {
    return new ForbiddenError(
      message ?? 'Bolna allows only the owner of a disposition, or an admin, to delete it.',
      vendor,
      vendorCode,
    );
  }
  if (status === 400 || status === 422) {
    return new InvalidInputError(
      message ?? 'Bolna rejected the input.',
      vendor,
      vendorCode,
      readInvalidField(body.detail) ?? 'id',
    );
  }
  if (status === 429) return toRateLimitedError(vendor, answer, vendorCode, message);
  if (isServerErrorStatus(answer.status)) return toServerError(vendor, answer.status, code, message);
  return toVendorError(vendor, answer.status, code, message);
}

function firstValidationItem(detail: unknown): BolnaValidationItemWire | null {
  return Array.isArray(detail) ? (asRecord(detail[0]) as BolnaValidationItemWire | null) : null;
}

function readDetailMessage(detail: unknown): string | null {
  return toVendorText(detail) ?? toVendorText(firstValidationItem(detail)?.msg);
}

function readInvalidField(detail: unknown): string | null {
  const loc = firstValidationItem(detail)?.loc;
  if (!Array.isArray(loc)) return null;
  const names = loc.filter((part): part is string => typeof part === 'string' && !locationParts.has(part));
  return names.at(-1) ?? null;
}
