import type { SandboxHandler } from '../router.js';
import { blandData } from './answers.js';
import { readNumbersChange } from './inbound-numbers-body.js';
import type { BlandState } from './state.js';
import { toPersonaNumbersWire } from './to-persona-wire.js';

/** `POST /v1/personas/{id}/inbound/attach`: the numbers' inbound calls use this persona (moved from any other). */
export const attachNumbers: SandboxHandler<BlandState> = ({ state, id, body, now }) => {
  const change = readNumbersChange(state, id, body);
  if ('refused' in change) return change.refused;
  for (const phoneNumber of change.phoneNumbers) {
    const number = state.phoneNumbers.get(phoneNumber);
    if (number) number.personaId = id;
  }
  change.record.persona.updated_at = now.toISOString();
  return blandData(toPersonaNumbersWire(state, change.record));
};
