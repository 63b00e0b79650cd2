import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDeleteDispositionOutcome } from '../../../src/vendors/bolna/endpoints/delete-disposition.js';
import type { VendorAnswer } from '../../../src/vendors/core/answer.js';
import { jsonAnswer, textAnswer, toPayload } from '../../helpers/vendor-answers.js';

const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

function outcomeOf(answer: VendorAnswer, id = dispositionId): Record<string, unknown> {
  return toPayload(toDeleteDispositionOutcome(answer, id), 'DeleteDispositionSuccess');
}

const html = '<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>';

const verbatimSuccess = { message: 'Disposition deleted successfully', id: dispositionId };

const successPayload = {
  __typename: 'DeleteDispositionSuccess',
  dispositionId,
  message: 'Disposition deleted successfully',
};

function badResponse(status: number, what: string) {
  return {
    __typename: 'UpstreamError',
    message: `Bolna answered HTTP ${status} with ${what}.`,
    vendor: 'BOLNA',
    vendorCode: String(status),
    retryable: false,
    reason: 'BAD_RESPONSE',
    status,
  };
}

function serverError(status: number, message: string) {
  return {
    __typename: 'UpstreamError',
    message,
    vendor: 'BOLNA',
    vendorCode: String(status),
    retryable: true,
    reason: 'SERVER_ERROR',
    status,
  };
}

const neitherShape = 'a body that is neither its success nor its error shape';

afterEach(() => {
  vi.useRealTimers();
});

describe('toDeleteDispositionOutcome: success', () => {
  it("maps Bolna's verbatim success to DeleteDispositionSuccess", () => {
    expect(outcomeOf(jsonAnswer(200, verbatimSuccess))).toEqual(successPayload);
  });

  it('returns the success as a plain object, not an error', () => {
    const outcome = toDeleteDispositionOutcome(jsonAnswer(200, verbatimSuccess), dispositionId);
    expect(outcome).not.toBeInstanceOf(Error);
    expect(outcome).toStrictEqual({ dispositionId, message: 'Disposition deleted successfully' });
  });

  it('accepts the echoed id in another letter case and reports the id as asked', () => {
    const asked = dispositionId.toUpperCase();
    expect(outcomeOf(jsonAnswer(200, verbatimSuccess), asked)).toEqual({
      ...successPayload,
      dispositionId: asked,
    });
  });

  it('reads the success when no content type is given', () => {
    expect(outcomeOf(textAnswer(200, JSON.stringify(verbatimSuccess)))).toEqual(successPayload);
  });

  it('treats a null error field beside the success shape as success', () => {
    expect(outcomeOf(jsonAnswer(200, { ...verbatimSuccess, error: null }))).toEqual(successPayload);
  });
});

describe('toDeleteDispositionOutcome: 2xx that is not proof', () => {
  it('maps a success whose id differs from the one asked to UpstreamError BAD_RESPONSE', () => {
    const body = { message: 'Disposition deleted successfully', id: '44444444-4444-4444-8444-444444444444' };
    expect(outcomeOf(jsonAnswer(200, body))).toEqual(badResponse(200, neitherShape));
  });

  it.each([
    ['{}', {}],
    ['a message without an id', { message: 'Disposition deleted successfully' }],
    ['an id without a message', { id: dispositionId }],
    ['an empty message', { message: '', id: dispositionId }],
    ['a numeric id', { message: 'Disposition deleted successfully', id: 42 }],
    ['{ success: true }', { success: true }],
    ['an array', [verbatimSuccess]],
    ['null', null],
    ['a string', 'ok'],
  ])('maps a 2xx with %s to UpstreamError BAD_RESPONSE', (_label, body) => {
    expect(outcomeOf(jsonAnswer(200, body))).toEqual(badResponse(200, neitherShape));
  });
});

