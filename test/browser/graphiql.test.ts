import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** Debian's Chromium, which `.ci/run` installs with apt-get; Playwright downloads no browser. */
const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
// In CI a missing browser must fail the run, not quietly drop the test.
const skip = !hasChromium && process.env.CI !== 'true';
if (skip)
  console.info(`Skipping the GraphiQL browser test: ${chromiumPath} is missing (.ci/run installs it).`);

const screenshotPath = fileURLToPath(new URL('../../test-results/graphiql.png', import.meta.url));
const waitMs = 30_000;
const deletablePersona = '11111111-1111-4111-8111-111111111111';
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const localSchemes = new Set(['data:', 'blob:', 'about:']);

/** Every selector here exists in GraphiQL 3 (CodeMirror) and 5 (Monaco). */
const executeButton = '.graphiql-execute-button';
const resultPane = '.graphiql-response';
const queryEditor = '.graphiql-query-editor';

/** An editor's visible text: both editors render spaces as no-break spaces. */
async function editorText(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replaceAll('\u00a0', ' ');
}

/** Clicks Run and returns the gateway's answer to the DeletePersona mutation. */
async function runDeletePersona(page: Page): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (candidate) =>
        new URL(candidate.url()).pathname === '/graphql' &&
        candidate.request().method() === 'POST' &&
        (candidate.request().postData() ?? '').includes('mutation DeletePersona'),
      { timeout: waitMs },
    ),
    page.click(executeButton, { timeout: waitMs }),
  ]);
  return response;
}

describe.skipIf(skip)('GraphiQL in Chromium, on a sandbox gateway', () => {
  let sandbox: Sandbox | undefined;
  let gateway: TestGateway | undefined;
  let userDataDir: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    if (!hasChromium) {
      throw new Error(
        `CI=true but ${chromiumPath} is missing: install Debian's chromium package (.ci/run does).`,
      );
    }
    sandbox = await startSandbox();
    gateway = await startTestGateway({ mode: 'SANDBOX', bland: sandbox.bland, bolna: sandbox.bolna });
    userDataDir = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
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
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${gateway.url}/graphql`, { timeout: waitMs });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await gateway?.close();
    await sandbox?.close();
  });

  it('opens on the DeletePersona tab, whose $id defaults to the deletable seed persona', async () => {
    await page.locator('.graphiql-tab-active', { hasText: 'DeletePersona' }).waitFor({ timeout: waitMs });
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual([
      'DeletePersona',
      'DeleteDisposition',
      'Personas',
      'ResolvePersonaInUse',
      'Dispositions',
      'CreatePersona',
      'CreateDisposition',
      'GatewayInfo',
    ]);
    await expect
      .poll(() => editorText(page, queryEditor), {
        timeout: waitMs,
        message: "the query editor shows the DeletePersona tab's operation",
      })
      .toContain(`$id: ID! = "${deletablePersona}"`);
  }, 90_000);

  it('runs DeletePersona: DeletePersonaSuccess, then PersonaNotFoundError', async () => {
    mkdirSync(dirname(screenshotPath), { recursive: true });
    try {
      const first = await runDeletePersona(page);
      expect(await first.json()).toEqual({
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: deletablePersona,
            message: 'Persona deleted successfully',
            confirmedBy: 'VENDOR_ANSWER',
          },
        },
      });
      await expect
        .poll(() => editorText(page, resultPane), { timeout: waitMs })
        .toContain('"__typename": "DeletePersonaSuccess"');

      const second = await runDeletePersona(page);
      expect(await second.json()).toEqual({
        data: {
          deletePersona: {
            __typename: 'PersonaNotFoundError',
            message: 'Persona not found',
            vendor: 'BLAND',
            vendorCode: 'PERSONA_NOT_FOUND',
            retryable: false,
            personaId: deletablePersona,
          },
        },
      });
      await expect
        .poll(() => editorText(page, resultPane), { timeout: waitMs })
        .toContain('"__typename": "PersonaNotFoundError"');
      expect(await editorText(page, resultPane)).not.toContain('DeletePersonaSuccess');
    } finally {
      // Also on failure: the picture shows what the page showed.
      await page.screenshot({ path: screenshotPath, timeout: waitMs });
    }
  }, 120_000);

  it('made no request off loopback', () => {
    expect(requested.length).toBeGreaterThan(0);
    const offLoopback = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !localSchemes.has(protocol) && !loopbackHosts.has(hostname);
    });
    expect(offLoopback).toEqual([]);
  });
});
