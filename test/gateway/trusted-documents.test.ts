import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadStartup } from '../../src/config/load-startup.js';
import type { TrustedDocuments } from '../../src/config/trusted-documents.js';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const schemaPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';

/** The web app's operations, as a frontend keeps them. */
const webOperations = `
query GatewayMode {
  gateway { mode }
}

mutation DeletePersona($id: ID!) {
  deletePersona(id: $id) {
    __typename
    ... on DeletePersonaSuccess { personaId message }
  }
}
`;
/** The previous release's bundle, whose ids browsers still send: another manifest, keyed by sha1. */
const previousOperations = `
query GatewayVersion {
  gateway { version }
}
`;

const notInList = {
  status: 400,
  body: {
    errors: [
      {
        message: 'This documentId is not one of the trusted documents.',
        extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
      },
    ],
  },
};
const idRequired = {
  status: 400,
  body: {
    errors: [
      {
        message: 'This gateway runs trusted documents only: send a documentId instead of the document text.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' },
      },
    ],
  },
};

/**
 * Runs GraphQL Code Generator's client preset with persisted documents over `operations`, as a
 * frontend build does, and returns the path of the persisted-documents.json it writes.
 */
async function generateManifest(
  folder: string,
  name: string,
  operations: string,
  hashAlgorithm: 'sha1' | 'sha256',
): Promise<string> {
  const documents = join(folder, `${name}.graphql`);
  await writeFile(documents, operations);
  const output = join(folder, `${name}-gql/`);
  await generate(
    {
      schema: schemaPath,
      documents: [documents],
      silent: true,
      generates: { [output]: { preset: 'client', presetConfig: { persistedDocuments: { hashAlgorithm } } } },
    },
    true,
  );
  return join(output, 'persisted-documents.json');
}

/** The manifest's id for the operation named `name`. */
async function idOf(manifestPath: string, name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, string>;
  const entry = Object.entries(manifest).find(([, document]) => document.includes(` ${name}`));
  if (!entry) throw new Error(`${name} is not in ${manifestPath}`);
  return entry[0];
}

let folder: string;
let bland: FakeVendor;
let trustedDocuments: TrustedDocuments;
let webManifest: string;
let previousManifest: string;
let modeId: string;
let deleteId: string;
let versionSha1: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'trusted-documents-gateway-'));
  webManifest = await generateManifest(folder, 'web', webOperations, 'sha256');
  previousManifest = await generateManifest(folder, 'previous', previousOperations, 'sha1');
  modeId = await idOf(webManifest, 'GatewayMode');
  deleteId = await idOf(webManifest, 'DeletePersona');
  versionSha1 = await idOf(previousManifest, 'GatewayVersion');
  const startup = loadStartup({ TRUSTED_DOCUMENTS_FILE: `${webManifest},${previousManifest}` });
  if (!startup.trustedDocuments) throw new Error('loadStartup read no trusted documents');
  trustedDocuments = startup.trustedDocuments;
  bland = await startFakeVendor(json(200, blandSuccessBody));
}, 60_000);
afterAll(async () => {
  await bland?.close();
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => {
  bland.requests.length = 0;
});

async function post(
  gateway: TestGateway,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function get(gateway: TestGateway, search: string) {
  const response = await fetch(`${gateway.url}/graphql?${search}`, {
    headers: { accept: 'application/graphql-response+json' },
  });
  return { status: response.status, body: await response.json() };
}

const liveMode = { status: 200, body: { data: { gateway: { mode: 'LIVE' } } } };

describe('with the manifests of two releases, document text still allowed', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: 'sk-trusted-bland-key' },
      trustedDocuments,
      trustedDocumentsOnly: false,
    });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('merges both manifests, each id checked against its document', () => {
    expect([...trustedDocuments.keys()].sort()).toEqual([modeId, deleteId, versionSha1].sort());
    expect([modeId.length, deleteId.length, versionSha1.length]).toEqual([64, 64, 40]);
  });

  it.each([
    ['a bare sha256 id', () => modeId],
    ['a sha256: id', () => `sha256:${modeId}`],
  ])('runs the document of %s sent as documentId in a POST body', async (_case, id) => {
    expect(await post(gateway, { documentId: id() })).toEqual(liveMode);
  });

  it("runs a sha1 id from the previous release's manifest", async () => {
    expect(await post(gateway, { documentId: versionSha1 })).toEqual({
      status: 200,
      body: { data: { gateway: { version: expect.any(String) } } },
    });
  });

  it('runs a documentId sent over GET, which Yoga itself does not read', async () => {
    expect(await get(gateway, `documentId=${encodeURIComponent(`sha256:${modeId}`)}`)).toEqual(liveMode);
  });

  it("runs Apollo's extensions.persistedQuery.sha256Hash", async () => {
    expect(
      await post(gateway, { extensions: { persistedQuery: { version: 1, sha256Hash: modeId } } }),
    ).toEqual(liveMode);
  });

  it('runs a mutation by id with its variables, and calls the vendor once', async () => {
    expect(await post(gateway, { documentId: deleteId, variables: { id: 'by-id' } })).toEqual({
      status: 200,
      body: {
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: 'by-id',
            message: 'Persona deleted successfully',
          },
        },
      },
    });
    expect(bland.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'DELETE /v1/personas/by-id?force=false',
    ]);
  });

  it('never runs a mutation by id over GET (405)', async () => {
    const response = await get(
      gateway,
      `documentId=${deleteId}&variables=${encodeURIComponent('{"id":"x"}')}`,
    );

    expect(response.status).toBe(405);
    expect(bland.requests).toEqual([]);
  });

  it.each([
    ['an unknown id', () => 'f'.repeat(64)],
    ['an unknown sha256: id', () => `sha256:${'0'.repeat(64)}`],
    ['a sha1 key behind the sha256: prefix, which promises a sha256', () => `sha256:${versionSha1}`],
    ['an id of another shape', () => 'GatewayMode'],
  ])('answers %s with 400 PERSISTED_QUERY_NOT_IN_LIST', async (_case, id) => {
    expect(await post(gateway, { documentId: id() })).toEqual(notInList);
  });

  it("answers a sha1 key sent as Apollo's sha256Hash with 400 PERSISTED_QUERY_NOT_IN_LIST", async () => {
    expect(
      await post(gateway, { extensions: { persistedQuery: { version: 1, sha256Hash: versionSha1 } } }),
    ).toEqual(notInList);
  });

  it('answers an unknown id over GET with 400 PERSISTED_QUERY_NOT_IN_LIST', async () => {
    expect(await get(gateway, `documentId=sha256:${'1'.repeat(64)}`)).toEqual(notInList);
  });

  it('still runs document text', async () => {
    expect(await post(gateway, { query: '{ gateway { mode } }' })).toEqual(liveMode);
  });

  it('answers a request with neither text nor id with 400', async () => {
    expect(await post(gateway, { variables: {} })).toEqual({
      status: 400,
      body: { errors: [{ message: 'Send a query or a documentId.', extensions: { code: 'BAD_REQUEST' } }] },
    });
  });
});

