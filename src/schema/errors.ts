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
  type UpstreamFailure,
} from '../domain/errors.js';
import { vendors } from '../domain/vendor.js';
import { builder } from './builder.js';

export const VendorEnum = builder.enumType('Vendor', { values: vendors });

export const UpstreamFailureEnum = builder.enumType('UpstreamFailure', {
  values: {
    TIMEOUT: {
      description:
        'No response within the timeout. A call that changes something may or may not have taken effect.',
    },
    UNREACHABLE: { description: 'No connection could be made; the request never reached the vendor.' },
    SERVER_ERROR: { description: 'The vendor answered 5xx.' },
    BAD_RESPONSE: {
      description: 'The vendor answered something that is neither its success nor its error shape.',
    },
    VENDOR_ERROR: {
      description: 'A well-formed vendor error that the gateway does not recognise; vendorCode says which.',
    },
    CONNECTION_LOST: {
      description:
        'The connection broke after the request was sent. A call that changes something may or may not have taken effect.',
    },
    CIRCUIT_OPEN: {
      description:
        'The vendor failed repeatedly, so the gateway fails fast until a probe after the cool-down; the request never reached the vendor.',
    },
  } as const satisfies Record<UpstreamFailure, { description: string }>,
});

export const ErrorInterface = builder.interfaceRef<GatewayError>('Error').implement({
  description: 'Every failure a query or a mutation returns as data implements Error.',
  fields: (t) => ({
    message: t.exposeString('message', {
      description: 'What went wrong, safe to show to an operator. Never contains a credential.',
    }),
    vendor: t.expose('vendor', { type: VendorEnum }),
    vendorCode: t.exposeString('vendorCode', {
      nullable: true,
      description: "The vendor's own error code or HTTP status when it gave one, e.g. PERSONA_IN_USE or 403.",
    }),
    retryable: t.exposeBoolean('retryable', {
      description: 'True when sending the same request again later, unchanged, may succeed.',
    }),
  }),
});

builder.objectType(PersonaNotFoundError, {
  name: 'PersonaNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ personaId: t.exposeID('personaId') }),
});

builder.objectType(PersonaInUseError, {
  name: 'PersonaInUseError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    personaId: t.exposeID('personaId'),
    phoneNumbers: t.exposeStringList('phoneNumbers', {
      description: 'Phone numbers (E.164) that still use the persona.',
    }),
    suggestion: t.exposeString('suggestion', {
      nullable: true,
      description: "The vendor's advice, when it gave one.",
    }),
  }),
});

builder.objectType(NoDraftVersionError, {
  name: 'NoDraftVersionError',
  description: 'Bland had no draft to promote (NO_DRAFT_VERSION).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ personaId: t.exposeID('personaId') }),
});

builder.objectType(DispositionNotFoundError, {
  name: 'DispositionNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ dispositionId: t.exposeID('dispositionId') }),
});

builder.objectType(InvalidPhoneNumbersError, {
  name: 'InvalidPhoneNumbersError',
  description: "Bland refused numbers that are not the account's (INVALID_INBOUND_NUMBERS).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    phoneNumbers: t.exposeStringList('phoneNumbers', {
      description: 'The numbers Bland named, or every number sent when it named none.',
    }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The credential is valid but may not do this (Bolna: you do not own this disposition).',
  interfaces: [ErrorInterface],
});

builder.objectType(UnauthenticatedError, {
  name: 'UnauthenticatedError',
  description: 'No usable vendor credential: none configured or sent, or the vendor rejected it.',
  interfaces: [ErrorInterface],
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'The input was rejected, by the gateway before any vendor call or by the vendor.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString('field') }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true }) }),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description: 'The vendor could not be reached or answered in a way that proves nothing.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.expose('reason', { type: UpstreamFailureEnum }),
    status: t.exposeInt('status', {
      nullable: true,
      description: "The vendor's HTTP status, when a response arrived.",
    }),
  }),
});
