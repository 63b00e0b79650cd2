/**
 * The vendors' bodies as they send them (VENDORS.md), and the payloads the gateway makes of them:
 * one place for every test that needs a persona, a disposition or an envelope.
 */

/** Bland's `{ data, errors: null }` around a success. */
export function blandData(data: unknown): { data: unknown; errors: null } {
  return { data, errors: null };
}

/** Bland's `{ data: null, errors: [{ error, message, details }] }`. */
export function blandError(error: string, message: string, details?: Record<string, unknown>) {
  return { data: null, errors: [{ error, message, ...(details ? { details } : {}) }] };
}

/** Bland's answer for a persona that does not exist. */
export function blandNotFound(personaId: string) {
  return blandError('PERSONA_NOT_FOUND', 'Persona not found', { persona_id: personaId });
}

/** Bland's delete success, verbatim. */
export const blandDeleteSuccess = blandData({ success: true, message: 'Persona deleted successfully' });

/** A Bland persona version object as the get and list examples show it. */
export function blandVersionWire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'version-1',
    persona_id: 'persona-1',
    version_type: 'production',
    version_number: 1,
    orchestration_prompt: null,
    personality_prompt: 'You are a helpful assistant',
    pathway_conditions: null,
    kb_ids: [],
    call_config: null,
    default_tools: [],
    promoted_from_version_id: null,
    promoted_at: '2025-09-23T15:13:36.368Z',
    promoted_by: null,
    created_at: '2025-09-23T15:13:36.369Z',
    updated_at: '2025-09-23T15:13:36.369Z',
    ...overrides,
  };
}

/** A Bland persona object as the get and list examples show it, with one number and both versions. */
export function blandPersonaWire(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    name: 'Blandie',
    role: null,
    description: null,
    tags: [],
    image_url: null,
    created_at: '2025-09-23T15:13:36.348Z',
    updated_at: '2025-09-23T15:13:36.412Z',
    deleted_at: null,
    user_id: 'user-1',
    current_production_version_id: 'version-1',
    current_draft_version_id: 'version-2',
    inbound_numbers: [
      { phone_number: '+15551234567', label: 'Main line', persona_id: id, persona_settings: null },
    ],
    current_production_version: blandVersionWire({ persona_id: id }),
    current_draft_version: blandVersionWire({
      id: 'version-2',
      persona_id: id,
      version_type: 'draft',
      version_number: 2,
      promoted_at: null,
    }),
    ...overrides,
  };
}

/** What the gateway makes of {@link blandPersonaWire} (every field of `Persona`, as GraphQL answers it). */
export function personaPayload(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const version = {
    id: 'version-1',
    versionNumber: 1,
    type: 'PRODUCTION',
    personalityPrompt: 'You are a helpful assistant',
    orchestrationPrompt: null,
    knowledgeBaseIds: [],
    createdAt: '2025-09-23T15:13:36.369Z',
    promotedAt: '2025-09-23T15:13:36.368Z',
  };
  return {
    __typename: 'Persona',
    id,
    name: 'Blandie',
    role: null,
    description: null,
    tags: [],
    imageUrl: null,
    createdAt: '2025-09-23T15:13:36.348Z',
    updatedAt: '2025-09-23T15:13:36.412Z',
    inboundNumbers: [{ phoneNumber: '+15551234567', label: 'Main line' }],
    productionVersion: version,
    draftVersion: { ...version, id: 'version-2', versionNumber: 2, type: 'DRAFT', promotedAt: null },
    ...overrides,
  };
}

/** Every field of `Persona`, for a selection. */
export const personaFields = `
  id name role description tags imageUrl createdAt updatedAt
  inboundNumbers { phoneNumber label }
  productionVersion { id versionNumber type personalityPrompt orchestrationPrompt knowledgeBaseIds createdAt promotedAt }
  draftVersion { id versionNumber type personalityPrompt orchestrationPrompt knowledgeBaseIds createdAt promotedAt }
`;

/** A Bolna disposition object exactly as its get page shows it. */
export function bolnaDispositionWire(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    name: 'Call Outcome',
    question: 'What was the outcome of the call?',
    system_prompt: 'You are analyzing a sales call transcript.',
    category: 'Lead Quality',
    model: 'gpt-4.1-mini',
    is_subjective: true,
    is_objective: true,
    subjective_type: 'text',
    subjective_type_config: { pattern: '^\\d{10}$', description: '10-digit phone number' },
    objective_options: [
      {
        value: 'interested',
        condition: 'Customer expressed genuine interest and agreed to a next step',
        sub_options: [],
      },
    ],
    agent_ids: ['agt_abc123'],
    created_by: 'user_abc123',
    created_at: '2026-03-01T10:00:00Z',
    updated_at: '2026-03-15T14:30:00Z',
    category_id: 'cat-1',
    ...overrides,
  };
}

/** What the gateway makes of {@link bolnaDispositionWire}. */
export function dispositionPayload(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    __typename: 'Disposition',
    id,
    name: 'Call Outcome',
    question: 'What was the outcome of the call?',
    category: 'Lead Quality',
    systemPrompt: 'You are analyzing a sales call transcript.',
    model: 'gpt-4.1-mini',
    isSubjective: true,
    isObjective: true,
    subjectiveType: 'TEXT',
    subjectivePattern: '^\\d{10}$',
    subjectivePatternDescription: '10-digit phone number',
    objectiveOptions: [
      {
        value: 'interested',
        condition: 'Customer expressed genuine interest and agreed to a next step',
        subOptions: [],
      },
    ],
    agentIds: ['agt_abc123'],
    createdBy: 'user_abc123',
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-15T14:30:00.000Z',
    ...overrides,
  };
}

/** Every field of `Disposition`, for a selection (options three levels deep). */
export const dispositionFields = `
  id name question category systemPrompt model isSubjective isObjective subjectiveType
  subjectivePattern subjectivePatternDescription
  objectiveOptions { value condition subOptions { value condition subOptions { value condition } } }
  agentIds createdBy createdAt updatedAt
`;

/** Every field of every `Error` member the result unions share. */
export const errorFields = `
  ... on Error { message vendor vendorCode retryable }
  ... on InvalidInputError { field }
  ... on RateLimitedError { retryAfterSeconds }
  ... on UpstreamError { reason status }
`;
