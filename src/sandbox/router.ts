import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';
import { readJsonBody } from './read-json-body.js';
import { sendJson } from './send-json.js';

/** One answer of a simulated vendor. */
export interface SandboxAnswer {
  status: number;
  body: unknown;
}

/** What a handler gets for one request. */
export interface SandboxCall<State> {
  state: State;
  /** The `{id}` path segment, percent-decoded; empty on routes without one. */
  id: string;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when the request has none. */
  body: unknown;
  /** When the request arrived: one value for every timestamp it writes. */
  now: Date;
}

/** Answers one endpoint over the simulator's in-memory state. */
export type SandboxHandler<State> = (call: SandboxCall<State>) => SandboxAnswer;

export interface SandboxRoute<State> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** At most one `{id}` segment, e.g. `/v1/personas/{id}`; a trailing slash is part of the path. */
  path: string;
  handler: SandboxHandler<State>;
}

/** How one vendor answers what no handler sees. */
export interface VendorAnswers {
  notFound: SandboxAnswer;
  unauthorized: SandboxAnswer;
  invalidJson: SandboxAnswer;
  tooLarge: SandboxAnswer;
  internalError: SandboxAnswer;
}

export interface RouterOptions<State> {
  state: State;
  routes: readonly SandboxRoute<State>[];
  /** The header that carries the credential and the exact value it must hold. */
  credential: { header: string; value: string };
  answers: VendorAnswers;
}

/** The largest request body a simulator reads (the gateway's own cap on vendor answers). */
const maxBodyBytes = 1024 * 1024;
const methodsWithBody = new Set(['POST', 'PUT', 'PATCH']);

/**
 * One simulated vendor: finds the route (unknown: `notFound`, before any key check, as the
 * live APIs do), checks the credential, reads a JSON body for POST, PUT and PATCH, and sends what
 * the handler answers. A handler that throws answers `internalError`.
 */
export function createRouter<State>(options: RouterOptions<State>): RequestListener {
  const { state, answers, credential } = options;
  const routes = options.routes.map((route) => ({ ...route, segments: route.path.split('/') }));
  const expectedKey = Buffer.from(credential.value);

  async function answer(request: IncomingMessage): Promise<SandboxAnswer> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const match = findRoute(request.method ?? 'GET', url.pathname);
    const authorized = match !== null && hasKey(request.headers[credential.header], expectedKey);
    const withBody = authorized && methodsWithBody.has(match.route.method);
    // A body no one reads is drained, so the connection stays usable.
    if (!withBody) request.resume();
    if (!match) return answers.notFound;
    if (!authorized) return answers.unauthorized;
    let body: unknown;
    if (withBody) {
      const read = await readJsonBody(request, maxBodyBytes);
      if (read.kind === 'too-large') return answers.tooLarge;
      if (read.kind === 'invalid') return answers.invalidJson;
      body = read.kind === 'json' ? read.value : undefined;
    }
    try {
      return match.route.handler({ state, id: match.id, query: url.searchParams, body, now: new Date() });
    } catch {
      return answers.internalError;
    }
  }

  function findRoute(method: string, pathname: string) {
    const actual = pathname.split('/');
    for (const route of routes) {
      if (route.method !== method || route.segments.length !== actual.length) continue;
      let id = '';
      const matches = route.segments.every((segment, index) => {
        const part = actual[index] ?? '';
        if (segment !== '{id}') return segment === part;
        id = part;
        return part !== '';
      });
      if (!matches) continue;
      try {
        return { route, id: decodeURIComponent(id) };
      } catch {
        return null;
      }
    }
    return null;
  }

  return (request, response) => {
    void answer(request).then((result) => {
      // A body past the cap is still arriving: end the connection rather than read it all.
      const headers = result === answers.tooLarge ? { connection: 'close' } : {};
      sendJson(response, result.status, result.body, headers);
    });
  };
}

/** Compares in constant time, so the simulator teaches no timing side channel. */
function hasKey(sent: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof sent !== 'string') return false;
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
