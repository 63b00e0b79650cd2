/**
 * What the orchestrator and the fake vendor agree on: the keys, the one operation every target
 * receives, and the vendor's success body. The floors read only their environment, so that each
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

/** The line a bench child prints once it listens; the orchestrator waits for it. */
export const listeningPrefix = 'listening on ';
