import { bindEndpoints, type VendorTransport } from '../core/call-endpoint.js';
import { deletePersonaEndpoint } from './endpoints/delete-persona.js';

/** Bland's endpoints, bound to its transport: each resolves to a success or a union member, never throws for one. */
export function createBlandClient(transport: VendorTransport) {
  // Bland takes the raw key in `authorization`, with no scheme.
  return bindEndpoints((apiKey) => ({ authorization: apiKey }), transport, {
    deletePersona: deletePersonaEndpoint,
  });
}

export type BlandClient = ReturnType<typeof createBlandClient>;
