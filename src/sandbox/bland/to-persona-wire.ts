import {
  type BlandState,
  draftVersionOf,
  numbersOf,
  type PersonaRecord,
  productionVersionOf,
} from './state.js';
import type { PersonaNumbersWire, PersonaWire } from './wire.js';

/** The persona object Bland answers; a create's answer has no `inbound_numbers`. */
export function toPersonaWire(
  state: BlandState,
  record: PersonaRecord,
  { withNumbers = true }: { withNumbers?: boolean } = {},
): PersonaWire {
  return {
    ...record.persona,
    ...(withNumbers ? { inbound_numbers: numbersOf(state, record.persona.id) } : {}),
    current_production_version: productionVersionOf(record) ?? null,
    current_draft_version: draftVersionOf(record) ?? null,
  };
}

/** The `data` of an attach or a detach: the persona's numbers after the change. */
export function toPersonaNumbersWire(state: BlandState, record: PersonaRecord): PersonaNumbersWire {
  const { id, name, user_id, created_at, updated_at } = record.persona;
  return { id, name, user_id, inbound_numbers: numbersOf(state, id), created_at, updated_at };
}
