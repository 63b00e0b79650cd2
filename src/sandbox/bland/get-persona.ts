import type { SandboxHandler } from '../router.js';
import { blandData, personaNotFound } from './answers.js';
import type { BlandState } from './state.js';
import { toPersonaWire } from './to-persona-wire.js';

/** `GET /v1/personas/{id}`: the persona with its numbers and current versions. */
export const getPersona: SandboxHandler<BlandState> = ({ state, id }) => {
  const record = state.personas.get(id);
  return record ? blandData(toPersonaWire(state, record)) : personaNotFound(id);
};
