import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDeletePersonaOutcome } from '../../../src/vendors/bland/endpoints/delete-persona.js';
import type { VendorAnswer } from '../../../src/vendors/core/answer.js';
import { jsonAnswer, textAnswer, toPayload } from '../../helpers/vendor-answers.js';

/** The id the client asked for; deliberately not the id Bland's examples echo in `details`. */
const personaId = 'persona_asked-1';

function outcomeOf(answer: VendorAnswer): Record<string, unknown> {
  return toPayload(toDeletePersonaOutcome(answer, personaId), 'DeletePersonaSuccess');
}

const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';

const verbatimSuccess = { data: { success: true, message: 'Persona deleted successfully' }, errors: null };

const verbatimInUse = {
  data: null,
  errors: [
    {
      error: 'PERSONA_IN_USE',
      message: 'Cannot delete persona that is currently in use by phone numbers',
      details: {
        persona_id: '12345678-1234-1234-1234-123456789012',
        phone_numbers_using: ['+15551234567', '+15551234568'],
        suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
      },
    },
  ],
};

const inUsePayload = {
  __typename: 'PersonaInUseError',
  message: 'Cannot delete persona that is currently in use by phone numbers',
  vendor: 'BLAND',
  vendorCode: 'PERSONA_IN_USE',
  retryable: false,
  personaId,
  phoneNumbers: ['+15551234567', '+15551234568'],
  suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
};

const verbatimNotFound = {
  data: null,
  errors: [
    {
      error: 'PERSONA_NOT_FOUND',
      message: 'Persona not found',
      details: { persona_id: '12345678-1234-1234-1234-123456789012' },
    },
  ],
};

const notFoundPayload = {
  __typename: 'PersonaNotFoundError',
  message: 'Persona not found',
  vendor: 'BLAND',
  vendorCode: 'PERSONA_NOT_FOUND',
  retryable: false,
  personaId,
};

function badResponse(status: number, what: string) {
  return {
    __typename: 'UpstreamError',
    message: `Bland answered HTTP ${status} with ${what}.`,
    vendor: 'BLAND',
    vendorCode: String(status),
    retryable: false,
    reason: 'BAD_RESPONSE',
    status,
  };
}

const neitherShape = 'a body that is neither its success nor its error shape';

afterEach(() => {
  vi.useRealTimers();
});

describe('toDeletePersonaOutcome: success', () => {
  it("maps Bland's verbatim success to DeletePersonaSuccess with the asked id", () => {
    expect(outcomeOf(jsonAnswer(200, verbatimSuccess))).toEqual({
      __typename: 'DeletePersonaSuccess',
      personaId,
      message: 'Persona deleted successfully',
    });
  });

  it('returns the success as a plain object, not an error', () => {
    const outcome = toDeletePersonaOutcome(jsonAnswer(200, verbatimSuccess), personaId);
    expect(outcome).not.toBeInstanceOf(Error);
    expect(outcome).toStrictEqual({ personaId, message: 'Persona deleted successfully' });
  });

  it('reads the success when no content type is given or it carries a charset', () => {
    const text = JSON.stringify(verbatimSuccess);
    const expected = {
      __typename: 'DeletePersonaSuccess',
      personaId,
      message: 'Persona deleted successfully',
    };
    expect(outcomeOf(textAnswer(200, text))).toEqual(expected);
    expect(outcomeOf(textAnswer(200, text, { 'content-type': 'application/json; charset=utf-8' }))).toEqual(
      expected,
    );
  });

  it('gives a message of its own when the success carries none', () => {
    expect(outcomeOf(jsonAnswer(200, { data: { success: true }, errors: null }))).toEqual({
      __typename: 'DeletePersonaSuccess',
      personaId,
      message: 'Persona deleted.',
    });
  });
});

