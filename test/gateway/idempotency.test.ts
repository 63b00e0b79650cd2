import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/server/create-gateway.js';
import {
  byId,
  delayed,
  type FakeVendor,
  hang,
  json,
  sequence,
  startFakeVendor,
} from '../helpers/fake-vendor.js';
import { storeVariants } from '../helpers/store-variants.js';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { blandDeleteSuccess, blandError, blandNotFound } from '../helpers/vendor-bodies.js';

// The Redis half needs redis-server (Debian's package): skipped without it, except in CI.

const serverKey = 'sk-idempotency-server-key';
const [a, b, c] = ['persona-a', 'persona-b', 'persona-c'];

const deleteOne =
  'mutation Delete($id: ID!) { deletePersona(id: $id) { __typename ... on DeletePersonaSuccess { personaId confirmedBy } ... on Error { message retryable } ... on UpstreamError { reason } } }';
const deleteMany =
  'mutation DeleteMany($ids: [ID!]!) { deletePersonas(ids: $ids) { __typename ... on DeletePersonaSuccess { personaId confirmedBy } ... on Error { retryable } } }';

const success = (personaId: string, confirmedBy = 'VENDOR_ANSWER') => ({
  __typename: 'DeletePersonaSuccess',
  personaId,
  confirmedBy,
});

