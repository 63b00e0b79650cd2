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
import { deleteDispositionMutation } from '../helpers/operations.js';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const serverKey = 'bn-server-held-key-0001';
const clientKey = 'sa-client-sent-key-0002';
const upstreamTimeoutMs = 400;

const deletableId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const otherId = '44444444-4444-4444-8444-444444444444';
// Bolna's success body exactly as VENDORS.md quotes it.
const successBody = `{"message":"Disposition deleted successfully","id":"${deletableId}"}`;

let bolna: FakeVendor;
/** Holds a server-side Bolna key. */
let gateway: TestGateway;
/** Holds no Bolna key: only a per-request key can reach Bolna. */
let keyless: TestGateway;

beforeAll(async () => {
  bolna = await startFakeVendor(json(200, successBody));
  gateway = await startTestGateway({ bolna: { baseUrl: bolna.url, apiKey: serverKey }, upstreamTimeoutMs });
  keyless = await startTestGateway({ bolna: { baseUrl: bolna.url, apiKey: undefined }, upstreamTimeoutMs });
});

afterAll(async () => {
  await gateway.close();
  await keyless.close();
  await bolna.close();
});

beforeEach(() => {
  bolna.requests.length = 0;
});

function deleteDisposition(
  target: TestGateway,
  id: string,
  headers?: Record<string, string>,
): Promise<GraphQLResponse> {
  return target.graphql(deleteDispositionMutation, { variables: { id }, ...(headers ? { headers } : {}) });
}

/** What Bolna received, reduced to what the contract fixes. */
function received(): { method: string; url: string; authorization: string | undefined }[] {
  return bolna.requests.map(({ method, url, headers }) => ({
    method,
    url,
    authorization: headers.authorization,
  }));
}

function sentOnce(id: string, key = serverKey) {
  return [{ method: 'DELETE', url: `/dispositions/${id}`, authorization: `Bearer ${key}` }];
}

/** The delete, then the one read, with the same key, that asks whether its lost answer hid a delete. */
function sentWithFollowUpRead(id: string, key = serverKey) {
  return [...sentOnce(id, key), { ...followUpRead('BOLNA', id), authorization: `Bearer ${key}` }];
}

describe('DeleteDispositionSuccess', () => {
  it('returns DeleteDispositionSuccess with the asked id and the vendor message when Bolna proves the delete', async () => {
    bolna.setReply(json(200, successBody));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'DeleteDispositionSuccess',
          dispositionId: deletableId,
          message: 'Disposition deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('reports the id as the client wrote it when Bolna echoes it in another case', async () => {
    bolna.setReply(json(200, successBody));
    const upperId = deletableId.toUpperCase();

    const response = await deleteDisposition(gateway, upperId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'DeleteDispositionSuccess',
          dispositionId: upperId,
          message: 'Disposition deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce(upperId));
  });
});

describe('DispositionNotFoundError', () => {
  it('maps a 404 to DispositionNotFoundError with the asked id', async () => {
    bolna.setReply(json(404, { error: 404, message: 'Disposition not found' }));

    const response = await deleteDisposition(gateway, otherId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'DispositionNotFoundError',
          message: 'Disposition not found',
          vendor: 'BOLNA',
          vendorCode: '404',
          retryable: false,
          dispositionId: otherId,
        },
      },
    });
    expect(received()).toEqual(sentOnce(otherId));
  });

  it('maps a 200 carrying { error: 404 } to DispositionNotFoundError', async () => {
    bolna.setReply(json(200, { error: 404, message: 'Disposition not found' }));

    const response = await deleteDisposition(gateway, otherId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'DispositionNotFoundError',
          message: 'Disposition not found',
          vendor: 'BOLNA',
          vendorCode: '404',
          retryable: false,
          dispositionId: otherId,
        },
      },
    });
    expect(received()).toEqual(sentOnce(otherId));
  });
});

