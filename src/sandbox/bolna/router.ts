import type { RequestListener } from 'node:http';
import { createRouter, type SandboxRoute } from '../router.js';
import { bolnaError } from './answers.js';
import { createDisposition } from './create-disposition.js';
import { createDispositions } from './create-dispositions.js';
import { deleteDisposition } from './delete-disposition.js';
import { getDisposition } from './get-disposition.js';
import { listDispositions } from './list-dispositions.js';
import type { BolnaState } from './state.js';
import { updateDisposition } from './update-disposition.js';
import { issue, validationFailed } from './validation.js';

const routes: readonly SandboxRoute<BolnaState>[] = [
  { method: 'GET', path: '/dispositions/', handler: listDispositions },
  { method: 'POST', path: '/dispositions/', handler: createDisposition },
  { method: 'POST', path: '/dispositions/bulk', handler: createDispositions },
  { method: 'GET', path: '/dispositions/{id}', handler: getDisposition },
  { method: 'PUT', path: '/dispositions/{id}', handler: updateDisposition },
  { method: 'DELETE', path: '/dispositions/{id}', handler: deleteDisposition },
];

/**
 * Bolna's disposition API as its documentation and clients show it, over `state`: unversioned
 * paths, `Authorization: Bearer <key>`, `{ error, message }` errors, FastAPI's `{ detail }` for
 * a bad key (403), an unknown route and validation (422).
 */
export function createBolnaSimulator(apiKey: string, state: BolnaState): RequestListener {
  return createRouter({
    state,
    routes,
    credential: { header: 'authorization', value: `Bearer ${apiKey}` },
    answers: {
      notFound: { status: 404, body: { detail: 'Not Found' } },
      unauthorized: { status: 403, body: { detail: 'Invalid or expired API key' } },
      invalidJson: validationFailed([issue(['body'], 'JSON decode error', 'json_invalid')]),
      tooLarge: bolnaError(413, 'Request body is too large'),
      internalError: bolnaError(500, 'Internal server error'),
    },
  });
}
