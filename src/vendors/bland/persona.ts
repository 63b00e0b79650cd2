import {
  type InboundNumber,
  type Persona,
  type PersonaVersion,
  personaVersionTypes,
} from '../../domain/persona.js';
import { asRecord } from '../core/answer.js';
import { toDate, toEnumValue, toText, toTextList } from '../core/wire-values.js';
import type { BlandInboundNumberWire, BlandPersonaVersionWire, BlandPersonaWire } from './wire.js';

/**
 * Bland's persona object as the domain's Persona. Null when it breaks what the gateway promises
 * non-null (an id, a name, both timestamps) or holds a value that does not read (a timestamp that
 * does not parse, numbers that are not a list): the answer is then BAD_RESPONSE, never a null in
 * a non-null field. `inbound_numbers` absent (a create's answer) is none.
 */
export function toPersona(value: unknown): Persona | null {
  const wire = asRecord(value) as BlandPersonaWire | null;
  if (!wire) return null;
  const id = toText(wire.id);
  const name = toText(wire.name);
  const createdAt = toDate(wire.created_at);
  const updatedAt = toDate(wire.updated_at);
  const tags = toTextList(wire.tags);
  const inboundNumbers = toInboundNumbers(wire.inbound_numbers);
  const productionVersion = toOptionalVersion(wire.current_production_version);
  const draftVersion = toOptionalVersion(wire.current_draft_version);
  const deletedAt = wire.deleted_at == null ? null : toDate(wire.deleted_at);
  if (
    !id ||
    name === null ||
    !createdAt ||
    !updatedAt ||
    !tags ||
    !inboundNumbers ||
    productionVersion === undefined ||
    draftVersion === undefined ||
    (wire.deleted_at != null && !deletedAt)
  ) {
    return null;
  }
  return {
    id,
    name,
    role: toText(wire.role),
    description: toText(wire.description),
    tags,
    imageUrl: toText(wire.image_url),
    createdAt,
    updatedAt,
    deletedAt,
    inboundNumbers,
    productionVersion,
    draftVersion,
  };
}

/** `inbound_numbers` as the domain's numbers; absent is none; null when an entry does not read. */
export function toInboundNumbers(value: unknown): InboundNumber[] | null {
  if (value == null) return [];
  if (!Array.isArray(value)) return null;
  const numbers: InboundNumber[] = [];
  for (const item of value) {
    const wire = asRecord(item) as BlandInboundNumberWire | null;
    const phoneNumber = toText(wire?.phone_number);
    if (!phoneNumber) return null;
    numbers.push({ phoneNumber, label: toText(wire?.label) });
  }
  return numbers;
}

/** A version object, null when absent, undefined when it does not read. */
function toOptionalVersion(value: unknown): PersonaVersion | null | undefined {
  if (value == null) return null;
  const wire = asRecord(value) as BlandPersonaVersionWire | null;
  if (!wire) return undefined;
  const id = toText(wire.id);
  const versionNumber = wire.version_number;
  const createdAt = toDate(wire.created_at);
  const promotedAt = wire.promoted_at == null ? null : toDate(wire.promoted_at);
  const knowledgeBaseIds = toTextList(wire.kb_ids);
  if (
    !id ||
    !isGraphQLInt(versionNumber) ||
    !createdAt ||
    (wire.promoted_at != null && !promotedAt) ||
    !knowledgeBaseIds
  ) {
    return undefined;
  }
  return {
    id,
    versionNumber,
    type: toEnumValue(wire.version_type, personaVersionTypes, 'OTHER'),
    personalityPrompt: toText(wire.personality_prompt),
    orchestrationPrompt: toText(wire.orchestration_prompt),
    knowledgeBaseIds,
    createdAt,
    promotedAt,
  };
}

/** A whole number GraphQL's Int can carry (32 bits, signed). */
function isGraphQLInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647;
}