describe('toDeletePersonaOutcome: in use', () => {
  it.each([409, 400, 422, 404, 200])(
    'maps PERSONA_IN_USE on HTTP %i to PersonaInUseError with its phone numbers and suggestion',
    (status) => {
      expect(outcomeOf(jsonAnswer(status, verbatimInUse))).toEqual(inUsePayload);
    },
  );

  it('maps PERSONA_IN_USE on a 5xx to PersonaInUseError: the code beats the status', () => {
    expect(outcomeOf(jsonAnswer(500, verbatimInUse))).toEqual(inUsePayload);
  });

  it('maps PERSONA_IN_USE in the nested { error: { code, message, details } } shape', () => {
    const body = {
      error: {
        code: 'PERSONA_IN_USE',
        message: 'Cannot delete persona that is currently in use by phone numbers',
        details: {
          phone_numbers_using: ['+15551234567', '+15551234568'],
          suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
        },
      },
    };
    expect(outcomeOf(jsonAnswer(409, body))).toEqual(inUsePayload);
  });

  it('maps PERSONA_IN_USE without details to no phone numbers and a null suggestion', () => {
    const body = { data: null, errors: [{ error: 'PERSONA_IN_USE', message: 'Persona is in use' }] };
    expect(outcomeOf(jsonAnswer(409, body))).toEqual({
      ...inUsePayload,
      message: 'Persona is in use',
      phoneNumbers: [],
      suggestion: null,
    });
  });

  it('keeps only the string phone numbers and names the persona asked for, not the one in details', () => {
    const body = {
      data: null,
      errors: [
        {
          error: 'PERSONA_IN_USE',
          details: { persona_id: 'someone-else', phone_numbers_using: ['+15551234567', 42, null] },
        },
      ],
    };
    expect(outcomeOf(jsonAnswer(409, body))).toEqual({
      ...inUsePayload,
      message: 'The persona is in use by phone numbers.',
      phoneNumbers: ['+15551234567'],
      suggestion: null,
    });
  });

  it('recognises the code in lower case with dashes, keeping the vendor spelling as vendorCode', () => {
    const body = { data: null, errors: [{ error: 'persona-in-use', message: 'In use' }] };
    expect(outcomeOf(jsonAnswer(409, body))).toEqual({
      ...inUsePayload,
      message: 'In use',
      vendorCode: 'persona-in-use',
      phoneNumbers: [],
      suggestion: null,
    });
  });
});

