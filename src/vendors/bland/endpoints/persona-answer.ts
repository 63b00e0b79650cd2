import type { Persona } from '../../../domain/persona.js';
import type { VendorAnswer } from '../../core/answer.js';
import { type BlandReading, toBlandOutcome } from '../envelope.js';
import { toPersona } from '../persona.js';
import { toPersonaNotFound } from './delete-persona.js';

/** A write that answers with the persona: create, update and promote. */
export interface PersonaWriteSuccess {
  /** The persona as Bland answered it, after the write. */
  persona: Persona;
}

/**
 * Bland's answer to a write on one persona. Success only on proof: a persona object with the id
 * asked for (one whose `deleted_at` is set is not found).
 */
export function toPersonaWriteOutcome(
  answer: VendorAnswer,
  personaId: string,
  reading: Pick<BlandReading<PersonaWriteSuccess>, 'codes' | 'invalidField' | 'forbidden'>,
) {
  return toBlandOutcome<PersonaWriteSuccess>(answer, {
    ...reading,
    success: (data, status) => {
      const persona = toPersona(data);
      if (!persona || persona.id.toLowerCase() !== personaId.toLowerCase()) return null;
      if (!persona.deletedAt) return { persona };
      return toPersonaNotFound(
        { message: 'Persona not found: Bland marks it deleted.', vendorCode: String(status) },
        personaId,
      );
    },
    notFound: (error) => toPersonaNotFound(error, personaId),
  });
}
