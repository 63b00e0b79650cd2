import type { SandboxHandler } from '../router.js';
import { blandData, blandError, personaNotFound } from './answers.js';
import { type BlandState, numbersOf } from './state.js';

/**
 * `DELETE /v1/personas/{id}?force=`: refused with PERSONA_IN_USE while any number uses the
 * persona, unless `force=true`, which also frees those numbers.
 */
export const deletePersona: SandboxHandler<BlandState> = ({ state, id, query }) => {
  if (!state.personas.has(id)) return personaNotFound(id);
  const using = numbersOf(state, id).map((number) => number.phone_number);
  if (using.length > 0 && query.get('force') !== 'true') {
    return blandError(
      409,
      'PERSONA_IN_USE',
      'Cannot delete persona that is currently in use by phone numbers',
      {
        persona_id: id,
        phone_numbers_using: using,
        suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
      },
    );
  }
  for (const number of state.phoneNumbers.values()) {
    if (number.personaId === id) number.personaId = null;
  }
  state.personas.delete(id);
  return blandData({ success: true, message: 'Persona deleted successfully' });
};
