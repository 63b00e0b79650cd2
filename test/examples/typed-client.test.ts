import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { type CodegenConfig, generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const exampleDir = join(projectRoot, 'examples/typed-client');
const generatedDir = join(exampleDir, 'src/generated');
const schemaPath = join(projectRoot, 'schema.graphql');
const spawnTimeoutMs = 30_000;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only PATH and HOME from ours, so no GATEWAY_URL or GATEWAY_TOKEN of the developer's leaks in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return env;
}

/** Runs a command from the project root to its end, killing it after `spawnTimeoutMs`. Never throws on exit codes. */
function run(command: string, args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: projectRoot,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} ran longer than ${spawnTimeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, spawnTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run <script> -w examples/typed-client [-- args]`, as a developer runs it. */
const runExampleScript = (script: string, args: string[] = []) =>
  run('npm', [
    'run',
    '--silent',
    script,
    '-w',
    'examples/typed-client',
    ...(args.length ? ['--', ...args] : []),
  ]);

/** `npm run typecheck -w examples/typed-client`: tsc over the example's own tsconfig. */
const typecheckExample = () => runExampleScript('typecheck', ['--pretty', 'false']);

/** tsc's diagnostics, one per line, with paths relative to the example. */
const diagnostics = (output: string) =>
  output
    .split('\n')
    .filter((line) => /(^|\s)error TS\d+:/.test(line))
    .map((line) => line.replace(/^.*examples\/typed-client\//, ''));

interface ExampleCodegen {
  default: CodegenConfig;
  createTypedClientConfig(schema: string): CodegenConfig;
}

/** The example's own codegen.ts, loaded at run time so the root tsconfig never compiles the example. */
async function loadExampleCodegen(): Promise<ExampleCodegen> {
  return (await import(pathToFileURL(join(exampleDir, 'codegen.ts')).href)) as ExampleCodegen;
}

/** Empties the generated folder, then generates it from `config`, as `graphql-codegen` would. */
async function generateInto(config: CodegenConfig): Promise<void> {
  await rm(generatedDir, { recursive: true, force: true });
  await generate({ ...config, silent: true }, true);
}

/** Empties the generated folder, then runs `npm run codegen -w examples/typed-client`. */
async function generateWithScript(): Promise<void> {
  await rm(generatedDir, { recursive: true, force: true });
  const result = await runExampleScript('codegen');
  if (result.code !== 0) throw new Error(`npm run codegen failed:\n${result.stdout}${result.stderr}`);
}

describe('examples/typed-client', () => {
  let codegen: ExampleCodegen;

  beforeAll(async () => {
    codegen = await loadExampleCodegen();
    await generateWithScript();
  }, 60_000);

  it('generates types from schema.graphql that the client type-checks against', async () => {
    expect(codegen.default.schema).toBe(schemaPath);
    const generated = await readFile(join(generatedDir, 'graphql.ts'), 'utf8');
    expect(generated).toContain('export type DeletePersonaMutation = ');
    expect(generated).toContain('export type DeleteDispositionMutation = ');
    expect(generated).toContain('export type PersonaQuery = ');
    expect(generated).toContain('export type DetachPersonaNumbersMutation = ');
    for (const write of [
      'CreatePersona',
      'UpdatePersona',
      'PromotePersonaDraft',
      'CreateDisposition',
      'UpdateDisposition',
      'CreateDispositions',
    ]) {
      expect(generated).toContain(`export type ${write}Mutation = `);
    }
    const result = await typecheckExample();
    expect(diagnostics(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
  }, 60_000);

  describe('run against a sandbox gateway', () => {
    let sandbox: Sandbox | undefined;
    let gateway: TestGateway | undefined;
    beforeAll(async () => {
      sandbox = await startSandbox();
      gateway = await startTestGateway({ mode: 'SANDBOX', bland: sandbox.bland, bolna: sandbox.bolna });
    });
    afterAll(async () => {
      await gateway?.close();
      await sandbox?.close();
    });

    it('prints one line per call, each from the member the gateway answered', async () => {
      const result = await runExampleScript('start', [`${gateway?.url}/graphql`]);
      expect(result.stderr).toBe('');
      expect(result.stdout.split('\n').filter((line) => line !== '')).toEqual([
        'deletePersona 11111111-1111-4111-8111-111111111111 -> deleted persona 11111111-1111-4111-8111-111111111111 (VENDOR_ANSWER): Persona deleted successfully',
        'deletePersona 11111111-1111-4111-8111-111111111111 -> persona 11111111-1111-4111-8111-111111111111 not found (BLAND PERSONA_NOT_FOUND)',
        'readPersona 22222222-2222-4222-8222-222222222222 -> persona 22222222-2222-4222-8222-222222222222 "Sales Agent": +15551234567 (Main line), +15551234568; draft version 2',
        'deletePersona 22222222-2222-4222-8222-222222222222 -> persona 22222222-2222-4222-8222-222222222222 is in use by +15551234567, +15551234568: Remove persona from all phone numbers first, or use force=true parameter',
        'detachPersonaNumbers 22222222-2222-4222-8222-222222222222 -> persona 22222222-2222-4222-8222-222222222222 now answers no numbers',
        'deletePersona 22222222-2222-4222-8222-222222222222 -> deleted persona 22222222-2222-4222-8222-222222222222 (VENDOR_ANSWER): Persona deleted successfully',
        'readPersona 22222222-2222-4222-8222-222222222222 -> persona 22222222-2222-4222-8222-222222222222 not found (BLAND PERSONA_NOT_FOUND)',
        'deletePersona ../admin -> invalid id: The id must be letters, digits, "_" and "-".',
        'deleteDisposition 3fa85f64-5717-4562-b3fc-2c963f66afa6 -> deleted disposition 3fa85f64-5717-4562-b3fc-2c963f66afa6: Disposition deleted successfully',
        'deleteDisposition 3fa85f64-5717-4562-b3fc-2c963f66afa6 -> disposition 3fa85f64-5717-4562-b3fc-2c963f66afa6 not found (BOLNA 404)',
        'deleteDisposition 44444444-4444-4444-8444-444444444444 -> forbidden by BOLNA: Only the owner of this disposition can delete it',
        'deleteDisposition not-a-uuid -> invalid id: The id must be a UUID.',
        'deletePersona 99999999-9999-4999-8999-999999999999 (tolerant) -> PersonaNotFoundError: Persona not found',
        'createPersona "Billing Agent" -> created persona "Billing Agent": production version 1, draft version 2',
        'promotePersonaDraft 33333333-3333-4333-8333-333333333333 -> persona 33333333-3333-4333-8333-333333333333 has no draft to promote: Persona has no draft version to promote',
        'updatePersona 33333333-3333-4333-8333-333333333333 -> updated persona 33333333-3333-4333-8333-333333333333 "No Draft": production version 1, draft version 2',
        'promotePersonaDraft 33333333-3333-4333-8333-333333333333 -> promoted persona 33333333-3333-4333-8333-333333333333 "No Draft": production version 3, draft version 2',
        'createPersona "" -> invalid input.name: input.name must not be empty.',
        'createDisposition "Callback Requested" -> created a disposition (Bolna can take a few seconds to find it): Disposition created successfully',
        'updateDisposition 55555555-5555-4555-8555-555555555555 for agent aaaaaaaa-0000-4000-8000-000000000002 -> left disposition 55555555-5555-4555-8555-555555555555 to its other agents and made a copy with the edit: Disposition copy created and linked to agent',
        'createDispositions for agent aaaaaaaa-0000-4000-8000-000000000001 -> created 2 dispositions: Dispositions created successfully',
      ]);
      expect(result.code).toBe(0);
    }, 60_000);
  });

  describe('a normalized cache reads union members through ... on Error with the generated possibleTypes', () => {
    let sandbox: Sandbox | undefined;
    let gateway: TestGateway | undefined;
    beforeAll(async () => {
      sandbox = await startSandbox();
      gateway = await startTestGateway({ mode: 'SANDBOX', bland: sandbox.bland, bolna: sandbox.bolna });
    });
    afterAll(async () => {
      await gateway?.close();
      await sandbox?.close();
    });

    const query = gql`
      query MissingPersona($id: ID!) {
        persona(id: $id) {
          __typename
          ... on Persona { id name }
          ... on PersonaNotFoundError { personaId }
          ... on Error { message vendor vendorCode retryable }
        }
      }
    `;
    const variables = { id: '99999999-9999-4999-8999-999999999999' };
    const notFound = {
      __typename: 'PersonaNotFoundError',
      personaId: variables.id,
      message: 'Persona not found',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
    };

    async function queryThroughCache(cache: InMemoryCache) {
      const client = new ApolloClient({ cache, link: new HttpLink({ uri: `${gateway?.url}/graphql` }) });
      const result = await client.query({ query, variables, fetchPolicy: 'network-only' });
      return { answered: result.data, cached: client.readQuery({ query, variables }) };
    }

    it('returns every field of the ... on Error selection from InMemoryCache', async () => {
      const { default: generated } = (await import(
        pathToFileURL(join(generatedDir, 'possible-types.ts')).href
      )) as { default: { possibleTypes: Record<string, string[]> } };
      expect(generated.possibleTypes.Error).toContain('PersonaNotFoundError');
      expect(generated.possibleTypes.PersonaResult).toEqual(
        expect.arrayContaining(['Persona', 'PersonaNotFoundError', 'UpstreamError']),
      );

      const { answered, cached } = await queryThroughCache(
        new InMemoryCache({ possibleTypes: generated.possibleTypes }),
      );

      expect(answered).toEqual({ persona: notFound });
      expect(cached).toEqual({ persona: notFound });
    }, 60_000);

    it('loses those fields without possibleTypes: the cache cannot tell the member implements Error', async () => {
      // Apollo warns about the missing possibleTypes entry; that warning is the point here.
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { cached } = await queryThroughCache(new InMemoryCache());

      expect(cached).toEqual({ persona: { __typename: 'PersonaNotFoundError', personaId: variables.id } });
      warn.mockRestore();
      error.mockRestore();
    }, 60_000);

    it('generates the introspection urql Graphcache takes as its schema', async () => {
      const introspection = JSON.parse(await readFile(join(generatedDir, 'schema.json'), 'utf8')) as {
        __schema: { types: { name: string; kind: string; possibleTypes?: { name: string }[] | null }[] };
      };
      const errorInterface = introspection.__schema.types.find(({ name }) => name === 'Error');
      expect(errorInterface?.kind).toBe('INTERFACE');
      expect(errorInterface?.possibleTypes?.map(({ name }) => name)).toContain('PersonaNotFoundError');
    });
  });
  it('fails tsc when a write switch misses a member: NoDraftVersionError lands in the never assignment', async () => {
    const writes = await readFile(join(exampleDir, 'src/write-client.ts'), 'utf8');
    const withoutNoDraft = writes.replace(/\n {4}case 'NoDraftVersionError':\n[^\n]*/, '');
    expect(withoutNoDraft).not.toBe(writes);
    const probe = join(generatedDir, 'write-client-missing-a-case.ts');
    await writeFile(probe, withoutNoDraft.replaceAll("from './", "from '../"));
    try {
      const result = await typecheckExample();
      const errors = diagnostics(result.stdout);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^src\/generated\/write-client-missing-a-case\.ts\(\d+,\d+\): error TS2322: Type '\{ __typename: "NoDraftVersionError";.*' is not assignable to type 'never'\.$/,
      );
      expect(result.code).not.toBe(0);
    } finally {
      await rm(probe, { force: true });
    }
  }, 60_000);

  it('fails tsc when a switch misses a member: the missing case lands in the never assignment', async () => {
    const client = await readFile(join(exampleDir, 'src/client.ts'), 'utf8');
    const withoutInUse = client.replace(/\n {4}case 'PersonaInUseError':\n[^\n]*/, '');
    expect(withoutInUse).not.toBe(client);
    expect(withoutInUse).not.toContain("case 'PersonaInUseError'");
    // A copy one folder down (in the generated folder: ignored by git and Biome), imports adjusted.
    const probe = join(generatedDir, 'client-missing-a-case.ts');
    await writeFile(probe, withoutInUse.replaceAll("from './", "from '../"));
    try {
      const result = await typecheckExample();
      const errors = diagnostics(result.stdout);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^src\/generated\/client-missing-a-case\.ts\(\d+,\d+\): error TS2322: Type '\{ __typename: "PersonaInUseError";.*' is not assignable to type 'never'\.$/,
      );
      expect(result.code).not.toBe(0);
    } finally {
      await rm(probe, { force: true });
    }
  }, 60_000);

  it('fails tsc when the schema gains a union member, and the tolerant style still compiles', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    const unionLine = /^union DeletePersonaPayload = .*$/m;
    expect(schema).toMatch(unionLine);
    const extended = `${schema.replace(unionLine, '$& | QuotaExceededError')}
type QuotaExceededError implements Error {
  message: String!
  retryable: Boolean!
  vendor: Vendor!
  vendorCode: String
  resetsAt: String
}
`;
    const folder = await mkdtemp(join(tmpdir(), 'typed-client-schema-'));
    try {
      const extendedPath = join(folder, 'schema.graphql');
      await writeFile(extendedPath, extended);
      await generateInto(codegen.createTypedClientConfig(extendedPath));
      const result = await typecheckExample();
      const errors = diagnostics(result.stdout);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^src\/client\.ts\(\d+,\d+\): error TS2322: Type '\{ __typename: "QuotaExceededError";.*' is not assignable to type 'never'\.$/,
      );
      expect(result.code).not.toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await generateWithScript();
    }
  }, 60_000);
});
