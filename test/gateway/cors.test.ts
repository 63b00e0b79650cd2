import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import {
  createSigningKey,
  type IdentityProvider,
  type SigningKey,
  signToken,
  startIdentityProvider,
} from '../helpers/identity-provider.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const viteApp = 'http://localhost:5173';
const webApp = 'https://app.example.com';
const otherSite = 'https://evil.example.com';
const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';

/**
 * What a listed origin gets, on a preflight and on every other answer: exactly itself, and no
 * credentials mode (no Access-Control-Allow-Credentials).
 */
const grant = (origin: string) => ({
  'access-control-allow-origin': origin,
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'content-type, authorization, idempotency-key, x-request-id, traceparent',
  'access-control-expose-headers': 'x-request-id, idempotent-replayed',
});

let bland: FakeVendor;
let identity: IdentityProvider;
let signing: SigningKey;
let gateway: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  signing = await createSigningKey('cors-key');
  identity = await startIdentityProvider([signing]);
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: 'sk-cors-bland-server-key' },
    corsOrigins: [viteApp, webApp],
    jwt: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience },
  });
});
afterAll(async () => {
  await gateway.close();
  await identity.close();
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
});

/** The response's CORS headers, by name. */
function accessControl(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => name.startsWith('access-control-')));
}

async function send(url: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(`${url}/graphql`, init);
  const text = await response.text();
  return {
    status: response.status,
    cors: accessControl(response.headers),
    vary: response.headers.get('vary'),
    body: text === '' ? null : JSON.parse(text),
  };
}

function preflight(url: string, origin: string) {
  return send(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
}

function postDelete(url: string, id: string, headers: Record<string, string>) {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: deletePersonaMutation, variables: { id } }),
  });
}

describe('a preflight (OPTIONS, which carries no Authorization)', () => {
  it.each([viteApp, webApp])(
    'from the listed %s is answered 204 with exactly its own grant',
    async (origin) => {
      expect(await preflight(gateway.url, origin)).toEqual({
        status: 204,
        cors: grant(origin),
        vary: 'Origin',
        body: null,
      });
    },
  );

  it.each([
    ['an unlisted origin', otherSite],
    ['the null origin of a sandboxed iframe', 'null'],
    ['a listed origin with another port', 'http://localhost:5174'],
    ['a listed origin with another scheme', 'http://app.example.com'],
  ])('from %s gets no CORS header at all', async (_case, origin) => {
    expect(await preflight(gateway.url, origin)).toEqual({
      status: 204,
      cors: {},
      vary: 'Origin',
      body: null,
    });
  });

  it('reaches no vendor', () => {
    expect(bland.requests).toEqual([]);
  });
});

describe('a request from a listed origin', () => {
  it('with a valid JWT runs, and the page may read the answer and its x-request-id', async () => {
    const token = await signToken(signing, { sub: 'browser-user' });
    const response = await postDelete(gateway.url, 'from-vite', {
      origin: viteApp,
      authorization: `Bearer ${token}`,
    });

    expect(response).toEqual({
      status: 200,
      cors: grant(viteApp),
      vary: 'Origin',
      body: {
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: 'from-vite',
            message: 'Persona deleted successfully',
          },
        },
      },
    });
    expect(gateway.auditRecords().at(-1)?.client).toBe('jwt:browser-user');
  });

  it('without a JWT is still 401, with its CORS headers so that the page can read why', async () => {
    const response = await postDelete(gateway.url, 'no-jwt', { origin: webApp });

    expect(response).toEqual({
      status: 401,
      cors: grant(webApp),
      vary: 'Origin',
      body: {
        errors: [
          {
            message: 'This gateway needs a bearer token: send Authorization: Bearer <token>.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      },
    });
    expect(bland.requests).toEqual([]);
  });

  it('as text/plain (no preflight needed) is still refused with 415 and runs nothing', async () => {
    const token = await signToken(signing);
    const response = await send(gateway.url, {
      method: 'POST',
      headers: { origin: viteApp, 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: deletePersonaMutation, variables: { id: 'text-plain' } }),
    });

    expect(response).toEqual({
      status: 415,
      cors: grant(viteApp),
      vary: 'Origin',
      body: {
        errors: [{ message: 'GraphQL over POST needs the content type application/json.' }],
      },
    });
    expect(bland.requests).toEqual([]);
  });
});

describe('a request from an origin not listed', () => {
  it.each([otherSite, 'null'])(
    'from %s gets no CORS header, so its page cannot read the answer',
    async (origin) => {
      const token = await signToken(signing);
      const response = await send(gateway.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ gateway { mode } }' }),
      });

      expect({ status: response.status, cors: response.cors, vary: response.vary }).toEqual({
        status: 200,
        cors: {},
        vary: 'Origin',
      });
    },
  );

  it('without an Origin (a server) gets no CORS header either, and Vary: Origin for caches', async () => {
    const token = await signToken(signing);
    const response = await send(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ gateway { mode } }' }),
    });

    expect({
      status: response.status,
      cors: response.cors,
      vary: response.vary,
      body: response.body,
    }).toEqual({
      status: 200,
      cors: {},
      vary: 'Origin',
      body: { data: { gateway: { mode: 'LIVE' } } },
    });
  });
});

describe('a one-entry list', () => {
  let single: TestGateway;
  beforeAll(async () => {
    single = await startTestGateway({ corsOrigins: [viteApp] });
  });
  afterAll(async () => {
    await single.close();
  });

  it('grants its origin', async () => {
    expect((await preflight(single.url, viteApp)).cors).toEqual(grant(viteApp));
  });

  it.each([otherSite, 'null'])('never names its origin to %s', async (origin) => {
    const answers = [
      await preflight(single.url, origin),
      await send(single.url, { headers: { origin, accept: 'application/json' }, method: 'GET' }),
    ];
    expect(answers.map(({ cors, vary }) => ({ cors, vary }))).toEqual([
      { cors: {}, vary: 'Origin' },
      { cors: {}, vary: 'Origin' },
    ]);
  });
});

describe('without CORS_ORIGINS', () => {
  let closed: TestGateway;
  beforeAll(async () => {
    closed = await startTestGateway();
  });
  afterAll(async () => {
    await closed.close();
  });

  it.each([viteApp, otherSite, 'null'])('grants nothing to %s, as before', async (origin) => {
    const answers = [
      await preflight(closed.url, origin),
      await send(closed.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ gateway { mode } }' }),
      }),
    ];
    expect(answers.map(({ cors, vary }) => ({ cors, vary }))).toEqual([
      { cors: {}, vary: null },
      { cors: {}, vary: null },
    ]);
  });
});
