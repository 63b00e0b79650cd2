import { bindEndpoints, type VendorTransport } from '../core/call-endpoint.js';
import { createDispositionEndpoint } from './endpoints/create-disposition.js';
import { createDispositionsEndpoint } from './endpoints/create-dispositions.js';
import { deleteDispositionEndpoint } from './endpoints/delete-disposition.js';
import { getDispositionEndpoint } from './endpoints/get-disposition.js';
import { listDispositionsEndpoint } from './endpoints/list-dispositions.js';
import { updateDispositionEndpoint } from './endpoints/update-disposition.js';

/** Bolna's endpoints, bound to its transport: each resolves to a success or a union member, never throws for one. */
export function createBolnaClient(transport: VendorTransport) {
  return bindEndpoints((apiKey) => ({ authorization: `Bearer ${apiKey}` }), transport, {
    getDisposition: getDispositionEndpoint,
    listDispositions: listDispositionsEndpoint,
    deleteDisposition: deleteDispositionEndpoint,
    createDisposition: createDispositionEndpoint,
    updateDisposition: updateDispositionEndpoint,
    createDispositions: createDispositionsEndpoint,
  });
}

export type BolnaClient = ReturnType<typeof createBolnaClient>;
