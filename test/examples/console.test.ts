import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustedDocuments } from '../../src/config/trusted-documents.js';
import { type FakeVendor, json, sequence, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { blandDeleteSuccess, blandError } from '../helpers/vendor-bodies.js';
import {
  consoleDir,
  consoleGeneratedDir,
  consoleManifestPath,
  generateConsole,
  runConsoleScript,
} from './console-workspace.js';

/** tsc's diagnostics, one per line, with paths relative to the console. */
const diagnostics = (output: string) =>
  output
    .split('\n')
    .filter((line) => /(^|\s)error TS\d+:/.test(line))
    .map((line) => line.replace(/^.*examples\/console\//, ''));

/** `npm run typecheck -w examples/console`, as a developer runs it. */
const typecheck = () => runConsoleScript('typecheck', ['--pretty', 'false']);

/** Loads one of the console's modules at run time, so the root tsconfig never compiles the console. */
async function loadConsoleModule<Module>(path: string): Promise<Module> {
  return (await import(pathToFileURL(join(consoleDir, path)).href)) as Module;
}

/** The operation each manifest entry holds, e.g. `mutation DeletePersona`. */
function operationsOf(documents: ReadonlyMap<string, string>): string[] {
  return [...documents.values()].map(
    (document) => /(query|mutation) (\w+)/.exec(document)?.slice(1).join(' ') ?? '',
  );
}

describe('examples/console', () => {
  beforeAll(() => generateConsole(), 120_000);

  it('generates a sha256 manifest of its operations that the gateway loads', () => {
    const problems: string[] = [];
    const documents = readTrustedDocuments([consoleManifestPath], problems);
    expect(problems).toEqual([]);
    expect([...documents.keys()].every((key) => /^[0-9a-f]{64}$/.test(key))).toBe(true);
    expect(operationsOf(documents).sort()).toEqual([
      'mutation CreateDisposition',
      'mutation CreatePersona',
      'mutation DeleteDisposition',
      'mutation DeletePersona',
      'mutation DetachPersonaNumbers',
      'mutation UpdateDisposition',
      'mutation UpdatePersona',
      'query Disposition',
      'query Dispositions',
      'query Persona',
      'query Personas',
    ]);
  });

  it('type-checks with npm run typecheck -w examples/console', async () => {
    const result = await typecheck();
    expect(diagnostics(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
  }, 120_000);

  it('fails its typecheck when a switch misses a member: the missing case lands in the never assignment', async () => {
    const page = await readFile(join(consoleDir, 'src/pages/personas-page.tsx'), 'utf8');
    const withoutForbidden = page.replace(/\n {4}case 'ForbiddenError':/, '');
    expect(withoutForbidden).not.toBe(page);
    expect(withoutForbidden).not.toContain("case 'ForbiddenError'");
    // A copy in the generated folder (ignored by git and Biome), a sibling of pages/: only the
    // page's own folder moves.
    const probe = join(consoleGeneratedDir, 'personas-page-missing-a-case.tsx');
    await writeFile(probe, withoutForbidden.replaceAll("from './", "from '../pages/"));
    try {
      const result = await typecheck();
      const errors = diagnostics(result.stdout);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^src\/generated\/personas-page-missing-a-case\.tsx\(\d+,\d+\): error TS2322: Type '\{ __typename: "ForbiddenError";.*' is not assignable to type 'never'\.$/,
      );
      expect(result.code).not.toBe(0);
    } finally {
      await rm(probe, { force: true });
    }
  }, 120_000);

  it('renders a member added to the union later through its ... on Error fields, with Retry when retryable', async () => {
    const { DeletePersonaPayloadView } = await loadConsoleModule<{
      DeletePersonaPayloadView: FunctionComponent<Record<string, unknown>>;
    }>('src/pages/persona-page.tsx');
    // What an old build receives once the gateway answers a member it was not generated for.
    const later = {
      __typename: 'QuotaExceededError',
      message: 'Monthly quota used up',
      vendor: 'BLAND',
      retryable: true,
    };
    const html = renderToStaticMarkup(
      createElement(DeletePersonaPayloadView, {
        payload: later,
        onRetry: () => {},
        onDetachAndDelete: () => {},
        onForceDelete: () => {},
        busy: false,
      }),
    );
    expect(html).toBe(
      '<div class="failure" role="alert" data-member="QuotaExceededError"><strong>QuotaExceededError:</strong> Monthly quota used up <button type="button">Retry</button></div>',
    );
  });

  it.each([
    ['input.imageUrl', 'imageUrl'],
    ['input.objectiveOptions.2.value', 'objectiveOptions'],
    ['input.callConfig.voice', null],
    ['id', null],
    ['inputs.2.name', null],
  ])('marks the control an InvalidInputError path %s names: %s', async (path, control) => {
    const { toInvalidField } = await loadConsoleModule<{
      toInvalidField(path: string, message: string, controls: readonly string[]): unknown;
    }>('src/forms/invalid-field.ts');
    expect(toInvalidField(path, 'is wrong.', ['name', 'imageUrl', 'objectiveOptions'])).toEqual({
      control,
      path,
      message: 'is wrong.',
    });
  });

  it.each([
    ['#/personas?first=2', { page: 'personas', first: 2, after: null }],
    ['#/personas?after=djE6MQ', { page: 'personas', first: 20, after: 'djE6MQ' }],
    ['#/personas/new', { page: 'persona-form', id: null }],
    [
      '#/personas/22222222-2222-4222-8222-222222222222',
      { page: 'persona', id: '22222222-2222-4222-8222-222222222222' },
    ],
    ['#/personas/p_1/edit', { page: 'persona-form', id: 'p_1' }],
    ['#/dispositions?agentId=a-1', { page: 'dispositions', agentId: 'a-1' }],
    ['#/dispositions/new', { page: 'disposition-form', id: null }],
    ['#/dispositions/d-1/edit', { page: 'disposition-form', id: 'd-1' }],
    ['#/nowhere', { page: 'not-found', path: '/nowhere' }],
  ])('reads the hash %s as a route and writes it back', async (hash, route) => {
    const { toRoute, toHref } = await loadConsoleModule<{
      toRoute(hash: string): unknown;
      toHref(route: unknown): string;
    }>('src/routing/route.ts');
    expect(toRoute(hash)).toEqual(route);
    expect(toHref(route)).toBe(hash);
  });

  describe("its client's Idempotency-Keys, against a gateway with trusted documents only", () => {
    const id = '11111111-1111-4111-8111-111111111111';
    let bland: FakeVendor | undefined;
    let gateway: TestGateway | undefined;

    interface ConsoleClient {
      createGatewayClient(url: string): unknown;
    }
    interface UserActions {
      createUserAction(): { keyFor(step: string): string };
    }
    interface Mutations {
      runMutation(
        client: unknown,
        document: unknown,
        variables: Record<string, unknown>,
        key: string,
      ): Promise<{ kind: 'data'; data: { deletePersona: Record<string, unknown> } } | { kind: 'failed' }>;
    }

    beforeAll(async () => {
      const problems: string[] = [];
      bland = await startFakeVendor();
      gateway = await startTestGateway({
        bland: { baseUrl: bland.url, apiKey: 'sk-bland-test' },
        trustedDocuments: readTrustedDocuments([consoleManifestPath], problems),
        trustedDocumentsOnly: true,
        idempotencyRequired: true,
      });
      expect(problems).toEqual([]);
    });
    afterAll(async () => {
      await gateway?.close();
      await bland?.close();
    });

    it('sends the same key on Retry, answered from the record once it succeeded, and a new key per action', async () => {
      bland?.setReply(
        sequence(
          json(429, blandError('RATE_LIMITED', 'Slow down'), { 'retry-after': '3600' }),
          json(200, blandDeleteSuccess),
        ),
      );
      const { createGatewayClient } = await loadConsoleModule<ConsoleClient>(
        'src/gateway/create-gateway-client.ts',
      );
      const { createUserAction } = await loadConsoleModule<UserActions>('src/gateway/user-action.ts');
      const { runMutation } = await loadConsoleModule<Mutations>('src/gateway/run-mutation.ts');
      const { DeletePersonaDocument } = await loadConsoleModule<{ DeletePersonaDocument: unknown }>(
        'src/operations/personas.ts',
      );
      const client = createGatewayClient(`${gateway?.url}/graphql`);
      const deletePersona = (action: { keyFor(step: string): string }) =>
        runMutation(client, DeletePersonaDocument, { id, force: false }, action.keyFor('delete'));

      const action = createUserAction();
      const throttled = await deletePersona(action);
      const retried = await deletePersona(action);
      const retriedAgain = await deletePersona(action);
      const deletes = () => bland?.requests.filter(({ method }) => method === 'DELETE').length;
      expect(deletes()).toBe(2);
      const anotherAction = await deletePersona(createUserAction());

      expect([throttled, retried, retriedAgain]).toEqual([
        {
          kind: 'data',
          data: {
            deletePersona: {
              __typename: 'RateLimitedError',
              message: 'Slow down',
              vendor: 'BLAND',
              vendorCode: 'RATE_LIMITED',
              retryable: true,
              retryAfterSeconds: 3600,
            },
          },
        },
        {
          kind: 'data',
          data: {
            deletePersona: {
              __typename: 'DeletePersonaSuccess',
              personaId: id,
              message: 'Persona deleted successfully',
              confirmedBy: 'VENDOR_ANSWER',
            },
          },
        },
        {
          kind: 'data',
          data: {
            deletePersona: {
              __typename: 'DeletePersonaSuccess',
              personaId: id,
              message: 'Persona deleted successfully',
              confirmedBy: 'VENDOR_ANSWER',
            },
          },
        },
      ]);
      // A new action is a new key: the gateway sends it to the vendor again.
      expect(anotherAction).toEqual(retried);
      expect(deletes()).toBe(3);
    }, 60_000);
  });
});
