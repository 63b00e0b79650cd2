import type { RequestListener } from 'node:http';
import type { SandboxRoute } from '../router.js';
import { createRouter } from '../router.js';
import { blandError } from './answers.js';
import { attachNumbers } from './attach-numbers.js';
import { createPersona } from './create-persona.js';
import { deletePersona } from './delete-persona.js';
import { detachNumbers } from './detach-numbers.js';
import { getPersona } from './get-persona.js';
import { listPersonas } from './list-personas.js';
import { listVersions } from './list-versions.js';
import { promotePersona } from './promote-persona.js';
import type { BlandState } from './state.js';
import { updatePersona } from './update-persona.js';

const routes: readonly SandboxRoute<BlandState>[] = [
  { method: 'GET', path: '/v1/personas', handler: listPersonas },
  { method: 'POST', path: '/v1/personas', handler: createPersona },
  { method: 'GET', path: '/v1/personas/{id}', handler: getPersona },
  { method: 'PATCH', path: '/v1/personas/{id}', handler: updatePersona },
  { method: 'DELETE', path: '/v1/personas/{id}', handler: deletePersona },
  { method: 'GET', path: '/v1/personas/{id}/versions', handler: listVersions },
  { method: 'POST', path: '/v1/personas/{id}/versions/promote', handler: promotePersona },
  { method: 'POST', path: '/v1/personas/{id}/inbound/attach', handler: attachNumbers },
  { method: 'POST', path: '/v1/personas/{id}/inbound/detach', handler: detachNumbers },
];

/**
 * Bland's persona API as its documentation shows it, over `state`: paths under `/v1`, the raw
 * key in `authorization`, every answer in the `{ data, errors }` envelope.
 */
export function createBlandSimulator(apiKey: string, state: BlandState): RequestListener {
  return createRouter({
    state,
    routes,
    credential: { header: 'authorization', value: apiKey },
    answers: {
      notFound: blandError(404, 'NOT_FOUND', 'Route not found'),
      unauthorized: blandError(401, 'AUTH_FAILURE', 'Unauthorized'),
      invalidJson: blandError(400, 'INVALID_REQUEST', 'Request body must be valid JSON'),
      tooLarge: blandError(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'),
      internalError: blandError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
    },
  });
}
