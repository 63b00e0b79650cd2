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
      // A reader, not `for await`: leaving a `for await` early destroys the stream, and with it
      // the socket, before the 413 can be written.
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.byteLength;
        if (size > limitBytes) {
          reader.releaseLock();
          tooLarge();
          return;
        }
        chunks.push(read.value);
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
