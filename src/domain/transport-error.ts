/** How a vendor call failed below HTTP: no complete response arrived. */
export type TransportFailure = 'TIMEOUT' | 'UNREACHABLE' | 'CONNECTION_LOST' | 'BAD_RESPONSE';

/**
 * A vendor call that ended without a complete response. `sent` tells whether the request had
 * been handed to the connection: when false, the vendor provably never saw it.
 */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    /** The transport's error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...), when it gave one. */
    readonly code: string | null,
    readonly sent: boolean,
  ) {
    super(`${failure}${code ? ` (${code})` : ''}`);
    this.name = 'TransportError';
  }
}
