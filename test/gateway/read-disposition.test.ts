import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, hang, json, sequence, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  bolnaDispositionWire,
  dispositionFields,
  dispositionPayload,
  errorFields,
} from '../helpers/vendor-bodies.js';

const serverKey = 'bn-read-disposition-key';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const globalId = '55555555-5555-4555-8555-555555555555';
const agentId = 'agt_abc123';

const dispositionQuery = `query Disposition($id: ID!) {
  disposition(id: $id) {
    __typename
    ... on Disposition { ${dispositionFields} }
    ... on DispositionNotFoundError { dispositionId }
    ${errorFields}
  }
}`;

/** Every field, options two levels deep: a third would pass graphql-armor's depth limit (6) inside a list. */
const dispositionFieldsInList = dispositionFields.replace(
  'subOptions { value condition subOptions { value condition } }',
  'subOptions { value condition }',
);

const listQuery = `query Dispositions($agentId: ID) {
  dispositions(agentId: $agentId) {
    __typename
    ... on DispositionList { agentId dispositions { __typename ${dispositionFieldsInList} } globalDispositions { id } }
    ${errorFields}
  }
}`;

let bolna: FakeVendor;
let gateway: TestGateway;
let keyless: TestGateway;
let retrying: TestGateway;

beforeAll(async () => {
  bolna = await startFakeVendor();
  const options = { bolna: { baseUrl: bolna.url, apiKey: serverKey }, upstreamTimeoutMs: 300 };
  gateway = await startTestGateway(options);
  keyless = await startTestGateway({ bolna: { baseUrl: bolna.url, apiKey: undefined } });
  retrying = await startTestGateway({ ...options, upstreamRetries: 2 });
});
afterAll(async () => {
  await Promise.all([gateway.close(), keyless.close(), retrying.close()]);
  await bolna.close();
});
beforeEach(() => {
  bolna.requests.length = 0;
});

async function readDisposition(target: TestGateway, id = dispositionId) {
  const response = await target.graphql(dispositionQuery, { variables: { id } });
  expect(response.status).toBe(200);
  return response.body.data?.disposition;
}

async function listDispositions(target: TestGateway, variables: { agentId?: string } = {}) {
  const response = await target.graphql(listQuery, { variables });
  expect(response.status).toBe(200);
  return response.body.data?.dispositions;
}

const requests = () => bolna.requests.map(({ method, url }) => `${method} ${url}`);

describe('disposition(id)', () => {
  it('answers every field of the disposition object of Bolna, with one GET carrying the Bearer key', async () => {
    bolna.setReply(json(200, bolnaDispositionWire(dispositionId)));

    expect(await readDisposition(gateway)).toEqual(dispositionPayload(dispositionId));
    expect(bolna.requests.map(({ method, url, headers }) => [method, url, headers.authorization])).toEqual([
      ['GET', `/dispositions/${dispositionId}`, `Bearer ${serverKey}`],
    ]);
  });

  it('reads nested options, an unknown subjective type as OTHER, and what Bolna leaves out by its defaults', async () => {
    bolna.setReply(
      json(
        200,
        bolnaDispositionWire(dispositionId, {
          subjective_type: 'sentiment',
          subjective_type_config: null,
          system_prompt: null,
          is_subjective: undefined,
          agent_ids: undefined,
          objective_options: [
            {
              value: 'interested',
              condition: 'Wants a demo',
              sub_options: [{ value: 'hot', condition: 'This week', sub_options: [] }],
            },
          ],
        }),
      ),
    );

    expect(await readDisposition(gateway)).toEqual(
      dispositionPayload(dispositionId, {
        subjectiveType: 'OTHER',
        subjectivePattern: null,
        subjectivePatternDescription: null,
        systemPrompt: null,
        isSubjective: false,
        agentIds: [],
        objectiveOptions: [
          {
            value: 'interested',
            condition: 'Wants a demo',
            subOptions: [{ value: 'hot', condition: 'This week', subOptions: [] }],
          },
        ],
      }),
    );
  });

  it('answers DispositionNotFoundError for a 404, with the asked id', async () => {
    bolna.setReply(json(404, { error: 404, message: 'Disposition not found' }));

    expect(await readDisposition(gateway)).toEqual({
      __typename: 'DispositionNotFoundError',
      message: 'Disposition not found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId,
    });
  });

  it('answers ForbiddenError for the documented 403 body', async () => {
    bolna.setReply(json(403, { error: 403, message: 'You do not have access to this disposition' }));

    expect(await readDisposition(gateway)).toEqual({
      __typename: 'ForbiddenError',
      message: 'You do not have access to this disposition',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it('answers UnauthenticatedError for the 403 with the detail body of FastAPI (a bad key)', async () => {
    bolna.setReply(json(403, { detail: 'Invalid or expired API key' }));

    expect(await readDisposition(gateway)).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Invalid or expired API key',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it('answers UnauthenticatedError with no call when no key is held or sent', async () => {
    expect(await readDisposition(keyless)).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'No Bolna API key: the gateway holds none and the request sent no x-bolna-api-key header.',
      vendor: 'BOLNA',
      vendorCode: null,
      retryable: false,
    });
    expect(bolna.requests).toEqual([]);
  });

  it('answers InvalidInputError for an id that is not a UUID, before the credential check', async () => {
    expect(await readDisposition(keyless, 'agt_abc123')).toEqual({
      __typename: 'InvalidInputError',
      message: 'The id must be a UUID.',
      vendor: 'BOLNA',
      vendorCode: null,
      retryable: false,
      field: 'id',
    });
    expect(bolna.requests).toEqual([]);
  });

  it('answers RateLimitedError for a 429 over the Retry-After cap', async () => {
    bolna.setReply(json(429, { error: 429, message: 'Rate limit exceeded' }, { 'retry-after': '60' }));

    expect(await readDisposition(gateway)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Rate limit exceeded',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 60,
    });
  });

  it('answers UpstreamError BAD_RESPONSE when a required field is missing', async () => {
    bolna.setReply(json(200, bolnaDispositionWire(dispositionId, { question: undefined })));

    expect(await readDisposition(gateway)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bolna answered HTTP 200 with a body that is neither its success nor its error shape.',
      vendor: 'BOLNA',
      vendorCode: '200',
      retryable: false,
      reason: 'BAD_RESPONSE',
      status: 200,
    });
  });

  it('retries a read after a TIMEOUT', async () => {
    bolna.setReply(sequence(hang(), json(200, bolnaDispositionWire(dispositionId))));

    expect(await readDisposition(retrying)).toEqual(dispositionPayload(dispositionId));
    expect(requests()).toEqual([`GET /dispositions/${dispositionId}`, `GET /dispositions/${dispositionId}`]);
  });

  it('asks Bolna once for the same disposition asked for by several aliased fields', async () => {
    bolna.setReply(json(200, bolnaDispositionWire(dispositionId)));

    const response = await gateway.graphql(`query {
      a: disposition(id: "${dispositionId}") { ... on Disposition { name } }
      b: disposition(id: "${dispositionId}") { ... on Disposition { question } }
    }`);

    expect(response.body.data).toEqual({
      a: { name: 'Call Outcome' },
      b: { question: 'What was the outcome of the call?' },
    });
    expect(requests()).toEqual([`GET /dispositions/${dispositionId}`]);
  });
});

