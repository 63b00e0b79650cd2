import DataLoader from 'dataloader';
import type { YogaInitialContext } from 'graphql-yoga';
import type { GatewayMode } from './config.js';
import type { Vendor } from './errors/vendor.js';
import type { BlandClient } from './vendors/bland/client.js';
import type { DeletePersonaSuccess } from './vendors/bland/normalize.js';
import type { BolnaClient } from './vendors/bolna/client.js';
import type { DeleteDispositionSuccess } from './vendors/bolna/normalize.js';

export interface VendorInfo {
  vendor: Vendor;
  baseUrl: string;
  hasServerKey: boolean;
}

/** What `query { gateway }` reports: fixed at start-up. */
export interface GatewayInfo {
  mode: GatewayMode;
  version: string;
  vendors: readonly VendorInfo[];
}

export interface PersonaDeleteKey {
  id: string;
  force: boolean;
}

/**
 * One request's delete loaders. The same delete asked twice in one operation (through aliases)
 * reaches the vendor once and both fields get the same payload. A union member is loaded as an
 * Error, so `load` rejects with it and the errors plugin turns it into data.
 */
export interface DeleteLoaders {
  deletePersona: DataLoader<PersonaDeleteKey, DeletePersonaSuccess, string>;
  deleteDisposition: DataLoader<string, DeleteDispositionSuccess, string>;
}

export interface GatewayContext {
  gateway: GatewayInfo;
  loaders: DeleteLoaders;
}

/** Options for {@link createContextFactory}. */
export interface ContextOptions {
  gateway: GatewayInfo;
  bland: BlandClient;
  bolna: BolnaClient;
  /** Keys the gateway holds; a request's `x-bland-api-key` / `x-bolna-api-key` header wins over them. */
  serverKeys: { bland: string | undefined; bolna: string | undefined };
}

export function createContextFactory({ gateway, bland, bolna, serverKeys }: ContextOptions) {
  return ({ request }: YogaInitialContext): GatewayContext => {
    const blandKey = request.headers.get('x-bland-api-key') || serverKeys.bland;
    const bolnaKey = request.headers.get('x-bolna-api-key') || serverKeys.bolna;
    return {
      gateway,
      loaders: {
        deletePersona: new DataLoader<PersonaDeleteKey, DeletePersonaSuccess, string>(
          (keys) =>
            Promise.all(keys.map(({ id, force }) => bland.deletePersona({ id, force, apiKey: blandKey }))),
          { cacheKeyFn: ({ id, force }) => `${force}:${id}` },
        ),
        deleteDisposition: new DataLoader<string, DeleteDispositionSuccess, string>(
          (ids) => Promise.all(ids.map((id) => bolna.deleteDisposition({ id, apiKey: bolnaKey }))),
          { cacheKeyFn: (id) => id },
        ),
      },
    };
  };
}
