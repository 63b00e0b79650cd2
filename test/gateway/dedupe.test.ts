import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, type Reply, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const blandKey = 'sk-dedupe-bland-key';
const bolnaKey = 'bn-dedupe-bolna-key';

const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';
const blandInUseBody =
  '{"data":null,"errors":[{"error":"PERSONA_IN_USE","message":"Cannot delete persona that is currently in use by phone numbers","details":{"persona_id":"12345678-1234-1234-1234-123456789012","phone_numbers_using":["+15551234567","+15551234568"],"suggestion":"Remove persona from all phone numbers first, or use force=true parameter"}}]}';

const dispositionA = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const dispositionB = '44444444-4444-4444-8444-444444444444';

/** Every field of every member of DeletePersonaPayload. */
const personaFields = `
  __typename
  ... on DeletePersonaSuccess { personaId message }
  ... on PersonaNotFoundError { personaId }
  ... on PersonaInUseError { personaId phoneNumbers suggestion }
  ... on Error { message vendor vendorCode retryable }
  ... on InvalidInputError { field }
  ... on RateLimitedError { retryAfterSeconds }
  ... on UpstreamError { reason status }
`;

/** Every field of every member of DeleteDispositionPayload. */
const dispositionFields = `
  __typename
  ... on DeleteDispositionSuccess { dispositionId message }
  ... on DispositionNotFoundError { dispositionId }
  ... on Error { message vendor vendorCode retryable }
  ... on InvalidInputError { field }
  ... on RateLimitedError { retryAfterSeconds }
  ... on UpstreamError { reason status }
`;

let bland: FakeVendor;
let bolna: FakeVendor;
let gateway: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  bolna = await startFakeVendor(json(404, { error: 404, message: 'Disposition not found' }));
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: blandKey },
    bolna: { baseUrl: bolna.url, apiKey: bolnaKey },
    upstreamTimeoutMs: 2000,
  });
});

afterAll(async () => {
  await gateway.close();
  await bland.close();
  await bolna.close();
});

beforeEach(() => {
  bland.requests.length = 0;
  bolna.requests.length = 0;
});

function received(vendor: FakeVendor): { method: string; url: string; authorization: string | undefined }[] {
  return vendor.requests.map(({ method, url, headers }) => ({
    method,
    url,
    authorization: headers.authorization,
  }));
}

function blandCall(id: string, force: boolean) {
  return { method: 'DELETE', url: `/v1/personas/${id}?force=${force}`, authorization: blandKey };
}

function bolnaCall(id: string) {
  return { method: 'DELETE', url: `/dispositions/${id}`, authorization: `Bearer ${bolnaKey}` };
}

/** Bolna's success body for whatever id the request names. */
function bolnaDeletesAny(): Reply {
  return (request, response) => {
    const id = (request.url ?? '').split('/').pop() ?? '';
    json(200, { message: 'Disposition deleted successfully', id })(request, response);
  };
}

/** Bland answers PERSONA_IN_USE unless force=true, as it does for a persona phone numbers use. */
function blandInUseUnlessForced(): Reply {
  return (request, response) => {
    const forced = (request.url ?? '').endsWith('?force=true');
    json(forced ? 200 : 409, forced ? blandSuccessBody : blandInUseBody)(request, response);
  };
}

function personaSuccess(personaId: string) {
  return { __typename: 'DeletePersonaSuccess', personaId, message: 'Persona deleted successfully' };
}

function personaInUse(personaId: string) {
  return {
    __typename: 'PersonaInUseError',
    message: 'Cannot delete persona that is currently in use by phone numbers',
    vendor: 'BLAND',
    vendorCode: 'PERSONA_IN_USE',
    retryable: false,
    personaId,
    phoneNumbers: ['+15551234567', '+15551234568'],
    suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
  };
}

function dispositionSuccess(dispositionId: string) {
  return {
    __typename: 'DeleteDispositionSuccess',
    dispositionId,
    message: 'Disposition deleted successfully',
  };
}

