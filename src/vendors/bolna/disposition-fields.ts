import type { SubjectiveType } from '../../domain/disposition.js';
import { InvalidInputError } from '../../domain/errors.js';
import {
  anyValue,
  findInputProblem,
  type InputField,
  type ListRule,
  objectOf,
  text,
} from '../core/input-rules.js';
import { maxOptionDepth } from './disposition.js';

/** The gateway's own limits on a disposition's fields (Bolna documents none), in every input type. */
export const dispositionLimits = {
  name: 255,
  question: 2000,
  category: 255,
  systemPrompt: 50_000,
  model: 100,
  /** Objective options per level. */
  objectiveOptions: 50,
  /**
   * Levels of objective options, sub-options included: one fewer than the gateway reads back,
   * because Bolna answers an empty `sub_options` under the deepest level.
   */
  optionLevels: maxOptionDepth - 1,
  /** Inputs of one bulk create. */
  bulkInputs: 100,
} as const;

/** One answer an objective disposition may give, and when; sub-options have the same shape. */
export interface ObjectiveOptionInput {
  value: string;
  condition: string;
  subOptions?: readonly ObjectiveOptionInput[] | null;
}

/**
 * A disposition's fields as a create or an update gives them: a field left out is not sent; an
 * explicit null clears `systemPrompt`, or `subjectivePattern` together with its description,
 * and is refused on any other field.
 */
export interface DispositionFieldsInput {
  name?: string | null;
  question?: string | null;
  category?: string | null;
  systemPrompt?: string | null;
  model?: string | null;
  isSubjective?: boolean | null;
  isObjective?: boolean | null;
  /** `OTHER` is refused. */
  subjectiveType?: SubjectiveType | null;
  subjectivePattern?: string | null;
  subjectivePatternDescription?: string | null;
  objectiveOptions?: readonly ObjectiveOptionInput[] | null;
}

/** One disposition of a bulk create: Bolna requires `name` and `question`. */
export type DispositionInput = DispositionFieldsInput & { name: string; question: string };

/** A create: a disposition, linked to `agentId` when given. */
export type CreateDispositionInput = DispositionInput & { agentId?: string | null };

/** An update's changes; with `agentId`, Bolna may answer with a copy linked to that agent. */
export type UpdateDispositionChanges = DispositionFieldsInput & { agentId?: string | null };

const requiredText = text(null, { required: true });
const optionFields: Record<string, InputField> = {
  value: { wire: 'value', rule: requiredText },
  condition: { wire: 'condition', rule: requiredText },
};
const objectiveOptions: ListRule = {
  kind: 'list',
  minItems: 0,
  maxItems: dispositionLimits.objectiveOptions,
  maxDepth: dispositionLimits.optionLevels,
  item: objectOf(optionFields),
};
// Sub-options are options: the same rule, nested.
optionFields.subOptions = { wire: 'sub_options', rule: objectiveOptions };

/**
 * Every disposition field once: its rule, its name in Bolna's body, whether null clears it. The
 * same rules hold in CreateDispositionInput, UpdateDispositionInput and DispositionInput; the
 * order is the order of the checks. The pattern and its description have no wire name: they
 * travel together in `subjective_type_config`.
 */
export const dispositionFields: Readonly<Record<string, InputField>> = {
  agentId: { wire: 'agent_id', rule: anyValue },
  name: { wire: 'name', rule: text(dispositionLimits.name, { required: true }) },
  question: { wire: 'question', rule: text(dispositionLimits.question, { required: true }) },
  category: { wire: 'category', rule: text(dispositionLimits.category) },
  systemPrompt: { wire: 'system_prompt', rule: text(dispositionLimits.systemPrompt), clearable: true },
  model: { wire: 'model', rule: text(dispositionLimits.model) },
  isSubjective: { wire: 'is_subjective', rule: anyValue },
  isObjective: { wire: 'is_objective', rule: anyValue },
  subjectiveType: {
    wire: 'subjective_type',
    rule: { kind: 'enum', refused: ['OTHER'] },
    toWire: (value) => String(value).toLowerCase(),
  },
  subjectivePattern: { rule: requiredText, clearable: true },
  // Null is judged with the pattern (findDispositionProblem): it may go only where the pattern goes.
  subjectivePatternDescription: { rule: text(null), clearable: true },
  objectiveOptions: { wire: 'objective_options', rule: objectiveOptions },
};

/**
 * Why a create's (or one bulk input's) or an update's fields may not be sent, as an
 * InvalidInputError on the input path under `path`: the field rules, then Bolna's own three
 * (one of isSubjective/isObjective, options when objective, a pattern for REGEX), which an
 * update can break only with its own fields: what it leaves out may already be set.
 */
export function findDispositionProblem(
  input: UpdateDispositionChanges,
  path: string,
  kind: 'create' | 'update',
): InvalidInputError | null {
  const invalid = (field: string, message: string) =>
    new InvalidInputError(`${path}.${field} ${message}`, 'BOLNA', null, `${path}.${field}`);
  const { agentId: _agentId, ...changes } = input;
  if (kind === 'update' && Object.values(changes).every((value) => value === undefined)) {
    return new InvalidInputError('Give at least one field to change.', 'BOLNA', null, path);
  }
  const problem = findInputProblem(input, dispositionFields, path, 'BOLNA');
  if (problem) return problem;
  if (input.subjectivePatternDescription !== undefined && input.subjectivePattern === undefined) {
    return invalid(
      'subjectivePatternDescription',
      'needs subjectivePattern beside it: Bolna keeps the two together and replaces them as one.',
    );
  }
  const creating = kind === 'create';
  const neither = creating
    ? !input.isSubjective && !input.isObjective
    : input.isSubjective === false && input.isObjective === false;
  if (neither) return invalid('isSubjective', 'or isObjective must be true: Bolna needs at least one.');
  const noOptions = creating
    ? (input.objectiveOptions ?? []).length === 0
    : input.objectiveOptions?.length === 0;
  if (input.isObjective === true && noOptions) {
    return invalid('objectiveOptions', 'must not be empty when isObjective is true.');
  }
  const noPattern = creating ? !input.subjectivePattern : input.subjectivePattern === null;
  if (input.subjectiveType === 'REGEX' && noPattern) {
    return invalid('subjectivePattern', 'is required when subjectiveType is REGEX.');
  }
  return null;
}
