import { setTimeout as sleep } from 'node:timers/promises';
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

const blandKey = 'sk-jwt-bland-server-key';
const gatewayToken = 'gw-jwt-test-token-0123456789';
const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';
const unauthorized = {
  status: 401,
  challenge: 'Bearer realm="voice-ai-gateway"',
  body: {
    errors: [
      {
        message: 'This gateway needs a bearer token: send Authorization: Bearer <token>.',
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ],
  },
};
/** Long enough that a test's requests never outlast it by accident, short enough to wait out once. */
const jwksCooldownMs = 1000;

let bland: FakeVendor;
let identity: IdentityProvider;
let signing: SigningKey;
let gateway: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  signing = await createSigningKey('key-1');
  identity = await startIdentityProvider([signing]);
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: blandKey },
    jwt: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience },
    jwksCooldownMs,
    gatewayTokens: [gatewayToken],
  });
});
afterAll(async () => {
  await gateway.close();
  await identity.close();
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
  gateway.logs.length = 0;
});

function personaSuccess(personaId: string) {
  return {
    data: {
      deletePersona: {
        __typename: 'DeletePersonaSuccess',
        personaId,
        message: 'Persona deleted successfully',
      },
    },
  };
}

async function deleteWith(id: string, token: string | undefined) {
  const response = await gateway.graphql(deletePersonaMutation, {
    variables: { id },
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: response.body,
    text: response.text,
  };
}

function vendorCalls(): string[] {
  return bland.requests.map(({ method, url }) => `${method} ${url}`);
}

describe('a valid sign-in JWT', () => {
  it('runs the delete with the server-held key and audits the caller as jwt:<sub>', async () => {
    const response = await deleteWith('jwt-ok', await signToken(signing, { sub: 'user-42' }));

    expect(response.body).toEqual(personaSuccess('jwt-ok'));
    expect(vendorCalls()).toEqual(['DELETE /v1/personas/jwt-ok?force=false']);
    expect(bland.requests[0]?.headers.authorization).toBe(blandKey);
    expect(gateway.auditRecords().map(({ client, id, outcome }) => ({ client, id, outcome }))).toEqual([
      { client: 'jwt:user-42', id: 'jwt-ok', outcome: 'DeletePersonaSuccess' },
    ]);
  });

  it('runs a query over GET', async () => {
    const token = await signToken(signing);
    const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{gateway{mode}}')}`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { data: { gateway: { mode: 'LIVE' } } },
    });
  });

  it('leaves gateway tokens working for servers, audited as token:<index>', async () => {
    const response = await deleteWith('static-token', gatewayToken);

    expect(response.body).toEqual(personaSuccess('static-token'));
    expect(gateway.auditRecords().map(({ client }) => client)).toEqual(['token:0']);
  });

  it('fetched the key set once for all of these', () => {
    expect(identity.jwksFetches).toBe(1);
  });
});

