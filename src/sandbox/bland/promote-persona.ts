import type { SandboxHandler } from '../router.js';
import { blandData, blandError, personaNotFound } from './answers.js';
import { type BlandState, draftVersionOf, productionVersionOf } from './state.js';
import { toPersonaWire } from './to-persona-wire.js';
import { createVersion, nextVersionNumber, versionFieldsOf } from './versions.js';

/**
 * `POST /v1/personas/{id}/versions/promote`: the draft's content becomes a new production version
 * (the next number); the old production version is archived and the draft is kept.
 */
export const promotePersona: SandboxHandler<BlandState> = ({ state, id, now }) => {
  const record = state.personas.get(id);
  if (!record) return personaNotFound(id);
  const draft = draftVersionOf(record);
  if (!draft) {
    return blandError(400, 'NO_DRAFT_VERSION', 'Persona has no draft version to promote', { persona_id: id });
  }
  const at = now.toISOString();
  const previous = productionVersionOf(record);
  if (previous) Object.assign(previous, { version_type: 'archived', updated_at: at });
  const production = createVersion({
    personaId: id,
    type: 'production',
    number: nextVersionNumber(record),
    fields: versionFieldsOf(draft),
    promotedAt: at,
    promotedFrom: draft.id,
    at,
  });
  record.versions.push(production);
  Object.assign(record.persona, { current_production_version_id: production.id, updated_at: at });
  return blandData(toPersonaWire(state, record));
};