describe('dispositions: every list shape Bolna sends is one DispositionList', () => {
  it('reads the documented bare array as the own dispositions of the account', async () => {
    bolna.setReply(json(200, [bolnaDispositionWire(dispositionId)]));

    expect(await listDispositions(gateway)).toEqual({
      __typename: 'DispositionList',
      agentId: null,
      dispositions: [dispositionPayload(dispositionId)],
      globalDispositions: [],
    });
    expect(requests()).toEqual(['GET /dispositions/']);
  });

  it('reads { user_owned } as the own dispositions of the account', async () => {
    bolna.setReply(json(200, { user_owned: [bolnaDispositionWire(dispositionId)] }));

    expect(await listDispositions(gateway)).toEqual({
      __typename: 'DispositionList',
      agentId: null,
      dispositions: [dispositionPayload(dispositionId)],
      globalDispositions: [],
    });
  });

  it('reads { agent_dispositions, global_dispositions } for an agent, sending agent_id', async () => {
    bolna.setReply(
      json(200, {
        agent_dispositions: [bolnaDispositionWire(dispositionId)],
        global_dispositions: [bolnaDispositionWire(globalId, { name: 'Lead Quality' })],
      }),
    );

    expect(await listDispositions(gateway, { agentId })).toEqual({
      __typename: 'DispositionList',
      agentId,
      dispositions: [dispositionPayload(dispositionId)],
      globalDispositions: [{ id: globalId }],
    });
    expect(requests()).toEqual([`GET /dispositions/?agent_id=${agentId}`]);
  });

  it.each([
    ['an object of another shape', { dispositions: [] }],
    ['a string', '"nothing"'],
    ['a list holding a broken disposition', [{ id: dispositionId }]],
    ['user_owned that is not a list', { user_owned: {} }],
  ])('answers UpstreamError BAD_RESPONSE for %s', async (_name, body) => {
    bolna.setReply(json(200, body));

    expect(await listDispositions(gateway)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bolna answered HTTP 200 with a body that is neither its success nor its error shape.',
      vendor: 'BOLNA',
      vendorCode: '200',
      retryable: false,
      reason: 'BAD_RESPONSE',
      status: 200,
    });
  });

  it('answers ForbiddenError when the agent is not one of the account', async () => {
    bolna.setReply(json(403, { error: 403, message: 'Agent not found or access denied' }));

    expect(await listDispositions(gateway, { agentId })).toEqual({
      __typename: 'ForbiddenError',
      message: 'Agent not found or access denied',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it('answers UnauthenticatedError with no call when no key is held or sent', async () => {
    expect(await listDispositions(keyless)).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'No Bolna API key: the gateway holds none and the request sent no x-bolna-api-key header.',
      vendor: 'BOLNA',
      vendorCode: null,
      retryable: false,
    });
    expect(bolna.requests).toEqual([]);
  });

  it('answers RateLimitedError for a 429', async () => {
    bolna.setReply(json(429, { error: 429, message: 'Rate limit exceeded' }, { 'retry-after': '61' }));

    expect(await listDispositions(gateway)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Rate limit exceeded',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 61,
    });
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with a slash', 'agt/1'],
  ])('answers InvalidInputError on agentId when it is %s, with no call', async (_name, badAgentId) => {
    expect(await listDispositions(gateway, { agentId: badAgentId })).toEqual({
      __typename: 'InvalidInputError',
      message: expect.stringMatching(/^The id /),
      vendor: 'BOLNA',
      vendorCode: null,
      retryable: false,
      field: 'agentId',
    });
    expect(bolna.requests).toEqual([]);
  });
});
