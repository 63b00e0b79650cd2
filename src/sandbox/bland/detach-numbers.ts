import type { SandboxHandler } from '../router.js';
import { blandData } from './answers.js';
import { readNumbersChange } from './inbound-numbers-body.js';
import type { BlandState } from './state.js';
import { toPersonaNumbersWire } from './to-persona-wire.js';

/** `POST /v1/personas/{id}/inbound/detach`: the numbers stop using this persona; others' numbers are left alone. */
export const detachNumbers: SandboxHandler<BlandState> = ({ state, id, body, now }) => {
  const change = readNumbersChange(state, id, body);
  if ('refused' in change) return change.refused;
  for (const phoneNumber of change.phoneNumbers) {
    const number = state.phoneNumbers.get(phoneNumber);
    if (number?.personaId === id) number.personaId = null;
  }
  change.record.persona.updated_at = now.toISOString();
  return blandData(toPersonaNumbersWire(state, change.record));
};
