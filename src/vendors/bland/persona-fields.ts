import { anyValue, type InputFields, listOf, objectOf, text } from '../core/input-rules.js';

/** The gateway's own limits on a persona's fields (Bland documents none), in every input type. */
export const personaLimits = {
  name: 255,
  role: 255,
  description: 5000,
  tags: 50,
  tag: 64,
  imageUrl: 2048,
  prompt: 50_000,
  knowledgeBaseIds: 50,
  knowledgeBaseId: 128,
  pathwayConditions: 50,
} as const;

/** Bland's call settings; `maxDurationMinutes` is its `max_duration`, in minutes. */
export interface CallConfigInput {
  voice?: string | null;
  record?: boolean | null;
  language?: string | null;
  background?: string | null;
  maxDurationMinutes?: number | null;
  waitForGreeting?: boolean | null;
  interruptionThreshold?: number | null;
}

/** When a pathway takes over the call; every field is required. */
export interface PathwayConditionInput {
  name: string;
  prompt: string;
  pathwayId: string;
  pathwayVersion: string;
  startNodeId: string;
}

/**
 * A persona's fields as a create or an update gives them: a field left out is not sent; an
 * explicit null clears `role`, `description`, `imageUrl` or `orchestrationPrompt` and is refused
 * on any other field (GraphQL lets a client send null for any optional field).
 */
export interface PersonaFieldsInput {
  name?: string | null;
  role?: string | null;
  description?: string | null;
  tags?: readonly string[] | null;
  imageUrl?: string | null;
  personalityPrompt?: string | null;
  orchestrationPrompt?: string | null;
  callConfig?: CallConfigInput | null;
  knowledgeBaseIds?: readonly string[] | null;
  pathwayConditions?: readonly PathwayConditionInput[] | null;
}

/** A create's fields: Bland requires `name`. */
export type CreatePersonaInput = PersonaFieldsInput & { name: string };

const callConfigFields: InputFields = {
  voice: { wire: 'voice', rule: text(null) },
  record: { wire: 'record', rule: anyValue },
  language: { wire: 'language', rule: text(null) },
  background: { wire: 'background', rule: text(null) },
  maxDurationMinutes: { wire: 'max_duration', rule: anyValue },
  waitForGreeting: { wire: 'wait_for_greeting', rule: anyValue },
  interruptionThreshold: { wire: 'interruption_threshold', rule: anyValue },
};

const requiredText = text(null, { required: true });

const pathwayConditionFields: InputFields = {
  name: { wire: 'name', rule: requiredText },
  prompt: { wire: 'prompt', rule: requiredText },
  pathwayId: { wire: 'pathway_id', rule: requiredText },
  pathwayVersion: { wire: 'pathway_version', rule: requiredText },
  startNodeId: { wire: 'start_node_id', rule: requiredText },
};

/**
 * Every persona field once: its rule, its name in Bland's body, whether null clears it. The same
 * rules hold in CreatePersonaInput and UpdatePersonaInput; the order is the order of the checks.
 */
export const personaFields: InputFields = {
  name: { wire: 'name', rule: text(personaLimits.name, { required: true }) },
  role: { wire: 'role', rule: text(personaLimits.role), clearable: true },
  description: { wire: 'description', rule: text(personaLimits.description), clearable: true },
  tags: {
    wire: 'tags',
    rule: listOf(personaLimits.tags, text(personaLimits.tag, { required: true })),
  },
  imageUrl: { wire: 'image_url', rule: text(personaLimits.imageUrl, { url: true }), clearable: true },
  personalityPrompt: { wire: 'personality_prompt', rule: text(personaLimits.prompt) },
  orchestrationPrompt: {
    wire: 'orchestration_prompt',
    rule: text(personaLimits.prompt),
    clearable: true,
  },
  callConfig: { wire: 'call_config', rule: objectOf(callConfigFields) },
  knowledgeBaseIds: {
    wire: 'kb_ids',
    rule: listOf(personaLimits.knowledgeBaseIds, text(personaLimits.knowledgeBaseId, { required: true })),
  },
  pathwayConditions: {
    wire: 'pathway_conditions',
    rule: listOf(personaLimits.pathwayConditions, objectOf(pathwayConditionFields)),
  },
};
