import type { RequestListener } from 'node:http';
import { sendJson } from './loopback-server.js';

/**
 * Bolna's disposition delete as its documentation and clients show it, over in-memory state:
 * `DELETE /dispositions/{id}`, `Authorization: Bearer <key>`, `{ error, message }` errors, and
 * FastAPI's `{ detail }` 403 for a bad key.
 */
export function createBolnaSimulator(
  apiKey: string,
  seed: ReadonlyMap<string, { ownedBySandbox: boolean }>,
): RequestListener {
  const dispositions = new Map(seed);
  return (request, response) => {
    request.resume();
    const url = new URL(request.url ?? '/', 'http://simulator');
    const match = /^\/dispositions\/([^/]+)$/.exec(url.pathname);
    if (request.method !== 'DELETE' || !match?.[1]) {
      sendJson(response, 404, { detail: 'Not Found' });
      return;
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      sendJson(response, 403, { detail: 'Invalid or expired API key' });
      return;
    }
    const dispositionId = decodeURIComponent(match[1]);
    const disposition = dispositions.get(dispositionId);
    if (!disposition) {
      sendJson(response, 404, { error: 404, message: 'Disposition not found' });
      return;
    }
    if (!disposition.ownedBySandbox) {
      sendJson(response, 403, { error: 403, message: 'Only the owner of this disposition can delete it' });
      return;
    }
    dispositions.delete(dispositionId);
    sendJson(response, 200, { message: 'Disposition deleted successfully', id: dispositionId });
  };
}
