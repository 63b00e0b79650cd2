#!/usr/bin/env node
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { helpText, parseArguments } from './cli.js';
import { ConfigError } from './config/config-error.js';
import type { GatewayConfig } from './config/load-config.js';
import { loadStartup, type Startup } from './config/load-startup.js';
import { openAuditLog } from './observability/audit-log.js';
import { createLogger, flushLogger, type Logger } from './observability/logger.js';
import { createGatewayMetrics } from './observability/metrics.js';
import type { Tracing } from './observability/tracing/trace-span.js';
import { printSortedSchema } from './schema/index.js';
import { createGateway, type Gateway, graphqlEndpoint, metricsEndpoint } from './server/create-gateway.js';
import { gatewayVersion } from './server/version.js';
import { createStore } from './store/create-store.js';

/** How long answers already computed get to reach their clients after vendor calls are cut. */
const finalFlushMs = 1000;

async function main(): Promise<void> {
  const command = parseArguments(process.argv.slice(2));
  const program = basename(process.argv[1] ?? 'voice-ai-gateway');
  switch (command.kind) {
    case 'help':
      process.stdout.write(helpText(program));
      return;
    case 'print-schema':
      process.stdout.write(printSortedSchema());
      return;
    case 'usage-error':
      process.stderr.write(`${command.message}\nRun ${program} --help for the options.\n`);
      process.exit(2);
      return;
    case 'serve':
      await serve();
  }
}

async function serve(): Promise<void> {
  const { config, trustedDocuments, tracing: tracingSettings } = loadStartupOrExit();
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  // Signals are taken from the start: one that arrives before the server listens still drains.
  let stopRequested: ((signal: string) => void) | null = null;
  const pendingSignal = new Promise<string>((resolve) => {
    stopRequested = resolve;
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopRequested?.(signal));

  // Imported only when tracing is on: with it off, no OpenTelemetry module is loaded at all.
  const tracing =
    tracingSettings &&
    (await (
      await import('./observability/tracing/start-tracing.js')
    ).startTracing({
      ...tracingSettings,
      serviceVersion: gatewayVersion,
      logger,
    }));
  const auditLog = await openAuditLog({ logger, filePath: config.auditLogFile });
  // The simulated vendors are loaded only in sandbox mode, never in a live gateway.
  const sandbox =
    config.mode === 'SANDBOX' ? await (await import('./sandbox/start-sandbox.js')).startSandbox() : null;
  const metrics = createGatewayMetrics();
  // Connects in the background: the gateway serves (budgets counted in memory, client limits
  // unchecked) while Redis is still out of reach. The await is only the Redis client's loading.
  const store = await createStore({ redisUrl: config.redisUrl, logger, metrics });
  const gateway = createGateway({
    ...config,
    bland: sandbox?.bland ?? config.bland,
    bolna: sandbox?.bolna ?? config.bolna,
    trustedDocuments,
    logger,
    auditLog,
    store,
    metrics,
    tracing,
  });
  const server = createServer(gateway.handler);
  const metricsServer = config.metricsPort === undefined ? null : createMetricsServer(gateway);
  await listen(server, config.port, config.host);
  if (metricsServer && config.metricsPort !== undefined)
    await listen(metricsServer, config.metricsPort, config.host);

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
  if (trustedDocuments) {
    logger.info(
      `Trusted documents: ${trustedDocuments.size} from ${config.trustedDocumentsFiles.join(', ')}; ${config.trustedDocumentsOnly ? 'only these run' : 'document text runs too'}`,
    );
  }
  if (metricsServer) logger.info(`Metrics: ${publicOrigin(metricsServer, config.host)}${metricsEndpoint}`);
  if (tracingSettings) {
    logger.info(`Tracing: OTLP ${tracingSettings.protocol} to ${tracingSettings.destination}`);
  }

  const signal = await pendingSignal;
  try {
    await shutDown({ signal, config, logger, server, gateway, tracing });
    metricsServer?.close();
    await Promise.all([auditLog.close(), sandbox?.close(), store.close()]);
    logger.info('stopped');
    await flushLogger(logger);
    process.exit(0);
  } catch (error) {
    logger.fatal({ err: error }, 'shutdown failed');
    await flushLogger(logger);
    process.exit(1);
  }
}

interface Shutdown {
  signal: string;
  config: GatewayConfig;
  logger: Logger;
  server: Server;
  gateway: Gateway;
  tracing: Tracing | undefined;
}

/**
 * Drains, then stops: `/ready` answers 503 at once while requests are still served for
 * DRAIN_DELAY_MS (load balancers notice and stop sending); then new connections are refused;
 * operations in flight finish with their real answers until SHUTDOWN_TIMEOUT_MS from the signal,
 * when vendor calls still waiting are answered `TIMEOUT` (their outcome unknown) rather than
 * dropped; then the pools close, and the spans still pending are exported, until that deadline
 * too (a collector that is down or never answers cannot hold the exit).
 */
async function shutDown({ signal, config, logger, server, gateway, tracing }: Shutdown): Promise<void> {
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
  if (tracing) await flushTracing(tracing, deadline, logger);
}

/** Exports the spans still pending and stops tracing, or gives up at `deadline`. */
async function flushTracing(tracing: Tracing, deadline: number, logger: Logger): Promise<void> {
  const flushed = await Promise.race([
    tracing.shutdown().then(
      () => true,
      () => false,
    ),
    sleep(Math.max(0, deadline - Date.now()), false),
  ]);
  if (!flushed) logger.warn('shutdown: spans still pending were not exported before the shutdown deadline');
}

/** `/metrics` on its own port (METRICS_PORT), for a scraper that must not reach the API. */
function createMetricsServer(gateway: Gateway): Server {
  return createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== metricsEndpoint) {
      response.writeHead(404).end();
      return;
    }
    gateway.metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': gateway.metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
}

function loadStartupOrExit(): Startup {
  try {
    return loadStartup(process.env);
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
