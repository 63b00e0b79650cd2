import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.js';
import { ConfigError } from './errors/config-error.js';
import { createGateway, graphqlEndpoint } from './gateway.js';
import { createLogger } from './logger.js';
import { startSandbox } from './sandbox/start-sandbox.js';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger();
  const sandbox = config.mode === 'SANDBOX' ? await startSandbox() : null;
  const gateway = createGateway({
    mode: config.mode,
    bland: sandbox?.bland ?? config.bland,
    bolna: sandbox?.bolna ?? config.bolna,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    graphiql: !config.production,
    logger,
  });
  const server = createServer(gateway.handler);
  await listen(server, config.port, config.host);

  const url = `${publicOrigin(server, config.host)}${graphqlEndpoint}`;
  if (sandbox) {
    logger.info(
      `Sandbox mode: Bland and Bolna are simulated on loopback (no keys, no network). GraphiQL: ${url}`,
    );
  } else {
    logger.info(
      `Live mode: Bland at ${config.bland.baseUrl}, Bolna at ${config.bolna.baseUrl}. GraphQL: ${url}`,
    );
  }

  const shutdown = async (signal: string) => {
    logger.info(`${signal}: shutting down`);
    gateway.startDraining();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([gateway.close(), sandbox?.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

function readConfigOrExit() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function publicOrigin(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${port}`;
}

await main();
