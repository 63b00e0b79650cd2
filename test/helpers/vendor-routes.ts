import type { IncomingMessage } from 'node:http';
import { json, type Reply } from './fake-vendor.js';

/**
 * Answers each request by its method and path (without the query): `routes['GET /v1/personas']`.
 * A request no route names gets a 599, which no test expects, so a wrong call shows.
 */
export function byRoute(
  routes: Record<string, Reply>,
  fallback: Reply = json(599, { unrouted: true }),
): Reply {
  return (request, response) => {
    const reply = routes[routeOf(request)] ?? fallback;
    reply(request, response);
  };
}

/** `METHOD /path` of a request, without its query. */
export function routeOf(request: Pick<IncomingMessage, 'method' | 'url'>): string {
  return `${request.method} ${(request.url ?? '').split('?')[0]}`;
}

/** The JSON body a request carried, read to its end. */
export function readJsonBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}
