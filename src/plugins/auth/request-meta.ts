import { hash, randomUUID, timingSafeEqual } from 'node:crypto';

/** Who sent a request and how to find it again in logs and the audit trail. */
export interface RequestMeta {
  /** The client's `x-request-id` when it is safe to echo, otherwise a new UUID. */
  requestId: string;
  /**
   * `token:<index>` (never the token itself), `jwt:<sub>` for a signed-in user, or `anonymous`
   * when the gateway asks for neither.
   */
  client: string;
  /** False when the gateway asks for a bearer token or JWT and the request had no valid one. */
  authorized: boolean;
}

/** How callers prove who they are. */
export interface CallerCheck {
  /** Gateway tokens (GATEWAY_TOKENS); empty: none. */
  tokens: readonly string[];
  /** Resolves a bearer JWT's subject, or null when the JWT is not valid; undefined: no JWT sign-in. */
  verifyJwt?: ((token: string) => Promise<string | null>) | undefined;
}

/** Reads each request's {@link RequestMeta}, once per request. */
export interface RequestMetaReader {
  /** The request's meta. A JWT counts only once {@link authenticate} has verified it. */
  read(request: Request): RequestMeta;
  /**
   * The request's meta with its bearer JWT verified: a promise only when a JWT has to be, so the
   * gateway pays nothing for it unless JWT sign-in is configured and a request sends a bearer
   * that is not a gateway token. What it resolves is what {@link read} answers from then on.
   */
  authenticate(request: Request): RequestMeta | Promise<RequestMeta>;
}

const safeRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reads each request's {@link RequestMeta} once (cached per request). A presented token is
 * compared as a SHA-256 digest with `timingSafeEqual`, against every configured token, so the
 * time taken says nothing about how much of a guess was right. A token that matched is
 * remembered by its exact text, so a client's later requests skip the digest: that map holds at
 * most the configured tokens, and a lookup in it depends on the presented text alone. A bearer
 * that is no gateway token is verified as a JWT, when JWT sign-in is configured.
 */
export function createRequestMetaReader({ tokens, verifyJwt }: CallerCheck): RequestMetaReader {
  const digests = tokens.map(digest);
  const required = digests.length > 0 || verifyJwt !== undefined;
  const clientByVerifiedToken = new Map<string, string>();
  const cache = new WeakMap<Request, RequestMeta>();

  const identify = (request: Request): { client: string; authorized: boolean } => {
    if (!required) return { client: 'anonymous', authorized: true };
    const presented = bearerOf(request);
    if (!presented || digests.length === 0) return { client: 'anonymous', authorized: false };
    const verifiedClient = clientByVerifiedToken.get(presented);
    if (verifiedClient) return { client: verifiedClient, authorized: true };
    const presentedDigest = digest(presented);
    let match = -1;
    digests.forEach((known, index) => {
      if (timingSafeEqual(known, presentedDigest) && match === -1) match = index;
    });
    if (match === -1) return { client: 'anonymous', authorized: false };
    const client = `token:${match}`;
    clientByVerifiedToken.set(presented, client);
    return { client, authorized: true };
  };

  const read = (request: Request): RequestMeta => {
    let meta = cache.get(request);
    if (!meta) {
      const sentId = request.headers.get('x-request-id');
      meta = {
        requestId: sentId && safeRequestId.test(sentId) ? sentId : randomUUID(),
        ...identify(request),
      };
      cache.set(request, meta);
    }
    return meta;
  };

  return {
    read,
    authenticate(request) {
      const meta = read(request);
      if (meta.authorized || !verifyJwt) return meta;
      const presented = bearerOf(request);
      if (!presented) return meta;
      return verifyJwt(presented).then((subject) => {
        if (subject === null) return meta;
        const verified = { ...meta, client: `jwt:${subject}`, authorized: true };
        cache.set(request, verified);
        return verified;
      });
    },
  };
}

function bearerOf(request: Request): string | undefined {
  return /^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
}

function digest(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}
