import { type Disposition, type ObjectiveOption, subjectiveTypes } from '../../domain/disposition.js';
import { asRecord } from '../core/answer.js';
import { toDate, toEnumValue, toFlag, toText, toTextList } from '../core/wire-values.js';
import type { BolnaDispositionWire, BolnaObjectiveOptionWire, BolnaSubjectiveConfigWire } from './wire.js';

/** How deep `sub_options` may nest before an answer is refused (Bolna documents no limit; JSON can). */
export const maxOptionDepth = 16;

/**
 * Bolna's disposition object as the domain's Disposition. Null when it breaks what the gateway
 * promises non-null (id, name, question, category, model, creator, both timestamps) or holds a
 * value that does not read: the answer is then BAD_RESPONSE, never a null in a non-null field.
 * Bolna's documented defaults fill what it may leave out: not subjective, not objective, type
 * `text`, no options, no agents. An unknown `subjective_type` reads as OTHER.
 */
export function toDisposition(value: unknown): Disposition | null {
  const wire = asRecord(value) as BolnaDispositionWire | null;
  if (!wire) return null;
  const id = toText(wire.id);
  const name = toText(wire.name);
  const question = toText(wire.question);
  const category = toText(wire.category);
  const model = toText(wire.model);
  const createdBy = toText(wire.created_by);
  const createdAt = toDate(wire.created_at);
  const updatedAt = toDate(wire.updated_at);
  const agentIds = toTextList(wire.agent_ids);
  const objectiveOptions = toObjectiveOptions(wire.objective_options, 0);
  const config = wire.subjective_type_config == null ? {} : asRecord(wire.subjective_type_config);
  const isSubjective = wire.is_subjective == null ? false : toFlag(wire.is_subjective);
  const isObjective = wire.is_objective == null ? false : toFlag(wire.is_objective);
  if (
    !id ||
    name === null ||
    question === null ||
    category === null ||
    model === null ||
    createdBy === null ||
    !createdAt ||
    !updatedAt ||
    !agentIds ||
    !objectiveOptions ||
    !config ||
    isSubjective === null ||
    isObjective === null
  ) {
    return null;
  }
  const { pattern, description } = config as BolnaSubjectiveConfigWire;
  return {
    id,
    name,
    question,
    category,
    systemPrompt: toText(wire.system_prompt),
    model,
    isSubjective,
    isObjective,
    subjectiveType:
      wire.subjective_type == null ? 'TEXT' : toEnumValue(wire.subjective_type, subjectiveTypes, 'OTHER'),
    subjectivePattern: toText(pattern),
    subjectivePatternDescription: toText(description),
    objectiveOptions,
    agentIds,
    createdBy,
    createdAt,
    updatedAt,
  };
}

/** A list of disposition objects; null when it is not a list or any item does not read. */
export function toDispositions(value: unknown): Disposition[] | null {
  if (!Array.isArray(value)) return null;
  const dispositions = value.map(toDisposition);
  return dispositions.every((disposition) => disposition !== null) ? (dispositions as Disposition[]) : null;
}

function toObjectiveOptions(value: unknown, depth: number): ObjectiveOption[] | null {
  if (value == null) return [];
  if (!Array.isArray(value) || depth >= maxOptionDepth) return null;
  const options: ObjectiveOption[] = [];
  for (const item of value) {
    const wire = asRecord(item) as BolnaObjectiveOptionWire | null;
    const optionValue = toText(wire?.value);
    const condition = toText(wire?.condition);
    const subOptions = toObjectiveOptions(wire?.sub_options, depth + 1);
    if (optionValue === null || condition === null || !subOptions) return null;
    options.push({ value: optionValue, condition, subOptions });
  }
  return options;
}
