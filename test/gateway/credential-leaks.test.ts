import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  findClosedPortUrl,
  hang,
  json,
  type Reply,
  resetAfterRequest,
  sequence,
  startFakeVendor,
  text,
} from '../helpers/fake-vendor.js';
import { deleteRequest, followUpRead } from '../helpers/follow-up.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** The random part of each canary: it is searched for alone, so a key cut down to it still counts. */
const blandSecret = randomBytes(16).toString('hex');
const bolnaSecret = randomBytes(16).toString('hex');
const blandKey = `sk-LEAKCANARY-${blandSecret}`;
const bolnaKey = `bn-LEAKCANARY-${bolnaSecret}`;
const canaries = [blandKey, blandSecret, bolnaKey, bolnaSecret];

const uuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const htmlPage = '<!doctype html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
const smallGarbage = randomBytes(4096);
const twoMegabytesOfGarbage = randomBytes(2 * 1024 * 1024);

type Vendor = 'BLAND' | 'BOLNA';

/** How a gateway comes to hold the key. */
interface KeyMode {
  name: string;
  gateway: () => TestGateway;
  refusedGateway: () => TestGateway;
  headers: Record<string, string>;
}

interface Scenario {
  name: string;
  reply: (key: string) => Reply;
  /** The payload expected: the whole of it when `whole`, else the part that proves the path taken. */
  payload: Record<string, unknown>;
  whole?: boolean;
  /**
   * The delete's outcome is ambiguous (TIMEOUT, CONNECTION_LOST, a 5xx), so the gateway reads the
   * item once with the same key; the reply answers that read the same way.
   */
  followedUp?: boolean;
}

interface VendorCase {
  vendor: Vendor;
  name: 'Bland' | 'Bolna';
  key: string;
  field: 'deletePersona' | 'deleteDisposition';
  mutation: string;
  id: string;
  /** The `authorization` header the vendor must receive for `key`. */
  authorization: (key: string) => string;
  scenarios: Scenario[];
}

/** Writes `key` JSON-escaped (`-` as `\u002d`), as any JSON encoder is free to. */
function jsonEscaped(key: string): string {
  return key.replaceAll('-', '\\u002d');
}

