import { InvalidInputError } from '../../../domain/errors.js';
import type { Endpoint } from '../../core/endpoint.js';
import { findInputProblem } from '../../core/input-rules.js';
import { blandIdRule } from '../ids.js';
import { toPersonaBody, toPersonaInputField } from '../persona-body.js';
import { type PersonaFieldsInput, personaFields } from '../persona-fields.js';
import { type PersonaWriteSuccess, toPersonaWriteOutcome } from './persona-answer.js';

export interface UpdatePersonaInput {
  id: string;
  /** Only the fields given are sent. */
  input: PersonaFieldsInput;
  /** Bland requires `name` on PATCH: the persona's current name, sent when `input` gives none. */
  currentName?: string | undefined;
}

/**
 * `PATCH /v1/personas/{persona_id}`: persona fields change at once, version fields land on the
 * draft. Sending it twice changes nothing more.
 */
export const updatePersonaEndpoint: Endpoint<UpdatePersonaInput, PersonaWriteSuccess> = {
  vendor: 'BLAND',
  name: 'persona.update',
  method: 'PATCH',
  pathTemplate: '/v1/personas/{persona_id}',
  params: ({ id }) => ({ persona_id: id }),
  body: ({ input, currentName }) => toPersonaBody({ ...input, name: input.name ?? currentName }),
  ids: ({ id }) => [{ field: 'id', value: id, rule: blandIdRule }],
  validate: ({ input }) =>
    Object.values(input).every((value) => value === undefined)
      ? new InvalidInputError('Give at least one field to change.', 'BLAND', null, 'input')
      : findInputProblem(input, personaFields, 'input', 'BLAND'),
  effect: 'write',
  unknownOutcome: 'the update may or may not have happened',
  successTypename: 'UpdatePersonaSuccess',
  normalize: (answer, { id }) =>
    toPersonaWriteOutcome(answer, id, {
      invalidField: (named, error) => toPersonaInputField(named, error.message),
      forbidden: 'Bland does not allow this API key to update the persona.',
    }),
};