function refusal(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

describe.each(storeVariants())('Idempotency-Key on the $name store', (variant) => {
  let bland: FakeVendor;
  let gateway: TestGateway;

  beforeAll(async () => {
    await variant.setUp();
    bland = await startFakeVendor(json(200, blandDeleteSuccess));
  });
  afterAll(async () => {
    await bland.close();
    await variant.tearDown();
  });

  async function start(options: Partial<GatewayOptions> = {}): Promise<void> {
    gateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: serverKey },
      upstreamTimeoutMs: 300,
      ...(await variant.gatewayOptions()),
      ...options,
    });
  }
  beforeEach(async () => {
    bland.requests.length = 0;
    bland.setReply(json(200, blandDeleteSuccess));
    await start();
  });
  afterEach(async () => {
    await gateway.close();
  });

  const send = (
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse> => gateway.graphql(query, { variables, headers });
  const requests = () => bland.requests.map(({ method, url }) => `${method} ${url.split('?')[0]}`);

  it('answers a retry with the same key from the store: the same payload, no vendor call, Idempotent-Replayed', async () => {
    const first = await send(
      deleteOne,
      { id: a },
      { 'idempotency-key': '"8e03978e-40d5-43e8-bc93-6894a57f9324"' },
    );
    const again = await send(
      deleteOne,
      { id: a },
      { 'idempotency-key': '"8e03978e-40d5-43e8-bc93-6894a57f9324"' },
    );

    expect(first.body).toEqual({ data: { deletePersona: success(a) } });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect({
      status: again.status,
      body: again.body,
      replayed: again.headers.get('idempotent-replayed'),
    }).toEqual({
      status: 200,
      body: { data: { deletePersona: success(a) } },
      replayed: 'true',
    });
    expect(requests()).toEqual([`DELETE /v1/personas/${a}`]);
    expect(
      gateway.auditRecords().map(({ outcome, attempts, fromStore }) => ({ outcome, attempts, fromStore })),
    ).toEqual([
      { outcome: 'DeletePersonaSuccess', attempts: 1, fromStore: false },
      { outcome: 'DeletePersonaSuccess', attempts: 0, fromStore: true },
    ]);
  });

  it('accepts a bare token as Stripe sends it, and replays a non-retryable failure too', async () => {
    bland.setReply(json(404, blandNotFound(a)));
    const first = await send(deleteOne, { id: a }, { 'idempotency-key': 'order-42_retry.1:a' });
    const again = await send(deleteOne, { id: a }, { 'idempotency-key': 'order-42_retry.1:a' });

    const notFound = { __typename: 'PersonaNotFoundError', message: 'Persona not found', retryable: false };
    expect(first.body).toEqual({ data: { deletePersona: notFound } });
    expect(again.body).toEqual({ data: { deletePersona: notFound } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(requests()).toEqual([`DELETE /v1/personas/${a}`]);
  });

  it('runs a new key anew, and a request without a key every time', async () => {
    await send(deleteOne, { id: a }, { 'idempotency-key': 'key-1' });
    await send(deleteOne, { id: a }, { 'idempotency-key': 'key-2' });
    await send(deleteOne, { id: a });
    await send(deleteOne, { id: a });

    expect(requests()).toHaveLength(4);
  });

  it('refuses the same key with another request: 422 IDEMPOTENCY_KEY_REUSED, nothing runs', async () => {
    await send(deleteOne, { id: a }, { 'idempotency-key': 'key-reused' });
    const other = await send(deleteOne, { id: b }, { 'idempotency-key': 'key-reused' });

    expect({ status: other.status, body: other.body }).toEqual({
      status: 422,
      body: refusal(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for another request: use a new key for a new request.',
      ),
    });
    expect(requests()).toEqual([`DELETE /v1/personas/${a}`]);
  });

  it('refuses the same key while its first request runs: 409 IDEMPOTENCY_KEY_IN_USE, nothing runs', async () => {
    const slow = delayed(200, json(200, blandDeleteSuccess));
    bland.setReply(slow.reply);

    const first = send(deleteOne, { id: a }, { 'idempotency-key': 'key-busy' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    const second = await send(deleteOne, { id: a }, { 'idempotency-key': 'key-busy' });

    expect({ status: second.status, body: second.body }).toEqual({
      status: 409,
      body: refusal(
        'IDEMPOTENCY_KEY_IN_USE',
        'A request under this Idempotency-Key is still running: wait for its answer, then send this again.',
      ),
    });
    expect((await first).body).toEqual({ data: { deletePersona: success(a) } });
    expect(requests()).toEqual([`DELETE /v1/personas/${a}`]);
    // Released once the first ends: the retry is answered from the store.
    const third = await send(deleteOne, { id: a }, { 'idempotency-key': 'key-busy' });
    expect(third.headers.get('idempotent-replayed')).toBe('true');
  });

  it('digests the document, the operation name and the variables with their keys sorted', async () => {
    const query =
      'mutation Numbers($personaId: ID!, $phoneNumbers: [String!]!) { detachPersonaNumbers(personaId: $personaId, phoneNumbers: $phoneNumbers) { __typename } }';
    bland.setReply(json(200, { data: { id: a, inbound_numbers: [] }, errors: null }));
    const headers = { 'idempotency-key': 'key-sorted' };
    await gateway.graphql(query, { variables: { personaId: a, phoneNumbers: ['+15551234567'] }, headers });
    const sameInAnotherOrder = await gateway.graphql(query, {
      variables: { phoneNumbers: ['+15551234567'], personaId: a },
      headers,
    });

    expect(sameInAnotherOrder.status).toBe(200);
    expect(sameInAnotherOrder.headers.get('idempotent-replayed')).toBe('true');
  });

  it('re-sends only the ids of a bulk delete whose earlier outcome was retryable', async () => {
    const throttled = json(429, blandError('RATE_LIMITED', 'Slow down'), { 'retry-after': '3600' });
    bland.setReply(byId((id) => (id === b ? throttled : json(200, blandDeleteSuccess))));
    const headers = { 'idempotency-key': 'key-bulk' };

    const first = await send(deleteMany, { ids: [a, b, c] }, headers);
    bland.setReply(json(200, blandDeleteSuccess));
    bland.requests.length = 0;
    const retry = await send(deleteMany, { ids: [a, b, c] }, headers);

    expect(first.body).toEqual({
      data: { deletePersonas: [success(a), { __typename: 'RateLimitedError', retryable: true }, success(c)] },
    });
    expect(retry.body).toEqual({ data: { deletePersonas: [success(a), success(b), success(c)] } });
    expect(requests()).toEqual([`DELETE /v1/personas/${b}`]);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps each of two aliased calls under one key to its own outcome', async () => {
    bland.setReply(byId((id) => (id === a ? json(200, blandDeleteSuccess) : json(404, blandNotFound(id)))));
    const query = `mutation Two { first: deletePersona(id: "${a}") { __typename } second: deletePersona(id: "${b}") { __typename } }`;
    const headers = { 'idempotency-key': 'key-aliases' };

    await gateway.graphql(query, { headers });
    const again = await gateway.graphql(query, { headers });

    expect(again.body).toEqual({
      data: { first: { __typename: 'DeletePersonaSuccess' }, second: { __typename: 'PersonaNotFoundError' } },
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(requests().sort()).toEqual([`DELETE /v1/personas/${a}`, `DELETE /v1/personas/${b}`]);
  });

  it('answers EARLIER_ATTEMPT when an earlier attempt lost the answer and the delete now finds nothing', async () => {
    // The first attempt deletes but never answers, and its follow-up read fails too.
    bland.setReply(
      sequence(hang(), json(500, blandError('INTERNAL', 'read broke')), json(404, blandNotFound(a))),
    );
    const headers = { 'idempotency-key': 'key-lost-answer' };

    const lost = await send(deleteOne, { id: a }, headers);
    const retry = await send(deleteOne, { id: a }, headers);

    expect(lost.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland gave no complete answer within 300 ms; the delete may or may not have happened.',
          retryable: true,
          reason: 'TIMEOUT',
        },
      },
    });
    expect(retry.body).toEqual({ data: { deletePersona: success(a, 'EARLIER_ATTEMPT') } });
    // The retry sends the delete directly: no follow-up read first.
    expect(requests()).toEqual([
      `DELETE /v1/personas/${a}`,
      `GET /v1/personas/${a}`,
      `DELETE /v1/personas/${a}`,
    ]);
    expect(gateway.auditRecords().at(-1)?.confirmedBy).toBe('EARLIER_ATTEMPT');
  });

  it('keeps records apart per vendor credential: another x-bland-api-key is another scope', async () => {
    await send(
      deleteOne,
      { id: a },
      { 'idempotency-key': 'key-scope', 'x-bland-api-key': 'org_client-one-key' },
    );
    const other = await send(
      deleteOne,
      { id: a },
      { 'idempotency-key': 'key-scope', 'x-bland-api-key': 'org_client-two-key' },
    );

    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(bland.requests.map(({ headers }) => headers.authorization)).toEqual([
      'org_client-one-key',
      'org_client-two-key',
    ]);
  });

  it('ignores the header on a query, even one that is not a valid key', async () => {
    const response = await gateway.graphql('query { gateway { mode } }', {
      headers: { 'idempotency-key': '"not closed' },
    });

    expect(response.body).toEqual({ data: { gateway: { mode: 'LIVE' } } });
  });

  it.each([
    ['empty', ''],
    ['an empty string', '""'],
    ['an unterminated string', '"abc'],
    ['text after the string', '"abc" x'],
    ['a space inside', '"a b"'],
    ['a bad escape', '"a\\nb"'],
    ['a token with a slash', 'a/b'],
    ['256 characters', 'k'.repeat(256)],
  ])('refuses a key that is %s: 400 IDEMPOTENCY_KEY_INVALID, nothing runs', async (_name, header) => {
    const response = await send(deleteOne, { id: a }, { 'idempotency-key': header });

    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: refusal(
        'IDEMPOTENCY_KEY_INVALID',
        'The Idempotency-Key header must be a Structured Fields string or a token of letters, digits and -_.: holding 1 to 255 visible ASCII characters.',
      ),
    });
    expect(bland.requests).toEqual([]);
  });

  it('accepts 255 characters, and escapes in a Structured Fields string', async () => {
    expect((await send(deleteOne, { id: a }, { 'idempotency-key': 'k'.repeat(255) })).status).toBe(200);
    expect((await send(deleteOne, { id: b }, { 'idempotency-key': '"quote\\"and\\\\slash"' })).status).toBe(
      200,
    );
  });

  describe('creates', () => {
    let bolna: FakeVendor;
    beforeAll(async () => {
      bolna = await startFakeVendor();
    });
    afterAll(async () => {
      await bolna.close();
    });
    beforeEach(async () => {
      bolna.requests.length = 0;
      await gateway.close();
      await start({ bolna: { baseUrl: bolna.url, apiKey: 'bn-idempotency-key' } });
    });

    const createTwo = `mutation Two {
      first: createDisposition(input: { name: "A", question: "Q?", isSubjective: true }) {
        __typename ... on CreateDispositionSuccess { dispositionId } ... on Error { retryable }
      }
      second: createDisposition(input: { name: "B", question: "Q?", isSubjective: true }) {
        __typename ... on CreateDispositionSuccess { dispositionId } ... on Error { retryable }
      }
    }`;
    const createOne = `mutation One {
      createDisposition(input: { name: "A", question: "Q?", isSubjective: true }) {
        __typename ... on CreateDispositionSuccess { dispositionId } ... on Error { message retryable } ... on UpstreamError { reason }
      }
    }`;
    const newId = '9b2f7c1e-0000-4000-8000-000000000001';

    it('keeps each of two aliased creates under one key to its own outcome, and sends neither again', async () => {
      bolna.setReply(
        sequence(
          json(201, { message: 'Disposition created successfully', id: newId }),
          json(403, { error: 403, message: 'Agent not found or access denied' }),
        ),
      );
      const headers = { 'idempotency-key': 'key-two-creates' };

      const firstTime = await gateway.graphql(createTwo, { headers });
      const again = await gateway.graphql(createTwo, { headers });

      const both = {
        data: {
          first: { __typename: 'CreateDispositionSuccess', dispositionId: newId },
          second: { __typename: 'ForbiddenError', retryable: false },
        },
      };
      expect(firstTime.body).toEqual(both);
      expect({ body: again.body, replayed: again.headers.get('idempotent-replayed') }).toEqual({
        body: both,
        replayed: 'true',
      });
      expect(bolna.requests).toHaveLength(2);
    });

    it('never sends a create again after a timeout under the same key: no duplicate', async () => {
      bolna.setReply(hang());
      const headers = { 'idempotency-key': 'key-create-timeout' };

      const lost = await gateway.graphql(createOne, { headers });
      bolna.setReply(json(201, { message: 'Disposition created successfully', id: newId }));
      const retry = await gateway.graphql(createOne, { headers });

      const mayHaveBeenCreated = {
        data: {
          createDisposition: {
            __typename: 'UpstreamError',
            message:
              'Bolna gave no complete answer within 300 ms. The disposition may have been created, so sending it again may make a duplicate.',
            retryable: false,
            reason: 'TIMEOUT',
          },
        },
      };
      expect(lost.body).toEqual(mayHaveBeenCreated);
      expect({ body: retry.body, replayed: retry.headers.get('idempotent-replayed') }).toEqual({
        body: mayHaveBeenCreated,
        replayed: 'true',
      });
      expect(bolna.requests).toHaveLength(1);
    });
  });

  describe('with IDEMPOTENCY_REQUIRED', () => {
    beforeEach(async () => {
      await gateway.close();
      await start({ idempotencyRequired: true });
    });

    it('refuses a mutation without a key: 400 IDEMPOTENCY_KEY_REQUIRED, nothing runs; a query runs', async () => {
      const refused = await send(deleteOne, { id: a });
      const query = await gateway.graphql('query { gateway { mode } }');

      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: refusal(
          'IDEMPOTENCY_KEY_REQUIRED',
          'This gateway needs an Idempotency-Key header on every mutation.',
        ),
      });
      expect(bland.requests).toEqual([]);
      expect(query.status).toBe(200);
    });
  });

  describe('with a short IDEMPOTENCY_TTL_S', () => {
    beforeEach(async () => {
      await gateway.close();
      await start({ idempotencyTtlSeconds: 1 });
    });

    it('forgets a record once it expires: the same key runs anew', async () => {
      await send(deleteOne, { id: a }, { 'idempotency-key': 'key-expiring' });
      await new Promise((resolve) => setTimeout(resolve, 1300));
      const later = await send(deleteOne, { id: a }, { 'idempotency-key': 'key-expiring' });

      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(requests()).toHaveLength(2);
    });
  });
});
