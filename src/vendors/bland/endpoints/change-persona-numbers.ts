import { InvalidPhoneNumbersError } from '../../../domain/errors.js';
import type { InboundNumber } from '../../../domain/persona.js';
import { asRecord, asString } from '../../core/answer.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toTextList } from '../../core/wire-values.js';
import { type BlandError, toBlandOutcome } from '../envelope.js';
import { blandIdRule } from '../ids.js';
import { toInboundNumbers } from '../persona.js';
import { findPhoneNumbersProblem } from '../phone-numbers.js';
import type { BlandNumbersResultWire } from '../wire.js';
import { toPersonaNotFound } from './delete-persona.js';

export interface PersonaNumbersInput {
  personaId: string;
  /** E.164, checked before any call. */
  phoneNumbers: readonly string[];
}

/** A persona's numbers after an attach or a detach. */
export interface PersonaNumbersSuccess {
  personaId: string;
  inboundNumbers: readonly InboundNumber[];
}

/**
 * `POST /v1/personas/{persona_id}/inbound/attach|detach` with `{ inbound_numbers }`: the numbers'
 * inbound calls start or stop using the persona. Sending it twice changes nothing more.
 */
function personaNumbersEndpoint(
  change: 'attach' | 'detach',
): Endpoint<PersonaNumbersInput, PersonaNumbersSuccess> {
  return {
    vendor: 'BLAND',
    name: `persona.${change}Numbers`,
    method: 'POST',
    pathTemplate: `/v1/personas/{persona_id}/inbound/${change}`,
    params: ({ personaId }) => ({ persona_id: personaId }),
    body: ({ phoneNumbers }) => ({ inbound_numbers: phoneNumbers }),
    ids: ({ personaId }) => [{ field: 'personaId', value: personaId, rule: blandIdRule }],
    validate: ({ phoneNumbers }) => findPhoneNumbersProblem(phoneNumbers),
    effect: 'write',
    unknownOutcome: `the ${change} may or may not have happened`,
    successTypename: 'PersonaNumbersSuccess',
    normalize: (answer, { personaId, phoneNumbers }) =>
      toBlandOutcome(answer, {
        success: (data) => {
          const result = asRecord(data) as BlandNumbersResultWire | null;
          const inboundNumbers = result && toInboundNumbers(result.inbound_numbers ?? null);
          if (!result || asString(result.id) === null || !inboundNumbers) return null;
          return { personaId, inboundNumbers };
        },
        notFound: (error) => toPersonaNotFound(error, personaId),
        codes: { INVALID_INBOUND_NUMBERS: (error) => toInvalidNumbers(error, phoneNumbers) },
        invalidField: (field) => (field === 'inbound_numbers' ? 'phoneNumbers' : (field ?? 'phoneNumbers')),
        forbidden: `Bland does not allow this API key to ${change} numbers of the persona.`,
      }),
  };
}

export const attachPersonaNumbersEndpoint = personaNumbersEndpoint('attach');
export const detachPersonaNumbersEndpoint = personaNumbersEndpoint('detach');

/** The numbers Bland names in `details` (under any key that holds a list of numbers), or every number sent. */
function toInvalidNumbers(error: BlandError, sent: readonly string[]): InvalidPhoneNumbersError {
  const named = Object.values(error.details ?? {})
    .map((value) => toTextList(value, null))
    .find((list) => list !== null && list.length > 0);
  return new InvalidPhoneNumbersError(
    error.message ?? 'Bland refused numbers that do not belong to the account.',
    error.vendorCode,
    named ?? sent,
  );
}