const blandCase: VendorCase = {
  vendor: 'BLAND',
  name: 'Bland',
  key: blandKey,
  field: 'deletePersona',
  mutation: deletePersonaMutation,
  id: 'persona-1',
  authorization: (key) => key,
  scenarios: [
    {
      name: 'never answers',
      followedUp: true,
      reply: () => hang(),
      payload: { __typename: 'UpstreamError', reason: 'TIMEOUT' },
    },
    {
      name: 'resets the connection after the request',
      followedUp: true,
      reply: () => resetAfterRequest(),
      payload: { __typename: 'UpstreamError', reason: 'CONNECTION_LOST' },
    },
    {
      name: 'answers 500 with an error envelope',
      followedUp: true,
      reply: () =>
        json(500, { data: null, errors: [{ error: 'TOKEN_CREATION_FAILED', message: 'Internal' }] }),
      payload: { __typename: 'UpstreamError', reason: 'SERVER_ERROR', status: 500 },
    },
    {
      name: 'answers 502 with an HTML page',
      followedUp: true,
      reply: () => text(502, htmlPage, 'text/html'),
      payload: { __typename: 'UpstreamError', reason: 'SERVER_ERROR', status: 502 },
    },
    {
      name: 'answers 200 with an HTML page',
      reply: () => text(200, htmlPage, 'text/html'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'answers 200 with binary garbage',
      reply: () => text(200, smallGarbage, 'application/octet-stream'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'answers 200 with 2 MB of garbage',
      reply: () => text(200, twoMegabytesOfGarbage, 'application/json'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'answers 401 AUTH_FAILURE',
      reply: () => json(401, { data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] }),
      payload: { __typename: 'UnauthenticatedError', vendorCode: 'AUTH_FAILURE' },
    },
    {
      name: 'answers 403 FORBIDDEN',
      reply: () => json(403, { data: null, errors: [{ error: 'FORBIDDEN', message: 'Forbidden' }] }),
      payload: { __typename: 'ForbiddenError', vendorCode: 'FORBIDDEN' },
    },
    {
      name: 'answers 429 with Retry-After',
      reply: () =>
        json(
          429,
          { error: 'concurrency_limit_reached', limit: 5, message: 'Concurrency limit reached' },
          { 'retry-after': '7' },
        ),
      payload: { __typename: 'RateLimitedError', retryAfterSeconds: 7 },
    },
    {
      name: 'answers 200 with truncated JSON',
      reply: () => json(200, '{"data":{"success":tru'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'echoes the key in its error message',
      reply: (key) => json(401, { errors: [{ error: 'AUTH_FAILURE', message: `Invalid key ${key}` }] }),
      whole: true,
      payload: {
        __typename: 'UnauthenticatedError',
        message: 'Invalid key [redacted]',
        vendor: 'BLAND',
        vendorCode: 'AUTH_FAILURE',
        retryable: false,
      },
    },
    {
      name: 'echoes the key in a 500 message',
      followedUp: true,
      reply: (key) => json(500, { data: null, errors: [{ error: 'INTERNAL', message: `Bad token ${key}` }] }),
      whole: true,
      payload: {
        __typename: 'UpstreamError',
        message: 'Bland answered HTTP 500: Bad token [redacted]',
        vendor: 'BLAND',
        vendorCode: 'INTERNAL',
        retryable: true,
        reason: 'SERVER_ERROR',
        status: 500,
      },
    },
    {
      name: 'loses the delete answer, then echoes the key in the follow-up read not-found',
      followedUp: true,
      reply: (key) =>
        sequence(
          resetAfterRequest(),
          json(404, {
            data: null,
            errors: [{ error: 'PERSONA_NOT_FOUND', message: `No persona for ${key}` }],
          }),
        ),
      whole: true,
      payload: {
        __typename: 'DeletePersonaSuccess',
        personaId: 'persona-1',
        message: "Bland's answer to the delete was lost; a follow-up read found the persona gone.",
      },
    },
    {
      name: 'echoes the key in a PERSONA_IN_USE suggestion',
      reply: (key) =>
        json(409, {
          data: null,
          errors: [
            {
              error: 'PERSONA_IN_USE',
              message: 'In use',
              details: {
                phone_numbers_using: ['+15551234567'],
                suggestion: `Retry with ${key} and force=true`,
              },
            },
          ],
        }),
      whole: true,
      payload: {
        __typename: 'PersonaInUseError',
        message: 'In use',
        vendor: 'BLAND',
        vendorCode: 'PERSONA_IN_USE',
        retryable: false,
        personaId: 'persona-1',
        phoneNumbers: ['+15551234567'],
        suggestion: 'Retry with [redacted] and force=true',
      },
    },
    {
      name: 'echoes the key in its success message',
      reply: (key) => json(200, { data: { success: true, message: `Deleted using ${key}` }, errors: null }),
      whole: true,
      payload: {
        __typename: 'DeletePersonaSuccess',
        personaId: 'persona-1',
        message: 'Deleted using [redacted]',
      },
    },
    {
      name: 'echoes the key in its response headers',
      reply: (key) =>
        json(
          401,
          { data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] },
          { 'www-authenticate': `Key ${key}`, 'x-received-key': key },
        ),
      payload: { __typename: 'UnauthenticatedError', vendorCode: 'AUTH_FAILURE' },
    },
    {
      name: 'echoes the key JSON-escaped in its error message',
      reply: (key) =>
        json(401, `{"errors":[{"error":"AUTH_FAILURE","message":"Invalid key ${jsonEscaped(key)}"}]}`),
      whole: true,
      payload: {
        __typename: 'UnauthenticatedError',
        message: 'Invalid key [redacted]',
        vendor: 'BLAND',
        vendorCode: 'AUTH_FAILURE',
        retryable: false,
      },
    },
  ],
};

const bolnaCase: VendorCase = {
  vendor: 'BOLNA',
  name: 'Bolna',
  key: bolnaKey,
  field: 'deleteDisposition',
  mutation: deleteDispositionMutation,
  id: uuid,
  authorization: (key) => `Bearer ${key}`,
  scenarios: [
    {
      name: 'never answers',
      followedUp: true,
      reply: () => hang(),
      payload: { __typename: 'UpstreamError', reason: 'TIMEOUT' },
    },
    {
      name: 'resets the connection after the request',
      followedUp: true,
      reply: () => resetAfterRequest(),
      payload: { __typename: 'UpstreamError', reason: 'CONNECTION_LOST' },
    },
    {
      name: 'answers 500 with its error body',
      followedUp: true,
      reply: () => json(500, { error: 500, message: 'Internal Server Error' }),
      payload: { __typename: 'UpstreamError', reason: 'SERVER_ERROR', status: 500 },
    },
    {
      name: 'answers 502 with an HTML page',
      followedUp: true,
      reply: () => text(502, htmlPage, 'text/html'),
      payload: { __typename: 'UpstreamError', reason: 'SERVER_ERROR', status: 502 },
    },
    {
      name: 'answers 200 with an HTML page',
      reply: () => text(200, htmlPage, 'text/html'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'answers 200 with binary garbage',
      reply: () => text(200, smallGarbage, 'application/octet-stream'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'answers 200 with 2 MB of garbage',
      reply: () => text(200, twoMegabytesOfGarbage, 'application/json'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'answers 401',
      reply: () => json(401, { error: 401, message: 'Unauthorized' }),
      payload: { __typename: 'UnauthenticatedError', vendorCode: '401' },
    },
    {
      name: 'answers 403 with FastAPI detail (a bad key)',
      reply: () => json(403, { detail: 'Could not validate credentials' }),
      payload: { __typename: 'UnauthenticatedError', vendorCode: '403' },
    },
    {
      name: 'answers 403 with its error body (not the owner)',
      reply: () => json(403, { error: 403, message: 'Not the owner of this disposition' }),
      payload: { __typename: 'ForbiddenError', vendorCode: '403' },
    },
    {
      name: 'answers 429 with Retry-After',
      reply: () => json(429, { error: 429, message: 'Too many requests' }, { 'retry-after': '7' }),
      payload: { __typename: 'RateLimitedError', retryAfterSeconds: 7 },
    },
    {
      name: 'answers 200 with truncated JSON',
      reply: () => json(200, '{"message":"Disposition deleted successfully","id":"3fa8'),
      payload: { __typename: 'UpstreamError', reason: 'BAD_RESPONSE', status: 200 },
    },
    {
      name: 'echoes the key in its detail',
      reply: (key) => json(403, { detail: `invalid key ${key}` }),
      whole: true,
      payload: {
        __typename: 'UnauthenticatedError',
        message: 'invalid key [redacted]',
        vendor: 'BOLNA',
        vendorCode: '403',
        retryable: false,
      },
    },
    {
      name: 'echoes the key in a 500 message',
      followedUp: true,
      reply: (key) => json(500, { error: 500, message: `Bad token ${key}` }),
      whole: true,
      payload: {
        __typename: 'UpstreamError',
        message: 'Bolna answered HTTP 500: Bad token [redacted]',
        vendor: 'BOLNA',
        vendorCode: '500',
        retryable: true,
        reason: 'SERVER_ERROR',
        status: 500,
      },
    },
    {
      name: 'loses the delete answer, then echoes the key in the follow-up read not-found',
      followedUp: true,
      reply: (key) =>
        sequence(resetAfterRequest(), json(404, { error: 404, message: `No disposition for ${key}` })),
      whole: true,
      payload: {
        __typename: 'DeleteDispositionSuccess',
        dispositionId: uuid,
        message: "Bolna's answer to the delete was lost; a follow-up read found the disposition gone.",
      },
    },
    {
      name: 'echoes the key in a 422 validation error',
      reply: (key) =>
        json(422, { detail: [{ loc: ['header', key], msg: `invalid value ${key}`, type: 'value_error' }] }),
      whole: true,
      payload: {
        __typename: 'InvalidInputError',
        message: 'invalid value [redacted]',
        vendor: 'BOLNA',
        vendorCode: '422',
        retryable: false,
        field: '[redacted]',
      },
    },
    {
      name: 'echoes the key in its success message',
      reply: (key) => json(200, { message: `Deleted using ${key}`, id: uuid }),
      whole: true,
      payload: {
        __typename: 'DeleteDispositionSuccess',
        dispositionId: uuid,
        message: 'Deleted using [redacted]',
      },
    },
    {
      name: 'echoes the key in its response headers',
      reply: (key) =>
        json(
          401,
          { error: 401, message: 'Unauthorized' },
          { 'www-authenticate': `Bearer ${key}`, 'x-received-key': key },
        ),
      payload: { __typename: 'UnauthenticatedError', vendorCode: '401' },
    },
    {
      name: 'echoes the key JSON-escaped in its detail',
      reply: (key) => json(403, `{"detail":"invalid key ${jsonEscaped(key)}"}`),
      whole: true,
      payload: {
        __typename: 'UnauthenticatedError',
        message: 'invalid key [redacted]',
        vendor: 'BOLNA',
        vendorCode: '403',
        retryable: false,
      },
    },
  ],
};

let fakes: Record<Vendor, FakeVendor>;
/** Holds the canaries as its server keys. */
let serverHeld: TestGateway;
let serverHeldRefused: TestGateway;
/** Holds decoy server keys; the canaries come in the per-request headers and must win. */
let perRequest: TestGateway;
let perRequestRefused: TestGateway;

const keyModes: KeyMode[] = [
  {
    name: 'held as the server key',
    gateway: () => serverHeld,
    refusedGateway: () => serverHeldRefused,
    headers: {},
  },
  {
    name: 'sent in its per-request header',
    gateway: () => perRequest,
    refusedGateway: () => perRequestRefused,
    headers: { 'x-bland-api-key': blandKey, 'x-bolna-api-key': bolnaKey },
  },
];

beforeAll(async () => {
  fakes = { BLAND: await startFakeVendor(), BOLNA: await startFakeVendor() };
  const closedUrl = await findClosedPortUrl();
  const serverKeys = { bland: blandKey, bolna: bolnaKey };
  const decoyKeys = { bland: 'sk-server-decoy', bolna: 'bn-server-decoy' };
  const start = (keys: { bland: string; bolna: string }, blandUrl: string, bolnaUrl: string) =>
    startTestGateway({
      bland: { baseUrl: blandUrl, apiKey: keys.bland },
      bolna: { baseUrl: bolnaUrl, apiKey: keys.bolna },
      upstreamTimeoutMs: 300,
    });
  serverHeld = await start(serverKeys, fakes.BLAND.url, fakes.BOLNA.url);
  serverHeldRefused = await start(serverKeys, closedUrl, closedUrl);
  perRequest = await start(decoyKeys, fakes.BLAND.url, fakes.BOLNA.url);
  perRequestRefused = await start(decoyKeys, closedUrl, closedUrl);
});

afterAll(async () => {
  for (const gateway of [serverHeld, serverHeldRefused, perRequest, perRequestRefused])
    await gateway?.close();
  await fakes?.BLAND.close();
  await fakes?.BOLNA.close();
});

/**
 * Fails when any canary is anywhere in what the gateway answered, or in what it logged from
 * `logsFrom` on (each test searches its own lines, so one leak fails one test).
 */
function expectNoCanary(response: GraphQLResponse, gateway: TestGateway, logsFrom: number): void {
  const headerLines = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  const lines = gateway.logs.slice(logsFrom);
  // The log search only means something when the request's lines were captured.
  expect(lines.length).toBeGreaterThan(0);
  const logText = lines.join('\n');
  for (const canary of canaries) {
    expect(response.text).not.toContain(canary);
    expect(headerLines).not.toContain(canary);
    expect(logText).not.toContain(canary);
  }
}

for (const c of [blandCase, bolnaCase]) {
  for (const mode of keyModes) {
    describe(`${c.name} key ${mode.name}`, () => {
      for (const scenario of c.scenarios) {
        const title = scenario.followedUp
          ? `never reveals the key when the vendor ${scenario.name} (the delete, then its follow-up read)`
          : `never reveals the key when the vendor ${scenario.name}`;
        it(title, async () => {
          const fake = fakes[c.vendor];
          const gateway = mode.gateway();
          fake.setReply(scenario.reply(c.key));
          const before = fake.requests.length;
          const logsFrom = gateway.logs.length;

          const response = await gateway.graphql(c.mutation, {
            variables: { id: c.id },
            headers: mode.headers,
          });

          const payload = response.body.data?.[c.field];
          if (scenario.whole) expect(response.body).toEqual({ data: { [c.field]: scenario.payload } });
          else expect(payload).toMatchObject(scenario.payload);
          // The vendor got the canary, so the search below would find it had the gateway passed it on.
          const received = fake.requests
            .slice(before)
            .map(({ method, url, headers }) => ({ method, url, authorization: headers.authorization }));
          const sent = [
            deleteRequest(c.vendor, c.id),
            ...(scenario.followedUp ? [followUpRead(c.vendor, c.id)] : []),
          ];
          expect(received).toEqual(
            sent.map((request) => ({ ...request, authorization: c.authorization(c.key) })),
          );
          expectNoCanary(response, gateway, logsFrom);
        });
      }

      it('never reveals the key when the connection is refused', async () => {
        const gateway = mode.refusedGateway();
        const logsFrom = gateway.logs.length;

        const response = await gateway.graphql(c.mutation, {
          variables: { id: c.id },
          headers: mode.headers,
        });

        expect(response.body.data?.[c.field]).toMatchObject({
          __typename: 'UpstreamError',
          reason: 'UNREACHABLE',
        });
        expectNoCanary(response, gateway, logsFrom);
      });
    });
  }

  it(`never reveals a ${c.name} key that is not usable in a header, and does not send it`, async () => {
    const fake = fakes[c.vendor];
    const before = fake.requests.length;
    const logsFrom = perRequest.logs.length;
    const unusableKey = c.key.replace('LEAKCANARY-', 'LEAKCANARY ');

    const response = await perRequest.graphql(c.mutation, {
      variables: { id: c.id },
      headers: { [`x-${c.vendor.toLowerCase()}-api-key`]: unusableKey },
    });

    expect(response.body).toEqual({
      data: {
        [c.field]: {
          __typename: 'UnauthenticatedError',
          message: `The ${c.name} API key is not usable: it must be printable ASCII without spaces.`,
          vendor: c.vendor,
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(fake.requests.slice(before)).toEqual([]);
    expectNoCanary(response, perRequest, logsFrom);
  });
}

it('never logged a canary on any gateway, including lines written after a response', () => {
  for (const gateway of [serverHeld, serverHeldRefused, perRequest, perRequestRefused]) {
    expect(gateway.logs.length).toBeGreaterThan(0);
    const logText = gateway.logs.join('\n');
    for (const canary of canaries) expect(logText).not.toContain(canary);
  }
});
