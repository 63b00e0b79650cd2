import { callVendor, type VendorCallResult, type VendorTransport } from '../core/call-endpoint.js';
import { bolnaIdRule } from '../core/id-rules.js';
import { type DeleteDispositionSuccess, toDeleteDispositionOutcome } from './normalize.js';

/** Options for {@link createBolnaClient}. */
export interface BolnaClientOptions extends VendorTransport {
  /**
   * Bolna's origin, optionally with a path prefix.
   * @default none: required (the gateway's default is https://api.bolna.ai)
   */
  baseUrl: string;
}

export interface DeleteDispositionInput {
  id: string;
  /** The key Bolna expects as `Authorization: Bearer <key>`; undefined when none is held or sent. */
  apiKey: string | undefined;
  /** Forwarded to the vendor as `x-request-id`. */
  requestId: string;
}

export interface BolnaClient {
  /** `DELETE /dispositions/{id}`: resolves to a success or a union member (never throws for them), with the vendor's status. */
  deleteDisposition(input: DeleteDispositionInput): Promise<VendorCallResult<DeleteDispositionSuccess>>;
}

export function createBolnaClient({ baseUrl, ...transport }: BolnaClientOptions): BolnaClient {
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return {
    deleteDisposition: ({ id, apiKey, requestId }) =>
      callVendor(transport, {
        vendor: 'BOLNA',
        successTypename: 'DeleteDispositionSuccess',
        requestId,
        id,
        idRule: bolnaIdRule,
        apiKey,
        request: (key) => ({
          method: 'DELETE',
          path: `${prefix}/dispositions/${encodeURIComponent(id)}`,
          headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
        }),
        normalize: (answer) => toDeleteDispositionOutcome(answer, id),
      }),
  };
}