describe('toDeletePersonaOutcome: not found', () => {
  it.each([404, 400, 200])('maps PERSONA_NOT_FOUND on HTTP %i to PersonaNotFoundError', (status) => {
    expect(outcomeOf(jsonAnswer(status, verbatimNotFound))).toEqual(notFoundPayload);
  });

  it('maps the NOT_FOUND code to PersonaNotFoundError', () => {
    const body = { data: null, errors: [{ error: 'NOT_FOUND', message: 'Not found' }] };
    expect(outcomeOf(jsonAnswer(404, body))).toEqual({
      ...notFoundPayload,
      message: 'Not found',
      vendorCode: 'NOT_FOUND',
    });
  });

  it('maps PERSONA_NOT_FOUND under `code` instead of `error` in errors[]', () => {
    const body = { errors: [{ code: 'PERSONA_NOT_FOUND', message: 'Persona not found' }] };
    expect(outcomeOf(jsonAnswer(404, body))).toEqual(notFoundPayload);
  });

  it('maps a 404 whose errors[] item has no code to PersonaNotFoundError with vendorCode "404"', () => {
    const body = { data: null, errors: [{ message: 'Persona not found' }] };
    expect(outcomeOf(jsonAnswer(404, body))).toEqual({ ...notFoundPayload, vendorCode: '404' });
  });

  it('maps a 404 with a bare { message } envelope to PersonaNotFoundError with vendorCode "404"', () => {
    const body = { message: 'Cannot DELETE /v1/personas/persona_asked-1' };
    expect(outcomeOf(jsonAnswer(404, body))).toEqual({
      ...notFoundPayload,
      message: 'Cannot DELETE /v1/personas/persona_asked-1',
      vendorCode: '404',
    });
  });

  it('maps a 404 whose errors are a list of strings to PersonaNotFoundError', () => {
    expect(outcomeOf(jsonAnswer(404, { errors: ['Persona not found'] }))).toEqual({
      ...notFoundPayload,
      vendorCode: '404',
    });
  });

  it('maps a 404 with an unknown code in the nested { error: { code } } shape to PersonaNotFoundError', () => {
    const body = {
      error: { code: 'VERSION_NOT_FOUND', message: 'Version not found', details: { version: 3 } },
    };
    expect(outcomeOf(jsonAnswer(404, body))).toEqual({
      ...notFoundPayload,
      message: 'Version not found',
      vendorCode: 'VERSION_NOT_FOUND',
    });
  });

  it('maps a 404 with the bare Bland envelope { data: null, errors: null } to PersonaNotFoundError', () => {
    expect(outcomeOf(jsonAnswer(404, { data: null, errors: null }))).toEqual({
      ...notFoundPayload,
      message: 'Persona not found.',
      vendorCode: '404',
    });
  });

  it('maps a 404 whose errors is a string (as the persona page types it) to PersonaNotFoundError', () => {
    expect(outcomeOf(jsonAnswer(404, { data: null, errors: 'Persona not found' }))).toEqual({
      ...notFoundPayload,
      vendorCode: '404',
    });
  });

  it('maps a 404 with an HTML body to UpstreamError BAD_RESPONSE, not to PersonaNotFoundError', () => {
    expect(outcomeOf(textAnswer(404, '<html>Not Found</html>', { 'content-type': 'text/html' }))).toEqual(
      badResponse(404, 'a text/html body'),
    );
  });

  it('reads an envelope sent as application/problem+json', () => {
    expect(
      outcomeOf(
        textAnswer(404, JSON.stringify(verbatimNotFound), { 'content-type': 'application/problem+json' }),
      ),
    ).toEqual(notFoundPayload);
  });

  it('folds control characters and white space in the vendor message', () => {
    const body = {
      data: null,
      errors: [{ error: 'PERSONA_NOT_FOUND', message: ' Persona\n\tnot\u0000found ' }],
    };
    expect(outcomeOf(jsonAnswer(404, body))).toEqual(notFoundPayload);
  });
});

describe('toDeletePersonaOutcome: bad credential', () => {
  it("maps Bland's documented AUTH_FAILURE 401 to UnauthenticatedError", () => {
    const body = { data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] };
    expect(outcomeOf(jsonAnswer(401, body))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Unauthorized',
      vendor: 'BLAND',
      vendorCode: 'AUTH_FAILURE',
      retryable: false,
    });
  });

  it('maps UNAUTHORIZED without data to UnauthenticatedError', () => {
    const body = { errors: [{ error: 'UNAUTHORIZED', message: 'User authentication required' }] };
    expect(outcomeOf(jsonAnswer(401, body))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'User authentication required',
      vendor: 'BLAND',
      vendorCode: 'UNAUTHORIZED',
      retryable: false,
    });
  });

  it('maps UNAUTHORIZED to UnauthenticatedError whatever the status', () => {
    const body = { errors: [{ error: 'UNAUTHORIZED' }] };
    expect(outcomeOf(jsonAnswer(403, body))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Bland rejected the API key.',
      vendor: 'BLAND',
      vendorCode: 'UNAUTHORIZED',
      retryable: false,
    });
  });

  it('maps a 401 envelope without a code to UnauthenticatedError with vendorCode "401"', () => {
    expect(outcomeOf(jsonAnswer(401, { message: 'Invalid API key' }))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Invalid API key',
      vendor: 'BLAND',
      vendorCode: '401',
      retryable: false,
    });
  });
});

