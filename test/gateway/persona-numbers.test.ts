import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, hang, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { blandData, blandError, blandNotFound, errorFields } from '../helpers/vendor-bodies.js';
import { readJsonBody } from '../helpers/vendor-routes.js';

const serverKey = 'sk-numbers-key';
const personaId = '22222222-2222-4222-8222-222222222222';

const numbersMutation = (field: 'attachPersonaNumbers' | 'detachPersonaNumbers') => `
  mutation Numbers($personaId: ID!, $phoneNumbers: [String!]!) {
    ${field}(personaId: $personaId, phoneNumbers: $phoneNumbers) {
      __typename
      ... on PersonaNumbersSuccess { personaId inboundNumbers { phoneNumber label } }
      ... on PersonaNotFoundError { personaId }
      ... on InvalidPhoneNumbersError { phoneNumbers }
      ${errorFields}
    }
  }`;

/** Bland's answer to attach and detach: the persona with its numbers after the change. */
function numbersAnswer(numbers: { phone_number: string; label: string | null }[]) {
  return blandData({
    id: personaId,
    name: 'Sales Agent',
    user_id: 'user-1',
    inbound_numbers: numbers.map((number) => ({ ...number, persona_id: personaId, persona_settings: null })),
    created_at: '2025-09-23T15:13:36.348Z',
    updated_at: '2025-09-23T15:13:36.412Z',
  });
}

let bland: FakeVendor;
let bodies: unknown[];
let gateway: TestGateway;
let retrying: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor();
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: serverKey },
    upstreamTimeoutMs: 300,
  });
  retrying = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: serverKey },
    upstreamTimeoutMs: 300,
    upstreamRetries: 2,
  });
});
afterAll(async () => {
  await Promise.all([gateway.close(), retrying.close()]);
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
  bodies = [];
});

/** Records each request's JSON body, then answers with `reply`. */
function recordingBodies(reply: ReturnType<typeof json>): ReturnType<typeof json> {
  return (request, response) => {
    readJsonBody(request).then((body) => {
      bodies.push(body);
      reply(request, response);
    });
  };
}

async function change(
  field: 'attachPersonaNumbers' | 'detachPersonaNumbers',
  phoneNumbers: string[],
  target = gateway,
) {
  const response = await target.graphql(numbersMutation(field), { variables: { personaId, phoneNumbers } });
  expect(response.status).toBe(200);
  return response.body.data?.[field];
}

