import type { Endpoint } from '../../core/endpoint.js';
import { anyValue, findInputProblem, listOf } from '../../core/input-rules.js';
import { toBulkBody, toBulkInputField } from '../disposition-body.js';
import { type DispositionInput, dispositionLimits, findDispositionProblem } from '../disposition-fields.js';
import { toBolnaOutcome } from '../envelope.js';
import { bolnaAgentIdRule } from '../ids.js';
import { readBulkResult } from '../write-answer.js';

export interface CreateDispositionsInput {
  agentId: string;
  inputs: readonly DispositionInput[];
}

/** Dispositions Bolna proved created, all of them. */
export interface CreateDispositionsSuccess {
  /** In input order. */
  dispositionIds: readonly string[];
  message: string;
}

const bulkArguments = { inputs: { rule: listOf(dispositionLimits.bulkInputs, anyValue, 1) } };

/**
 * `POST /dispositions/bulk` `{ agent_id, dispositions }`: all or nothing, each linked to the
 * agent; 201 `{ message, ids }` in input order. Sending it twice makes every one twice.
 */
export const createDispositionsEndpoint: Endpoint<CreateDispositionsInput, CreateDispositionsSuccess> = {
  vendor: 'BOLNA',
  name: 'disposition.createBulk',
  method: 'POST',
  pathTemplate: '/dispositions/bulk',
  body: ({ agentId, inputs }) => toBulkBody(agentId, inputs),
  ids: ({ agentId }) => [{ field: 'agentId', value: agentId, rule: bolnaAgentIdRule }],
  validate: ({ inputs }) => {
    const count = findInputProblem({ inputs }, bulkArguments, '', 'BOLNA');
    if (count) return count;
    for (const [index, input] of inputs.entries()) {
      const problem = findDispositionProblem(input, `inputs.${index}`, 'create');
      if (problem) return problem;
    }
    return null;
  },
  effect: 'create',
  unknownOutcome: 'the dispositions may have been created',
  successTypename: 'CreateDispositionsSuccess',
  normalize: (answer, { inputs }) =>
    toBolnaOutcome(answer, {
      success: (body) => {
        const created = readBulkResult(body, inputs.length);
        return created && { dispositionIds: created.ids, message: created.message };
      },
      invalidField: toBulkInputField,
      forbidden: 'Bolna does not allow this API key to create dispositions for that agent.',
    }),
};
