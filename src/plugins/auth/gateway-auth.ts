import type { Plugin } from 'graphql-yoga';
import type { RequestMeta } from './request-meta.js';

/**
 * Answers 401, with a GraphQL error body, any request to a protected path without a valid
 * `Authorization: Bearer <token>`, before anything is parsed or run. The GraphiQL page itself
 * (a browser's GET with no operation) stays open: it runs nothing, and its Headers tab is where
 * a user puts the token.
 */
export function useGatewayAuth(
  protectedPaths: readonly string[],
  graphqlEndpoint: string,
  readMeta: (request: Request) => RequestMeta,
): Plugin {
  const isProtected = new Set(protectedPaths);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!isProtected.has(url.pathname) || readMeta(request).authorized) return;
      const isGraphiQLPage =
        url.pathname === graphqlEndpoint &&
        request.method === 'GET' &&
        !url.searchParams.has('query') &&
        request.headers.get('accept')?.includes('text/html');
      if (isGraphiQLPage) return;
      endResponse(
        fetchAPI.Response.json(
          {
            errors: [
              {
                message: 'This gateway needs a bearer token: send Authorization: Bearer <token>.',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          },
          { status: 401, headers: { 'www-authenticate': 'Bearer realm="voice-ai-gateway"' } },
        ),
      );
    },
  };
}
