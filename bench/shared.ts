/**
 * What the orchestrator and the fake vendor agree on: the keys, the two operations every target
 * receives (the delete and the read), and the vendor's answers. The floors read only their environment, so that each
 * stays a file one can read as the whole server.
 */

export const blandApiKey = 'bench-bland-key';
export const bolnaApiKey = 'bench-bolna-key';
/** One of the gateway's GATEWAY_TOKENS; sent to every target (the floors ignore it). */
export const gatewayToken = 'bench-token-0123456789abcdef';

export const personaId = 'bench-persona-1';

/** Bland's success envelope, byte for byte as the fake vendor sends it. */
export const blandSuccessMessage = 'Persona deleted successfully';
export const blandSuccessBody = JSON.stringify({
  data: { success: true, message: blandSuccessMessage },
  errors: null,
});

/**
 * The operation every target receives. Valid against the gateway's schema and the bare-Yoga
 * floor's, whose `deletePersona` returns the `DeletePersonaSuccess` object directly.
 */
export const deletePersonaQuery =
  'mutation DeletePersona($id: ID!) { deletePersona(id: $id) { __typename ... on DeletePersonaSuccess { personaId message } } }';

export const deletePersonaBody = JSON.stringify({
  query: deletePersonaQuery,
  variables: { id: personaId },
  operationName: 'DeletePersona',
});

/** Two inbound numbers: the read's answer carries a list, as a persona in use does. */
export const benchInboundNumbers = [
  { phone_number: '+15550100001', label: 'Main line' },
  { phone_number: '+15550100002', label: null },
] as const;

/**
 * Bland's `GET /v1/personas/{id}` answer for `id`, as the fake vendor sends it: the persona object
 * of Bland's documentation, with its two versions and {@link benchInboundNumbers}.
 */
export function toBlandPersonaBody(id: string): string {
  const version = (number: number, type: string, promotedAt: string | null) => ({
    id: `${id}-v${number}`,
    persona_id: id,
    version_type: type,
    version_number: number,
    orchestration_prompt: null,
    personality_prompt: 'You are the bench persona.',
    pathway_conditions: null,
    kb_ids: [],
    call_config: null,
    default_tools: [],
    promoted_from_version_id: null,
    promoted_at: promotedAt,
    promoted_by: null,
    created_at: '2025-09-23T15:13:36.369Z',
    updated_at: '2025-09-23T15:13:36.369Z',
  });
  return JSON.stringify({
    data: {
      id,
      name: 'Bench persona',
      role: null,
      description: null,
      tags: [],
      image_url: null,
      created_at: '2025-09-23T15:13:36.348Z',
      updated_at: '2025-09-23T15:13:36.412Z',
      deleted_at: null,
      user_id: 'bench-user',
      current_production_version_id: `${id}-v1`,
      current_draft_version_id: `${id}-v2`,
      inbound_numbers: benchInboundNumbers.map((number) => ({
        ...number,
        persona_id: id,
        persona_settings: null,
      })),
      current_production_version: version(1, 'production', '2025-09-23T15:13:36.368Z'),
      current_draft_version: version(2, 'draft', null),
    },
    errors: null,
  });
}

/**
 * The read every target receives: one persona with its numbers. Valid against the gateway's
 * schema and the bare-Yoga floor's, whose `persona` returns the `Persona` object directly.
 */
export const personaQuery =
  'query Persona($id: ID!) { persona(id: $id) { __typename ... on Persona { id name inboundNumbers { phoneNumber label } } } }';

/** The operation name the undici proxy floor tells the read from the delete by. */
export const personaOperationName = 'Persona';

export const personaBody = JSON.stringify({
  query: personaQuery,
  variables: { id: personaId },
  operationName: personaOperationName,
});

/** The `data` the gateway and the bare-Yoga floor must answer the read with, field by field. */
export const expectedPersonaData = {
  persona: {
    __typename: 'Persona',
    id: personaId,
    name: 'Bench persona',
    inboundNumbers: benchInboundNumbers.map(({ phone_number, label }) => ({
      phoneNumber: phone_number,
      label,
    })),
  },
};

export const deletePersonasQuery =
  'mutation DeletePersonas($ids: [ID!]!) { deletePersonas(ids: $ids) { __typename ... on DeletePersonaSuccess { personaId } ... on Error { message } } }';

/** The fake vendor's count of the calls it answered, and of distinct ids among those with a prefix. */
export interface VendorStats {
  calls: number;
  /** Calls whose persona id starts with the asked prefix. */
  matchingCalls: number;
  /** Distinct persona ids with the prefix. */
  distinctIds: number;
  /** Ids with the prefix that were called more than once. */
  repeatedIds: number;
}

export const vendorStatsPath = '/__bench/stats';

/** What the trace receiver counted: OTLP export requests, their bytes, and the spans in them. */
export interface TraceReceiverStats {
  exports: number;
  bytes: number;
  spans: number;
}

/** Where the trace receiver tells its counts (the same path as the vendor's). */
export const receiverStatsPath = vendorStatsPath;

/** The line a bench child prints once it listens; the orchestrator waits for it. */
export const listeningPrefix = 'listening on ';
