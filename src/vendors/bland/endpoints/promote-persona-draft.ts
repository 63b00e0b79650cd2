import { NoDraftVersionError } from '../../../domain/errors.js';
import type { Endpoint } from '../../core/endpoint.js';
import { blandIdRule } from '../ids.js';
import { type PersonaWriteSuccess, toPersonaWriteOutcome } from './persona-answer.js';

export interface PromotePersonaDraftInput {
  id: string;
}

/**
 * `POST /v1/personas/{persona_id}/versions/promote`, no body: the draft becomes a new production
 * version and the draft is kept, so sending it twice makes two versions.
 */
export const promotePersonaDraftEndpoint: Endpoint<PromotePersonaDraftInput, PersonaWriteSuccess> = {
  vendor: 'BLAND',
  name: 'persona.promoteDraft',
  method: 'POST',
  pathTemplate: '/v1/personas/{persona_id}/versions/promote',
  params: ({ id }) => ({ persona_id: id }),
  ids: ({ id }) => [{ field: 'id', value: id, rule: blandIdRule }],
  effect: 'create',
  unknownOutcome: 'a new production version may have been made',
  successTypename: 'PromotePersonaDraftSuccess',
  normalize: (answer, { id }) =>
    toPersonaWriteOutcome(answer, id, {
      codes: {
        NO_DRAFT_VERSION: (error) =>
          new NoDraftVersionError(
            error.message ?? 'The persona has no draft to promote.',
            error.vendorCode,
            id,
          ),
      },
      forbidden: 'Bland does not allow this API key to promote the persona.',
    }),
};
