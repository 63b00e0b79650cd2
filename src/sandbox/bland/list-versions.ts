import type { SandboxHandler } from '../router.js';
import { blandData, personaNotFound } from './answers.js';
import type { BlandState } from './state.js';

/** `GET /v1/personas/{id}/versions`: every version the persona has had, archived ones too, in creation order. */
export const listVersions: SandboxHandler<BlandState> = ({ state, id }) => {
  const record = state.personas.get(id);
  return record ? blandData(record.versions) : personaNotFound(id);
};
