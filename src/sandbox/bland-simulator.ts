import type { RequestListener } from 'node:http';
import { sendJson } from './loopback-server.js';

/**
 * Bland's persona delete as its documentation shows it, over in-memory state:
 * `DELETE /v1/personas/{id}?force=`, the raw key in `authorization`, the `{ data, errors }` envelope.
 */
export function createBlandSimulator(
  apiKey: string,
  seed: ReadonlyMap<string, readonly string[]>,
): RequestListener {
  const personas = new Map(seed);
  return (request, response) => {
    request.resume();
    const url = new URL(request.url ?? '/', 'http://simulator');
    const match = /^\/v1\/personas\/([^/]+)$/.exec(url.pathname);
    if (request.method !== 'DELETE' || !match?.[1]) {
      sendJson(response, 404, { data: null, errors: [{ error: 'NOT_FOUND', message: 'Route not found' }] });
      return;
    }
    if (request.headers.authorization !== apiKey) {
      sendJson(response, 401, { data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] });
      return;
    }
    const personaId = decodeURIComponent(match[1]);
    const phoneNumbers = personas.get(personaId);
    if (phoneNumbers === undefined) {
      sendJson(response, 404, {
        data: null,
        errors: [
          { error: 'PERSONA_NOT_FOUND', message: 'Persona not found', details: { persona_id: personaId } },
        ],
      });
      return;
    }
    if (phoneNumbers.length > 0 && url.searchParams.get('force') !== 'true') {
      sendJson(response, 409, {
        data: null,
        errors: [
          {
            error: 'PERSONA_IN_USE',
            message: 'Cannot delete persona that is currently in use by phone numbers',
            details: {
              persona_id: personaId,
              phone_numbers_using: phoneNumbers,
              suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
            },
          },
        ],
      });
      return;
    }
    personas.delete(personaId);
    sendJson(response, 200, {
      data: { success: true, message: 'Persona deleted successfully' },
      errors: null,
    });
  };
}
