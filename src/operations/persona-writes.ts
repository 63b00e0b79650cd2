import type DataLoader from 'dataloader';
import { GatewayError } from '../domain/errors.js';
import type { Persona } from '../domain/persona.js';
import type { BlandClient } from '../vendors/bland/client.js';
import type { PersonaWriteSuccess } from '../vendors/bland/endpoints/persona-answer.js';
import type { CreatePersonaInput, PersonaFieldsInput } from '../vendors/bland/persona-fields.js';
import type { CallContext, CallResult } from '../vendors/core/call-endpoint.js';
import type { Audit, AuditedCall } from './audited.js';
import type { IdempotentCall } from './idempotency/request-idempotency.js';
import type { StoredMember } from './idempotency/stored-members.js';
import { type MutationCallParts, mayHaveMade, mutationCall } from './mutation-call.js';

/** What {@link createPersonaWrites} needs of the request. */
export interface PersonaWritesOptions {
  bland: BlandClient;
  context: () => CallContext;
  audit: Audit;
  /** The request's persona loader: read for Bland's required name, primed with every answer. */
  personas: () => DataLoader<string, Persona, string>;
}

export interface PersonaWrites {
  createPersona(input: CreatePersonaInput): IdempotentCall<PersonaWriteSuccess>;
  updatePersona(id: string, input: PersonaFieldsInput): IdempotentCall<PersonaWriteSuccess>;
  promotePersonaDraft(id: string): IdempotentCall<PersonaWriteSuccess>;
}

/**
 * A request's persona writes, each audited. Each success holds the persona as Bland answered it,
 * which primes the persona loader: a later `persona(id)` of the same operation reads no more. The
 * idempotency store keeps only the persona's id; a replay reads the persona again.
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
  const readPersona = (id: string) =>
    personas()
      .load(id)
      .catch((error: unknown) => {
        if (error instanceof GatewayError) return error;
        throw error;
      });

  /** Bland requires `name` on PATCH: without one, the persona's current name, from one read. */
  const update = async (id: string, input: PersonaFieldsInput) => {
    const call = { id, input };
    if (input.name != null || bland.updatePersona.check(call)) return bland.updatePersona(call, context());
    const current = await readPersona(id);
    if (current instanceof GatewayError) return refusedBefore(current);
    return bland.updatePersona({ ...call, currentName: current.name }, context());
  };

  const write = (
    typename: string,
    description: AuditedCall<PersonaWriteSuccess>,
    send: MutationCallParts<PersonaWriteSuccess>['send'],
  ) =>
    mutationCall(audit, description, {
      send,
      keep: ({ persona }): StoredMember => ({ typename, fields: { personaId: persona.id } }),
      replay: async ({ fields }) => {
        const persona = await readPersona(String(fields.personaId));
        return persona instanceof GatewayError ? persona : { persona };
      },
    });

  return {
    createPersona: (input) => {
      const description: AuditedCall<PersonaWriteSuccess> = {
        vendor: 'BLAND',
        operation: 'persona.create',
        id: (outcome) => (outcome instanceof GatewayError ? '' : outcome.persona.id),
        force: null,
        createdIds: ({ persona }) => [persona.id],
      };
      return write('CreatePersonaSuccess', description, (earlier) =>
        audit(description, () =>
          earlier === 'none'
            ? primed(bland.createPersona(input, context()))
            : mayHaveMade('BLAND', 'created the persona'),
        ),
      );
    },
    updatePersona: (id, input) => {
      const description: AuditedCall<PersonaWriteSuccess> = {
        vendor: 'BLAND',
        operation: 'persona.update',
        id,
        force: null,
      };
      return write('UpdatePersonaSuccess', description, () =>
        audit(description, () => primed(update(id, input))),
      );
    },
    promotePersonaDraft: (id) => {
      const description: AuditedCall<PersonaWriteSuccess> = {
        vendor: 'BLAND',
        operation: 'persona.promoteDraft',
        id,
        force: null,
      };
      return write('PromotePersonaDraftSuccess', description, (earlier) =>
        audit(description, () =>
          earlier === 'none'
            ? primed(bland.promotePersonaDraft({ id }, context()))
            : mayHaveMade('BLAND', 'promoted the draft into a new production version'),
        ),
      );
    },
  };
}

/** A write that ends before it is sent: no attempt, no status. */
function refusedBefore(outcome: GatewayError): CallResult<never> {
  return { outcome, typename: outcome.name, status: null, attempts: 0, ambiguous: false };
}
