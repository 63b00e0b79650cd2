import { randomUUID } from 'node:crypto';
import type { PersonaRecord } from './state.js';
import type { PersonaVersionFieldsWire, PersonaVersionTypeWire, PersonaVersionWire } from './wire.js';

/** A version's content before anything is set: what Bland shows for a persona made with a name only. */
export const emptyVersionFields: PersonaVersionFieldsWire = {
  orchestration_prompt: null,
  personality_prompt: null,
  pathway_conditions: null,
  kb_ids: [],
  call_config: null,
  default_tools: [],
};

export interface NewVersion {
  personaId: string;
  type: PersonaVersionTypeWire;
  number: number;
  fields: PersonaVersionFieldsWire;
  /** Set on production versions: when they went live. */
  promotedAt: string | null;
  promotedFrom: string | null;
  at: string;
}

/** A new version object with its own copy of `fields` (versions never share arrays or objects). */
export function createVersion(version: NewVersion): PersonaVersionWire {
  return {
    id: randomUUID(),
    persona_id: version.personaId,
    version_type: version.type,
    version_number: version.number,
    ...structuredClone(version.fields),
    promoted_from_version_id: version.promotedFrom,
    promoted_at: version.promotedAt,
    promoted_by: null,
    created_at: version.at,
    updated_at: version.at,
  };
}

/** The content fields of a version, without its identity and history. */
export function versionFieldsOf(version: PersonaVersionWire): PersonaVersionFieldsWire {
  const { orchestration_prompt, personality_prompt, pathway_conditions, kb_ids, call_config, default_tools } =
    version;
  return { orchestration_prompt, personality_prompt, pathway_conditions, kb_ids, call_config, default_tools };
}

/** The number a new version of this persona gets: one above every number it has used. */
export function nextVersionNumber(record: PersonaRecord): number {
  return Math.max(0, ...record.versions.map((version) => version.version_number)) + 1;
}
