import type { Vendor } from '../domain/vendor.js';

/** The keys the gateway holds; undefined where requests must bring their own. */
export type ServerKeys = Readonly<Record<Vendor, string | undefined>>;

/** The header a client sends a vendor's key in, used instead of the server-held key. */
export const keyHeaders = {
  BLAND: 'x-bland-api-key',
  BOLNA: 'x-bolna-api-key',
} as const satisfies Record<Vendor, string>;

/** The key a request's calls to `vendor` use: the request's own header, else the server's. */
export function readApiKey(request: Request, vendor: Vendor, serverKeys: ServerKeys): string | undefined {
  return request.headers.get(keyHeaders[vendor]) || serverKeys[vendor];
}
