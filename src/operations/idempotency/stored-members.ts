import {
  DispositionNotFoundError,
  ForbiddenError,
  type GatewayError,
  InvalidInputError,
  InvalidPhoneNumbersError,
  NoDraftVersionError,
  PersonaInUseError,
  PersonaNotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamError,
} from '../../domain/errors.js';

/**
 * A union member as the idempotency store keeps it: its name and its scalars and ids (a success
 * keeps only what it needs to be answered again; a Persona or a Disposition is read again from the
 * vendor, never stored).
 */
export interface StoredMember {
  typename: string;
  fields: Record<string, unknown>;
}

/** Every error member a mutation answers, by name, so a stored one comes back as its class. */
const errorClasses: Readonly<Record<string, abstract new (...args: never[]) => GatewayError>> = {
  PersonaNotFoundError,
  PersonaInUseError,
  DispositionNotFoundError,
  InvalidPhoneNumbersError,
  NoDraftVersionError,
  ForbiddenError,
  UnauthenticatedError,
  InvalidInputError,
  RateLimitedError,
  UpstreamError,
};

/** An error member as stored: its message and every field of its own (vendor, code, retryable, ids). */
export function toStoredError(error: GatewayError): StoredMember {
  const { name: _name, ...fields } = error as GatewayError & Record<string, unknown>;
  return { typename: error.name, fields: { ...fields, message: error.message } };
}

/**
 * A stored error member as its class again; null when the name is not a known member (a record
 * written by a newer gateway), which the caller treats as never stored.
 */
export function fromStoredError({ typename, fields }: StoredMember): GatewayError | null {
  const errorClass = Object.hasOwn(errorClasses, typename) ? errorClasses[typename] : undefined;
  if (!errorClass) return null;
  const { message, ...own } = fields;
  // The constructor is bypassed: the stored fields are the member, whatever each class's order.
  const error = Object.assign(Object.create(errorClass.prototype) as GatewayError, own);
  Object.defineProperty(error, 'message', { value: String(message), enumerable: false, writable: true });
  Object.defineProperty(error, 'name', { value: typename, enumerable: true, writable: true });
  return error;
}
