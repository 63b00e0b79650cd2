import type { Endpoint } from '../../core/endpoint.js';
import { toDispositionBody, toDispositionInputField } from '../disposition-body.js';
import { findDispositionProblem, type UpdateDispositionChanges } from '../disposition-fields.js';
import { toBolnaOutcome } from '../envelope.js';
import { bolnaAgentIdRule, bolnaIdRule } from '../ids.js';
import { isSameId, readWriteResult } from '../write-answer.js';
import { toDispositionNotFound } from './delete-disposition.js';

export interface UpdateDispositionInput {
  id: string;
  /** Only the fields given are sent. */
  input: UpdateDispositionChanges;
}

/** An update Bolna proved: in place, or a copy that holds the edit. */
export interface UpdateDispositionSuccess {
  /** The disposition that now holds the edit: the copy's new id when `copied`. */
  dispositionId: string;
  copied: boolean;
  /** The id that was asked to be updated. */
  originalId: string;
  message: string;
}

const hasAgent = ({ input }: UpdateDispositionInput) => typeof input.agentId === 'string';

/**
 * `PUT /dispositions/{disposition_id}`: 200 `{ message, id }` when edited in place; 201 with a new
 * id when the disposition is shared and `agent_id` was given (a copy, linked to that agent, holds
 * the edit). So with an agent, sending it twice can make two copies.
 */
export const updateDispositionEndpoint: Endpoint<UpdateDispositionInput, UpdateDispositionSuccess> = {
  vendor: 'BOLNA',
  name: 'disposition.update',
  method: 'PUT',
  pathTemplate: '/dispositions/{disposition_id}',
  params: ({ id }) => ({ disposition_id: id }),
  body: ({ input }) => toDispositionBody(input),
  ids: ({ id, input }) => [
    { field: 'id', value: id, rule: bolnaIdRule },
    ...(typeof input.agentId === 'string'
      ? [{ field: 'input.agentId', value: input.agentId, rule: bolnaAgentIdRule }]
      : []),
  ],
  validate: ({ input }) => findDispositionProblem(input, 'input', 'update'),
  effect: (call) => (hasAgent(call) ? 'create' : 'write'),
  unknownOutcome: (call) =>
    hasAgent(call)
      ? 'the update may have made a copy of the disposition'
      : 'the update may or may not have happened',
  successTypename: 'UpdateDispositionSuccess',
  normalize: (answer, { id }) =>
    toBolnaOutcome(answer, {
      success: (body, status) => {
        const result = readWriteResult(body);
        if (!result) return null;
        const copied = status === 201;
        // In place the id is the one asked for; a copy's is new. Anything else proves nothing.
        if (copied === isSameId(result.id, id)) return null;
        return { dispositionId: result.id, copied, originalId: id, message: result.message };
      },
      notFound: (error) => toDispositionNotFound(error, id),
      invalidField: (location) => toDispositionInputField(location),
      forbidden: 'Bolna allows only the owner of a disposition, or an admin, to update it.',
    }),
};
