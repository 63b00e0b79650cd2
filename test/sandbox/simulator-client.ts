import { afterEach, beforeEach } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/start-sandbox.js';

/** One answer of a simulator: its status and its parsed JSON body. */
export interface SimulatorAnswer {
  status: number;
  body: unknown;
}

export interface SimulatorRequest {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is, for bodies that are not JSON. */
  rawBody?: string;
  /** Replaces the default credential headers. */
  headers?: Record<string, string>;
}

/** Calls one simulator over real HTTP with its credential header unless told otherwise. */
export function createSimulatorClient(baseUrl: string, credential: Record<string, string>) {
  return async (method: string, path: string, request: SimulatorRequest = {}): Promise<SimulatorAnswer> => {
    const body = request.json === undefined ? request.rawBody : JSON.stringify(request.json);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(request.headers ?? credential),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: await response.json() };
  };
}

/** A fresh sandbox (the seed again) for every test. */
export function useFreshSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeEach(async () => {
    sandbox = await startSandbox(options);
  });
  afterEach(async () => {
    await sandbox?.close();
  });
  return () => sandbox as Sandbox;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** An RFC 3339 UTC timestamp with milliseconds, as `Date.prototype.toISOString` writes it. */
export const isoMillisPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
