import type { InboundNumberWire, PersonaFieldsWire, PersonaVersionWire, PersonaWire } from './wire.js';

/** One persona as the simulator keeps it: its own fields and every version it ever had. */
export interface PersonaRecord {
  persona: PersonaFieldsWire;
  /** In creation order; the persona's current ids point into it. */
  versions: PersonaVersionWire[];
}

/** One of the account's phone numbers: its label, and the persona its inbound calls use (if any). */
export interface PhoneNumberRecord {
  label: string | null;
  personaId: string | null;
  personaSettings: InboundNumberWire['persona_settings'];
}

export interface BlandState {
  userId: string;
  /** In creation order, which is the list's order. */
  personas: Map<string, PersonaRecord>;
  /** Every number the account owns, E.164 → its record; no other number may be attached. */
  phoneNumbers: Map<string, PhoneNumberRecord>;
}

export interface BlandSeed {
  userId: string;
  phoneNumbers: readonly string[];
  personas: readonly PersonaWire[];
}

/** Fresh state from the seed: nothing in it is shared with the seed or with another start. */
export function createBlandState(seed: BlandSeed): BlandState {
  const phoneNumbers = new Map<string, PhoneNumberRecord>(
    seed.phoneNumbers.map((phoneNumber) => [
      phoneNumber,
      { label: null, personaId: null, personaSettings: null },
    ]),
  );
  const personas = new Map<string, PersonaRecord>();
  for (const wire of structuredClone(seed.personas)) {
    const { inbound_numbers, current_production_version, current_draft_version, ...persona } = wire;
    const versions = [current_production_version, current_draft_version].filter(
      (version) => version !== null,
    );
    personas.set(persona.id, { persona, versions });
    for (const number of inbound_numbers ?? []) {
      if (!phoneNumbers.has(number.phone_number)) {
        throw new Error(
          `Seed persona ${persona.id} uses ${number.phone_number}, which the account does not own`,
        );
      }
      phoneNumbers.set(number.phone_number, {
        label: number.label,
        personaId: persona.id,
        personaSettings: number.persona_settings,
      });
    }
  }
  return { userId: seed.userId, personas, phoneNumbers };
}

/** The numbers whose inbound calls use the persona, in the account's order. */
export function numbersOf(state: BlandState, personaId: string): InboundNumberWire[] {
  return [...state.phoneNumbers]
    .filter(([, number]) => number.personaId === personaId)
    .map(([phoneNumber, number]) => ({
      phone_number: phoneNumber,
      label: number.label,
      persona_id: personaId,
      persona_settings: number.personaSettings,
    }));
}

export function productionVersionOf(record: PersonaRecord): PersonaVersionWire | undefined {
  return record.versions.find((version) => version.id === record.persona.current_production_version_id);
}

export function draftVersionOf(record: PersonaRecord): PersonaVersionWire | undefined {
  return record.versions.find((version) => version.id === record.persona.current_draft_version_id);
}
