import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

/** One signing key of the test identity provider. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export interface IdentityProvider {
  /** `http://127.0.0.1:<port>/.well-known/jwks.json` */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Times the key set was fetched. */
  readonly jwksFetches: number;
  /** The keys the JWKS lists from now on (a rotation). */
  publish(keys: readonly SigningKey[]): void;
  close(): Promise<void>;
}

export const testIssuer = 'https://id.example.test/';
export const testAudience = 'voice-ai-gateway-test';

/** A new ES256 key pair named `kid`. */
export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** An identity provider's JWKS endpoint: a real HTTP server on 127.0.0.1 that lists `keys`. */
export async function startIdentityProvider(keys: readonly SigningKey[]): Promise<IdentityProvider> {
  let published = keys;
  let jwksFetches = 0;
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    jwksFetches += 1;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: published.map(({ publicJwk }) => publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer: testIssuer,
    audience: testAudience,
    get jwksFetches() {
      return jwksFetches;
    },
    publish: (next) => {
      published = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What {@link signToken} puts in a token; each claim can be overridden or dropped (undefined). */
export interface TokenClaims extends JWTPayload {
  /** Seconds from now; undefined: no `exp`. */
  expiresIn?: number | undefined;
  /** Seconds from now; undefined: no `nbf`. */
  notBeforeIn?: number | undefined;
}

/**
 * A JWT signed with `key`: by default valid for five minutes, from {@link testIssuer} for
 * {@link testAudience}, for the subject `user-1`.
 */
export async function signToken(key: SigningKey, claims: TokenClaims = {}): Promise<string> {
  const { expiresIn, notBeforeIn, ...payload } = { expiresIn: 300, ...claims };
  const now = Math.floor(Date.now() / 1000);
  const withDefaults: JWTPayload = {
    iss: testIssuer,
    aud: testAudience,
    sub: 'user-1',
    iat: now,
    ...(expiresIn === undefined ? {} : { exp: now + expiresIn }),
    ...(notBeforeIn === undefined ? {} : { nbf: now + notBeforeIn }),
    ...payload,
  };
  const defined = Object.fromEntries(Object.entries(withDefaults).filter(([, value]) => value !== undefined));
  return new SignJWT(defined).setProtectedHeader({ alg: 'ES256', kid: key.kid }).sign(key.privateKey);
}
