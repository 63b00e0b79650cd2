import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/**
 * A sandbox-mode gateway on a fresh sandbox (fresh seed state), started before the block's tests
 * (or before each test, with `each`) and closed after; returns getters for both.
 */
export function useSandboxGateway({ each = false } = {}): {
  gateway: () => TestGateway;
  sandbox: () => Sandbox;
} {
  let sandbox: Sandbox | undefined;
  let gateway: TestGateway | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    sandbox = await startSandbox();
    gateway = await startTestGateway({ mode: 'SANDBOX', bland: sandbox.bland, bolna: sandbox.bolna });
  });
  (each ? afterEach : afterAll)(async () => {
    await gateway?.close();
    await sandbox?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSandboxGateway: the sandbox starts in a before hook');
    return value;
  };
  return { gateway: () => started(gateway), sandbox: () => started(sandbox) };
}

/** Runs one operation expecting data without errors (HTTP 200), and returns the data. */
export async function readData(
  gateway: TestGateway,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await gateway.graphql(query, variables ? { variables } : {});
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return response.body.data as Record<string, unknown>;
}