describe('deletePersona', () => {
  it('reaches Bland once when the same delete is asked twice through aliases, and both fields get its payload', async () => {
    bland.setReply(json(200, blandSuccessBody));

    const response = await gateway.graphql(
      `mutation Twice($id: ID!) {
        first: deletePersona(id: $id) { ${personaFields} }
        second: deletePersona(id: $id) { ${personaFields} }
      }`,
      { variables: { id: 'persona-a' } },
    );

    expect(response.body).toEqual({
      data: { first: personaSuccess('persona-a'), second: personaSuccess('persona-a') },
    });
    expect(received(bland)).toEqual([blandCall('persona-a', false)]);
  });

  it('treats the default force and an explicit force: false as the same delete', async () => {
    bland.setReply(json(200, blandSuccessBody));

    const response = await gateway.graphql(
      `mutation Twice($id: ID!) {
        first: deletePersona(id: $id) { ${personaFields} }
        second: deletePersona(id: $id, force: false) { ${personaFields} }
      }`,
      { variables: { id: 'persona-a' } },
    );

    expect(response.body).toEqual({
      data: { first: personaSuccess('persona-a'), second: personaSuccess('persona-a') },
    });
    expect(received(bland)).toEqual([blandCall('persona-a', false)]);
  });

  it('reaches Bland once for a repeated delete that fails, and both fields get the same error', async () => {
    bland.setReply(json(409, blandInUseBody));

    const response = await gateway.graphql(
      `mutation Twice($id: ID!) {
        first: deletePersona(id: $id) { ${personaFields} }
        second: deletePersona(id: $id) { ${personaFields} }
      }`,
      { variables: { id: 'persona-in-use' } },
    );

    expect(response.body).toEqual({
      data: { first: personaInUse('persona-in-use'), second: personaInUse('persona-in-use') },
    });
    expect(received(bland)).toEqual([blandCall('persona-in-use', false)]);
  });

  it('calls Bland twice for the same id with different force values, each field getting its own answer', async () => {
    bland.setReply(blandInUseUnlessForced());

    const response = await gateway.graphql(
      `mutation Both($id: ID!) {
        gentle: deletePersona(id: $id, force: false) { ${personaFields} }
        forced: deletePersona(id: $id, force: true) { ${personaFields} }
      }`,
      { variables: { id: 'persona-in-use' } },
    );

    expect(response.body).toEqual({
      data: { gentle: personaInUse('persona-in-use'), forced: personaSuccess('persona-in-use') },
    });
    expect(received(bland)).toEqual([blandCall('persona-in-use', false), blandCall('persona-in-use', true)]);
  });

  it('calls Bland once per id for different ids in one operation', async () => {
    bland.setReply(json(200, blandSuccessBody));

    const response = await gateway.graphql(
      `mutation Two($a: ID!, $b: ID!) {
        a: deletePersona(id: $a) { ${personaFields} }
        b: deletePersona(id: $b) { ${personaFields} }
      }`,
      { variables: { a: 'persona-a', b: 'persona-b' } },
    );

    expect(response.body).toEqual({
      data: { a: personaSuccess('persona-a'), b: personaSuccess('persona-b') },
    });
    expect(received(bland)).toEqual([blandCall('persona-a', false), blandCall('persona-b', false)]);
  });

  it('reaches Bland again for the same delete in a second HTTP request', async () => {
    bland.setReply(json(200, blandSuccessBody));
    const operation = `mutation Once($id: ID!) { deletePersona(id: $id) { ${personaFields} } }`;

    const first = await gateway.graphql(operation, { variables: { id: 'persona-a' } });
    const second = await gateway.graphql(operation, { variables: { id: 'persona-a' } });

    expect(first.body).toEqual({ data: { deletePersona: personaSuccess('persona-a') } });
    expect(second.body).toEqual({ data: { deletePersona: personaSuccess('persona-a') } });
    expect(received(bland)).toEqual([blandCall('persona-a', false), blandCall('persona-a', false)]);
  });
});

