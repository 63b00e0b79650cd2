import { randomUUID } from 'node:crypto';
import type { SandboxHandler } from '../router.js';
import { blandData, invalidField } from './answers.js';
import { readPersonaBody } from './persona-body.js';
import type { BlandState, PersonaRecord } from './state.js';
import { toPersonaWire } from './to-persona-wire.js';
import { createVersion, emptyVersionFields } from './versions.js';

/**
 * `POST /v1/personas`: a persona with production version 1 and draft version 2, both holding the
 * body's version fields. Answers the persona without `inbound_numbers`, as Bland does.
 */
export const createPersona: SandboxHandler<BlandState> = ({ state, body, now }) => {
  const read = readPersonaBody(body);
  if ('invalid' in read) return invalidField(read.invalid.field, read.invalid.message);
  const { name, persona, version } = read.changes;
  const personaId = randomUUID();
  const at = now.toISOString();
  const fields = { ...emptyVersionFields, ...version };
  const common = { personaId, fields, promotedFrom: null, at };
  const production = createVersion({ ...common, type: 'production', number: 1, promotedAt: at });
  const draft = createVersion({ ...common, type: 'draft', number: 2, promotedAt: null });
  const record: PersonaRecord = {
    persona: {
      id: personaId,
      name,
      role: null,
      description: null,
      tags: [],
      image_url: null,
      ...persona,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      user_id: state.userId,
      current_production_version_id: production.id,
      current_draft_version_id: draft.id,
    },
    versions: [production, draft],
  };
  state.personas.set(personaId, record);
  return blandData(toPersonaWire(state, record, { withNumbers: false }));
};