describe('toDeletePersonaOutcome: not allowed', () => {
  it('maps the FORBIDDEN code to ForbiddenError', () => {
    const body = { data: null, errors: [{ error: 'FORBIDDEN', message: 'Not your persona' }] };
    expect(outcomeOf(jsonAnswer(403, body))).toEqual({
      __typename: 'ForbiddenError',
      message: 'Not your persona',
      vendor: 'BLAND',
      vendorCode: 'FORBIDDEN',
      retryable: false,
    });
  });

  it('maps the FORBIDDEN code on a 400 to ForbiddenError: the code beats the status', () => {
    expect(outcomeOf(jsonAnswer(400, { errors: [{ error: 'FORBIDDEN' }] }))).toEqual({
      __typename: 'ForbiddenError',
      message: 'Bland does not allow this API key to delete the persona.',
      vendor: 'BLAND',
      vendorCode: 'FORBIDDEN',
      retryable: false,
    });
  });

  it('maps a 403 envelope without a code to ForbiddenError with vendorCode "403"', () => {
    expect(outcomeOf(jsonAnswer(403, { data: null, errors: [{ message: 'Access denied' }] }))).toEqual({
      __typename: 'ForbiddenError',
      message: 'Access denied',
      vendor: 'BLAND',
      vendorCode: '403',
      retryable: false,
    });
  });
});

describe('toDeletePersonaOutcome: invalid input', () => {
  it.each(['INVALID_REQUEST', 'VALIDATION_ERROR', 'BAD_REQUEST', 'INVALID_PARAMETER', 'INVALID_INPUT'])(
    'maps the %s code to InvalidInputError on field "id"',
    (code) => {
      const body = { data: null, errors: [{ error: code, message: 'persona_id is malformed' }] };
      expect(outcomeOf(jsonAnswer(409, body))).toEqual({
        __typename: 'InvalidInputError',
        message: 'persona_id is malformed',
        vendor: 'BLAND',
        vendorCode: code,
        retryable: false,
        field: 'id',
      });
    },
  );

  it('maps INVALID_PARAMETER under `code` in errors[] to InvalidInputError on the field the vendor names', () => {
    const body = {
      errors: [
        { code: 'INVALID_PARAMETER', message: 'force must be a boolean', details: { field: 'force' } },
      ],
    };
    expect(outcomeOf(jsonAnswer(400, body))).toEqual({
      __typename: 'InvalidInputError',
      message: 'force must be a boolean',
      vendor: 'BLAND',
      vendorCode: 'INVALID_PARAMETER',
      retryable: false,
      field: 'force',
    });
  });

  it.each([400, 422])('maps a %i envelope without a code to InvalidInputError', (status) => {
    expect(outcomeOf(jsonAnswer(status, { data: null, errors: [{ message: 'Bad persona id' }] }))).toEqual({
      __typename: 'InvalidInputError',
      message: 'Bad persona id',
      vendor: 'BLAND',
      vendorCode: String(status),
      retryable: false,
      field: 'id',
    });
  });

  it('maps the legacy { status: "error", message, errors: ["..."] } on a 400 to InvalidInputError', () => {
    const body = { status: 'error', message: 'Invalid request', errors: ['persona_id must be a UUID'] };
    expect(outcomeOf(jsonAnswer(400, body))).toEqual({
      __typename: 'InvalidInputError',
      message: 'Invalid request: persona_id must be a UUID',
      vendor: 'BLAND',
      vendorCode: '400',
      retryable: false,
      field: 'id',
    });
  });

  it('maps the legacy envelope with an empty errors list by its message', () => {
    const body = { status: 'error', message: 'Invalid request', errors: [] };
    expect(outcomeOf(jsonAnswer(400, body))).toEqual({
      __typename: 'InvalidInputError',
      message: 'Invalid request',
      vendor: 'BLAND',
      vendorCode: '400',
      retryable: false,
      field: 'id',
    });
  });
});

