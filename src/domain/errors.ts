import { failurePolicy, type UpstreamFailure } from './failure-policy.js';
import type { Vendor } from './vendor.js';

export type { UpstreamFailure };

/**
 * The failures a delete mutation returns as data. Each class is one member of the GraphQL
 * `Error` interface; anything that is not one of these stays a masked GraphQL error.
 * `message` is safe to show to an operator: it never carries a credential.
 */
export abstract class GatewayError extends Error {
  /** True when sending the same request again later, unchanged, may succeed. */
  abstract readonly retryable: boolean;

  constructor(
    message: string,
    readonly vendor: Vendor,
    /** The vendor's own error code, else its HTTP status as a string, else null. */
    readonly vendorCode: string | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class PersonaNotFoundError extends GatewayError {
  readonly retryable = false;
  constructor(
    message: string,
    vendorCode: string | null,
    readonly personaId: string,
  ) {
    super(message, 'BLAND', vendorCode);
  }
}

export class PersonaInUseError extends GatewayError {
  readonly retryable = false;
  constructor(
    message: string,
    vendorCode: string | null,
    readonly personaId: string,
    /** Phone numbers (E.164) that still use the persona. */
    readonly phoneNumbers: readonly string[],
    /** The vendor's advice, when it gave one. */
    readonly suggestion: string | null,
  ) {
    super(message, 'BLAND', vendorCode);
  }
}

export class DispositionNotFoundError extends GatewayError {
  readonly retryable = false;
  constructor(
    message: string,
    vendorCode: string | null,
    readonly dispositionId: string,
  ) {
    super(message, 'BOLNA', vendorCode);
  }
}

/** Bland had no draft to promote (NO_DRAFT_VERSION). */
export class NoDraftVersionError extends GatewayError {
  readonly retryable = false;
  constructor(
    message: string,
    vendorCode: string | null,
    readonly personaId: string,
  ) {
    super(message, 'BLAND', vendorCode);
  }
}

/** Bland refused numbers that are not the account's (INVALID_INBOUND_NUMBERS). */
export class InvalidPhoneNumbersError extends GatewayError {
  readonly retryable = false;
  constructor(
    message: string,
    vendorCode: string | null,
    /** The numbers Bland named, or every number sent when it named none. */
    readonly phoneNumbers: readonly string[],
  ) {
    super(message, 'BLAND', vendorCode);
  }
}

/** The credential is valid but may not do this. */
export class ForbiddenError extends GatewayError {
  readonly retryable = false;
}

/** No usable vendor credential: none configured or sent, or the vendor rejected it. */
export class UnauthenticatedError extends GatewayError {
  readonly retryable = false;
}

/** The input was rejected, by the gateway before any vendor call or by the vendor. */
export class InvalidInputError extends GatewayError {
  readonly retryable = false;
  constructor(
    message: string,
    vendor: Vendor,
    vendorCode: string | null,
    /**
     * The argument or input path rejected: `id`, `input.name`, `inputs.2.question`; a vendor's
     * own rejection is mapped to the same path.
     */
    readonly field: string,
  ) {
    super(message, vendor, vendorCode);
  }
}

export class RateLimitedError extends GatewayError {
  readonly retryable = true;
  constructor(
    message: string,
    vendor: Vendor,
    vendorCode: string | null,
    /** From the vendor's `Retry-After`, when it sent one. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(message, vendor, vendorCode);
  }
}

/** The vendor could not be reached or answered in a way that proves nothing. */
export class UpstreamError extends GatewayError {
  readonly retryable: boolean;
  constructor(
    message: string,
    vendor: Vendor,
    vendorCode: string | null,
    readonly reason: UpstreamFailure,
    /** The vendor's HTTP status, when a response arrived. */
    readonly status: number | null,
    /** Set only where a call's effect makes the failure's own answer wrong: an ambiguous create. */
    retryable: boolean = failurePolicy[reason].retryable,
  ) {
    super(message, vendor, vendorCode);
    this.retryable = retryable;
  }
}
