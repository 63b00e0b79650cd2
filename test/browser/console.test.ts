import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustedDocuments } from '../../src/config/trusted-documents.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import {
  consoleManifestPath,
  expectSuccess,
  generateConsole,
  runConsoleScript,
} from '../examples/console-workspace.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** Debian's Chromium, which `.ci/run` installs with apt-get; Playwright downloads no browser. */
const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
// In CI a missing browser must fail the run, not quietly drop the test.
const skip = !hasChromium && process.env.CI !== 'true';
if (skip)
  console.info(`Skipping the console browser test: ${chromiumPath} is missing (.ci/run installs it).`);

const screenshotDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const waitMs = 30_000;
const personaInUse = '22222222-2222-4222-8222-222222222222';
const agent = 'aaaaaaaa-0000-4000-8000-000000000001';
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const localSchemes = new Set(['data:', 'blob:', 'about:']);
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The console's build, served as a static host would: a real HTTP server on 127.0.0.1. */
async function serveStatic(root: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root + sep)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the page sent, as the browser sent it. */
interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

async function toSent(request: Request): Promise<Sent> {
  return {
    url: request.url(),
    method: request.method(),
    headers: await request.allHeaders(),
    body: request.postData(),
  };
}

/** The rows of the table labelled `label`, each as its cells' text (the cells of buttons left out). */
async function tableRows(page: Page, label: string): Promise<string[][]> {
  const rows = page.getByRole('table', { name: label }).locator('tbody tr');
  return rows.evaluateAll((elements) =>
    elements.map((row) =>
      [...row.querySelectorAll<HTMLTableCellElement>('td:not(.actions)')].map((cell) =>
        cell.innerText.trim(),
      ),
    ),
  );
}

/** Each control of the form labelled `label`, by name, with its aria-invalid. */
async function invalidMarks(page: Page, label: string): Promise<Record<string, string | null>> {
  return page
    .getByRole('form', { name: label })
    .locator('input, textarea, select')
    .evaluateAll((controls) =>
      Object.fromEntries(
        controls.map((control) => [control.getAttribute('name'), control.getAttribute('aria-invalid')]),
      ),
    );
}

