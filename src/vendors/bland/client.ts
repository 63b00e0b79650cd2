import { bindEndpoints, type VendorTransport } from '../core/call-endpoint.js';
import {
  attachPersonaNumbersEndpoint,
  detachPersonaNumbersEndpoint,
} from './endpoints/change-persona-numbers.js';
import { deletePersonaEndpoint } from './endpoints/delete-persona.js';
import { getPersonaEndpoint } from './endpoints/get-persona.js';
import { listPersonasEndpoint } from './endpoints/list-personas.js';

/** Bland's endpoints, bound to its transport: each resolves to a success or a union member, never throws for one. */
export function createBlandClient(transport: VendorTransport) {
  // Bland takes the raw key in `authorization`, with no scheme.
  return bindEndpoints((apiKey) => ({ authorization: apiKey }), transport, {
    getPersona: getPersonaEndpoint,
    listPersonas: listPersonasEndpoint,
    deletePersona: deletePersonaEndpoint,
    attachPersonaNumbers: attachPersonaNumbersEndpoint,
    detachPersonaNumbers: detachPersonaNumbersEndpoint,
  });
}

export type BlandClient = ReturnType<typeof createBlandClient>;
