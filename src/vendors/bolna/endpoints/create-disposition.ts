import type { Endpoint } from '../../core/endpoint.js';
import { toDispositionBody, toDispositionInputField } from '../disposition-body.js';
import { type CreateDispositionInput, findDispositionProblem } from '../disposition-fields.js';
import { toBolnaOutcome } from '../envelope.js';
import { bolnaAgentIdRule } from '../ids.js';
import { readWriteResult } from '../write-answer.js';

/** A disposition Bolna proved created: it answers the new id only. */
export interface CreateDispositionSuccess {
  dispositionId: string;
  message: string;
}

/**
 * `POST /dispositions/` (the trailing slash is Bolna's): 201 `{ message, id }`. Sending it twice
 * makes two dispositions. The new one can answer 404 for a few seconds.
 */
export const createDispositionEndpoint: Endpoint<CreateDispositionInput, CreateDispositionSuccess> = {
  vendor: 'BOLNA',
  name: 'disposition.create',
  method: 'POST',
  pathTemplate: '/dispositions/',
  body: toDispositionBody,
  ids: ({ agentId }) =>
    typeof agentId === 'string' ? [{ field: 'input.agentId', value: agentId, rule: bolnaAgentIdRule }] : [],
  validate: (input) => findDispositionProblem(input, 'input', 'create'),
  effect: 'create',
  unknownOutcome: 'the disposition may have been created',
  successTypename: 'CreateDispositionSuccess',
  normalize: (answer) =>
    toBolnaOutcome(answer, {
      success: (body) => {
        const created = readWriteResult(body);
        return created && { dispositionId: created.id, message: created.message };
      },
      invalidField: (location) => toDispositionInputField(location),
      forbidden: 'Bolna does not allow this API key to create dispositions for that agent.',
    }),
};