describe('deleteDisposition', () => {
  it('reaches Bolna once when the same delete is asked twice through aliases, and both fields get its payload', async () => {
    bolna.setReply(bolnaDeletesAny());

    const response = await gateway.graphql(
      `mutation Twice($id: ID!) {
        first: deleteDisposition(id: $id) { ${dispositionFields} }
        second: deleteDisposition(id: $id) { ${dispositionFields} }
      }`,
      { variables: { id: dispositionA } },
    );

    expect(response.body).toEqual({
      data: { first: dispositionSuccess(dispositionA), second: dispositionSuccess(dispositionA) },
    });
    expect(received(bolna)).toEqual([bolnaCall(dispositionA)]);
  });

  it('reaches Bolna once for a repeated delete that fails, and both fields get the same error', async () => {
    bolna.setReply(json(404, { error: 404, message: 'Disposition not found' }));

    const response = await gateway.graphql(
      `mutation Twice($id: ID!) {
        first: deleteDisposition(id: $id) { ${dispositionFields} }
        second: deleteDisposition(id: $id) { ${dispositionFields} }
      }`,
      { variables: { id: dispositionB } },
    );

    const notFound = {
      __typename: 'DispositionNotFoundError',
      message: 'Disposition not found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId: dispositionB,
    };
    expect(response.body).toEqual({ data: { first: notFound, second: notFound } });
    expect(received(bolna)).toEqual([bolnaCall(dispositionB)]);
  });

  it('calls Bolna once per id for different ids in one operation', async () => {
    bolna.setReply(bolnaDeletesAny());

    const response = await gateway.graphql(
      `mutation Two($a: ID!, $b: ID!) {
        a: deleteDisposition(id: $a) { ${dispositionFields} }
        b: deleteDisposition(id: $b) { ${dispositionFields} }
      }`,
      { variables: { a: dispositionA, b: dispositionB } },
    );

    expect(response.body).toEqual({
      data: { a: dispositionSuccess(dispositionA), b: dispositionSuccess(dispositionB) },
    });
    expect(received(bolna)).toEqual([bolnaCall(dispositionA), bolnaCall(dispositionB)]);
  });

  it('reaches Bolna again for the same delete in a second HTTP request', async () => {
    bolna.setReply(bolnaDeletesAny());
    const operation = `mutation Once($id: ID!) { deleteDisposition(id: $id) { ${dispositionFields} } }`;

    const first = await gateway.graphql(operation, { variables: { id: dispositionA } });
    const second = await gateway.graphql(operation, { variables: { id: dispositionA } });

    expect(first.body).toEqual({ data: { deleteDisposition: dispositionSuccess(dispositionA) } });
    expect(second.body).toEqual({ data: { deleteDisposition: dispositionSuccess(dispositionA) } });
    expect(received(bolna)).toEqual([bolnaCall(dispositionA), bolnaCall(dispositionA)]);
  });
});

describe('both vendors in one operation', () => {
  it('reaches each vendor once when a persona and a disposition are each deleted twice', async () => {
    bland.setReply(json(200, blandSuccessBody));
    bolna.setReply(bolnaDeletesAny());

    const response = await gateway.graphql(
      `mutation Mixed($persona: ID!, $disposition: ID!) {
        p1: deletePersona(id: $persona) { ${personaFields} }
        d1: deleteDisposition(id: $disposition) { ${dispositionFields} }
        p2: deletePersona(id: $persona) { ${personaFields} }
        d2: deleteDisposition(id: $disposition) { ${dispositionFields} }
      }`,
      { variables: { persona: 'persona-a', disposition: dispositionA } },
    );

    expect(response.body).toEqual({
      data: {
        p1: personaSuccess('persona-a'),
        d1: dispositionSuccess(dispositionA),
        p2: personaSuccess('persona-a'),
        d2: dispositionSuccess(dispositionA),
      },
    });
    expect(received(bland)).toEqual([blandCall('persona-a', false)]);
    expect(received(bolna)).toEqual([bolnaCall(dispositionA)]);
  });
});
