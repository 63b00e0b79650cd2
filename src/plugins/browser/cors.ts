import type { CORSOptions, Plugin } from 'graphql-yoga';

/** What a page may send: never a vendor-key header, since a browser holds no vendor key. */
export const corsAllowedHeaders = [
  'content-type',
  'authorization',
  'idempotency-key',
  'x-request-id',
  'traceparent',
] as const;
/** What a page may read of an answer, besides the headers every CORS response exposes. */
export const corsExposedHeaders = ['x-request-id', 'idempotent-replayed'] as const;

/**
 * Yoga's `cors` option for an allow-list of exact origins: a listed origin gets exactly itself in
 * `Access-Control-Allow-Origin` (no credentials mode: sign-in travels as a bearer token), any
 * other origin, `null` included, no CORS header at all. Yoga's own list form answers an unlisted
 * origin `Access-Control-Allow-Origin: null`, which a sandboxed iframe on any site carries, and
 * echoes a one-entry list to every caller. Pair it with {@link useVaryOnOrigin}.
 */
export function createCorsOptions(origins: readonly string[]): (request: Request) => CORSOptions {
  const byOrigin = new Map<string, CORSOptions>(
    origins.map((origin) => [
      origin,
      {
        origin,
        methods: ['GET', 'POST'],
        allowedHeaders: [...corsAllowedHeaders],
        exposedHeaders: [...corsExposedHeaders],
        // Unset, Yoga would allow credentials for any origin it names.
        credentials: false,
      },
    ]),
  );
  return (request) => byOrigin.get(request.headers.get('origin') ?? '') ?? false;
}

/**
 * Adds `Vary: Origin` to every response: with an allow-list each answer depends on the origin
 * (CORS headers or none), so a shared cache must not give one origin's answer to another.
 */
export function useVaryOnOrigin(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.append('vary', 'Origin');
    },
  };
}
