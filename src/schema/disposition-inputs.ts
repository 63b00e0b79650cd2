import {
  dispositionLimits,
  type ObjectiveOptionInput as ObjectiveOptionShape,
} from '../vendors/bolna/disposition-fields.js';
import { bolnaAgentIdRule } from '../vendors/bolna/ids.js';
import { builder } from './builder.js';
import { SubjectiveTypeEnum } from './disposition.js';
import { toLimitText } from './input-text.js';

const { name, question, category, systemPrompt, model, objectiveOptions, optionLevels } = dispositionLimits;

export const ObjectiveOptionInput = builder.inputRef<ObjectiveOptionShape>('ObjectiveOptionInput');
ObjectiveOptionInput.implement({
  description: 'One answer an objective disposition may give, and when.',
  fields: (t) => ({
    value: t.string({ required: true, description: 'The answer. Must not be empty.' }),
    condition: t.string({
      required: true,
      description: 'When the call transcript gets this value. Must not be empty.',
    }),
    subOptions: t.field({
      type: [ObjectiveOptionInput],
      description: `Finer answers under this one: up to ${toLimitText(objectiveOptions)}, of the same shape.`,
    }),
  }),
});

type InputFieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

const agentIdText = `1 to 128 characters of ${bolnaAgentIdRule.description}`;

/** The fields every disposition input shares, with the same limits; each adds its own name and question. */
function dispositionInputFields(t: InputFieldBuilder, forUpdate: boolean) {
  const clears = forUpdate ? ' Null clears it.' : '';
  return {
    category: t.string({
      description: `Up to ${toLimitText(category)} characters; Bolna's default is "General".`,
    }),
    systemPrompt: t.string({
      description: `Instructions for the model that answers, up to ${toLimitText(systemPrompt)} characters.${clears}`,
    }),
    model: t.string({
      description: `The model that answers, up to ${toLimitText(model)} characters; Bolna's default is gpt-4.1-mini.`,
    }),
    isSubjective: t.boolean({
      description: forUpdate
        ? 'The answer is free-form, of subjectiveType. Setting isSubjective and isObjective both false is refused.'
        : 'The answer is free-form, of subjectiveType. At least one of isSubjective and isObjective must be true.',
    }),
    isObjective: t.boolean({
      description: 'The answer is one of objectiveOptions, which must then not be empty.',
    }),
    subjectiveType: t.field({
      type: SubjectiveTypeEnum,
      description: "What a subjective answer is; Bolna's default is TEXT. OTHER is refused as input.",
    }),
    subjectivePattern: t.string({
      description: `The pattern a REGEX answer must match: required with REGEX, never empty. It travels with subjectivePatternDescription: giving it replaces both.${forUpdate ? ' Null clears both.' : ''}`,
    }),
    subjectivePatternDescription: t.string({
      description: 'What subjectivePattern means; given only beside subjectivePattern.',
    }),
    objectiveOptions: t.field({
      type: [ObjectiveOptionInput],
      description: `The answers an objective disposition may give: up to ${toLimitText(objectiveOptions)} per level, at most ${optionLevels} levels deep with their sub-options. Replaces every option.`,
    }),
  };
}

const nameDescription = `1 to ${toLimitText(name)} characters.`;
const questionDescription = `The question asked of every call transcript: 1 to ${toLimitText(question)} characters.`;

export const DispositionInput = builder.inputType('DispositionInput', {
  description:
    "One disposition of a bulk create. The limits are the gateway's own and hold in every input type.",
  fields: (t) => ({
    name: t.string({ required: true, description: nameDescription }),
    question: t.string({ required: true, description: questionDescription }),
    ...dispositionInputFields(t, false),
  }),
});

export const CreateDispositionInput = builder.inputType('CreateDispositionInput', {
  description:
    "A new disposition. The limits are the gateway's own and hold in every input type; a field left out takes Bolna's default.",
  fields: (t) => ({
    agentId: t.id({ description: `The agent to link it to: ${agentIdText}.` }),
    name: t.string({ required: true, description: nameDescription }),
    question: t.string({ required: true, description: questionDescription }),
    ...dispositionInputFields(t, false),
  }),
});

export const UpdateDispositionInput = builder.inputType('UpdateDispositionInput', {
  description:
    'Every field optional: only the fields given are sent. An explicit null clears systemPrompt, or subjectivePattern together with its description; null on any other field is InvalidInputError.',
  fields: (t) => ({
    agentId: t.id({
      description: `An agent the disposition runs on (${agentIdText}). When the disposition is shared, Bolna leaves it to its other agents and answers a copy with the edit, linked to this one (copied: true).`,
    }),
    name: t.string({ description: nameDescription }),
    question: t.string({ description: questionDescription }),
    ...dispositionInputFields(t, true),
  }),
});
