import type { IncomingMessage } from 'node:http';

/** A request body as a simulated vendor sees it. */
export type JsonBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid' }
  | { kind: 'too-large' };

/**
 * Reads and parses a JSON body of at most `maxBytes`. An empty (or blank) body is `none`. Past the
 * cap it stops keeping bytes but keeps draining, so the answer can still be written.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
    request.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size <= maxBytes) resolve(toJsonBody(Buffer.concat(chunks).toString('utf8')));
    });
    // An aborted request has no one left to answer; resolving lets the router finish quietly.
    request.on('error', () => resolve({ kind: 'invalid' }));
  });
}

function toJsonBody(text: string): JsonBody {
  if (text.trim() === '') return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'invalid' };
  }
}
