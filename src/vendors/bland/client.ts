import { callVendor, type VendorCallResult, type VendorTransport } from '../core/call-endpoint.js';
import { blandIdRule } from '../core/id-rules.js';
import { type DeletePersonaSuccess, toDeletePersonaOutcome } from './normalize.js';

/** Options for {@link createBlandClient}. */
export interface BlandClientOptions extends VendorTransport {
  /**
   * Bland's origin, optionally with a path prefix.
   * @default none: required (the gateway's default is https://api.bland.ai)
   */
  baseUrl: string;
}

export interface DeletePersonaInput {
  id: string;
  force: boolean;
  /** The raw key Bland expects in `authorization`; undefined when none is held or sent. */
  apiKey: string | undefined;
  /** Forwarded to the vendor as `x-request-id`. */
  requestId: string;
}

export interface BlandClient {
  /** `DELETE /v1/personas/{id}?force=`: resolves to a success or a union member (never throws for them), with the vendor's status. */
  deletePersona(input: DeletePersonaInput): Promise<VendorCallResult<DeletePersonaSuccess>>;
}

export function createBlandClient({ baseUrl, ...transport }: BlandClientOptions): BlandClient {
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return {
    deletePersona: ({ id, force, apiKey, requestId }) =>
      callVendor(transport, {
        vendor: 'BLAND',
        successTypename: 'DeletePersonaSuccess',
        requestId,
        id,
        idRule: blandIdRule,
        apiKey,
        request: (key) => ({
          method: 'DELETE',
          path: `${prefix}/v1/personas/${encodeURIComponent(id)}?force=${force}`,
          headers: { authorization: key, accept: 'application/json' },
        }),
        normalize: (answer) => toDeletePersonaOutcome(answer, id),
      }),
  };
}
