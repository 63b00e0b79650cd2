import type { Persona } from '../../../domain/persona.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toBlandOutcome } from '../envelope.js';
import { blandIdRule } from '../ids.js';
import { toPersona } from '../persona.js';
import { toPersonaNotFound } from './delete-persona.js';

export interface GetPersonaInput {
  id: string;
}

/** `GET /v1/personas/{persona_id}`: one persona with its numbers and versions. A persona whose `deleted_at` is set is not found. */
export const getPersonaEndpoint: Endpoint<GetPersonaInput, Persona> = {
  vendor: 'BLAND',
  name: 'persona.get',
  method: 'GET',
  pathTemplate: '/v1/personas/{persona_id}',
  params: ({ id }) => ({ persona_id: id }),
  ids: ({ id }) => [{ field: 'id', value: id, rule: blandIdRule }],
  effect: 'read',
  successTypename: 'Persona',
  normalize: (answer, { id }) =>
    toBlandOutcome(answer, {
      success: (data, status) => {
        const persona = toPersona(data);
        if (!persona?.deletedAt) return persona;
        return toPersonaNotFound(
          { message: 'Persona not found: Bland marks it deleted.', vendorCode: String(status) },
          id,
        );
      },
      notFound: (error) => toPersonaNotFound(error, id),
      forbidden: 'Bland does not allow this API key to read the persona.',
    }),
};
