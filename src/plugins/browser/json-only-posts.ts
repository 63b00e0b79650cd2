import type { Plugin } from 'graphql-yoga';

/**
 * Refuses with 415 every POST to the GraphQL endpoint whose content type is not
 * `application/json`, before anything is parsed or run. Form-encoded, multipart and `text/plain`
 * POSTs are the ones a cross-site page can send without a CORS preflight, and
 * `application/graphql` is refused with them, so no page can make a browser run a mutation.
 * GET stays open for queries (Yoga refuses a mutation over GET with 405).
 */
export function useJsonOnlyPosts(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || url.pathname !== graphqlEndpoint) return;
      const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (mediaType === 'application/json') return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [{ message: 'GraphQL over POST needs the content type application/json.' }],
          }),
          {
            status: 415,
            headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
          },
        ),
      );
    },
  };
}
