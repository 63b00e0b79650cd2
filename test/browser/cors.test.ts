import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import {
  createSigningKey,
  type IdentityProvider,
  type SigningKey,
  signToken,
  startIdentityProvider,
} from '../helpers/identity-provider.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** Debian's Chromium, which `.ci/run` installs with apt-get; Playwright downloads no browser. */
const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
// In CI a missing browser must fail the run, not quietly drop the test.
const skip = !hasChromium && process.env.CI !== 'true';
if (skip) console.info(`Skipping the CORS browser test: ${chromiumPath} is missing (.ci/run installs it).`);

const waitMs = 30_000;
const deletablePersona = '11111111-1111-4111-8111-111111111111';
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const localSchemes = new Set(['data:', 'blob:', 'about:']);

/** What the page's fetch saw, or the error it threw. */
type Outcome = { status: number; requestId: string | null; body: unknown } | { error: string };

/** A web app's origin: a real HTTP server on 127.0.0.1 serving one empty page. */
async function startWebApp(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Runs `fetch` in the page, as the web app's own code would. */
function fetchFromPage(
  page: Page,
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Outcome> {
  return page.evaluate(
    async ({ url, body, headers }) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        return {
          status: response.status,
          requestId: response.headers.get('x-request-id'),
          body: await response.json(),
        };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url, body, headers },
  );
}

describe.skipIf(skip)('CORS in Chromium, from pages on other loopback ports', () => {
  let sandbox: Sandbox | undefined;
  let identity: IdentityProvider | undefined;
  let signing: SigningKey;
  let gateway: TestGateway | undefined;
  let listedApp: { origin: string; server: Server } | undefined;
  let unlistedApp: { origin: string; server: Server } | undefined;
  let userDataDir: string | undefined;
  let context: BrowserContext | undefined;
  let listedPage: Page;
  let unlistedPage: Page;
  const requested: string[] = [];
  const graphqlUrl = () => `${gateway?.url}/graphql`;
  const deleteSeedPersona = { query: deletePersonaMutation, variables: { id: deletablePersona } };

  beforeAll(async () => {
    if (!hasChromium) {
      throw new Error(
        `CI=true but ${chromiumPath} is missing: install Debian's chromium package (.ci/run does).`,
      );
    }
    [listedApp, unlistedApp] = await Promise.all([startWebApp(), startWebApp()]);
    signing = await createSigningKey('browser-key');
    identity = await startIdentityProvider([signing]);
    sandbox = await startSandbox();
    gateway = await startTestGateway({
      mode: 'SANDBOX',
      bland: sandbox.bland,
      bolna: sandbox.bolna,
      corsOrigins: [listedApp.origin],
      jwt: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience },
    });
    userDataDir = mkdtempSync(join(tmpdir(), 'cors-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
      timeout: waitMs,
    });
    context.on('request', (request) => requested.push(request.url()));
    listedPage = context.pages()[0] ?? (await context.newPage());
    unlistedPage = await context.newPage();
    await listedPage.goto(listedApp.origin, { timeout: waitMs });
    await unlistedPage.goto(unlistedApp.origin, { timeout: waitMs });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await gateway?.close();
    await sandbox?.close();
    await identity?.close();
    await Promise.all(
      [listedApp, unlistedApp].map(
        (app) => new Promise<void>((resolve) => (app ? app.server.close(() => resolve()) : resolve())),
      ),
    );
  });

  it('lets an unlisted page send nothing that runs: its preflight gets no grant', async () => {
    const token = await signToken(signing);
    const outcome = await fetchFromPage(unlistedPage, graphqlUrl(), deleteSeedPersona, {
      authorization: `Bearer ${token}`,
    });

    expect(outcome).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(gateway?.auditRecords()).toEqual([]);
  }, 60_000);

  it('lets the listed page delete as a signed-in user and read the answer and its x-request-id', async () => {
    const token = await signToken(signing, { sub: 'browser-user' });
    const outcome = await fetchFromPage(listedPage, graphqlUrl(), deleteSeedPersona, {
      authorization: `Bearer ${token}`,
      'x-request-id': 'from-the-browser-1',
    });

    expect(outcome).toEqual({
      status: 200,
      requestId: 'from-the-browser-1',
      body: {
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: deletablePersona,
            message: 'Persona deleted successfully',
          },
        },
      },
    });
    expect(gateway?.auditRecords().map(({ client, outcome }) => ({ client, outcome }))).toEqual([
      { client: 'jwt:browser-user', outcome: 'DeletePersonaSuccess' },
    ]);
  }, 60_000);

  it('lets the listed page read a 401 when it sends no JWT', async () => {
    const outcome = await fetchFromPage(listedPage, graphqlUrl(), deleteSeedPersona, {});

    expect(outcome).toEqual({
      status: 401,
      requestId: expect.any(String),
      body: {
        errors: [
          {
            message: 'This gateway needs a bearer token: send Authorization: Bearer <token>.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      },
    });
  }, 60_000);

  it('refuses, at the preflight, a vendor-key header even from the listed page', async () => {
    const token = await signToken(signing);
    const outcome = await fetchFromPage(listedPage, graphqlUrl(), deleteSeedPersona, {
      authorization: `Bearer ${token}`,
      'x-bland-api-key': 'sk-from-a-browser',
    });

    expect(outcome).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(gateway?.auditRecords()).toHaveLength(1);
  }, 60_000);

  it('made no request off loopback', () => {
    expect(requested.length).toBeGreaterThan(0);
    const offLoopback = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !localSchemes.has(protocol) && !loopbackHosts.has(hostname);
    });
    expect(offLoopback).toEqual([]);
  });
});