describe.skipIf(skip)(
  'examples/console in Chromium, against a sandbox gateway with trusted documents only',
  () => {
    let sandbox: Sandbox | undefined;
    let gateway: TestGateway | undefined;
    let site: { origin: string; server: Server } | undefined;
    let buildDir: string | undefined;
    let userDataDir: string | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let manifest: ReadonlyMap<string, string>;
    const sent: Promise<Sent>[] = [];
    const pageErrors: string[] = [];
    let step = 0;

    /** Saves what the page shows now as `test-results/console-<n>-<name>.png`. */
    const screenshot = (name: string) => {
      step += 1;
      return page.screenshot({
        path: join(screenshotDir, `console-${String(step).padStart(2, '0')}-${name}.png`),
        fullPage: true,
        timeout: waitMs,
      });
    };

    beforeAll(async () => {
      if (!hasChromium) {
        throw new Error(
          `CI=true but ${chromiumPath} is missing: install Debian's chromium package (.ci/run does).`,
        );
      }
      await generateConsole();
      const problems: string[] = [];
      manifest = readTrustedDocuments([consoleManifestPath], problems);
      expect(problems).toEqual([]);

      buildDir = mkdtempSync(join(tmpdir(), 'console-build-'));
      site = await serveStatic(buildDir);
      sandbox = await startSandbox();
      gateway = await startTestGateway({
        mode: 'SANDBOX',
        bland: sandbox.bland,
        bolna: sandbox.bolna,
        corsOrigins: [site.origin],
        trustedDocuments: manifest,
        trustedDocumentsOnly: true,
        // A mutation without a key is refused: the console must send one with each.
        idempotencyRequired: true,
      });
      expectSuccess(
        'npm run build -w examples/console',
        await runConsoleScript('build', ['--outDir', buildDir, '--emptyOutDir', '--logLevel', 'warn'], {
          VITE_GATEWAY_URL: `${gateway.url}/graphql`,
        }),
      );

      mkdirSync(screenshotDir, { recursive: true });
      userDataDir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
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
      context.on('request', (request) => sent.push(toSent(request)));
      page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => pageErrors.push(`page: ${error.message}`));
    }, 180_000);

    afterAll(async () => {
      await context?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
      await gateway?.close();
      await sandbox?.close();
      await new Promise<void>((resolve) => (site ? site.server.close(() => resolve()) : resolve()));
      if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    });

    it('lists the personas with their numbers, two to a page', async () => {
      await page.goto(`${site?.origin}/#/personas?first=2`, { timeout: waitMs });
      await page.getByRole('table', { name: 'Personas' }).waitFor({ timeout: waitMs });
      expect(await tableRows(page, 'Personas')).toEqual([
        ['Support Agent', 'Support specialist', 'none'],
        ['Sales Agent', 'Sales representative', '+15551234567, +15551234568'],
      ]);
      await screenshot('personas');

      await page.getByRole('link', { name: 'Next page' }).click({ timeout: waitMs });
      await expect
        .poll(() => tableRows(page, 'Personas'), { timeout: waitMs })
        .toEqual([['No Draft', '', 'none']]);
      expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
      await screenshot('personas-next-page');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it(`opens ${personaInUse} and tries to delete it: PersonaInUseError shows its numbers`, async () => {
      await page.getByRole('link', { name: 'First page' }).click({ timeout: waitMs });
      await page.getByRole('link', { name: 'Sales Agent' }).click({ timeout: waitMs });
      await page.getByRole('heading', { name: 'Sales Agent' }).waitFor({ timeout: waitMs });
      expect(page.url()).toBe(`${site?.origin}/#/personas/${personaInUse}`);
      expect(await page.getByRole('list', { name: 'Numbers' }).locator('li').allInnerTexts()).toEqual([
        '+15551234567 (Main line)',
        '+15551234568',
      ]);

      await page.getByRole('button', { name: 'Delete', exact: true }).click({ timeout: waitMs });
      const inUse = page.locator('[data-member="PersonaInUseError"]');
      await inUse.waitFor({ timeout: waitMs });
      expect(await inUse.getByRole('list', { name: 'Numbers in use' }).locator('li').allInnerTexts()).toEqual(
        ['+15551234567', '+15551234568'],
      );
      expect(await inUse.getByRole('button').allInnerTexts()).toEqual([
        'Detach numbers and delete',
        'Force delete',
      ]);
      await screenshot('persona-in-use');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it("deletes it with 'Detach numbers and delete', and the list no longer has it", async () => {
      await page.getByRole('button', { name: 'Detach numbers and delete' }).click({ timeout: waitMs });
      const deleted = page.locator('[data-member="DeletePersonaSuccess"]');
      await deleted.waitFor({ timeout: waitMs });
      expect(await deleted.innerText()).toBe(
        `Deleted persona ${personaInUse} (confirmed by the vendor): Persona deleted successfully`,
      );
      expect(await page.getByRole('heading', { name: 'Sales Agent' }).count()).toBe(0);
      await screenshot('persona-deleted');

      await page.getByRole('link', { name: '← Personas' }).click({ timeout: waitMs });
      await expect
        .poll(() => tableRows(page, 'Personas'), { timeout: waitMs })
        .toEqual([
          ['Support Agent', 'Support specialist', 'none'],
          ['No Draft', '', 'none'],
        ]);
      await screenshot('personas-after-delete');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('says why a global disposition cannot be deleted: ForbiddenError', async () => {
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Dispositions' })
        .click();
      await page.getByRole('table', { name: 'Own dispositions' }).waitFor({ timeout: waitMs });
      expect(await tableRows(page, 'Own dispositions')).toEqual([
        ['Call Outcome', 'What was the outcome of the call?', 'Sales', 'user_sandbox'],
      ]);

      await page.getByLabel('Agent id').fill(agent);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByRole('table', { name: 'Global dispositions' }).waitFor({ timeout: waitMs });
      expect(await tableRows(page, 'Global dispositions')).toEqual([
        ['Lead Quality', 'How qualified is this lead?', 'Lead Quality', 'bolna'],
      ]);

      await page.getByRole('button', { name: 'Delete Lead Quality' }).click({ timeout: waitMs });
      const forbidden = page.locator('[data-member="ForbiddenError"]');
      await forbidden.waitFor({ timeout: waitMs });
      expect(await forbidden.innerText()).toBe(
        'Not deleted: “Lead Quality” belongs to bolna, and only its owner may delete it. BOLNA said: Only the owner of this disposition can delete it',
      );
      await screenshot('disposition-forbidden');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('marks the input an InvalidInputError names on the create form, then creates the persona', async () => {
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Personas' })
        .click();
      await page.getByRole('link', { name: 'New persona' }).click({ timeout: waitMs });
      const form = page.getByRole('form', { name: 'New persona' });
      await form.waitFor({ timeout: waitMs });
      await form.getByLabel('Name').fill('Night Shift');
      await form.getByLabel('Image URL').fill('ftp://example.com/night.png');
      await form.getByRole('button', { name: 'Create persona' }).click();

      await form.locator('input[name="imageUrl"][aria-invalid="true"]').waitFor({ timeout: waitMs });
      expect(await invalidMarks(page, 'New persona')).toEqual({
        name: 'false',
        role: 'false',
        description: 'false',
        tags: 'false',
        imageUrl: 'true',
        personalityPrompt: 'false',
      });
      expect(await form.locator('#imageUrl-error').innerText()).toBe(
        'input.imageUrl must be an absolute http or https URL.',
      );
      await screenshot('persona-form-invalid');

      await form.getByLabel('Image URL').fill('https://example.com/night.png');
      await form.getByRole('button', { name: 'Create persona' }).click();
      await page.getByRole('heading', { name: 'Night Shift' }).waitFor({ timeout: waitMs });
      expect(page.url()).toMatch(new RegExp(`^${site?.origin}/#/personas/[0-9a-f-]{36}$`));
      await screenshot('persona-created');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('edits a persona, sending only the field that changed', async () => {
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Personas' })
        .click();
      await page.getByRole('link', { name: 'Support Agent' }).click({ timeout: waitMs });
      await page.getByRole('link', { name: 'Edit' }).click({ timeout: waitMs });
      const form = page.getByRole('form', { name: 'Edit persona' });
      await form.waitFor({ timeout: waitMs });
      expect(await form.getByLabel('Role').inputValue()).toBe('Support specialist');
      await form.getByLabel('Role').fill('Night support');
      const [update] = await Promise.all([
        page.waitForRequest((request) => (request.postData() ?? '').includes('"input"'), { timeout: waitMs }),
        form.getByRole('button', { name: 'Save' }).click(),
      ]);
      expect(JSON.parse(update.postData() ?? 'null').variables).toEqual({
        id: '11111111-1111-4111-8111-111111111111',
        input: { role: 'Night support' },
      });
      await page.getByRole('heading', { name: 'Support Agent' }).waitFor({ timeout: waitMs });
      await expect
        .poll(() => page.locator('dt:has-text("Role") + dd').innerText(), { timeout: waitMs })
        .toBe('Night support');
      await screenshot('persona-edited');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('marks the objective options of a disposition that is objective without any', async () => {
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Dispositions' })
        .click();
      await page.getByRole('link', { name: 'New disposition' }).click({ timeout: waitMs });
      const form = page.getByRole('form', { name: 'New disposition' });
      await form.waitFor({ timeout: waitMs });
      await form.getByLabel('Name').fill('Callback Requested');
      await form.getByLabel('Question').fill('Did the caller ask to be called back?');
      await form.getByLabel('Subjective', { exact: true }).uncheck();
      await form.getByLabel('Objective', { exact: true }).check();
      await form.getByRole('button', { name: 'Create disposition' }).click();

      await form
        .locator('textarea[name="objectiveOptions"][aria-invalid="true"]')
        .waitFor({ timeout: waitMs });
      expect(await invalidMarks(page, 'New disposition')).toEqual({
        name: 'false',
        question: 'false',
        category: 'false',
        agentId: 'false',
        isSubjective: 'false',
        subjectiveType: 'false',
        subjectivePattern: 'false',
        isObjective: 'false',
        objectiveOptions: 'true',
      });
      expect(await form.locator('#objectiveOptions-error').innerText()).toBe(
        'input.objectiveOptions must not be empty when isObjective is true.',
      );
      await screenshot('disposition-form-invalid');
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('sent every request to loopback, each GraphQL request as a documentId of the manifest', async () => {
      const requests = await Promise.all(sent);
      expect(requests.length).toBeGreaterThan(0);
      const offLoopback = requests.filter(({ url }) => {
        const { protocol, hostname } = new URL(url);
        return !localSchemes.has(protocol) && !loopbackHosts.has(hostname);
      });
      expect(offLoopback).toEqual([]);

      const graphqlUrl = `${gateway?.url}/graphql`;
      const operations = requests
        .filter(({ url }) => url === graphqlUrl)
        .map(({ method, headers, body }) => {
          const sentBody = JSON.parse(body ?? 'null') as { documentId?: string } & Record<string, unknown>;
          const hash = sentBody.documentId?.replace(/^sha256:/, '') ?? '';
          const document = manifest.get(hash) ?? '';
          const [, type, name] = /(query|mutation) (\w+)/.exec(document) ?? [];
          return {
            method,
            keys: Object.keys(sentBody).sort(),
            documentId: sentBody.documentId,
            inManifest: manifest.has(hash),
            operation: `${type} ${name}`,
            idempotencyKey: headers['idempotency-key'],
          };
        });
      expect(operations.map(({ operation }) => operation)).toEqual([
        'query Personas',
        'query Personas',
        'query Personas',
        'query Persona',
        'mutation DeletePersona',
        'mutation DetachPersonaNumbers',
        'mutation DeletePersona',
        'query Personas',
        'query Dispositions',
        'query Dispositions',
        'mutation DeleteDisposition',
        'query Personas',
        'mutation CreatePersona',
        'mutation CreatePersona',
        'query Persona',
        'query Personas',
        'query Persona',
        'query Persona',
        'mutation UpdatePersona',
        'query Persona',
        'query Dispositions',
        'mutation CreateDisposition',
      ]);
      for (const operation of operations) {
        expect(operation).toEqual({
          method: 'POST',
          keys: ['documentId', 'variables'],
          documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
          inManifest: true,
          operation: operation.operation,
          idempotencyKey: operation.operation.startsWith('mutation')
            ? expect.stringMatching(/^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/)
            : undefined,
        });
      }
      // One key per request: the detach and the delete of one action are two requests, two keys.
      const keys = operations.flatMap(({ idempotencyKey }) => (idempotencyKey ? [idempotencyKey] : []));
      expect(new Set(keys).size).toBe(8);
      expect(pageErrors).toEqual([]);
    });
  },
);
