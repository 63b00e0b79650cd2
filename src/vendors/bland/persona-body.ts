import { type InputFields, toInputPath, toWireFields } from '../core/input-rules.js';
import { type PersonaFieldsInput, personaFields } from './persona-fields.js';

/** A create's or an update's body: only the fields given, under Bland's names (`image_url`, `kb_ids`). */
export function toPersonaBody(input: PersonaFieldsInput): Record<string, unknown> {
  return toWireFields(input, personaFields);
}

/**
 * The input path of a field Bland refused: the one its `details` name (`image_url`,
 * `pathway_conditions[0].pathway_id`), else the first of its field names its message uses
 * ("name is required"), else the whole `input`.
 */
export function toPersonaInputField(named: string | null, message: string | null): string {
  const wirePath = named === null ? findNamedField(message, personaFields) : toWirePath(named);
  return toInputPath(wirePath ?? [], personaFields, 'input');
}

/** `a.b[0].c` or `a.b.0.c` as `["a", "b", 0, "c"]`. */
function toWirePath(named: string): (string | number)[] {
  return named
    .split(/[.[\]]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The field a message names first, as a whole word; null when it names none. */
function findNamedField(message: string | null, fields: InputFields): string[] | null {
  if (!message) return null;
  let first: { at: number; wire: string } | null = null;
  for (const { wire } of Object.values(fields)) {
    if (!wire) continue;
    const at = message.search(new RegExp(`(^|[^A-Za-z0-9_])${wire}($|[^A-Za-z0-9_])`));
    if (at !== -1 && (!first || at < first.at)) first = { at, wire };
  }
  return first && [first.wire];
}