describe('InvalidInputError', () => {
  it.each([
    ['an id that is not a UUID', 'not-a-uuid', 'The id must be a UUID.'],
    ['a Bland-style id', 'persona_ok-1', 'The id must be a UUID.'],
    ['a UUID with a trailing path segment', `${deletableId}/x`, 'The id must be a UUID.'],
    ['an empty id', '', 'The id is empty.'],
    ['an id longer than 128 characters', 'a'.repeat(129), 'The id is longer than 128 characters.'],
  ])('rejects %s as InvalidInputError on field id without calling Bolna', async (_what, id, message) => {
    const response = await deleteDisposition(gateway, id);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'InvalidInputError',
          message,
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(bolna.requests).toEqual([]);
  });

  it('checks the id before the credential', async () => {
    const response = await deleteDisposition(keyless, 'not-a-uuid');

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'InvalidInputError',
          message: 'The id must be a UUID.',
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(bolna.requests).toEqual([]);
  });

  it('maps a 422 to InvalidInputError with the field named by detail[0].loc', async () => {
    bolna.setReply(
      json(422, {
        detail: [
          { loc: ['path', 'disposition_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
        ],
      }),
    );

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'InvalidInputError',
          message: 'value is not a valid uuid',
          vendor: 'BOLNA',
          vendorCode: '422',
          retryable: false,
          field: 'disposition_id',
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });
});

describe('UnauthenticatedError', () => {
  it('answers UnauthenticatedError without calling Bolna when the gateway holds no key and none is sent', async () => {
    const response = await deleteDisposition(keyless, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'No Bolna API key: the gateway holds none and the request sent no x-bolna-api-key header.',
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bolna.requests).toEqual([]);
  });

  it('does not take the Bland key for Bolna', async () => {
    const response = await deleteDisposition(keyless, deletableId, { 'x-bland-api-key': 'sk-bland-key' });

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'No Bolna API key: the gateway holds none and the request sent no x-bolna-api-key header.',
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bolna.requests).toEqual([]);
  });

  it('maps a 403 with FastAPI { detail } (how Bolna answers a bad key) to UnauthenticatedError', async () => {
    bolna.setReply(json(403, { detail: 'Could not validate credentials' }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'Could not validate credentials',
          vendor: 'BOLNA',
          vendorCode: '403',
          retryable: false,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('maps a documented 401 to UnauthenticatedError', async () => {
    bolna.setReply(json(401, { error: 401, message: 'Invalid API key' }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'Invalid API key',
          vendor: 'BOLNA',
          vendorCode: '401',
          retryable: false,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('removes the key from a vendor message that echoes it', async () => {
    bolna.setReply(json(403, { detail: `Token ${clientKey} has expired` }));

    const response = await deleteDisposition(gateway, deletableId, { 'x-bolna-api-key': clientKey });

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'Token [redacted] has expired',
          vendor: 'BOLNA',
          vendorCode: '403',
          retryable: false,
        },
      },
    });
    expect(response.text).not.toContain(clientKey);
    expect(gateway.logs.join('')).not.toContain(clientKey);
    expect(received()).toEqual(sentOnce(deletableId, clientKey));
  });
});

describe('ForbiddenError', () => {
  it('maps a 403 with the documented { error, message } body to ForbiddenError', async () => {
    bolna.setReply(json(403, { error: 403, message: 'You are not the owner of this disposition' }));

    const response = await deleteDisposition(gateway, otherId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'ForbiddenError',
          message: 'You are not the owner of this disposition',
          vendor: 'BOLNA',
          vendorCode: '403',
          retryable: false,
        },
      },
    });
    expect(received()).toEqual(sentOnce(otherId));
  });
});

describe('RateLimitedError', () => {
  it('maps a 429 to RateLimitedError with Retry-After seconds', async () => {
    bolna.setReply(
      json(
        429,
        { error: 429, message: 'Rate limit exceeded: 1000 requests per minute' },
        { 'retry-after': '30' },
      ),
    );

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'RateLimitedError',
          message: 'Rate limit exceeded: 1000 requests per minute',
          vendor: 'BOLNA',
          vendorCode: '429',
          retryable: true,
          retryAfterSeconds: 30,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('maps a 429 without Retry-After to RateLimitedError with a null retryAfterSeconds', async () => {
    bolna.setReply(json(429, { error: 429, message: 'Too many requests' }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'RateLimitedError',
          message: 'Too many requests',
          vendor: 'BOLNA',
          vendorCode: '429',
          retryable: true,
          retryAfterSeconds: null,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });
});

// A reply answers every request, so the follow-up read after an ambiguous delete (TIMEOUT,
// CONNECTION_LOST, a 5xx) meets the same fault, and the delete's own UpstreamError stands.
describe('UpstreamError', () => {
  it('maps a 500 with the documented error body to UpstreamError SERVER_ERROR when the follow-up read fails too', async () => {
    bolna.setReply(json(500, { error: 500, message: 'Internal server error' }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: 'Bolna answered HTTP 500: Internal server error',
          vendor: 'BOLNA',
          vendorCode: '500',
          retryable: true,
          reason: 'SERVER_ERROR',
          status: 500,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead(deletableId));
  });

  it('maps a 503 HTML page to UpstreamError SERVER_ERROR when the follow-up read fails too', async () => {
    bolna.setReply(text(503, '<html><body>Service Unavailable</body></html>', 'text/html'));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: 'Bolna answered HTTP 503.',
          vendor: 'BOLNA',
          vendorCode: '503',
          retryable: true,
          reason: 'SERVER_ERROR',
          status: 503,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead(deletableId));
  });

  it('maps a 200 that is neither success nor error to UpstreamError BAD_RESPONSE', async () => {
    bolna.setReply(json(200, { ok: true }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: 'Bolna answered HTTP 200 with a body that is neither its success nor its error shape.',
          vendor: 'BOLNA',
          vendorCode: '200',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 200,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('maps a 200 without the id to UpstreamError BAD_RESPONSE', async () => {
    bolna.setReply(json(200, { message: 'Disposition deleted successfully' }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: 'Bolna answered HTTP 200 with a body that is neither its success nor its error shape.',
          vendor: 'BOLNA',
          vendorCode: '200',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 200,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('maps a 404 HTML page to UpstreamError BAD_RESPONSE', async () => {
    bolna.setReply(text(404, '<html>Not Found</html>', 'text/html'));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: 'Bolna answered HTTP 404 with a text/html body.',
          vendor: 'BOLNA',
          vendorCode: '404',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 404,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('maps a well-formed error with an unmapped status to UpstreamError VENDOR_ERROR', async () => {
    bolna.setReply(json(409, { error: 409, message: 'Disposition is being updated' }));

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: 'Bolna answered HTTP 409 with error 409: Disposition is being updated',
          vendor: 'BOLNA',
          vendorCode: '409',
          retryable: false,
          reason: 'VENDOR_ERROR',
          status: 409,
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId));
  });

  it('maps no answer within the deadline to UpstreamError TIMEOUT when the follow-up read gets none either', async () => {
    bolna.setReply(hang());

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: `Bolna gave no complete answer within ${upstreamTimeoutMs} ms; the delete may or may not have happened.`,
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: true,
          reason: 'TIMEOUT',
          status: null,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead(deletableId));
  });

  it('ends a body that trickles in past the deadline as UpstreamError TIMEOUT, and so does the follow-up read', async () => {
    bolna.setReply(trickle(200, successBody, 50));
    const started = Date.now();

    const response = await deleteDisposition(gateway, deletableId);

    // Two deadlines: the delete's, then the follow-up read's, which trickles in just the same.
    expect(Date.now() - started).toBeLessThan(2 * upstreamTimeoutMs + 1500);
    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message: `Bolna gave no complete answer within ${upstreamTimeoutMs} ms; the delete may or may not have happened.`,
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: true,
          reason: 'TIMEOUT',
          status: null,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead(deletableId));
  });

  it('maps a reset after the request was sent to UpstreamError CONNECTION_LOST when the follow-up read is reset too', async () => {
    bolna.setReply(resetAfterRequest());

    const response = await deleteDisposition(gateway, deletableId);

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UpstreamError',
          message:
            'The connection to Bolna broke after the request was sent (ECONNRESET); the delete may or may not have happened.',
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: true,
          reason: 'CONNECTION_LOST',
          status: null,
        },
      },
    });
    expect(received()).toEqual(sentWithFollowUpRead(deletableId));
  });

  it('maps a refused connection to UpstreamError UNREACHABLE', async () => {
    const unreachable = await startTestGateway({
      bolna: { baseUrl: await findClosedPortUrl(), apiKey: serverKey },
      upstreamTimeoutMs,
    });
    try {
      const response = await deleteDisposition(unreachable, deletableId);

      expect(response.body).toEqual({
        data: {
          deleteDisposition: {
            __typename: 'UpstreamError',
            message: 'Bolna could not be reached (ECONNREFUSED); the request never reached it.',
            vendor: 'BOLNA',
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
  it('sends the per-request x-bolna-api-key instead of the server-held key', async () => {
    bolna.setReply(json(200, successBody));

    const response = await deleteDisposition(gateway, deletableId, { 'x-bolna-api-key': clientKey });

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'DeleteDispositionSuccess',
          dispositionId: deletableId,
          message: 'Disposition deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId, clientKey));
  });

  it('reaches Bolna with a per-request key when the gateway holds none', async () => {
    bolna.setReply(json(200, successBody));

    const response = await deleteDisposition(keyless, deletableId, { 'x-bolna-api-key': clientKey });

    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'DeleteDispositionSuccess',
          dispositionId: deletableId,
          message: 'Disposition deleted successfully',
        },
      },
    });
    expect(received()).toEqual(sentOnce(deletableId, clientKey));
  });
});
