import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  findClosedPortUrl,
  hang,
  json,
  resetAfterRequest,
  startFakeVendor,
  text,
  trickle,
} from '../helpers/fake-vendor.js';
import { followUpRead } from '../helpers/follow-up.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const serverKey = 'sk-server-held-key-0001';
const clientKey = 'org_client-sent-key-0002';
const upstreamTimeoutMs = 400;

// Bland's bodies exactly as VENDORS.md quotes them.
const successBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';
const inUseBody =
  '{"data":null,"errors":[{"error":"PERSONA_IN_USE","message":"Cannot delete persona that is currently in use by phone numbers","details":{"persona_id":"12345678-1234-1234-1234-123456789012","phone_numbers_using":["+15551234567","+15551234568"],"suggestion":"Remove persona from all phone numbers first, or use force=true parameter"}}]}';
const notFoundBody =
  '{"data":null,"errors":[{"error":"PERSONA_NOT_FOUND","message":"Persona not found","details":{"persona_id":"12345678-1234-1234-1234-123456789012"}}]}';
const authFailureBody = '{"data":null,"errors":[{"error":"AUTH_FAILURE","message":"Unauthorized"}]}';

let bland: FakeVendor;
/** Holds a server-side Bland key. */
let gateway: TestGateway;
/** Holds no Bland key: only a per-request key can reach Bland. */
let keyless: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor(json(200, successBody));
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: serverKey }, upstreamTimeoutMs });
  keyless = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: undefined }, upstreamTimeoutMs });
});

afterAll(async () => {
  await gateway.close();
  await keyless.close();
  await bland.close();
});

beforeEach(() => {
  bland.requests.length = 0;
});

function deletePersona(
  target: TestGateway,
  variables: { id: string; force?: boolean },
  headers?: Record<string, string>,
): Promise<GraphQLResponse> {
  return target.graphql(deletePersonaMutation, { variables, ...(headers ? { headers } : {}) });
}

/** What Bland received, reduced to what the contract fixes. */
function received(): { method: string; url: string; authorization: string | undefined }[] {
  return bland.requests.map(({ method, url, headers }) => ({
    method,
    url,
    authorization: headers.authorization,
  }));
}

function sentOnce(id: string, force = false, key = serverKey) {
  return [{ method: 'DELETE', url: `/v1/personas/${id}?force=${force}`, authorization: key }];
}

/** The delete, then the one read, with the same key, that asks whether its lost answer hid a delete. */
function sentWithFollowUpRead(id: string, key = serverKey) {
  return [...sentOnce(id, false, key), { ...followUpRead('BLAND', id), authorization: key }];
}

describe('DeletePersonaSuccess', () => {
  it('returns DeletePersonaSuccess with the asked id and the vendor message when Bland proves the delete', async () => {
    bland.setReply(json(200, successBody));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'DeletePersonaSuccess',
          personaId: 'persona_ok-1',
          message: 'Persona deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('sends force=true when force is passed', async () => {
    bland.setReply(json(200, successBody));

    const response = await deletePersona(gateway, {
      id: '22222222-2222-4222-8222-222222222222',
      force: true,
    });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'DeletePersonaSuccess',
          personaId: '22222222-2222-4222-8222-222222222222',
          message: 'Persona deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce('22222222-2222-4222-8222-222222222222', true));
  });

  it('accepts an id of exactly 128 characters and sends it to Bland', async () => {
    bland.setReply(json(200, successBody));
    const id = 'a'.repeat(128);

    const response = await deletePersona(gateway, { id });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'DeletePersonaSuccess',
          personaId: id,
          message: 'Persona deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce(id));
  });
});

describe('PersonaNotFoundError', () => {
  it('maps PERSONA_NOT_FOUND to PersonaNotFoundError with the asked id, not the one in the body', async () => {
    bland.setReply(json(404, notFoundBody));

    const response = await deletePersona(gateway, { id: 'missing-persona' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'PersonaNotFoundError',
          message: 'Persona not found',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_NOT_FOUND',
          retryable: false,
          personaId: 'missing-persona',
        },
      },
    });
    expect(received()).toEqual(sentOnce('missing-persona'));
  });

  it('maps PERSONA_NOT_FOUND carried by a 200 to PersonaNotFoundError', async () => {
    bland.setReply(json(200, notFoundBody));

    const response = await deletePersona(gateway, { id: 'missing-persona' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'PersonaNotFoundError',
          message: 'Persona not found',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_NOT_FOUND',
          retryable: false,
          personaId: 'missing-persona',
        },
      },
    });
    expect(received()).toEqual(sentOnce('missing-persona'));
  });
});