describe('attachPersonaNumbers and detachPersonaNumbers', () => {
  it('attaches: POSTs the numbers as inbound_numbers and answers the numbers after the change', async () => {
    bland.setReply(
      recordingBodies(
        json(
          200,
          numbersAnswer([
            { phone_number: '+15551234567', label: 'Main line' },
            { phone_number: '+15557654321', label: null },
          ]),
        ),
      ),
    );

    expect(await change('attachPersonaNumbers', ['+15557654321'])).toEqual({
      __typename: 'PersonaNumbersSuccess',
      personaId,
      inboundNumbers: [
        { phoneNumber: '+15551234567', label: 'Main line' },
        { phoneNumber: '+15557654321', label: null },
      ],
    });
    expect(
      bland.requests.map(({ method, url, headers }) => [
        method,
        url,
        headers.authorization,
        headers['content-type'],
      ]),
    ).toEqual([['POST', `/v1/personas/${personaId}/inbound/attach`, serverKey, 'application/json']]);
    expect(bodies).toEqual([{ inbound_numbers: ['+15557654321'] }]);
  });

  it('detaches, and the audit record names the call and the persona but no number', async () => {
    bland.setReply(recordingBodies(json(200, numbersAnswer([]))));

    expect(await change('detachPersonaNumbers', ['+15551234567', '+15551234568'])).toEqual({
      __typename: 'PersonaNumbersSuccess',
      personaId,
      inboundNumbers: [],
    });
    expect(bland.requests.map(({ url }) => url)).toEqual([`/v1/personas/${personaId}/inbound/detach`]);
    expect(bodies).toEqual([{ inbound_numbers: ['+15551234567', '+15551234568'] }]);
    const [record] = gateway.auditRecords().slice(-1);
    expect(record).toEqual({
      time: expect.any(String),
      requestId: expect.any(String),
      client: 'anonymous',
      vendor: 'BLAND',
      operation: 'persona.detachNumbers',
      id: personaId,
      force: null,
      outcome: 'PersonaNumbersSuccess',
      reason: null,
      vendorStatus: 200,
      attempts: 1,
      followUp: null,
      redeleteOutcome: null,
      confirmedBy: null,
      fromStore: false,
      durationMs: expect.any(Number),
    });
    expect(JSON.stringify(gateway.auditRecords())).not.toContain('+1555');
  });

  it('answers InvalidPhoneNumbersError with the numbers Bland names for INVALID_INBOUND_NUMBERS', async () => {
    bland.setReply(
      json(
        400,
        blandError('INVALID_INBOUND_NUMBERS', 'Some phone numbers were not found or do not belong to you', {
          invalid_numbers: ['+15550000000'],
        }),
      ),
    );

    expect(await change('attachPersonaNumbers', ['+15557654321', '+15550000000'])).toEqual({
      __typename: 'InvalidPhoneNumbersError',
      message: 'Some phone numbers were not found or do not belong to you',
      vendor: 'BLAND',
      vendorCode: 'INVALID_INBOUND_NUMBERS',
      retryable: false,
      phoneNumbers: ['+15550000000'],
    });
  });

  it('answers InvalidPhoneNumbersError with every number sent when Bland names none', async () => {
    bland.setReply(
      json(
        400,
        blandError('INVALID_INBOUND_NUMBERS', 'Some phone numbers were not found or do not belong to you'),
      ),
    );

    expect(await change('attachPersonaNumbers', ['+15557654321', '+15550000000'])).toEqual({
      __typename: 'InvalidPhoneNumbersError',
      message: 'Some phone numbers were not found or do not belong to you',
      vendor: 'BLAND',
      vendorCode: 'INVALID_INBOUND_NUMBERS',
      retryable: false,
      phoneNumbers: ['+15557654321', '+15550000000'],
    });
  });

  it('answers PersonaNotFoundError for "not found or access denied" on detach, which has no details', async () => {
    bland.setReply(
      json(404, {
        data: null,
        errors: [{ error: 'PERSONA_NOT_FOUND', message: 'Persona not found or access denied' }],
      }),
    );

    expect(await change('detachPersonaNumbers', ['+15551234567'])).toEqual({
      __typename: 'PersonaNotFoundError',
      message: 'Persona not found or access denied',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
      personaId,
    });
  });

  it('answers UpstreamError BAD_RESPONSE for a 2xx without the persona id, never a success', async () => {
    bland.setReply(json(200, blandData({ inbound_numbers: [] })));

    expect(await change('detachPersonaNumbers', ['+15551234567'])).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 200 with a body that is neither its success nor its error shape.',
      vendor: 'BLAND',
      vendorCode: '200',
      retryable: false,
      reason: 'BAD_RESPONSE',
      status: 200,
    });
  });

  it('never retries a number change after a TIMEOUT: one request, and the message says it may have happened', async () => {
    bland.setReply(hang());

    expect(await change('attachPersonaNumbers', ['+15557654321'], retrying)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland gave no complete answer within 300 ms; the attach may or may not have happened.',
      vendor: 'BLAND',
      vendorCode: null,
      retryable: true,
      reason: 'TIMEOUT',
      status: null,
    });
    expect(bland.requests).toHaveLength(1);
  });

  it('retries a number change refused with 503 (the vendor did not act on it)', async () => {
    let calls = 0;
    bland.setReply((request, response) => {
      calls += 1;
      (calls === 1 ? json(503, blandError('UNAVAILABLE', 'try later')) : json(200, numbersAnswer([])))(
        request,
        response,
      );
    });

    expect(await change('detachPersonaNumbers', ['+15551234567'], retrying)).toEqual({
      __typename: 'PersonaNumbersSuccess',
      personaId,
      inboundNumbers: [],
    });
    expect(bland.requests).toHaveLength(2);
  });
});

