import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAuditLog } from './audit/audit-log.js';
import { type GatewayConfig, loadConfig } from './config.js';
import { ConfigError } from './errors/config-error.js';
import { createGateway, type Gateway, graphqlEndpoint } from './gateway.js';
import { createLogger, type Logger } from './logger.js';
import { startSandbox } from './sandbox/start-sandbox.js';

/** How long answers already computed get to reach their clients after vendor calls are cut. */
const finalFlushMs = 1000;

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const auditLog = await openAuditLog({ logger, filePath: config.auditLogFile });
  const sandbox = config.mode === 'SANDBOX' ? await startSandbox() : null;
  const gateway = createGateway({
    ...config,
    bland: sandbox?.bland ?? config.bland,
    bolna: sandbox?.bolna ?? config.bolna,
    logger,
    auditLog,
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

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    shutDown({
      signal,
      config,
      logger,
      server,
      gateway,
      closeOthers: () => Promise.all([auditLog.close(), sandbox?.close()]),
    })
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

interface Shutdown {
  signal: string;
  config: GatewayConfig;
  logger: Logger;
  server: Server;
  gateway: Gateway;
  closeOthers: () => Promise<unknown>;
}

/**
 * Drains, then stops: `/ready` answers 503 at once while requests are still served for
 * DRAIN_DELAY_MS (load balancers notice and stop sending); then new connections are refused;
 * operations in flight finish with their real answers until SHUTDOWN_TIMEOUT_MS from the signal,
 * when vendor calls still waiting are answered `TIMEOUT` (their outcome unknown) rather than
 * dropped; then the pools close.
 */
async function shutDown({ signal, config, logger, server, gateway, closeOthers }: Shutdown): Promise<void> {
  const deadline = Date.now() + config.shutdownTimeoutMs;
  logger.info(
    `${signal}: draining for ${config.drainDelayMs} ms, then stopping within ${config.shutdownTimeoutMs} ms`,
  );
  gateway.startDraining();
  await sleep(config.drainDelayMs);

  const closed = once(server, 'close');
  server.close();
  // Keep-alive connections between requests would hold the server open: close them as they idle.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const finished = await Promise.race([
    closed.then(() => true),
    sleep(Math.max(0, deadline - Date.now()), false),
  ]);
  if (!finished) {
    logger.warn('shutdown timeout: answering vendor calls still in flight as TIMEOUT');
    gateway.abortVendorCalls();
    await Promise.race([closed, sleep(finalFlushMs)]);
    server.closeAllConnections();
  }
  clearInterval(idleSweep);
  await gateway.close();
  await closeOthers();
  logger.info('stopped');
}

function readConfigOrExit(): GatewayConfig {
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
