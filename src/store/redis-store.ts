import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { TraceSpan } from '../observability/tracing/trace-span.js';
import {
  callFieldPrefix,
  claimScript,
  type RedisScript,
  refreshClaimScript,
  releaseClaimScript,
  takeScript,
  writeCallScript,
} from './redis-scripts.js';
import {
  type ClaimResult,
  type Store,
  type StoreMetrics,
  type StoreOperation,
  type StoreState,
  StoreUnavailableError,
  type StoreUnavailableReason,
} from './store.js';

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis://` or `rediss://`, with a user and password when Redis wants them; never logged. */
  url: string;
  /** Where connection losses and recoveries are told, once each. */
  logger: Logger;
  metrics: StoreMetrics;
  /**
   * Deadline of each Redis command; past it the command fails and the connection is made again.
   * @default 500
   */
  commandTimeoutMs?: number;
  /**
   * Deadline of each connection attempt.
   * @default 2000
   */
  connectTimeoutMs?: number;
  /**
   * Longest wait between two reconnection attempts (they start at 100 ms and double).
   * @default 1000
   */
  maxReconnectDelayMs?: number;
}

/**
 * The store in Redis, shared by every replica. It connects in the background (nothing waits for
 * it) and reconnects by itself. Nothing waits for Redis either: with no connection a method throws
 * {@link StoreUnavailableError} at once (no offline queue), and a command past its deadline
 * throws it too. A command is never sent twice (an unanswered one is not resent on reconnect), so
 * nothing is counted twice.
 */
export function createRedisStore({
  url,
  logger,
  metrics,
  commandTimeoutMs = 500,
  connectTimeoutMs = 2000,
  maxReconnectDelayMs = 1000,
}: RedisStoreOptions): Store {
  const target = describeTarget(url);
  const { hostname, port } = new URL(url);
  const spanAttributes = {
    'db.system.name': 'redis',
    'server.address': hostname,
    'server.port': Number(port) || 6379,
  };
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, maxReconnectDelayMs),
  });
  let everReady = false;
  let down = false;
  let closed = false;

  const markDown = (why: string) => {
    if (closed || down) return;
    down = true;
    logger.warn({ reason: why }, `store: Redis at ${target} is unavailable; reconnecting`);
  };
  client.on('error', (error: Error & { code?: string }) => markDown(error.code ?? error.message));
  client.on('close', () => markDown('connection closed'));
  client.on('ready', () => {
    if (down) logger.info(`store: Redis at ${target} is back`);
    else if (!everReady) logger.info(`store: connected to Redis at ${target}`);
    everReady = true;
    down = false;
  });

  // `down` turns true at once on a loss this store noticed itself, before the client's status follows.
  const isUp = () => client.status === 'ready' && !down;

  function run<Result>(
    operation: StoreOperation,
    trace: TraceSpan | undefined,
    command: () => Promise<Result>,
  ): Promise<Result> {
    return trace?.recording ? runTraced(operation, trace, command) : runCommand(operation, command);
  }

  /** The command in a client span of its own, named after the store's operation (EVALSHA says nothing), never its key or arguments. */
  async function runTraced<Result>(
    operation: StoreOperation,
    trace: TraceSpan,
    command: () => Promise<Result>,
  ): Promise<Result> {
    const span = trace.startChild(`redis ${operation}`, 'client', {
      ...spanAttributes,
      'db.operation.name': operation,
    });
    try {
      return await runCommand(operation, command);
    } catch (error) {
      span.fail(error instanceof StoreUnavailableError ? error.reason : undefined);
      throw error;
    } finally {
      span.end();
    }
  }

  async function runCommand<Result>(
    operation: StoreOperation,
    command: () => Promise<Result>,
  ): Promise<Result> {
    const fail = (reason: StoreUnavailableReason) => {
      metrics.observeStoreError(operation);
      return new StoreUnavailableError(operation, reason);
    };
    if (closed) throw fail('closed');
    if (!isUp()) throw fail('not connected');
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof Error && error.message === 'Command timed out')) {
        throw fail(isUp() ? 'command failed' : 'not connected');
      }
      // A Redis that stopped answering on a live connection (paused, overloaded) would make every
      // request wait out the deadline: drop the connection, so requests fail at once until it is back.
      if (isUp()) {
        markDown('no answer in time');
        client.disconnect(true);
      }
      throw fail('no answer in time');
    }
  }

  async function evaluate(script: RedisScript, key: string, ...args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(script.sha1, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return await client.eval(script.source, 1, key, ...args);
    }
  }

  return {
    get state(): StoreState {
      if (isUp()) return 'ready';
      return everReady || down ? 'down' : 'connecting';
    },
    claim: (record, digest, owner, claimMs, ttlMs, trace) =>
      run(
        'claim',
        trace,
        () => evaluate(claimScript, record, digest, owner, claimMs, ttlMs) as Promise<ClaimResult>,
      ),
    refreshClaim: (record, owner, claimMs, trace) =>
      run('refreshClaim', trace, async () => {
        await evaluate(refreshClaimScript, record, owner, claimMs);
      }),
    releaseClaim: (record, owner, trace) =>
      run('releaseClaim', trace, async () => {
        await evaluate(releaseClaimScript, record, owner);
      }),
    readCalls: (record, trace) =>
      run('readCalls', trace, async () => {
        const fields = await client.hgetall(record);
        const calls = new Map<string, string>();
        for (const [field, value] of Object.entries(fields)) {
          if (field.startsWith(callFieldPrefix)) calls.set(field.slice(callFieldPrefix.length), value);
        }
        return calls;
      }),
    writeCall: (record, callId, value, ttlMs, trace) =>
      run('writeCall', trace, async () => {
        await evaluate(writeCallScript, record, callId, value, ttlMs);
      }),
    take: (counter, limit, windowMs, trace) =>
      run('take', trace, async () => {
        const [allowed, retryAfterMs] = (await evaluate(takeScript, counter, limit, windowMs)) as [
          number,
          number,
        ];
        return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs };
      }),
    remember: (key, ttlMs, trace) =>
      run('remember', trace, async () => {
        await client.set(key, '1', 'PX', ttlMs);
      }),
    isRemembered: (key, trace) => run('isRemembered', trace, async () => (await client.exists(key)) === 1),
    async close() {
      closed = true;
      client.disconnect();
    },
  };
}

/** Where Redis is, for log lines: scheme, host and port, never the user or password. */
function describeTarget(url: string): string {
  const { protocol, hostname, port } = new URL(url);
  return `${protocol}//${hostname}:${port || '6379'}`;
}
