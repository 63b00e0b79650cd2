import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, errors } from 'undici';
import { TransportError } from '../domain/transport-error.js';
import type { Shutdown } from './shutdown.js';

/** An HTTP method a vendor call may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What carries vendor calls: a keep-alive pool per origin (see vendor-pool.ts). */
export type VendorDispatcher = Dispatcher;

/** One call to a vendor. */
export interface UpstreamRequest {
  method: HttpMethod;
  /** Path and query, already encoded. */
  path: string;
  headers: Record<string, string>;
  /**
   * The W3C `traceparent` of the span this request is sent in, added to `headers`; never a
   * `tracestate`.
   * @default none: no trace context is sent
   */
  traceparent?: string | undefined;
  /** The request body, already serialized; none when absent. */
  body?: string | undefined;
  /**
   * Total deadline: connect, response headers and the whole body. A body that trickles in byte
   * by byte still ends here (undici's own `bodyTimeout` only bounds the gap between chunks).
   * @default none: required
   */
  timeoutMs: number;
  /**
   * Reading stops past this many body bytes; the connection is then dropped.
   * @default none: required
   */
  maxBodyBytes: number;
  /**
   * Ends the call at once when stopped, like its deadline (`TIMEOUT`, code `GATEWAY_SHUTDOWN`):
   * the gateway stops it when it stops waiting for vendors at shutdown.
   * @default none: the call ends only by its deadline or answer
   */
  shutdown?: Shutdown;
}

/** A complete vendor answer. */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The whole body, or null when it grew past `maxBodyBytes` and reading stopped. */
  body: Buffer | null;
}

class DeadlineExceeded extends Error {}
class BodyTooLarge extends Error {}

/**
 * Sends one request and reads the whole answer, or fails with a {@link TransportError} that says
 * what happened: `TIMEOUT` at the deadline, `UNREACHABLE` when the request was never handed to a
 * connection, `CONNECTION_LOST` when the connection broke after it was, `BAD_RESPONSE` when the
 * answer was not HTTP.
 */
export function sendRequest(dispatcher: Dispatcher, request: UpstreamRequest): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let settled = false;
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.shutdown?.unlisten(onShutdown);
      outcome();
    };

    const stop = (code: string | null) => {
      settle(() => reject(new TransportError('TIMEOUT', code, controller !== null)));
      // Before a connection is assigned there is nothing to abort yet: onRequestStart does it.
      controller?.abort(new DeadlineExceeded());
    };
    const deadline = setTimeout(() => stop(null), request.timeoutMs);
    const onShutdown = () => stop('GATEWAY_SHUTDOWN');
    if (request.shutdown?.stopped) {
      onShutdown();
      return;
    }
    request.shutdown?.listen(onShutdown);

    const handler: Dispatcher.DispatchHandler = {
      // undici calls this right before it writes the request to the socket.
      onRequestStart(startedController) {
        controller = startedController;
        if (settled) startedController.abort(new DeadlineExceeded());
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(dataController, chunk) {
        size += chunk.length;
        if (size > request.maxBodyBytes) {
          settle(() => resolve({ status, headers, body: null }));
          dataController.abort(new BodyTooLarge());
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle(() => resolve({ status, headers, body: Buffer.concat(chunks, size) }));
      },
      onResponseError(_controller, error) {
        settle(() => reject(toTransportError(error, controller !== null)));
      },
    };

    try {
      const headers = request.traceparent
        ? { ...request.headers, traceparent: request.traceparent }
        : request.headers;
      dispatcher.dispatch(
        { method: request.method, path: request.path, headers, body: request.body ?? null },
        handler,
      );
    } catch (error) {
      settle(() => reject(error));
    }
  });
}

function toTransportError(error: Error, sent: boolean): TransportError {
  const rawCode = (error as Error & { code?: unknown }).code;
  const code = typeof rawCode === 'string' ? rawCode : null;
  // undici's parser errors often carry no code (it maps llhttp's error number to no name).
  if (error instanceof errors.HTTPParserError) return new TransportError('BAD_RESPONSE', code, sent);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TransportError('TIMEOUT', code, sent);
  }
  return new TransportError(sent ? 'CONNECTION_LOST' : 'UNREACHABLE', code, sent);
}
