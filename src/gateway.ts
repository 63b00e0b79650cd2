import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayMode, VendorSettings } from './config.js';
import { createContextFactory, type GatewayContext, type GatewayInfo } from './context.js';
import { createVendorPool } from './http/vendor-pool.js';
import { type Logger, toYogaLogger } from './logger.js';
import { useJsonOnlyPosts } from './plugins/json-only-posts.js';
import { schema } from './schema/index.js';
import { createBlandClient } from './vendors/bland/client.js';
import { createBolnaClient } from './vendors/bolna/client.js';
import { gatewayVersion } from './version.js';

export const graphqlEndpoint = '/graphql';

/** What {@link createGateway} needs; `main.ts` derives it from the configuration. */
export interface GatewayOptions {
  /**
   * Reported by `query { gateway { mode } }`.
   * @default none: required
   */
  mode: GatewayMode;
  /**
   * Bland's origin and the key the gateway holds for it.
   * @default none: required
   */
  bland: VendorSettings;
  /**
   * Bolna's origin and the key the gateway holds for it.
   * @default none: required
   */
  bolna: VendorSettings;
  /**
   * Total deadline of one vendor call: connect, headers and body.
   * @default none: required (the configuration's default is 10000)
   */
  upstreamTimeoutMs: number;
  /**
   * Serve GraphiQL to browsers at the GraphQL endpoint.
   * @default none: required (the configuration turns it off in production)
   */
  graphiql: boolean;
  /**
   * Where the gateway's own lines go. Nothing written carries a credential.
   * @default none: required
   */
  logger: Logger;
}

export interface Gateway {
  /** The request handler: a Node `(req, res)` listener with a `fetch` method. */
  handler: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** From now on `/ready` answers 503, so load balancers stop sending new requests. */
  startDraining(): void;
  /** Closes the vendor pools. Call once the server no longer takes requests. */
  close(): Promise<void>;
}

const firstOperation = `# Delete a Bland persona. In sandbox mode this id is deletable once;
# run it twice to see PersonaNotFoundError.
mutation DeletePersona {
  deletePersona(id: "11111111-1111-4111-8111-111111111111") {
    __typename
    ... on DeletePersonaSuccess { personaId message }
    ... on PersonaInUseError { personaId phoneNumbers suggestion }
    ... on Error { message vendor vendorCode retryable }
  }
}
`;

/** Builds the gateway: the vendor pools and clients, and the Yoga handler. Never listens. */
export function createGateway(options: GatewayOptions): Gateway {
  const timeoutMs = options.upstreamTimeoutMs;
  const blandPool = createVendorPool(options.bland.baseUrl, { timeoutMs });
  const bolnaPool = createVendorPool(options.bolna.baseUrl, { timeoutMs });
  const info: GatewayInfo = {
    mode: options.mode,
    version: gatewayVersion,
    vendors: [
      { vendor: 'BLAND', baseUrl: options.bland.baseUrl, hasServerKey: options.bland.apiKey !== undefined },
      { vendor: 'BOLNA', baseUrl: options.bolna.baseUrl, hasServerKey: options.bolna.apiKey !== undefined },
    ],
  };
  let draining = false;

  const handler = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint,
    context: createContextFactory({
      gateway: info,
      bland: createBlandClient({ baseUrl: options.bland.baseUrl, dispatcher: blandPool, timeoutMs }),
      bolna: createBolnaClient({ baseUrl: options.bolna.baseUrl, dispatcher: bolnaPool, timeoutMs }),
      serverKeys: { bland: options.bland.apiKey, bolna: options.bolna.apiKey },
    }),
    // Only the union members are data; any other exception is "Unexpected error." in every mode.
    maskedErrors: { isDev: false },
    // Browsers get no CORS grant: with server-held keys, a page on another origin must not be
    // able to make a visitor's browser delete anything.
    cors: false,
    landingPage: false,
    graphiql: options.graphiql ? { title: 'Voice AI gateway', defaultQuery: firstOperation } : false,
    renderGraphiQL,
    logging: toYogaLogger(options.logger),
    plugins: [
      useJsonOnlyPosts(graphqlEndpoint),
      useReadinessCheck({
        endpoint: '/ready',
        check: ({ fetchAPI }) =>
          fetchAPI.Response.json(
            { status: draining ? 'draining' : 'ready' },
            { status: draining ? 503 : 200 },
          ),
      }),
    ],
  });

  return {
    handler,
    startDraining: () => {
      draining = true;
    },
    close: async () => {
      await Promise.all([blandPool.close(), bolnaPool.close()]);
    },
  };
}
