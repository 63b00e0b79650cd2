import type { FetchAPI, Plugin } from 'graphql-yoga';

/**
 * Refuses with 413 a request body larger than `limitBytes` before Yoga reads it: by its
 * Content-Length when it sends one, otherwise by counting a chunked body as it arrives. The
 * common cases (no body, or a Content-Length) are decided synchronously, without touching the
 * body stream.
 */
export function useBodyLimit(limitBytes: number): Plugin {
  return {
    onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > limitBytes) endResponse(tooLarge(fetchAPI, limitBytes));
        return;
      }
      if (request.body === null) return;
      return readChunkedBody(request, limitBytes).then((body) =>
        body === null
          ? endResponse(tooLarge(fetchAPI, limitBytes))
          : setRequest(
              new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body }),
            ),
      );
    },
  };
}

/** The whole body as text (GraphQL over HTTP sends JSON), or null as soon as it grows past the limit. */
async function readChunkedBody(request: Request, limitBytes: number): Promise<string | null> {
  // A reader, not `for await`: leaving a `for await` early destroys the stream, and with it the
  // socket, before the 413 can be written.
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limitBytes) {
      reader.releaseLock();
      return null;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(fetchAPI: FetchAPI, limitBytes: number): Response {
  return fetchAPI.Response.json(
    { errors: [{ message: `The request body is larger than ${limitBytes} bytes.` }] },
    { status: 413 },
  );
}
