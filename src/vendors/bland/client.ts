import { bindEndpoints, type VendorTransport } from '../core/call-endpoint.js';
import {
  attachPersonaNumbersEndpoint,
  detachPersonaNumbersEndpoint,
} from './endpoints/change-persona-numbers.js';
import { createPersonaEndpoint } from './endpoints/create-persona.js';
import { deletePersonaEndpoint } from './endpoints/delete-persona.js';
import { getPersonaEndpoint } from './endpoints/get-persona.js';
import { listPersonasEndpoint } from './endpoints/list-personas.js';
import { promotePersonaDraftEndpoint } from './endpoints/promote-persona-draft.js';
import { updatePersonaEndpoint } from './endpoints/update-persona.js';

/** Bland's endpoints, bound to its transport: each resolves to a success or a union member, never throws for one. */
export function createBlandClient(transport: VendorTransport) {
  // Bland takes the raw key in `authorization`, with no scheme.
  return bindEndpoints((apiKey) => ({ authorization: apiKey }), transport, {
    getPersona: getPersonaEndpoint,
    listPersonas: listPersonasEndpoint,
    deletePersona: deletePersonaEndpoint,
    attachPersonaNumbers: attachPersonaNumbersEndpoint,
    detachPersonaNumbers: detachPersonaNumbersEndpoint,
    createPersona: createPersonaEndpoint,
    updatePersona: updatePersonaEndpoint,
    promotePersonaDraft: promotePersonaDraftEndpoint,
  });
}

export type BlandClient = ReturnType<typeof createBlandClient>;
