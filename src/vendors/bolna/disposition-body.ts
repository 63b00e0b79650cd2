import { toInputPath, toWireFields } from '../core/input-rules.js';
import {
  type DispositionInput,
  dispositionFields,
  type UpdateDispositionChanges,
} from './disposition-fields.js';

/**
 * A create's or an update's body: only the fields given, under Bolna's names. The pattern and its
 * description travel together as `subjective_type_config`, which a null pattern clears.
 */
export function toDispositionBody(input: UpdateDispositionChanges): Record<string, unknown> {
  const body = toWireFields(input, dispositionFields);
  const { subjectivePattern: pattern, subjectivePatternDescription: description } = input;
  if (pattern === null) body.subjective_type_config = null;
  else if (pattern !== undefined) {
    body.subjective_type_config = description === undefined ? { pattern } : { pattern, description };
  }
  return body;
}

/** A bulk create's body: `{ agent_id, dispositions }`, each disposition as a create's body. */
export function toBulkBody(agentId: string, inputs: readonly DispositionInput[]): Record<string, unknown> {
  return { agent_id: agentId, dispositions: inputs.map(toDispositionBody) };
}

/**
 * The input path of a field Bolna refused, from FastAPI's `loc` without its leading `body`
 * (`["objective_options", 0, "value"]` → `input.objectiveOptions.0.value`); the path's
 * `disposition_id` is the `id` argument; no location is the whole input.
 */
export function toDispositionInputField(
  location: readonly (string | number)[] | null,
  path = 'input',
): string {
  const [first, second] = location ?? [];
  if (first === 'disposition_id') return 'id';
  if (first === 'subjective_type_config') {
    return `${path}.${second === 'description' ? 'subjectivePatternDescription' : 'subjectivePattern'}`;
  }
  return toInputPath(location ?? [], dispositionFields, path);
}

/**
 * The same for a bulk create, whose inputs stand under `dispositions`: `["dispositions", 2,
 * "question"]` → `inputs.2.question`; `agent_id` is the `agentId` argument.
 */
export function toBulkInputField(location: readonly (string | number)[] | null): string {
  const [first, index, ...rest] = location ?? [];
  if (first === 'agent_id') return 'agentId';
  if (first !== 'dispositions' || typeof index !== 'number') return 'inputs';
  return toDispositionInputField(rest, `inputs.${index}`);
}
