import type { Endpoint } from '../../core/endpoint.js';
import { findInputProblem } from '../../core/input-rules.js';
import { toBlandOutcome } from '../envelope.js';
import { toPersona } from '../persona.js';
import { toPersonaBody, toPersonaInputField } from '../persona-body.js';
import { type CreatePersonaInput, personaFields } from '../persona-fields.js';
import type { PersonaWriteSuccess } from './persona-answer.js';

/**
 * `POST /v1/personas`: a persona with production version 1 and draft version 2. Sending it twice
 * makes two personas. Success only on proof: a persona object with an id (its numbers absent).
 */
export const createPersonaEndpoint: Endpoint<CreatePersonaInput, PersonaWriteSuccess> = {
  vendor: 'BLAND',
  name: 'persona.create',
  method: 'POST',
  pathTemplate: '/v1/personas',
  body: toPersonaBody,
  ids: () => [],
  validate: (input) => findInputProblem(input, personaFields, 'input', 'BLAND'),
  effect: 'create',
  unknownOutcome: 'the persona may have been created',
  successTypename: 'CreatePersonaSuccess',
  normalize: (answer) =>
    toBlandOutcome(answer, {
      success: (data) => {
        const persona = toPersona(data);
        return persona && !persona.deletedAt ? { persona } : null;
      },
      invalidField: (named, error) => toPersonaInputField(named, error.message),
      forbidden: 'Bland does not allow this API key to create personas.',
    }),
};
