import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let bland: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor(
    json(200, { data: { success: true, message: 'Persona deleted successfully' }, errors: null }),
  );
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: 'sk-test' } });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});

it('deletes a persona', async () => {
  const response = await gateway.graphql(deletePersonaMutation, { variables: { id: 'abc' } });
  expect(response.body).toEqual({
    data: {
      deletePersona: {
        __typename: 'DeletePersonaSuccess',
        personaId: 'abc',
        message: 'Persona deleted successfully',
      },
    },
  });
});