describe('a request without a valid JWT or token is answered 401 and reaches no vendor', () => {
  it.each<[string, () => Promise<string | undefined>]>([
    ['no Authorization header', async () => undefined],
    ['an expired JWT', () => signToken(signing, { expiresIn: -60 })],
    ['a JWT not valid before a minute from now', () => signToken(signing, { notBeforeIn: 60 })],
    ['a JWT for another audience', () => signToken(signing, { aud: 'another-api' })],
    ['a JWT from another issuer', () => signToken(signing, { iss: 'https://evil.example.test/' })],
    ['a JWT without a subject', () => signToken(signing, { sub: undefined })],
    ['a JWT with an empty subject', () => signToken(signing, { sub: '' })],
    ['a JWT without an expiry', () => signToken(signing, { expiresIn: undefined })],
    [
      'a JWT signed by another key under the same kid',
      async () => signToken(await createSigningKey(signing.kid)),
    ],
    [
      'a JWT whose signature was swapped for another',
      async () => {
        const [header, payload] = (await signToken(signing, { sub: 'admin' })).split('.');
        const [, , otherSignature] = (await signToken(signing)).split('.');
        return `${header}.${payload}.${otherSignature}`;
      },
    ],
    [
      'an unsigned JWT (alg none)',
      async () => {
        const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${encode({ alg: 'none', kid: signing.kid })}.${encode({ iss: identity.issuer, aud: identity.audience, sub: 'user-1', exp: now + 300 })}.`;
      },
    ],
    ['something that is not a JWT', async () => 'not.a.jwt'],
  ])('with %s', async (_case, makeToken) => {
    const token = await makeToken();
    const response = await deleteWith('refused', token);

    expect({ status: response.status, challenge: response.challenge, body: response.body }).toEqual(
      unauthorized,
    );
    expect(vendorCalls()).toEqual([]);
    expect(gateway.auditRecords()).toEqual([]);
    if (token) {
      expect(response.text).not.toContain(token);
      expect(gateway.logs.join('\n')).not.toContain(token);
    }
  });
});

describe('a rotated key', () => {
  let provider: IdentityProvider;
  let rotating: TestGateway;
  let oldKey: SigningKey;
  let newKey: SigningKey;

  beforeAll(async () => {
    oldKey = await createSigningKey('2024-old');
    newKey = await createSigningKey('2025-new');
    provider = await startIdentityProvider([oldKey]);
    rotating = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      jwt: { jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: provider.audience },
      jwksCooldownMs,
    });
  });
  afterAll(async () => {
    await rotating.close();
    await provider.close();
  });

  const statusWith = async (token: string) =>
    (
      await rotating.graphql('{ gateway { mode } }', {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;

  it('is fetched on its first unknown kid once the cooldown has passed, and works from then on', async () => {
    expect(await statusWith(await signToken(oldKey))).toBe(200);
    expect(provider.jwksFetches).toBe(1);

    provider.publish([newKey]);
    // Within the cooldown an unknown kid fetches nothing: a stream of made-up kids cannot hammer
    // the identity provider.
    expect(await statusWith(await signToken(newKey))).toBe(401);
    expect(provider.jwksFetches).toBe(1);

    await sleep(jwksCooldownMs + 100);
    expect(await statusWith(await signToken(newKey))).toBe(200);
    expect(provider.jwksFetches).toBe(2);
    expect(await statusWith(await signToken(newKey, { sub: 'user-2' }))).toBe(200);
    expect(provider.jwksFetches).toBe(2);
  });

  it('no longer accepts the key the JWKS dropped', async () => {
    expect(await statusWith(await signToken(oldKey))).toBe(401);
  });
});

describe('JWT sign-in without gateway tokens', () => {
  let jwtOnly: TestGateway;
  beforeAll(async () => {
    jwtOnly = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      jwt: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience },
    });
  });
  afterAll(async () => {
    await jwtOnly.close();
  });

  it('still answers 401 to a request with no bearer at all', async () => {
    const response = await jwtOnly.graphql(deletePersonaMutation, { variables: { id: 'no-bearer' } });

    expect({ status: response.status, body: response.body }).toEqual({
      status: 401,
      body: unauthorized.body,
    });
    expect(vendorCalls()).toEqual([]);
  });

  it('runs a delete for a valid JWT', async () => {
    const response = await jwtOnly.graphql(deletePersonaMutation, {
      variables: { id: 'jwt-only' },
      headers: { authorization: `Bearer ${await signToken(signing, { sub: 'user-7' })}` },
    });

    expect(response.body).toEqual(personaSuccess('jwt-only'));
    expect(jwtOnly.auditRecords().map(({ client }) => client)).toEqual(['jwt:user-7']);
  });
});

describe('an identity provider that cannot be reached', () => {
  it('answers 401, as for any JWT it cannot verify, and reaches no vendor', async () => {
    const unreachable = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      jwt: { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: identity.issuer, audience: identity.audience },
    });
    try {
      const response = await unreachable.graphql(deletePersonaMutation, {
        variables: { id: 'idp-down' },
        headers: { authorization: `Bearer ${await signToken(signing)}` },
      });

      expect({ status: response.status, body: response.body }).toEqual({
        status: 401,
        body: unauthorized.body,
      });
      expect(vendorCalls()).toEqual([]);
    } finally {
      await unreachable.close();
    }
  });
});
