import type { SandboxHandler } from '../router.js';
import { blandData, invalidField, personaNotFound } from './answers.js';
import { readPersonaBody } from './persona-body.js';
import { type BlandState, draftVersionOf, type PersonaRecord, productionVersionOf } from './state.js';
import { toPersonaWire } from './to-persona-wire.js';
import { createVersion, emptyVersionFields, nextVersionNumber, versionFieldsOf } from './versions.js';

/**
 * `PATCH /v1/personas/{id}`: persona fields change at once; version fields land on the draft,
 * which the update makes (the next number, copying production) when there is none.
 */
export const updatePersona: SandboxHandler<BlandState> = ({ state, id, body, now }) => {
  const read = readPersonaBody(body);
  if ('invalid' in read) return invalidField(read.invalid.field, read.invalid.message);
  const record = state.personas.get(id);
  if (!record) return personaNotFound(id);
  const at = now.toISOString();
  const { name, persona, version } = read.changes;
  Object.assign(record.persona, { name, ...persona, updated_at: at });
  if (Object.keys(version).length > 0) {
    const draft = draftVersionOf(record) ?? addDraft(record, at);
    Object.assign(draft, structuredClone(version), { updated_at: at });
  }
  return blandData(toPersonaWire(state, record));
};

function addDraft(record: PersonaRecord, at: string) {
  const production = productionVersionOf(record);
  const draft = createVersion({
    personaId: record.persona.id,
    type: 'draft',
    number: nextVersionNumber(record),
    fields: production ? versionFieldsOf(production) : emptyVersionFields,
    promotedAt: null,
    promotedFrom: null,
    at,
  });
  record.versions.push(draft);
  record.persona.current_draft_version_id = draft.id;
  return draft;
}
