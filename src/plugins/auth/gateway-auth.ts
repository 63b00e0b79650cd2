import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { RequestMeta } from './request-meta.js';

/**
 * Answers 401, with a GraphQL error body, any request to a protected path without a valid
 * `Authorization: Bearer <token>` (a gateway token, or a sign-in JWT), before anything is parsed
 * or run. `authenticate` is awaited only when it returns a promise (a JWT to verify). The
 * GraphiQL page itself (a browser's GET with no operation) stays open: it runs nothing, and its
 * Headers tab is where a user puts the token.
 */
export function useGatewayAuth(
  protectedPaths: readonly string[],
  graphqlEndpoint: string,
  authenticate: (request: Request) => RequestMeta | Promise<RequestMeta>,
): Plugin {
  const isProtected = new Set(protectedPaths);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!isProtected.has(url.pathname)) return;
      const meta = authenticate(request);
      if (meta instanceof Promise) {
        return meta.then(({ authorized }) => {
          if (!authorized && !isGraphiQLPage(request, url, graphqlEndpoint))
            endResponse(unauthorized(fetchAPI));
        });
      }
      if (!meta.authorized && !isGraphiQLPage(request, url, graphqlEndpoint))
        endResponse(unauthorized(fetchAPI));
    },
  };
}

/** A browser asking for the GraphiQL page, which runs nothing. */
function isGraphiQLPage(request: Request, url: URL, graphqlEndpoint: string): boolean {
  return (
    url.pathname === graphqlEndpoint &&
    request.method === 'GET' &&
    !url.searchParams.has('query') &&
    request.headers.get('accept')?.includes('text/html') === true
  );
}

/** Never says why a token was refused, and never echoes it. */
function unauthorized(fetchAPI: FetchAPI): Response {
  return fetchAPI.Response.json(
    {
      errors: [
        {
          message: 'This gateway needs a bearer token: send Authorization: Bearer <token>.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    },
    { status: 401, headers: { 'www-authenticate': 'Bearer realm="voice-ai-gateway"' } },
  );
}
