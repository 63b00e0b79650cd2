import type { Plugin } from 'graphql-yoga';

type OnRequestHook = NonNullable<Plugin['onRequest']>;
type OnRequestPayload = Parameters<OnRequestHook>[0];

/**
 * Runs the `onRequest` hooks of `plugins` as one hook, the way Yoga would run them one after
 * another: a hook that ends the response stops the rest, a replaced request is what the next hooks
 * see, and a hook may return a promise. Yoga calls each hook through promise-like wrappers and a
 * fresh payload, about a kilobyte of garbage per hook per request; one hook pays that once.
 */
export function useOnRequestInOrder(plugins: readonly Plugin[]): Plugin {
  const hooks = plugins.map((plugin) => {
    const { onRequest, ...others } = plugin;
    if (!onRequest || Object.keys(others).length > 0) {
      throw new TypeError('useOnRequestInOrder takes plugins that have an onRequest hook and nothing else.');
    }
    return onRequest;
  });
  return {
    onRequest(payload) {
      let ended = false;
      const shared: OnRequestPayload = {
        ...payload,
        setRequest(request) {
          shared.request = request;
          payload.setRequest(request);
        },
        endResponse(response) {
          if (response) ended = true;
          payload.endResponse(response);
        },
      };
      const runFrom = (first: number): void | Promise<void> => {
        for (let index = first; index < hooks.length && !ended; index++) {
          const result = hooks[index]?.(shared);
          if (result) return result.then(() => runFrom(index + 1));
        }
      };
      return runFrom(0);
    },
  };
}
