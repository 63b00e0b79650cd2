import type { Plugin } from 'graphql-yoga';

/**
 * Refuses with 413 a request body larger than `limitBytes` before Yoga reads it: by its
 * Content-Length when it sends one, otherwise by counting a chunked body as it arrives.
 */
export function useBodyLimit(limitBytes: number): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.body === null) return;
      const tooLarge = () =>
        endResponse(
          fetchAPI.Response.json(
            { errors: [{ message: `The request body is larger than ${limitBytes} bytes.` }] },
            { status: 413 },
          ),
        );
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > limitBytes) tooLarge();
        return;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > limitBytes) {
          tooLarge();
          return;
        }
        chunks.push(chunk);
      }
      setRequest(
        new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: Buffer.concat(chunks),
        }),
      );
    },
  };
}
