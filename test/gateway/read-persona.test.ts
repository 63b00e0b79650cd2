import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  hang,
  json,
  resetAfterRequest,
  sequence,
  startFakeVendor,
} from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  blandData,
  blandError,
  blandNotFound,
  blandPersonaWire,
  errorFields,
  personaFields,
  personaPayload,
} from '../helpers/vendor-bodies.js';

const serverKey = 'sk-read-persona-key';
const personaId = '11111111-1111-4111-8111-111111111111';

const personaQuery = `query Persona($id: ID!) {
  persona(id: $id) {
    __typename
    ... on Persona { ${personaFields} }
    ... on PersonaNotFoundError { personaId }
    ${errorFields}
  }
}`;

let bland: FakeVendor;
let gateway: TestGateway;
/** Holds no key. */
let keyless: TestGateway;
/** Retries twice, as by default. */
let retrying: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor();
  const options = { bland: { baseUrl: bland.url, apiKey: serverKey }, upstreamTimeoutMs: 300 };
  gateway = await startTestGateway(options);
  keyless = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: undefined } });
  retrying = await startTestGateway({ ...options, upstreamRetries: 2 });
});
afterAll(async () => {
  await Promise.all([gateway.close(), keyless.close(), retrying.close()]);
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
});

async function readPersona(target: TestGateway, id = personaId, headers?: Record<string, string>) {
  const response = await target.graphql(personaQuery, { variables: { id }, ...(headers ? { headers } : {}) });
  expect(response.status).toBe(200);
  return response.body.data?.persona;
}

const requests = () => bland.requests.map(({ method, url }) => `${method} ${url}`);

describe('persona(id): Persona', () => {
  it('answers every field of the persona object of Bland, with one GET carrying the key and the request id', async () => {
    bland.setReply(json(200, blandData(blandPersonaWire(personaId))));

    const response = await gateway.graphql(personaQuery, {
      variables: { id: personaId },
      headers: { 'x-request-id': 'read-1' },
    });

    expect(response.body).toEqual({ data: { persona: personaPayload(personaId) } });
    expect(
      bland.requests.map(({ method, url, headers }) => [
        method,
        url,
        headers.authorization,
        headers['x-request-id'],
      ]),
    ).toEqual([['GET', `/v1/personas/${personaId}`, serverKey, 'read-1']]);
  });

  it('reads a timestamp without an offset as UTC, and an unknown version type as OTHER', async () => {
    bland.setReply(
      json(
        200,
        blandData(
          blandPersonaWire(personaId, {
            created_at: '2025-09-23T15:13:36.348',
            updated_at: '2025-09-23 15:13:36.412123',
            current_draft_version: null,
            current_production_version: {
              ...(blandPersonaWire(personaId).current_production_version as object),
              version_type: 'canary',
            },
          }),
        ),
      ),
    );

    const persona = await readPersona(gateway);

    expect(persona).toEqual(
      personaPayload(personaId, {
        createdAt: '2025-09-23T15:13:36.348Z',
        updatedAt: '2025-09-23T15:13:36.412Z',
        draftVersion: null,
        productionVersion: { ...(personaPayload(personaId).productionVersion as object), type: 'OTHER' },
      }),
    );
  });

  it('reads a persona without numbers, versions or tags as empty and null', async () => {
    bland.setReply(
      json(
        200,
        blandData(
          blandPersonaWire(personaId, {
            inbound_numbers: undefined,
            tags: null,
            current_production_version: null,
            current_draft_version: null,
            role: 'Support',
            description: 'Answers support calls',
            image_url: 'https://example.com/a.png',
          }),
        ),
      ),
    );

    expect(await readPersona(gateway)).toEqual(
      personaPayload(personaId, {
        inboundNumbers: [],
        tags: [],
        productionVersion: null,
        draftVersion: null,
        role: 'Support',
        description: 'Answers support calls',
        imageUrl: 'https://example.com/a.png',
      }),
    );
  });

  it('asks Bland once for the same persona asked for by several aliased fields', async () => {
    bland.setReply(json(200, blandData(blandPersonaWire(personaId))));

    const response = await gateway.graphql(`query {
      a: persona(id: "${personaId}") { ... on Persona { name } }
      b: persona(id: "${personaId}") { ... on Persona { id } }
      c: persona(id: "other-persona") { __typename }
    }`);

    expect(response.body.data).toEqual({
      a: { name: 'Blandie' },
      b: { id: personaId },
      c: { __typename: 'Persona' },
    });
    expect(requests().sort()).toEqual([`GET /v1/personas/${personaId}`, 'GET /v1/personas/other-persona']);
  });
});

