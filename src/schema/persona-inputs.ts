import { personaLimits } from '../vendors/bland/persona-fields.js';
import { builder } from './builder.js';
import { toLimitText } from './input-text.js';

const { name, role, description, tags, tag, imageUrl, prompt, knowledgeBaseIds, knowledgeBaseId } =
  personaLimits;

export const CallConfigInput = builder.inputType('CallConfigInput', {
  description:
    "How the persona's calls run. On an update it replaces the draft's call settings as a whole: give every setting to keep.",
  fields: (t) => ({
    voice: t.string({ description: 'The voice the persona speaks with, as Bland names it.' }),
    record: t.boolean({ description: 'Record the calls.' }),
    language: t.string({ description: 'The language of the calls, e.g. en-US.' }),
    background: t.string({ description: 'Background audio under the calls.' }),
    maxDurationMinutes: t.float({ description: 'The longest a call may last, in minutes.' }),
    waitForGreeting: t.boolean({ description: 'Let the other side speak first.' }),
    interruptionThreshold: t.int({
      description: "How readily the persona stops talking when interrupted, on Bland's scale.",
    }),
  }),
});

export const PathwayConditionInput = builder.inputType('PathwayConditionInput', {
  description: 'When a conversational pathway takes over the call. Every field must be non-empty.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the condition is called.' }),
    prompt: t.string({ required: true, description: 'When the pathway takes over, in words.' }),
    pathwayId: t.id({ required: true, description: 'The pathway that takes over.' }),
    pathwayVersion: t.string({ required: true, description: 'The version of that pathway.' }),
    startNodeId: t.id({ required: true, description: 'The node of the pathway the call starts at.' }),
  }),
});

type InputFieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

const nameDescription = `1 to ${toLimitText(name)} characters.`;

/** The fields both persona inputs share, with the same limits; each adds its own `name`. */
function personaInputFields(t: InputFieldBuilder, forUpdate: boolean) {
  const clears = (what: string) => (forUpdate ? ` Null clears ${what}.` : '');
  const onDraft = forUpdate ? ' Lands on the draft.' : ' Set on production version 1 and draft version 2.';
  return {
    role: t.string({
      description: `What the persona does, up to ${toLimitText(role)} characters.${clears('it')}`,
    }),
    description: t.string({ description: `Up to ${toLimitText(description)} characters.${clears('it')}` }),
    tags: t.stringList({
      description: `Up to ${toLimitText(tags)} tags, each 1 to ${toLimitText(tag)} characters. Replaces every tag.`,
    }),
    imageUrl: t.string({
      description: `An absolute http or https URL, up to ${toLimitText(imageUrl)} characters.${clears('it')}`,
    }),
    personalityPrompt: t.string({
      description: `Who the persona is, up to ${toLimitText(prompt)} characters.${onDraft}`,
    }),
    orchestrationPrompt: t.string({
      description: `How the persona runs a call, up to ${toLimitText(prompt)} characters.${onDraft}${clears('it')}`,
    }),
    callConfig: t.field({ type: CallConfigInput, description: `Call settings.${onDraft}` }),
    knowledgeBaseIds: t.idList({
      description: `Knowledge bases the persona may draw on: up to ${toLimitText(knowledgeBaseIds)} ids, each 1 to ${toLimitText(knowledgeBaseId)} characters.${onDraft}`,
    }),
    pathwayConditions: t.field({
      type: [PathwayConditionInput],
      description: `Up to ${toLimitText(personaLimits.pathwayConditions)} conditions.${onDraft}`,
    }),
  };
}

export const CreatePersonaInput = builder.inputType('CreatePersonaInput', {
  description:
    "A new persona. The limits are the gateway's own and hold in every input type; a field left out takes Bland's default.",
  fields: (t) => ({
    name: t.string({ required: true, description: nameDescription }),
    ...personaInputFields(t, false),
  }),
});

export const UpdatePersonaInput = builder.inputType('UpdatePersonaInput', {
  description:
    'Every field optional: only the fields given are sent. An explicit null clears role, description, imageUrl or orchestrationPrompt; null on any other field is InvalidInputError. Without name, the gateway reads the persona and sends its current name, which Bland requires.',
  fields: (t) => ({ name: t.string({ description: nameDescription }), ...personaInputFields(t, true) }),
});