describe('toDeleteDispositionOutcome: 2xx carrying an error envelope', () => {
  it('maps a 2xx carrying { error: 404, message } to DispositionNotFoundError', () => {
    expect(outcomeOf(jsonAnswer(200, { error: 404, message: 'Disposition not found' }))).toEqual({
      __typename: 'DispositionNotFoundError',
      message: 'Disposition not found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId,
    });
  });

  it('maps a 2xx carrying { error: 403, message } to ForbiddenError', () => {
    expect(outcomeOf(jsonAnswer(200, { error: 403, message: 'Not the owner' }))).toEqual({
      __typename: 'ForbiddenError',
      message: 'Not the owner',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it('maps a 2xx carrying { error: 401, message } to UnauthenticatedError', () => {
    expect(outcomeOf(jsonAnswer(200, { error: 401, message: 'Invalid token' }))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Invalid token',
      vendor: 'BOLNA',
      vendorCode: '401',
      retryable: false,
    });
  });

  it('maps a 2xx carrying { error: 429, message } to RateLimitedError', () => {
    expect(outcomeOf(jsonAnswer(200, { error: 429, message: 'Slow down' }, { 'retry-after': '3' }))).toEqual({
      __typename: 'RateLimitedError',
      message: 'Slow down',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 3,
    });
  });

  it('maps a 2xx carrying a { detail } string, which names no status, to UpstreamError VENDOR_ERROR', () => {
    expect(outcomeOf(jsonAnswer(200, { detail: 'Something went wrong' }))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bolna answered HTTP 200: Something went wrong',
      vendor: 'BOLNA',
      vendorCode: '200',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 200,
    });
  });
});

describe('toDeleteDispositionOutcome: not found', () => {
  it('maps the documented 404 { error, message } to DispositionNotFoundError', () => {
    expect(outcomeOf(jsonAnswer(404, { error: 404, message: 'Disposition not found' }))).toEqual({
      __typename: 'DispositionNotFoundError',
      message: 'Disposition not found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId,
    });
  });

  it("maps a 404 with FastAPI's { detail } to DispositionNotFoundError", () => {
    expect(outcomeOf(jsonAnswer(404, { detail: 'Not Found' }))).toEqual({
      __typename: 'DispositionNotFoundError',
      message: 'Not Found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId,
    });
  });

  it('names the disposition as asked, in its letter case', () => {
    const asked = dispositionId.toUpperCase();
    expect(outcomeOf(jsonAnswer(404, { error: 404 }), asked)).toEqual({
      __typename: 'DispositionNotFoundError',
      message: 'Disposition not found.',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId: asked,
    });
  });
});

describe('toDeleteDispositionOutcome: credentials and ownership', () => {
  it('maps the documented 403 { error, message } (not the owner) to ForbiddenError', () => {
    const body = { error: 403, message: 'You are not the owner of this disposition' };
    expect(outcomeOf(jsonAnswer(403, body))).toEqual({
      __typename: 'ForbiddenError',
      message: 'You are not the owner of this disposition',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it('maps a 403 { error } without a message to ForbiddenError with its own message', () => {
    expect(outcomeOf(jsonAnswer(403, { error: 403 }))).toEqual({
      __typename: 'ForbiddenError',
      message: 'Bolna allows only the owner of a disposition, or an admin, to delete it.',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it("maps a 403 with FastAPI's { detail } (Bolna's answer to a bad key) to UnauthenticatedError", () => {
    expect(outcomeOf(jsonAnswer(403, { detail: 'Could not validate credentials' }))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Could not validate credentials',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    });
  });

  it.each([
    { label: '{ detail }', body: { detail: 'Not authenticated' }, message: 'Not authenticated' },
    { label: '{ error, message }', body: { error: 401, message: 'Unauthorized' }, message: 'Unauthorized' },
    { label: 'a bare { message }', body: { message: 'Invalid API key' }, message: 'Invalid API key' },
  ])('maps a 401 with $label to UnauthenticatedError', ({ body, message }) => {
    expect(outcomeOf(jsonAnswer(401, body))).toEqual({
      __typename: 'UnauthenticatedError',
      message,
      vendor: 'BOLNA',
      vendorCode: '401',
      retryable: false,
    });
  });
});

describe('toDeleteDispositionOutcome: invalid input', () => {
  it('maps a FastAPI 422 to InvalidInputError on the field named by detail[0].loc', () => {
    const body = {
      detail: [
        { loc: ['path', 'disposition_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
      ],
    };
    expect(outcomeOf(jsonAnswer(422, body))).toEqual({
      __typename: 'InvalidInputError',
      message: 'value is not a valid uuid',
      vendor: 'BOLNA',
      vendorCode: '422',
      retryable: false,
      field: 'disposition_id',
    });
  });

  it('falls back to field "id" when detail[0].loc names no field', () => {
    const body = { detail: [{ loc: ['path'], msg: 'Invalid path', type: 'value_error' }] };
    expect(outcomeOf(jsonAnswer(422, body))).toEqual({
      __typename: 'InvalidInputError',
      message: 'Invalid path',
      vendor: 'BOLNA',
      vendorCode: '422',
      retryable: false,
      field: 'id',
    });
  });

  it('maps the documented 400 { error, message } to InvalidInputError on field "id"', () => {
    expect(outcomeOf(jsonAnswer(400, { error: 400, message: 'Invalid disposition id' }))).toEqual({
      __typename: 'InvalidInputError',
      message: 'Invalid disposition id',
      vendor: 'BOLNA',
      vendorCode: '400',
      retryable: false,
      field: 'id',
    });
  });

  it('maps a 400 { detail } string to InvalidInputError', () => {
    expect(outcomeOf(jsonAnswer(400, { detail: 'Bad request' }))).toEqual({
      __typename: 'InvalidInputError',
      message: 'Bad request',
      vendor: 'BOLNA',
      vendorCode: '400',
      retryable: false,
      field: 'id',
    });
  });
});

describe('toDeleteDispositionOutcome: throttled', () => {
  it('maps a 429 with Retry-After in seconds to RateLimitedError', () => {
    const answer = jsonAnswer(429, { error: 429, message: 'Rate limit exceeded' }, { 'retry-after': '30' });
    expect(outcomeOf(answer)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Rate limit exceeded',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 30,
    });
  });

  it('maps a 429 with Retry-After as an HTTP date to RateLimitedError with seconds from now', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const answer = jsonAnswer(
      429,
      { error: 429, message: 'Rate limit exceeded' },
      { 'retry-after': 'Thu, 01 Jan 2026 00:01:30 GMT' },
    );
    expect(outcomeOf(answer)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Rate limit exceeded',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 90,
    });
  });

  it('maps a 429 without Retry-After to RateLimitedError with a null retryAfterSeconds', () => {
    expect(outcomeOf(jsonAnswer(429, { detail: 'Too Many Requests' }))).toEqual({
      __typename: 'RateLimitedError',
      message: 'Too Many Requests',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: null,
    });
  });

  it.each([
    {
      label: 'an HTML body',
      answer: textAnswer(429, html, { 'content-type': 'text/html', 'retry-after': '7' }),
    },
    { label: 'an empty body', answer: textAnswer(429, '', { 'retry-after': '7' }) },
    { label: 'an empty JSON object', answer: jsonAnswer(429, {}, { 'retry-after': '7' }) },
  ])('maps a 429 with $label to RateLimitedError', ({ answer }) => {
    expect(outcomeOf(answer)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Bolna is rate limiting requests.',
      vendor: 'BOLNA',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 7,
    });
  });
});

describe('toDeleteDispositionOutcome: 5xx', () => {
  it('maps the documented 500 { error, message } to UpstreamError SERVER_ERROR', () => {
    expect(outcomeOf(jsonAnswer(500, { error: 500, message: 'Internal server error' }))).toEqual(
      serverError(500, 'Bolna answered HTTP 500: Internal server error'),
    );
  });

  it('maps a 500 { detail } to SERVER_ERROR', () => {
    expect(outcomeOf(jsonAnswer(500, { detail: 'Internal Server Error' }))).toEqual(
      serverError(500, 'Bolna answered HTTP 500: Internal Server Error'),
    );
  });

  it.each([
    { label: 'an HTML body', answer: textAnswer(503, html, { 'content-type': 'text/html' }) },
    {
      label: 'a text/plain body',
      answer: textAnswer(503, 'upstream connect error', { 'content-type': 'text/plain' }),
    },
    { label: 'truncated JSON', answer: textAnswer(503, '{"error":500,"mess', {}) },
    { label: 'an empty body', answer: textAnswer(503, '', {}) },
    { label: 'an oversized body', answer: textAnswer(503, null, { 'content-type': 'application/json' }) },
    { label: 'an empty JSON object', answer: jsonAnswer(503, {}) },
    { label: 'a JSON array', answer: jsonAnswer(503, []) },
  ])('maps a 503 with $label to UpstreamError SERVER_ERROR with its status', ({ answer }) => {
    expect(outcomeOf(answer)).toEqual(serverError(503, 'Bolna answered HTTP 503.'));
  });
});

describe('toDeleteDispositionOutcome: other well-formed errors', () => {
  it('maps a 409 { error: 409, message } to UpstreamError VENDOR_ERROR', () => {
    expect(outcomeOf(jsonAnswer(409, { error: 409, message: 'Disposition is locked' }))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bolna answered HTTP 409 with error 409: Disposition is locked',
      vendor: 'BOLNA',
      vendorCode: '409',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 409,
    });
  });

  it('maps a 409 { detail } to VENDOR_ERROR with vendorCode "409"', () => {
    expect(outcomeOf(jsonAnswer(409, { detail: 'Conflict' }))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bolna answered HTTP 409: Conflict',
      vendor: 'BOLNA',
      vendorCode: '409',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 409,
    });
  });

  it('maps a string error code on a 418 to VENDOR_ERROR carrying that code', () => {
    expect(outcomeOf(jsonAnswer(418, { error: 'teapot', message: 'Short and stout' }))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bolna answered HTTP 418 with error teapot: Short and stout',
      vendor: 'BOLNA',
      vendorCode: 'teapot',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 418,
    });
  });

  it('maps a 409 with JSON that carries no error, detail or message to BAD_RESPONSE', () => {
    expect(outcomeOf(jsonAnswer(409, { status: 'conflict' }))).toEqual(badResponse(409, neitherShape));
  });
});

describe('toDeleteDispositionOutcome: bodies that are not a Bolna answer', () => {
  it.each([
    { status: 200, answer: textAnswer(200, html, { 'content-type': 'text/html' }), what: 'a text/html body' },
    {
      status: 200,
      answer: textAnswer(200, JSON.stringify(verbatimSuccess), {
        'content-type': 'text/plain; charset=utf-8',
      }),
      what: 'a text/plain body',
    },
    {
      status: 200,
      answer: textAnswer(200, '', { 'content-type': 'application/json' }),
      what: 'an empty body',
    },
    {
      status: 200,
      answer: textAnswer(200, '{"message":"Disposition deleted successfully","id":"3fa8', {}),
      what: 'a body that is not valid JSON',
    },
    { status: 200, answer: textAnswer(200, null, {}), what: 'a body over the size limit' },
    {
      status: 404,
      answer: textAnswer(404, '<html>Not Found</html>', { 'content-type': 'text/html' }),
      what: 'a text/html body',
    },
    { status: 403, answer: textAnswer(403, '', {}), what: 'an empty body' },
    { status: 422, answer: textAnswer(422, '{"detail":[{"loc":', {}), what: 'a body that is not valid JSON' },
    { status: 400, answer: textAnswer(400, null, {}), what: 'a body over the size limit' },
  ])('maps HTTP $status with $what to UpstreamError BAD_RESPONSE', ({ status, answer, what }) => {
    expect(outcomeOf(answer)).toEqual(badResponse(status, what));
  });
});