describe('with TRUSTED_DOCUMENTS_ONLY', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: 'sk-trusted-bland-key' },
      trustedDocuments,
      trustedDocumentsOnly: true,
      gatewayTokens: ['trusted-documents-token-0123'],
    });
  });
  afterAll(async () => {
    await gateway.close();
  });
  const authorized = { authorization: 'Bearer trusted-documents-token-0123' };

  it('runs a trusted document by id', async () => {
    expect(await post(gateway, { documentId: `sha256:${modeId}` }, authorized)).toEqual(liveMode);
  });

  it.each<[string, () => Record<string, unknown>]>([
    ['document text', () => ({ query: '{ gateway { mode } }' })],
    ['the text of a trusted document', () => ({ query: trustedDocuments.get(modeId) })],
    ['text beside a trusted id', () => ({ query: '{ gateway { version } }', documentId: modeId })],
    ['neither text nor id', () => ({ variables: {} })],
  ])('refuses %s with 400 PERSISTED_QUERY_ID_REQUIRED and runs nothing', async (_case, body) => {
    expect(await post(gateway, body(), authorized)).toEqual(idRequired);
  });

  it('refuses document text over GET too', async () => {
    expect(await get(gateway, `query=${encodeURIComponent('{ gateway { mode } }')}`)).toEqual({
      status: 401,
      body: expect.anything(),
    });
    const response = await fetch(
      `${gateway.url}/graphql?query=${encodeURIComponent('{ gateway { mode } }')}`,
      {
        headers: { ...authorized, accept: 'application/graphql-response+json' },
      },
    );
    expect({ status: response.status, body: await response.json() }).toEqual(idRequired);
  });

  it('refuses a mutation sent as text before any vendor call', async () => {
    const mutation = trustedDocuments.get(deleteId);
    expect(await post(gateway, { query: mutation, variables: { id: 'as-text' } }, authorized)).toEqual(
      idRequired,
    );
    expect(bland.requests).toEqual([]);
  });

  it('asks for the token before it looks an id up: 401, not 400', async () => {
    const response = await post(gateway, { documentId: 'f'.repeat(64) });

    expect(response.status).toBe(401);
  });
});
