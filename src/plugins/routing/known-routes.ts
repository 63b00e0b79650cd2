import type { Plugin } from 'graphql-yoga';

/**
 * Answers 404 to every path that is not exactly one of `paths`, before any other plugin. Yoga
 * itself serves GraphQL at any URL that ends in the endpoint (`/graphql/`, `/x/graphql`,
 * `/?next=/graphql`); checks keyed on the exact path (tokens, content types) must not be
 * sidestepped that way.
 */
export function useKnownRoutesOnly(paths: readonly string[]): Plugin {
  const known = new Set(paths);
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (known.has(url.pathname)) return;
      endResponse(
        fetchAPI.Response.json(
          { errors: [{ message: `Nothing is served at ${url.pathname}.` }] },
          { status: 404 },
        ),
      );
    },
  };
}