describe('PersonaInUseError', () => {
  it('maps PERSONA_IN_USE to PersonaInUseError with its phone numbers and suggestion', async () => {
    bland.setReply(json(409, inUseBody));

    const response = await deletePersona(gateway, { id: 'persona-in-use' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'PersonaInUseError',
          message: 'Cannot delete persona that is currently in use by phone numbers',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_IN_USE',
          retryable: false,
          personaId: 'persona-in-use',
          phoneNumbers: ['+15551234567', '+15551234568'],
          suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona-in-use'));
  });

  it('maps PERSONA_IN_USE on a 400 by its code, not its status', async () => {
    bland.setReply(json(400, inUseBody));

    const response = await deletePersona(gateway, { id: 'persona-in-use' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'PersonaInUseError',
          message: 'Cannot delete persona that is currently in use by phone numbers',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_IN_USE',
          retryable: false,
          personaId: 'persona-in-use',
          phoneNumbers: ['+15551234567', '+15551234568'],
          suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona-in-use'));
  });

  it('returns a null suggestion when Bland gives none', async () => {
    bland.setReply(
      json(409, {
        data: null,
        errors: [
          {
            error: 'PERSONA_IN_USE',
            message: 'In use',
            details: { phone_numbers_using: ['+15550000001'] },
          },
        ],
      }),
    );

    const response = await deletePersona(gateway, { id: 'persona-in-use' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'PersonaInUseError',
          message: 'In use',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_IN_USE',
          retryable: false,
          personaId: 'persona-in-use',
          phoneNumbers: ['+15550000001'],
          suggestion: null,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona-in-use'));
  });
});

describe('InvalidInputError', () => {
  it.each([
    [
      'an id with a character outside A-Z a-z 0-9 _ -',
      'bad id!',
      'The id must be letters, digits, "_" and "-".',
    ],
    ['an id with a slash', 'abc/def', 'The id must be letters, digits, "_" and "-".'],
    ['an empty id', '', 'The id is empty.'],
    ['an id longer than 128 characters', 'a'.repeat(129), 'The id is longer than 128 characters.'],
  ])('rejects %s as InvalidInputError on field id without calling Bland', async (_what, id, message) => {
    const response = await deletePersona(gateway, { id });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'InvalidInputError',
          message,
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(bland.requests).toEqual([]);
  });

  it('checks the id before the credential', async () => {
    const response = await deletePersona(keyless, { id: 'bad id!' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'InvalidInputError',
          message: 'The id must be letters, digits, "_" and "-".',
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(bland.requests).toEqual([]);
  });

  it('maps a Bland INVALID_PARAMETER error to InvalidInputError with the vendor message', async () => {
    bland.setReply(
      json(400, { errors: [{ code: 'INVALID_PARAMETER', message: 'persona_id must be a valid UUID' }] }),
    );

    const response = await deletePersona(gateway, { id: 'not-a-uuid' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'InvalidInputError',
          message: 'persona_id must be a valid UUID',
          vendor: 'BLAND',
          vendorCode: 'INVALID_PARAMETER',
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(received()).toEqual(sentOnce('not-a-uuid'));
  });

  it('maps a bare 422 envelope without a code to InvalidInputError with the status as vendorCode', async () => {
    bland.setReply(
      json(422, { status: 'error', message: 'Invalid persona id', errors: ['Invalid persona id'] }),
    );

    const response = await deletePersona(gateway, { id: 'not-a-uuid' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'InvalidInputError',
          message: 'Invalid persona id',
          vendor: 'BLAND',
          vendorCode: '422',
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(received()).toEqual(sentOnce('not-a-uuid'));
  });
});

describe('UnauthenticatedError', () => {
  it('answers UnauthenticatedError without calling Bland when the gateway holds no key and none is sent', async () => {
    const response = await deletePersona(keyless, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'No Bland API key: the gateway holds none and the request sent no x-bland-api-key header.',
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bland.requests).toEqual([]);
  });

  it('answers UnauthenticatedError without calling Bland when the sent key is not printable ASCII', async () => {
    const response = await deletePersona(
      keyless,
      { id: 'persona_ok-1' },
      { 'x-bland-api-key': 'sk with spaces' },
    );

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'The Bland API key is not usable: it must be printable ASCII without spaces.',
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bland.requests).toEqual([]);
  });

  it('maps AUTH_FAILURE 401 to UnauthenticatedError', async () => {
    bland.setReply(json(401, authFailureBody));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'Unauthorized',
          vendor: 'BLAND',
          vendorCode: 'AUTH_FAILURE',
          retryable: false,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('removes the key from a vendor message that echoes it', async () => {
    bland.setReply(
      json(401, { errors: [{ error: 'UNAUTHORIZED', message: `Key ${clientKey} is not valid` }] }),
    );

    const response = await deletePersona(gateway, { id: 'persona_ok-1' }, { 'x-bland-api-key': clientKey });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'Key [redacted] is not valid',
          vendor: 'BLAND',
          vendorCode: 'UNAUTHORIZED',
          retryable: false,
        },
      },
    });
    expect(response.text).not.toContain(clientKey);
    expect(gateway.logs.join('')).not.toContain(clientKey);
    expect(received()).toEqual(sentOnce('persona_ok-1', false, clientKey));
  });
});

describe('ForbiddenError', () => {
  it('maps FORBIDDEN 403 to ForbiddenError', async () => {
    bland.setReply(
      json(403, {
        data: null,
        errors: [{ error: 'FORBIDDEN', message: 'This key may not delete personas of another organization' }],
      }),
    );

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'ForbiddenError',
          message: 'This key may not delete personas of another organization',
          vendor: 'BLAND',
          vendorCode: 'FORBIDDEN',
          retryable: false,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });
});

describe('RateLimitedError', () => {
  it('maps concurrency_limit_reached 429 to RateLimitedError with Retry-After seconds', async () => {
    bland.setReply(
      json(
        429,
        { error: 'concurrency_limit_reached', limit: 5, message: 'Concurrency limit reached' },
        { 'retry-after': '7' },
      ),
    );

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'RateLimitedError',
          message: 'Concurrency limit reached',
          vendor: 'BLAND',
          vendorCode: 'concurrency_limit_reached',
          retryable: true,
          retryAfterSeconds: 7,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('maps a 429 without a body to RateLimitedError, reading Retry-After as an HTTP date', async () => {
    bland.setReply(text(429, '', 'text/plain', { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'RateLimitedError',
          message: 'Bland is rate limiting requests.',
          vendor: 'BLAND',
          vendorCode: '429',
          retryable: true,
          retryAfterSeconds: 0,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });
});

// A reply answers every request, so the follow-up read after an ambiguous delete (TIMEOUT,
// CONNECTION_LOST, a 5xx) meets the same fault, and the delete's own UpstreamError stands.
describe('UpstreamError', () => {
  it('maps a 500 with a Bland error envelope to UpstreamError SERVER_ERROR with its code when the follow-up read fails too', async () => {
    bland.setReply(
      json(500, {
        data: null,
        errors: [{ error: 'TOKEN_CREATION_FAILED', message: 'Could not create token' }],
      }),
    );

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland answered HTTP 500: Could not create token',
          vendor: 'BLAND',
          vendorCode: 'TOKEN_CREATION_FAILED',
          retryable: true,
          reason: 'SERVER_ERROR',
          status: 500,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead('persona_ok-1'));
  });

  it('maps a 502 HTML page to UpstreamError SERVER_ERROR with the status as vendorCode when the follow-up read fails too', async () => {
    bland.setReply(text(502, '<html><body>Bad Gateway</body></html>', 'text/html'));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland answered HTTP 502.',
          vendor: 'BLAND',
          vendorCode: '502',
          retryable: true,
          reason: 'SERVER_ERROR',
          status: 502,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead('persona_ok-1'));
  });

  it('maps a 200 that is neither success nor error to UpstreamError BAD_RESPONSE', async () => {
    bland.setReply(json(200, { data: { success: false }, errors: null }));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland answered HTTP 200 with a body that is neither its success nor its error shape.',
          vendor: 'BLAND',
          vendorCode: '200',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 200,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('maps a 200 HTML page to UpstreamError BAD_RESPONSE', async () => {
    bland.setReply(text(200, '<html>maintenance</html>', 'text/html; charset=utf-8'));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland answered HTTP 200 with a text/html body.',
          vendor: 'BLAND',
          vendorCode: '200',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 200,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('maps truncated JSON on a 200 to UpstreamError BAD_RESPONSE', async () => {
    bland.setReply(json(200, '{"data":{"success":tr'));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland answered HTTP 200 with a body that is not valid JSON.',
          vendor: 'BLAND',
          vendorCode: '200',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 200,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('maps an unrecognised Bland code to UpstreamError VENDOR_ERROR naming it', async () => {
    bland.setReply(
      json(409, { data: null, errors: [{ error: 'PERSONA_LOCKED', message: 'Persona is being edited' }] }),
    );

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: 'Bland answered HTTP 409 with error PERSONA_LOCKED: Persona is being edited',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_LOCKED',
          retryable: false,
          reason: 'VENDOR_ERROR',
          status: 409,
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1'));
  });

  it('maps no answer within the deadline to UpstreamError TIMEOUT when the follow-up read gets none either', async () => {
    bland.setReply(hang());

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: `Bland gave no complete answer within ${upstreamTimeoutMs} ms; the delete may or may not have happened.`,
          vendor: 'BLAND',
          vendorCode: null,
          retryable: true,
          reason: 'TIMEOUT',
          status: null,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead('persona_ok-1'));
  });

  it('ends a body that trickles in past the deadline as UpstreamError TIMEOUT, and so does the follow-up read', async () => {
    bland.setReply(trickle(200, successBody, 50));
    const started = Date.now();

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    // Two deadlines: the delete's, then the follow-up read's, which trickles in just the same.
    expect(Date.now() - started).toBeLessThan(2 * upstreamTimeoutMs + 1500);
    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message: `Bland gave no complete answer within ${upstreamTimeoutMs} ms; the delete may or may not have happened.`,
          vendor: 'BLAND',
          vendorCode: null,
          retryable: true,
          reason: 'TIMEOUT',
          status: null,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead('persona_ok-1'));
  });

  it('maps a reset after the request was sent to UpstreamError CONNECTION_LOST when the follow-up read is reset too', async () => {
    bland.setReply(resetAfterRequest());

    const response = await deletePersona(gateway, { id: 'persona_ok-1' });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UpstreamError',
          message:
            'The connection to Bland broke after the request was sent (ECONNRESET); the delete may or may not have happened.',
          vendor: 'BLAND',
          vendorCode: null,
          retryable: true,
          reason: 'CONNECTION_LOST',
          status: null,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead('persona_ok-1'));
  });

  it('maps a refused connection to UpstreamError UNREACHABLE', async () => {
    const unreachable = await startTestGateway({
      bland: { baseUrl: await findClosedPortUrl(), apiKey: serverKey },
      upstreamTimeoutMs,
    });
    try {
      const response = await deletePersona(unreachable, { id: 'persona_ok-1' });

      expect(response.body).toEqual({
        data: {
          deletePersona: {
            __typename: 'UpstreamError',
            message: 'Bland could not be reached (ECONNREFUSED); the request never reached it.',
            vendor: 'BLAND',
            vendorCode: null,
            retryable: true,
            reason: 'UNREACHABLE',
            status: null,
          },
        },
      });
    } finally {
      await unreachable.close();
    }
  });
});

describe('credentials', () => {
  it('sends the per-request x-bland-api-key instead of the server-held key', async () => {
    bland.setReply(json(200, successBody));

    const response = await deletePersona(gateway, { id: 'persona_ok-1' }, { 'x-bland-api-key': clientKey });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'DeletePersonaSuccess',
          personaId: 'persona_ok-1',
          message: 'Persona deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1', false, clientKey));
  });

  it('reaches Bland with a per-request key when the gateway holds none', async () => {
    bland.setReply(json(200, successBody));

    const response = await deletePersona(
      keyless,
      { id: 'persona_ok-1', force: true },
      { 'x-bland-api-key': clientKey },
    );

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'DeletePersonaSuccess',
          personaId: 'persona_ok-1',
          message: 'Persona deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce('persona_ok-1', true, clientKey));
  });

  it('does not take the Bolna key for Bland', async () => {
    bland.setReply(json(200, successBody));

    const response = await deletePersona(
      keyless,
      { id: 'persona_ok-1' },
      { 'x-bolna-api-key': 'bn-bolna-key' },
    );

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'No Bland API key: the gateway holds none and the request sent no x-bland-api-key header.',
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bland.requests).toEqual([]);
  });
});
