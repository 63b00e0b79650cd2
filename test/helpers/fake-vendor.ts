import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the fake vendor received it: `url` is the raw request target, path and query. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** How the fake vendor answers one request. */
export type Reply = (request: IncomingMessage, response: ServerResponse) => void;

export interface FakeVendor {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Answers every following request with `reply`. */
  setReply(reply: Reply): void;
  /** TCP connections accepted so far, including those reset before a request arrived. */
  readonly connections: number;
  /**
   * Resets each of the next `count` accepted connections as soon as it is accepted, before a byte
   * of the request is read (`Infinity`: every one from now on; `0`: none). No request is recorded.
   */
  resetConnections(count: number): void;
  close(): Promise<void>;
}

/** A vendor that is a real HTTP server on 127.0.0.1, recording every request it receives. */
export async function startFakeVendor(reply: Reply = json(200, {})): Promise<FakeVendor> {
  let current = reply;
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    current(request, response);
  });
  let connections = 0;
  let connectionsToReset = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    if (connectionsToReset > 0) {
      connectionsToReset -= 1;
      socket.resetAndDestroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setReply: (next) => {
      current = next;
    },
    get connections() {
      return connections;
    },
    resetConnections: (count) => {
      connectionsToReset = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback address where nothing listens: connecting is refused. */
export async function findClosedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Answers JSON (any value, or a raw string sent as is) with a JSON content type. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return text(status, typeof body === 'string' ? body : JSON.stringify(body), 'application/json', headers);
}

/** Answers `body` with the given content type. */
export function text(
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): Reply {
  return (request, response) => {
    request.resume();
    response.writeHead(status, { 'content-type': contentType, ...headers });
    response.end(body);
  };
}

/** Reads the request and never answers. */
export function hang(): Reply {
  return (request) => {
    request.resume();
  };
}

/** Sends headers, then the body one byte at a time, `intervalMs` apart. */
export function trickle(status: number, body: string, intervalMs: number): Reply {
  return (request, response) => {
    request.resume();
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= body.length || response.destroyed) {
        clearInterval(timer);
        response.end();
        return;
      }
      response.write(body[sent]);
      sent += 1;
    }, intervalMs);
    response.on('close', () => clearInterval(timer));
  };
}

/** Reads the whole request, then resets the connection without answering. */
export function resetAfterRequest(): Reply {
  return (request) => {
    request.resume();
    request.on('end', () => request.socket.resetAndDestroy());
  };
}

/** Answers the first request with `replies[0]`, the next with `replies[1]`, and every one after the last with the last. */
export function sequence(...replies: [Reply, ...Reply[]]): Reply {
  let next = 0;
  return (request, response) => {
    const reply = replies[Math.min(next, replies.length - 1)] as Reply;
    next += 1;
    reply(request, response);
  };
}

/** The id a delete's request target names: its last path segment, without the query, percent-decoded. */
export function requestedId(request: IncomingMessage): string {
  const path = (request.url ?? '').split('?')[0] ?? '';
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** Answers each request with the reply `choose` picks for the id it names, so one bulk call can mix outcomes. */
export function byId(choose: (id: string) => Reply): Reply {
  return (request, response) => choose(requestedId(request))(request, response);
}

/** One request a {@link delayed} reply held: when it arrived and when its answer ended, in `performance.now()` ms. */
export interface HeldRequest {
  id: string;
  startedMs: number;
  /** Null while it is still held. */
  endedMs: number | null;
}

/** A reply that waits before answering, and counts the requests it holds at once. */
export interface DelayedReply {
  reply: Reply;
  /** Requests received whose answer has not ended yet (an abandoned one ends when its connection closes). */
  readonly inFlight: number;
  /** The most requests in flight at once so far. */
  readonly maxInFlight: number;
  /** Every request received, in the order they arrived. */
  readonly held: readonly HeldRequest[];
}

/** Waits `delayMs` (a number, or one per requested id) before answering with `reply`. */
export function delayed(delayMs: number | ((id: string) => number), reply: Reply): DelayedReply {
  let inFlight = 0;
  let maxInFlight = 0;
  const held: HeldRequest[] = [];
  return {
    reply: (request, response) => {
      const entry: HeldRequest = { id: requestedId(request), startedMs: performance.now(), endedMs: null };
      held.push(entry);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const timer = setTimeout(
        () => reply(request, response),
        typeof delayMs === 'number' ? delayMs : delayMs(entry.id),
      );
      response.on('close', () => {
        clearTimeout(timer);
        entry.endedMs = performance.now();
        inFlight -= 1;
      });
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    held,
  };
}
