import { readFileSync } from 'node:fs';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const packageVersion: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

/** Never called here; named so the gateway description below is known in full. */
const bolnaBaseUrl = 'http://127.0.0.1:9';

let bland: FakeVendor;
let gateway: TestGateway;
let client: GraphQLClient;
beforeAll(async () => {
  bland = await startFakeVendor();
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: 'sk-test' },
    bolna: { baseUrl: bolnaBaseUrl, apiKey: undefined },
  });
  client = new GraphQLClient(`${gateway.url}/graphql`);
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});

it('deletes a persona, then reports it not found, through graphql-request with variables', async () => {
  const personaId = '12345678-1234-1234-1234-123456789012';
  bland.setReply(
    json(200, { data: { success: true, message: 'Persona deleted successfully' }, errors: null }),
  );

  const first = await client.request(deletePersonaMutation, { id: personaId });

  expect(first).toEqual({
    deletePersona: {
      __typename: 'DeletePersonaSuccess',
      personaId,
      message: 'Persona deleted successfully',
    },
  });

  bland.setReply(
    json(404, {
      data: null,
      errors: [
        { error: 'PERSONA_NOT_FOUND', message: 'Persona not found', details: { persona_id: personaId } },
      ],
    }),
  );

  const second = await client.request(deletePersonaMutation, { id: personaId });

  expect(second).toEqual({
    deletePersona: {
      __typename: 'PersonaNotFoundError',
      message: 'Persona not found',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
      personaId,
    },
  });
  expect(
    bland.requests.map((request) => `${request.method} ${request.url} ${request.headers.authorization}`),
  ).toEqual([
    `DELETE /v1/personas/${personaId}?force=false sk-test`,
    `DELETE /v1/personas/${personaId}?force=false sk-test`,
  ]);
});

it('reads the gateway description through graphql-request', async () => {
  const data = await client.request(`
    query {
      gateway { mode version vendors { vendor baseUrl hasServerKey } }
    }
  `);

  expect(data).toEqual({
    gateway: {
      mode: 'LIVE',
      version: packageVersion,
      vendors: [
        { vendor: 'BLAND', baseUrl: bland.url, hasServerKey: true },
        { vendor: 'BOLNA', baseUrl: bolnaBaseUrl, hasServerKey: false },
      ],
    },
  });
});
