import type {
  DeleteDispositionMutation,
  DeletePersonaMutation,
  DetachPersonaNumbersMutation,
  PersonaQuery,
  TypedDocumentString,
} from './generated/graphql.js';
import {
  DeleteDispositionDocument,
  DeletePersonaDocument,
  DetachPersonaNumbersDocument,
  PersonaDocument,
} from './operations.js';

export type DeletePersonaResult = DeletePersonaMutation['deletePersona'];
export type DeleteDispositionResult = DeleteDispositionMutation['deleteDisposition'];
export type PersonaResult = PersonaQuery['persona'];
export type PersonaNumbersResult = DetachPersonaNumbersMutation['detachPersonaNumbers'];

/** The failures every result union shares, by member. */
type SharedFailure = Extract<
  DeletePersonaResult | DeleteDispositionResult | PersonaResult | PersonaNumbersResult,
  {
    __typename:
      | 'InvalidInputError'
      | 'UnauthenticatedError'
      | 'ForbiddenError'
      | 'RateLimitedError'
      | 'UpstreamError';
  }
>;

export interface GatewayClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when the gateway runs with `GATEWAY_TOKENS`. */
  token?: string | undefined;
  /** How long one request may take. @default 10000 */
  timeoutMs?: number;
}

/** The gateway answered without data: a transport failure, a 4xx/5xx, or GraphQL `errors`. */
export class GatewayRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'GatewayRequestError';
  }
}

/** POSTs one typed operation as JSON and returns its `data`, typed by the document. */
export async function execute<TResult, TVariables>(
  options: GatewayClientOptions,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let body: { data?: TResult | null; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayRequestError(
      `HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
      response.status,
    );
  }
  if (body.errors?.length || body.data == null) {
    const messages = body.errors?.map((error) => error.message).join('; ') ?? 'no data';
    throw new GatewayRequestError(`HTTP ${response.status}: ${messages}`, response.status);
  }
  return body.data;
}

/** One line for an operator, for every member of `DeletePersonaPayload`. */
export function describePersonaResult(payload: DeletePersonaResult): string {
  switch (payload.__typename) {
    case 'DeletePersonaSuccess':
      return `deleted persona ${payload.personaId} (${payload.confirmedBy}): ${payload.message}`;
    case 'PersonaNotFoundError':
      return `persona ${payload.personaId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'PersonaInUseError':
      return `persona ${payload.personaId} is in use by ${payload.phoneNumbers.join(', ')}: ${payload.suggestion ?? 'retry with force'}`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      // A member this client was not generated for: tsc fails here until it gets its own case.
      const unhandled: never = payload;
      throw new Error(`unhandled DeletePersonaPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for an operator, for every member of `DeleteDispositionPayload`. */
export function describeDispositionResult(payload: DeleteDispositionResult): string {
  switch (payload.__typename) {
    case 'DeleteDispositionSuccess':
      return `deleted disposition ${payload.dispositionId}: ${payload.message}`;
    case 'DispositionNotFoundError':
      return `disposition ${payload.dispositionId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled DeleteDispositionPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for an operator, for every member of `PersonaResult`. */
export function describePersona(payload: PersonaResult): string {
  switch (payload.__typename) {
    case 'Persona': {
      const numbers = payload.inboundNumbers.map(({ phoneNumber, label }) =>
        label ? `${phoneNumber} (${label})` : phoneNumber,
      );
      const draft = payload.draftVersion ? `draft version ${payload.draftVersion.versionNumber}` : 'no draft';
      return `persona ${payload.id} "${payload.name}": ${numbers.length === 0 ? 'no numbers' : numbers.join(', ')}; ${draft}`;
    }
    case 'PersonaNotFoundError':
      return `persona ${payload.personaId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled PersonaResult member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for an operator, for every member of `PersonaNumbersPayload`. */
export function describeNumbersResult(payload: PersonaNumbersResult): string {
  switch (payload.__typename) {
    case 'PersonaNumbersSuccess': {
      const numbers = payload.inboundNumbers.map(({ phoneNumber }) => phoneNumber);
      return `persona ${payload.personaId} now answers ${numbers.length === 0 ? 'no numbers' : numbers.join(', ')}`;
    }
    case 'PersonaNotFoundError':
      return `persona ${payload.personaId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'InvalidPhoneNumbersError':
      return `not the account's numbers: ${payload.phoneNumbers.join(', ')}`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled PersonaNumbersPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The failures every union shares, each with its own line. */
export function describeFailure(payload: SharedFailure): string {
  switch (payload.__typename) {
    case 'InvalidInputError':
      return `invalid ${payload.field}: ${payload.message}`;
    case 'UnauthenticatedError':
      return `no usable ${payload.vendor} credential: ${payload.message}`;
    case 'ForbiddenError':
      return `forbidden by ${payload.vendor}: ${payload.message}`;
    case 'RateLimitedError':
      return `rate limited by ${payload.vendor}: ${retryAfter(payload.retryAfterSeconds)}`;
    case 'UpstreamError':
      return upstreamLine(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled failure: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Deletes a Bland persona and says what happened. Throws `GatewayRequestError` when there is no payload. */
export async function deletePersona(
  options: GatewayClientOptions,
  id: string,
  force = false,
): Promise<string> {
  const data = await execute(options, DeletePersonaDocument, { id, force });
  return describePersonaResult(data.deletePersona);
}

/** Reads a Bland persona with its numbers and says what came back. */
export async function readPersona(options: GatewayClientOptions, id: string): Promise<string> {
  const data = await execute(options, PersonaDocument, { id });
  return describePersona(data.persona);
}

/** Stops numbers using a persona and says what happened. */
export async function detachPersonaNumbers(
  options: GatewayClientOptions,
  personaId: string,
  phoneNumbers: string[],
): Promise<string> {
  const data = await execute(options, DetachPersonaNumbersDocument, { personaId, phoneNumbers });
  return describeNumbersResult(data.detachPersonaNumbers);
}

/** Deletes a Bolna disposition and says what happened. Throws `GatewayRequestError` when there is no payload. */
export async function deleteDisposition(options: GatewayClientOptions, id: string): Promise<string> {
  const data = await execute(options, DeleteDispositionDocument, { id });
  return describeDispositionResult(data.deleteDisposition);
}

function retryAfter(seconds: number | null | undefined): string {
  return seconds == null ? 'retry later' : `retry in ${seconds} s`;
}

function upstreamLine(payload: Extract<SharedFailure, { __typename: 'UpstreamError' }>): string {
  const status = payload.status == null ? '' : ` (HTTP ${payload.status})`;
  const retry = payload.retryable ? ', retryable' : '';
  return `${payload.vendor} failed with ${payload.reason}${status}${retry}: ${payload.message}`;
}
