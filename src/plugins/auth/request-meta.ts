import { hash, randomUUID, timingSafeEqual } from 'node:crypto';

/** Who sent a request and how to find it again in logs and the audit trail. */
export interface RequestMeta {
  /** The client's `x-request-id` when it is safe to echo, otherwise a new UUID. */
  requestId: string;
  /** `token:<index>` (never the token itself), or `anonymous` when the gateway asks for none. */
  client: string;
  /** False when the gateway asks for a bearer token and the request had no valid one. */
  authorized: boolean;
}

const safeRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reads each request's {@link RequestMeta} once (cached per request). A presented token is
 * compared as a SHA-256 digest with `timingSafeEqual`, against every configured token, so the
 * time taken says nothing about how much of a guess was right. A token that matched is
 * remembered by its exact text, so a client's later requests skip the digest: that map holds at
 * most the configured tokens, and a lookup in it depends on the presented text alone.
 */
export function createRequestMetaReader(tokens: readonly string[]): (request: Request) => RequestMeta {
  const digests = tokens.map(digest);
  const clientByVerifiedToken = new Map<string, string>();
  const cache = new WeakMap<Request, RequestMeta>();

  const identify = (authorization: string | null): { client: string; authorized: boolean } => {
    if (digests.length === 0) return { client: 'anonymous', authorized: true };
    const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!presented) return { client: 'anonymous', authorized: false };
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

  return (request) => {
    let meta = cache.get(request);
    if (!meta) {
      const sentId = request.headers.get('x-request-id');
      meta = {
        requestId: sentId && safeRequestId.test(sentId) ? sentId : randomUUID(),
        ...identify(request.headers.get('authorization')),
      };
      cache.set(request, meta);
    }
    return meta;
  };
}

function digest(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}
