import { isRecord } from '../is-record.js';
import type { PersonaFieldsWire, PersonaVersionFieldsWire } from './wire.js';

/** What a create or an update body asks for, split by where Bland writes it. */
export interface PersonaChanges {
  name: string;
  /** Written on the persona at once. */
  persona: Partial<Pick<PersonaFieldsWire, 'role' | 'description' | 'tags' | 'image_url'>>;
  /** Written on a version: both versions of a create, the draft of an update. */
  version: Partial<PersonaVersionFieldsWire>;
}

export type PersonaBodyResult = { changes: PersonaChanges } | { invalid: { field: string; message: string } };

interface FieldRule {
  isValid: (value: unknown) => boolean;
  expected: string;
}

const isString = (value: unknown) => typeof value === 'string';
const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';
const isStringList = (value: unknown) => Array.isArray(value) && value.every(isString);
const pathwayKeys = ['name', 'prompt', 'pathway_id', 'pathway_version', 'start_node_id'];
const isPathwayCondition = (value: unknown) =>
  isRecord(value) && pathwayKeys.every((key) => isString(value[key]));

const personaRules: Record<keyof PersonaChanges['persona'], FieldRule> = {
  role: { isValid: isStringOrNull, expected: 'a string or null' },
  description: { isValid: isStringOrNull, expected: 'a string or null' },
  tags: { isValid: isStringList, expected: 'a list of strings' },
  image_url: { isValid: isStringOrNull, expected: 'a string or null' },
};

const versionRules: Record<keyof PersonaVersionFieldsWire, FieldRule> = {
  personality_prompt: { isValid: isString, expected: 'a string' },
  orchestration_prompt: { isValid: isStringOrNull, expected: 'a string or null' },
  call_config: { isValid: isRecord, expected: 'an object' },
  kb_ids: { isValid: isStringList, expected: 'a list of strings' },
  pathway_conditions: {
    isValid: (value) => Array.isArray(value) && value.every(isPathwayCondition),
    expected: `a list of objects with ${pathwayKeys.join(', ')}`,
  },
  default_tools: { isValid: Array.isArray, expected: 'a list' },
};

/**
 * Reads the body of `POST /v1/personas` and `PATCH /v1/personas/{id}` (Bland requires `name` on
 * both). The first field that does not read is the answer; unknown fields are ignored.
 */
export function readPersonaBody(body: unknown): PersonaBodyResult {
  if (!isRecord(body)) return { invalid: { field: 'body', message: 'Request body must be a JSON object' } };
  if (typeof body.name !== 'string' || body.name.trim() === '') {
    return { invalid: { field: 'name', message: 'name is required and must be a non-empty string' } };
  }
  const persona = pickFields<PersonaChanges['persona']>(body, personaRules);
  if ('invalid' in persona) return persona;
  const version = pickFields<PersonaChanges['version']>(body, versionRules);
  if ('invalid' in version) return version;
  return { changes: { name: body.name, persona: persona.fields, version: version.fields } };
}

function pickFields<Fields>(
  body: Record<string, unknown>,
  rules: Record<keyof Fields & string, FieldRule>,
): { fields: Partial<Fields> } | { invalid: { field: string; message: string } } {
  const fields: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries<FieldRule>(rules)) {
    if (!(field in body)) continue;
    if (!rule.isValid(body[field]))
      return { invalid: { field, message: `${field} must be ${rule.expected}` } };
    fields[field] = body[field];
  }
  return { fields: fields as Partial<Fields> };
}