describe('persona(id): every error member', () => {
  it('answers PersonaNotFoundError for PERSONA_NOT_FOUND, with the asked id', async () => {
    bland.setReply(json(404, blandNotFound('12345678-1234-1234-1234-123456789012')));

    expect(await readPersona(gateway)).toEqual({
      __typename: 'PersonaNotFoundError',
      message: 'Persona not found',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
      personaId,
    });
  });

  it('answers PersonaNotFoundError for a persona whose deleted_at is set', async () => {
    bland.setReply(json(200, blandData(blandPersonaWire(personaId, { deleted_at: '2025-10-01T00:00:00Z' }))));

    expect(await readPersona(gateway)).toEqual({
      __typename: 'PersonaNotFoundError',
      message: 'Persona not found: Bland marks it deleted.',
      vendor: 'BLAND',
      vendorCode: '200',
      retryable: false,
      personaId,
    });
  });

  it('answers InvalidInputError for a bad id before the credential check, with no call', async () => {
    expect(await readPersona(keyless, 'not/a persona')).toEqual({
      __typename: 'InvalidInputError',
      message: 'The id must be letters, digits, "_" and "-".',
      vendor: 'BLAND',
      vendorCode: null,
      retryable: false,
      field: 'id',
    });
    expect(bland.requests).toEqual([]);
  });

  it('answers UnauthenticatedError with no call when no key is held or sent', async () => {
    expect(await readPersona(keyless)).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'No Bland API key: the gateway holds none and the request sent no x-bland-api-key header.',
      vendor: 'BLAND',
      vendorCode: null,
      retryable: false,
    });
    expect(bland.requests).toEqual([]);
  });

  it('uses the per-request key and answers UnauthenticatedError when Bland rejects it', async () => {
    bland.setReply(json(401, blandError('AUTH_FAILURE', 'Unauthorized')));

    expect(await readPersona(keyless, personaId, { 'x-bland-api-key': 'org_client-key-1' })).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Unauthorized',
      vendor: 'BLAND',
      vendorCode: 'AUTH_FAILURE',
      retryable: false,
    });
    expect(bland.requests.map(({ headers }) => headers.authorization)).toEqual(['org_client-key-1']);
  });

  it('answers ForbiddenError for a 403', async () => {
    bland.setReply(json(403, blandError('FORBIDDEN', 'Not your persona')));

    expect(await readPersona(gateway)).toEqual({
      __typename: 'ForbiddenError',
      message: 'Not your persona',
      vendor: 'BLAND',
      vendorCode: 'FORBIDDEN',
      retryable: false,
    });
  });

  it('answers RateLimitedError with Retry-After beyond the cap, without waiting', async () => {
    bland.setReply(json(429, blandError('TOO_MANY_REQUESTS', 'Slow down'), { 'retry-after': '120' }));

    expect(await readPersona(retrying)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Slow down',
      vendor: 'BLAND',
      vendorCode: 'TOO_MANY_REQUESTS',
      retryable: true,
      retryAfterSeconds: 120,
    });
    expect(bland.requests).toHaveLength(1);
  });

  it('answers UpstreamError BAD_RESPONSE for a timestamp that does not parse, never a null in a non-null field', async () => {
    bland.setReply(json(200, blandData(blandPersonaWire(personaId, { updated_at: 'yesterday' }))));

    expect(await readPersona(gateway)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 200 with a body that is neither its success nor its error shape.',
      vendor: 'BLAND',
      vendorCode: '200',
      retryable: false,
      reason: 'BAD_RESPONSE',
      status: 200,
    });
  });

  it('answers UpstreamError SERVER_ERROR for a 500, not retried', async () => {
    bland.setReply(json(500, blandError('INTERNAL', 'boom')));

    expect(await readPersona(retrying)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 500: boom',
      vendor: 'BLAND',
      vendorCode: 'INTERNAL',
      retryable: true,
      reason: 'SERVER_ERROR',
      status: 500,
    });
    expect(bland.requests).toHaveLength(1);
  });
});

describe('persona(id): a read is safe, so it is retried after a lost answer', () => {
  it('retries after a TIMEOUT and answers the persona', async () => {
    bland.setReply(sequence(hang(), json(200, blandData(blandPersonaWire(personaId)))));

    expect(await readPersona(retrying)).toEqual(personaPayload(personaId));
    expect(requests()).toEqual([`GET /v1/personas/${personaId}`, `GET /v1/personas/${personaId}`]);
  });

  it('retries after CONNECTION_LOST up to UPSTREAM_RETRIES, then answers the last', async () => {
    bland.setReply(resetAfterRequest());

    expect(await readPersona(retrying)).toEqual({
      __typename: 'UpstreamError',
      message: expect.stringMatching(/^The connection to Bland broke after the request was sent/),
      vendor: 'BLAND',
      vendorCode: null,
      retryable: true,
      reason: 'CONNECTION_LOST',
      status: null,
    });
    expect(bland.requests).toHaveLength(3);
  });
});
