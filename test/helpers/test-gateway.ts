import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config.js';
import { type AuditRecord, openAuditLog } from '../../src/observability/audit-log.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type GatewayOptions } from '../../src/server/create-gateway.js';

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body. */
  body: { data?: Record<string, unknown> | null; errors?: { message: string }[] } & Record<string, unknown>;
  /** The body exactly as received. */
  text: string;
}

export interface TestGateway {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every line the gateway logged, at debug level and above. */
  logs: string[];
  /** The audit records written so far (by default they go to the log). */
  auditRecords(): AuditRecord[];
  /** POSTs one GraphQL operation as JSON, as a client would. */
  graphql(
    query: string,
    options?: { variables?: Record<string, unknown>; headers?: Record<string, string> },
  ): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

export type TestGatewayOptions = Partial<Omit<GatewayOptions, 'logger'>>;

/**
 * The real gateway on a real socket (127.0.0.1, port 0), configured as `loadConfig` configures it
 * by default, except: vendors at an address nobody should reach (pass the fake vendors' URLs), a
 * 2 s deadline, and no retries and no circuit breaking unless a test asks for them, so that every
 * test counts vendor calls of its own.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const gateway = createGateway({
    ...loadConfig({ SANDBOX: 'false' }),
    bland: { baseUrl: 'http://127.0.0.1:9', apiKey: undefined },
    bolna: { baseUrl: 'http://127.0.0.1:9', apiKey: undefined },
    upstreamTimeoutMs: 2000,
    upstreamRetries: 0,
    circuitFailureThreshold: 10_000,
    auditLog: await openAuditLog({ logger }),
    ...options,
    logger,
  });
  const server = createServer(gateway.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    logs,
    auditRecords: () =>
      logs
        .map((line) => JSON.parse(line))
        .flatMap((entry) => (entry.audit ? [entry.audit as AuditRecord] : [])),
    graphql: async (query, { variables, headers } = {}) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.close();
    },
  };
}
