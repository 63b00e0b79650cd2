import { PersonaInUseError, PersonaNotFoundError } from '../../../domain/errors.js';
import { asRecord } from '../../core/answer.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toVendorText } from '../../core/vendor-text.js';
import { type BlandError, toBlandOutcome } from '../envelope.js';
import { blandIdRule } from '../ids.js';
import type { BlandDeleteResultWire, BlandPersonaInUseDetailsWire } from '../wire.js';

export interface DeletePersonaInput {
  id: string;
  force: boolean;
}

/** A persona Bland proved deleted. */
export interface DeletePersonaSuccess {
  personaId: string;
  message: string;
}

/** `DELETE /v1/personas/{persona_id}?force=`: deletes the persona and every version. */
export const deletePersonaEndpoint: Endpoint<DeletePersonaInput, DeletePersonaSuccess> = {
  vendor: 'BLAND',
  name: 'persona.delete',
  method: 'DELETE',
  pathTemplate: '/v1/personas/{persona_id}',
  params: ({ id }) => ({ persona_id: id }),
  query: ({ force }) => ({ force }),
  ids: ({ id }) => [{ field: 'id', value: id, rule: blandIdRule }],
  effect: 'write',
  unknownOutcome: 'the delete may or may not have happened',
  successTypename: 'DeletePersonaSuccess',
  normalize: (answer, { id }) => toDeletePersonaOutcome(answer, id),
};

/**
 * Bland's answer to a persona delete. Success only on proof: a 2xx whose `data.success` is true
 * and that carries no error.
 */
export function toDeletePersonaOutcome(answer: Parameters<typeof toBlandOutcome>[0], personaId: string) {
  return toBlandOutcome(answer, {
    success: (data) => {
      const result = asRecord(data) as BlandDeleteResultWire | null;
      if (result?.success !== true) return null;
      return { personaId, message: toVendorText(result.message) ?? 'Persona deleted.' };
    },
    notFound: (error) => toPersonaNotFound(error, personaId),
    codes: { PERSONA_IN_USE: (error) => toPersonaInUse(error, personaId) },
    forbidden: 'Bland does not allow this API key to delete the persona.',
  });
}

/** PersonaNotFoundError with the id the client asked for, not the one Bland's body echoes. */
export function toPersonaNotFound(
  error: Pick<BlandError, 'message' | 'vendorCode'>,
  personaId: string,
): PersonaNotFoundError {
  return new PersonaNotFoundError(error.message ?? 'Persona not found.', error.vendorCode, personaId);
}

function toPersonaInUse(error: BlandError, personaId: string): PersonaInUseError {
  const details = (error.details ?? {}) as BlandPersonaInUseDetailsWire;
  const phoneNumbers = Array.isArray(details.phone_numbers_using)
    ? details.phone_numbers_using.filter((value): value is string => typeof value === 'string')
    : [];
  return new PersonaInUseError(
    error.message ?? 'The persona is in use by phone numbers.',
    error.vendorCode,
    personaId,
    phoneNumbers,
    toVendorText(details.suggestion),
  );
}