describe('toDeletePersonaOutcome: throttled', () => {
  it('maps { error: "concurrency_limit_reached", limit, message } on 429 to RateLimitedError with Retry-After', () => {
    const body = { error: 'concurrency_limit_reached', limit: 5, message: 'Concurrency limit of 5 reached' };
    expect(outcomeOf(jsonAnswer(429, body, { 'retry-after': '5' }))).toEqual({
      __typename: 'RateLimitedError',
      message: 'Concurrency limit of 5 reached',
      vendor: 'BLAND',
      vendorCode: 'concurrency_limit_reached',
      retryable: true,
      retryAfterSeconds: 5,
    });
  });

  it.each([
    {
      status: 429,
      body: { errors: [{ error: 'TOO_MANY_REQUESTS', message: 'Slow down' }] },
      code: 'TOO_MANY_REQUESTS',
    },
    {
      status: 400,
      body: { errors: [{ error: 'TOO_MANY_REQUESTS', message: 'Slow down' }] },
      code: 'TOO_MANY_REQUESTS',
    },
    { status: 403, body: { errors: [{ code: 'RATE_LIMITED', message: 'Slow down' }] }, code: 'RATE_LIMITED' },
    {
      status: 400,
      body: { error: 'Rate Limit Exceeded', message: 'Slow down' },
      code: 'Rate Limit Exceeded',
    },
    {
      status: 200,
      body: { errors: [{ error: 'Rate Limit Exceeded', message: 'Slow down' }] },
      code: 'Rate Limit Exceeded',
    },
    {
      status: 503,
      body: { error: { code: 'TOO_MANY_REQUESTS', message: 'Slow down' } },
      code: 'TOO_MANY_REQUESTS',
    },
  ])('maps the code $code on HTTP $status to RateLimitedError', ({ status, body, code }) => {
    expect(outcomeOf(jsonAnswer(status, body, { 'retry-after': '12' }))).toEqual({
      __typename: 'RateLimitedError',
      message: 'Slow down',
      vendor: 'BLAND',
      vendorCode: code,
      retryable: true,
      retryAfterSeconds: 12,
    });
  });

  it('maps a 429 envelope without a code to RateLimitedError with vendorCode "429"', () => {
    expect(outcomeOf(jsonAnswer(429, { message: 'Too many requests' }, { 'retry-after': '30' }))).toEqual({
      __typename: 'RateLimitedError',
      message: 'Too many requests',
      vendor: 'BLAND',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 30,
    });
  });

  it('maps a 429 with an HTML body to RateLimitedError', () => {
    const answer = textAnswer(429, '<html>Too Many Requests</html>', {
      'content-type': 'text/html',
      'retry-after': '12',
    });
    expect(outcomeOf(answer)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Bland is rate limiting requests.',
      vendor: 'BLAND',
      vendorCode: '429',
      retryable: true,
      retryAfterSeconds: 12,
    });
  });

  it('maps a 429 without Retry-After to RateLimitedError with a null retryAfterSeconds', () => {
    expect(outcomeOf(jsonAnswer(429, { errors: [{ error: 'TOO_MANY_REQUESTS' }] }))).toEqual({
      __typename: 'RateLimitedError',
      message: 'Bland is rate limiting requests.',
      vendor: 'BLAND',
      vendorCode: 'TOO_MANY_REQUESTS',
      retryable: true,
      retryAfterSeconds: null,
    });
  });

  it('reads a Retry-After HTTP date as seconds from now', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const answer = jsonAnswer(
      429,
      { errors: [{ error: 'TOO_MANY_REQUESTS', message: 'Slow down' }] },
      { 'retry-after': 'Thu, 01 Jan 2026 00:01:30 GMT' },
    );
    expect(outcomeOf(answer)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Slow down',
      vendor: 'BLAND',
      vendorCode: 'TOO_MANY_REQUESTS',
      retryable: true,
      retryAfterSeconds: 90,
    });
  });
});

