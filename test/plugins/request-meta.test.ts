import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../src/plugins/auth/jwt-verifier.js';
import { createRequestMetaReader } from '../../src/plugins/auth/request-meta.js';
import {
  createSigningKey,
  type IdentityProvider,
  type SigningKey,
  signToken,
  startIdentityProvider,
} from '../helpers/identity-provider.js';

const gatewayToken = 'gw-request-meta-token-0123';

let identity: IdentityProvider;
let signing: SigningKey;
beforeAll(async () => {
  signing = await createSigningKey('meta-key');
  identity = await startIdentityProvider([signing]);
});
afterAll(async () => {
  await identity.close();
});

function requestWith(authorization?: string): Request {
  return new Request('http://127.0.0.1/graphql', {
    headers: { 'x-request-id': 'meta-1', ...(authorization ? { authorization } : {}) },
  });
}

/** The real verifier, counting how often it is asked. */
function countingVerifier() {
  const verify = createJwtVerifier({
    jwksUrl: identity.jwksUrl,
    issuer: identity.issuer,
    audience: identity.audience,
  });
  const calls: string[] = [];
  return {
    calls,
    verifyJwt: (token: string) => {
      calls.push(token);
      return verify(token);
    },
  };
}

describe('createRequestMetaReader', () => {
  it('answers synchronously when JWT sign-in is not configured, with or without tokens', () => {
    const open = createRequestMetaReader({ tokens: [] });
    const guarded = createRequestMetaReader({ tokens: [gatewayToken] });

    expect([
      open.authenticate(requestWith()),
      guarded.authenticate(requestWith(`Bearer ${gatewayToken}`)),
      guarded.authenticate(requestWith('Bearer not-the-token-at-all')),
    ]).toEqual([
      { requestId: 'meta-1', client: 'anonymous', authorized: true },
      { requestId: 'meta-1', client: 'token:0', authorized: true },
      { requestId: 'meta-1', client: 'anonymous', authorized: false },
    ]);
  });

  it('answers a gateway token synchronously even with JWT sign-in, without asking the verifier', () => {
    const { calls, verifyJwt } = countingVerifier();
    const reader = createRequestMetaReader({ tokens: [gatewayToken], verifyJwt });

    expect(reader.authenticate(requestWith(`Bearer ${gatewayToken}`))).toEqual({
      requestId: 'meta-1',
      client: 'token:0',
      authorized: true,
    });
    expect(calls).toEqual([]);
  });

  it('verifies a request’s JWT once: read and authenticate answer the verified caller from then on', async () => {
    const { calls, verifyJwt } = countingVerifier();
    const reader = createRequestMetaReader({ tokens: [], verifyJwt });
    const token = await signToken(signing, { sub: 'user-9' });
    const request = requestWith(`Bearer ${token}`);

    expect(reader.read(request)).toEqual({ requestId: 'meta-1', client: 'anonymous', authorized: false });
    const verified = reader.authenticate(request);
    expect(verified).toBeInstanceOf(Promise);
    expect(await verified).toEqual({ requestId: 'meta-1', client: 'jwt:user-9', authorized: true });
    expect([reader.read(request), reader.authenticate(request)]).toEqual([
      { requestId: 'meta-1', client: 'jwt:user-9', authorized: true },
      { requestId: 'meta-1', client: 'jwt:user-9', authorized: true },
    ]);
    expect(calls).toEqual([token]);
  });

  it('keeps an invalid JWT unauthorized', async () => {
    const { verifyJwt } = countingVerifier();
    const reader = createRequestMetaReader({ tokens: [], verifyJwt });
    const request = requestWith(`Bearer ${await signToken(signing, { expiresIn: -60 })}`);

    expect(await reader.authenticate(request)).toEqual({
      requestId: 'meta-1',
      client: 'anonymous',
      authorized: false,
    });
    expect(reader.read(request).authorized).toBe(false);
  });
});
