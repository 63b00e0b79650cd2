import type { FetchAPI, Plugin } from 'graphql-yoga';

/**
 * Answers every request to exactly `path` with `answer()`. Yoga's own `useReadinessCheck` does
 * the same but also tests a URLPattern against every request, which costs more than the rest of
 * the routing together.
 */
export function useReadiness(path: string, answer: (fetchAPI: FetchAPI) => Response): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === path) endResponse(answer(fetchAPI));
    },
  };
}