describe('toDeletePersonaOutcome: 2xx', () => {
  it('maps a 2xx carrying an unknown error code to UpstreamError VENDOR_ERROR', () => {
    const body = { data: null, errors: [{ error: 'SOMETHING_ODD', message: 'Odd' }] };
    expect(outcomeOf(jsonAnswer(200, body))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 200 with error SOMETHING_ODD: Odd',
      vendor: 'BLAND',
      vendorCode: 'SOMETHING_ODD',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 200,
    });
  });

  it('maps a 2xx carrying AUTH_FAILURE to UnauthenticatedError', () => {
    const body = { data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] };
    expect(outcomeOf(jsonAnswer(200, body))).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Unauthorized',
      vendor: 'BLAND',
      vendorCode: 'AUTH_FAILURE',
      retryable: false,
    });
  });

  it('lets errors[] win over data.success: true', () => {
    const body = {
      data: { success: true, message: 'Persona deleted successfully' },
      errors: verbatimInUse.errors,
    };
    expect(outcomeOf(jsonAnswer(200, body))).toEqual(inUsePayload);
  });

  it('maps the legacy { status: "error" } envelope on a 2xx to UpstreamError VENDOR_ERROR', () => {
    const body = { status: 'error', message: 'Something failed', errors: ['Something failed'] };
    expect(outcomeOf(jsonAnswer(200, body))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 200: Something failed',
      vendor: 'BLAND',
      vendorCode: '200',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 200,
    });
  });

  it('does not report success when errors is a non-empty string beside data.success: true', () => {
    const body = {
      data: { success: true, message: 'Persona deleted successfully' },
      errors: 'Persona is in use',
    };
    expect(outcomeOf(jsonAnswer(200, body))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 200: Persona is in use',
      vendor: 'BLAND',
      vendorCode: '200',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 200,
    });
  });

  it.each([
    ['{}', {}],
    ['{"data":{"success":false}}', { data: { success: false } }],
    ['{"data":{"success":"true"}}', { data: { success: 'true' } }],
    ['{"data":null,"errors":null}', { data: null, errors: null }],
    ['a bare { message }', { message: 'Persona deleted' }],
    ['an array', [verbatimSuccess]],
    ['null', null],
    ['a string', 'ok'],
    ['true', true],
  ])('maps a 2xx with %s to UpstreamError BAD_RESPONSE', (_label, body) => {
    expect(outcomeOf(jsonAnswer(200, body))).toEqual(badResponse(200, neitherShape));
  });
});

describe('toDeletePersonaOutcome: 5xx', () => {
  function serverError(status: number, message: string, vendorCode = String(status)) {
    return {
      __typename: 'UpstreamError',
      message,
      vendor: 'BLAND',
      vendorCode,
      retryable: true,
      reason: 'SERVER_ERROR',
      status,
    };
  }

  it('maps TOKEN_CREATION_FAILED on 500 to UpstreamError SERVER_ERROR carrying the code', () => {
    const body = {
      data: null,
      errors: [{ error: 'TOKEN_CREATION_FAILED', message: 'Token creation failed' }],
    };
    expect(outcomeOf(jsonAnswer(500, body))).toEqual(
      serverError(500, 'Bland answered HTTP 500: Token creation failed', 'TOKEN_CREATION_FAILED'),
    );
  });

  it('maps a 500 envelope without a code to SERVER_ERROR with vendorCode "500"', () => {
    expect(outcomeOf(jsonAnswer(500, { message: 'Internal Server Error' }))).toEqual(
      serverError(500, 'Bland answered HTTP 500: Internal Server Error'),
    );
  });

  it.each([
    { label: 'an HTML body', answer: textAnswer(502, html, { 'content-type': 'text/html' }) },
    { label: 'a text/plain body', answer: textAnswer(502, 'Bad Gateway', { 'content-type': 'text/plain' }) },
    { label: 'truncated JSON', answer: textAnswer(502, '{"data":null,"errors":[{"err', {}) },
    { label: 'an empty body', answer: textAnswer(502, '', { 'content-type': 'application/json' }) },
    { label: 'an oversized body', answer: textAnswer(502, null, { 'content-type': 'application/json' }) },
    { label: 'an empty JSON object', answer: jsonAnswer(502, {}) },
  ])('maps a 502 with $label to UpstreamError SERVER_ERROR with its status', ({ answer }) => {
    expect(outcomeOf(answer)).toEqual(serverError(502, 'Bland answered HTTP 502.'));
  });

  it.each([503, 504, 599])('maps HTTP %i with an HTML body to SERVER_ERROR', (status) => {
    expect(outcomeOf(textAnswer(status, html, { 'content-type': 'text/html' }))).toEqual(
      serverError(status, `Bland answered HTTP ${status}.`),
    );
  });

  it('maps PERSONA_NOT_FOUND on a 503 to PersonaNotFoundError: the code beats the status', () => {
    expect(outcomeOf(jsonAnswer(503, verbatimNotFound))).toEqual(notFoundPayload);
  });
});

