import type DataLoader from 'dataloader';
import { GatewayError } from '../domain/errors.js';
import type { Persona } from '../domain/persona.js';
import type { BlandClient } from '../vendors/bland/client.js';
import type { PersonaWriteSuccess } from '../vendors/bland/endpoints/persona-answer.js';
import type { CreatePersonaInput, PersonaFieldsInput } from '../vendors/bland/persona-fields.js';
import type { CallContext, CallResult } from '../vendors/core/call-endpoint.js';
import type { Audit } from './audited.js';

/** What {@link createPersonaWrites} needs of the request. */
export interface PersonaWritesOptions {
  bland: BlandClient;
  context: () => CallContext;
  audit: Audit;
  /** The request's persona loader: read for Bland's required name, primed with every answer. */
  personas: () => DataLoader<string, Persona, string>;
}

export interface PersonaWrites {
  createPersona(input: CreatePersonaInput): Promise<PersonaWriteSuccess | GatewayError>;
  updatePersona(id: string, input: PersonaFieldsInput): Promise<PersonaWriteSuccess | GatewayError>;
  promotePersonaDraft(id: string): Promise<PersonaWriteSuccess | GatewayError>;
}

/**
 * A request's persona writes, each audited. Each success holds the persona as Bland answered it,
 * which primes the persona loader: a later `persona(id)` of the same operation reads no more.
 */
export function createPersonaWrites({
  bland,
  context,
  audit,
  personas,
}: PersonaWritesOptions): PersonaWrites {
  const primed = async (call: Promise<CallResult<PersonaWriteSuccess>>) => {
    const result = await call;
    if (!(result.outcome instanceof GatewayError)) {
      const { persona } = result.outcome;
      personas().clear(persona.id).prime(persona.id, persona);
    }
    return result;
  };

  /** Bland requires `name` on PATCH: without one, the persona's current name, from one read. */
  const update = async (id: string, input: PersonaFieldsInput) => {
    const call = { id, input };
    if (input.name != null || bland.updatePersona.check(call)) return bland.updatePersona(call, context());
    const current = await personas()
      .load(id)
      .catch((error: unknown) => {
        if (error instanceof GatewayError) return error;
        throw error;
      });
    if (current instanceof GatewayError) return refusedBefore(current);
    return bland.updatePersona({ ...call, currentName: current.name }, context());
  };

  return {
    createPersona: (input) =>
      audit(
        {
          vendor: 'BLAND',
          operation: 'persona.create',
          id: (outcome) => (outcome instanceof GatewayError ? '' : outcome.persona.id),
          force: null,
          createdIds: ({ persona }) => [persona.id],
        },
        () => primed(bland.createPersona(input, context())),
      ),
    updatePersona: (id, input) =>
      audit({ vendor: 'BLAND', operation: 'persona.update', id, force: null }, () =>
        primed(update(id, input)),
      ),
    promotePersonaDraft: (id) =>
      audit({ vendor: 'BLAND', operation: 'persona.promoteDraft', id, force: null }, () =>
        primed(bland.promotePersonaDraft({ id }, context())),
      ),
  };
}

/** A write that ends before it is sent: no attempt, no status. */
function refusedBefore(outcome: GatewayError): CallResult<never> {
  return { outcome, typename: outcome.name, status: null, attempts: 0, ambiguous: false };
}