describe('the failures every union shares, on a number change', () => {
  it.each([
    [
      'UnauthenticatedError for AUTH_FAILURE',
      json(401, blandError('AUTH_FAILURE', 'Unauthorized')),
      {
        __typename: 'UnauthenticatedError',
        message: 'Unauthorized',
        vendor: 'BLAND',
        vendorCode: 'AUTH_FAILURE',
        retryable: false,
      },
    ],
    [
      'ForbiddenError for a 403',
      json(403, blandError('FORBIDDEN', 'Not your number')),
      {
        __typename: 'ForbiddenError',
        message: 'Not your number',
        vendor: 'BLAND',
        vendorCode: 'FORBIDDEN',
        retryable: false,
      },
    ],
    [
      'RateLimitedError for a 429 past the cap',
      json(429, blandError('TOO_MANY_REQUESTS', 'Slow down'), { 'retry-after': '90' }),
      {
        __typename: 'RateLimitedError',
        message: 'Slow down',
        vendor: 'BLAND',
        vendorCode: 'TOO_MANY_REQUESTS',
        retryable: true,
        retryAfterSeconds: 90,
      },
    ],
  ])('answers %s', async (_name, reply, payload) => {
    bland.setReply(reply);

    expect(await change('attachPersonaNumbers', ['+15557654321'])).toEqual(payload);
    expect(bland.requests).toHaveLength(1);
  });
});

describe('phone numbers are checked before any call', () => {
  it.each([
    ['no number', [], 'Give at least one phone number.'],
    [
      '51 numbers',
      Array.from({ length: 51 }, (_, n) => `+1555100${String(n).padStart(4, '0')}`),
      'Give at most 50 phone numbers; this call has 51.',
    ],
    [
      'no plus',
      ['15551234567'],
      'Phone number 1 is not E.164 ("+" and 7 to 15 digits, the first not 0), e.g. +15551234567.',
    ],
    [
      'a leading zero',
      ['+05551234567'],
      'Phone number 1 is not E.164 ("+" and 7 to 15 digits, the first not 0), e.g. +15551234567.',
    ],
    [
      '6 digits',
      ['+155512'],
      'Phone number 1 is not E.164 ("+" and 7 to 15 digits, the first not 0), e.g. +15551234567.',
    ],
    [
      '16 digits',
      ['+1555123456789012'],
      'Phone number 1 is not E.164 ("+" and 7 to 15 digits, the first not 0), e.g. +15551234567.',
    ],
    [
      'spaces in the second',
      ['+15551234567', '+1 555 123 4568'],
      'Phone number 2 is not E.164 ("+" and 7 to 15 digits, the first not 0), e.g. +15551234567.',
    ],
  ])('answers InvalidInputError on phoneNumbers for %s', async (_name, phoneNumbers, message) => {
    expect(await change('attachPersonaNumbers', phoneNumbers)).toEqual({
      __typename: 'InvalidInputError',
      message,
      vendor: 'BLAND',
      vendorCode: null,
      retryable: false,
      field: 'phoneNumbers',
    });
    expect(bland.requests).toEqual([]);
  });

  it('accepts 7 and 15 digits', async () => {
    bland.setReply(json(200, numbersAnswer([])));

    expect(await change('detachPersonaNumbers', ['+1555123', '+155512345678901'])).toEqual({
      __typename: 'PersonaNumbersSuccess',
      personaId,
      inboundNumbers: [],
    });
  });

  it('checks the persona id first, on personaId', async () => {
    const response = await gateway.graphql(numbersMutation('attachPersonaNumbers'), {
      variables: { personaId: 'bad id', phoneNumbers: [] },
    });

    expect(response.body.data?.attachPersonaNumbers).toEqual({
      __typename: 'InvalidInputError',
      message: 'The id must be letters, digits, "_" and "-".',
      vendor: 'BLAND',
      vendorCode: null,
      retryable: false,
      field: 'personaId',
    });
    expect(bland.requests).toEqual([]);
  });

  it('keeps the not-found answer of a detach apart from a read: PERSONA_NOT_FOUND is not followed up', async () => {
    bland.setReply(json(404, blandNotFound(personaId)));

    expect(await change('detachPersonaNumbers', ['+15551234567'])).toEqual({
      __typename: 'PersonaNotFoundError',
      message: 'Persona not found',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
      personaId,
    });
    expect(bland.requests).toHaveLength(1);
  });
});