describe('toDeletePersonaOutcome: other well-formed errors', () => {
  it('maps an unknown code on a 418 to UpstreamError VENDOR_ERROR with the code as vendorCode', () => {
    const body = { data: null, errors: [{ error: 'I_AM_A_TEAPOT', message: 'Short and stout' }] };
    expect(outcomeOf(jsonAnswer(418, body))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 418 with error I_AM_A_TEAPOT: Short and stout',
      vendor: 'BLAND',
      vendorCode: 'I_AM_A_TEAPOT',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 418,
    });
  });

  it('maps an unknown { error: "code" } string on a 409 without a message to VENDOR_ERROR', () => {
    expect(outcomeOf(jsonAnswer(409, { error: 'CONFLICT' }))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 409 with error CONFLICT.',
      vendor: 'BLAND',
      vendorCode: 'CONFLICT',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 409,
    });
  });

  it('maps an unknown nested { error: { code } } on a 409 to VENDOR_ERROR', () => {
    const body = {
      error: { code: 'VERSION_NOT_FOUND', message: 'Version not found', details: { version: 3 } },
    };
    expect(outcomeOf(jsonAnswer(409, body))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 409 with error VERSION_NOT_FOUND: Version not found',
      vendor: 'BLAND',
      vendorCode: 'VERSION_NOT_FOUND',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 409,
    });
  });

  it('maps a 409 envelope without a code to VENDOR_ERROR with vendorCode "409"', () => {
    expect(outcomeOf(jsonAnswer(409, { data: null, errors: [{ message: 'Conflict' }] }))).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 409: Conflict',
      vendor: 'BLAND',
      vendorCode: '409',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 409,
    });
  });
});

describe('toDeletePersonaOutcome: bodies that are not a Bland answer', () => {
  it.each([
    {
      status: 200,
      answer: textAnswer(200, html, { 'content-type': 'text/html; charset=utf-8' }),
      what: 'a text/html body',
    },
    {
      status: 200,
      answer: textAnswer(200, JSON.stringify(verbatimSuccess), { 'content-type': 'text/plain' }),
      what: 'a text/plain body',
    },
    { status: 200, answer: textAnswer(200, '', {}), what: 'an empty body' },
    {
      status: 200,
      answer: textAnswer(200, ' \n\t ', { 'content-type': 'application/json' }),
      what: 'an empty body',
    },
    {
      status: 200,
      answer: textAnswer(200, '{"data":{"success":tr', { 'content-type': 'application/json' }),
      what: 'a body that is not valid JSON',
    },
    {
      status: 200,
      answer: textAnswer(200, null, { 'content-type': 'application/json' }),
      what: 'a body over the size limit',
    },
    { status: 400, answer: textAnswer(400, html, { 'content-type': 'text/html' }), what: 'a text/html body' },
    {
      status: 401,
      answer: textAnswer(401, 'Unauthorized', { 'content-type': 'text/plain' }),
      what: 'a text/plain body',
    },
    { status: 403, answer: textAnswer(403, '', {}), what: 'an empty body' },
    { status: 409, answer: textAnswer(409, '{"errors":[', {}), what: 'a body that is not valid JSON' },
    { status: 404, answer: textAnswer(404, null, {}), what: 'a body over the size limit' },
  ])('maps HTTP $status with $what to UpstreamError BAD_RESPONSE', ({ status, answer, what }) => {
    expect(outcomeOf(answer)).toEqual(badResponse(status, what));
  });
});
