import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

const startTimeoutMs = 10_000;

/**
 * Whether Debian's redis-server is on this machine. Missing, a test that needs it is skipped,
 * except in CI (`CI=true`), where `.ci/run` installs it and its absence fails the run.
 */
export function hasRedisServer(): boolean {
  const found = spawnSync('redis-server', ['--version']).status === 0;
  if (!found && process.env.CI === 'true') {
    throw new Error('redis-server is missing: CI must install it (.ci/run does, with apt-get).');
  }
  return found;
}

/** One key as Redis holds it, and every value stored under it (members, fields and their values). */
export interface StoredKey {
  key: string;
  type: string;
  values: string[];
}

export interface RedisServer {
  /** `redis://[user:password@]127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Kills the server (its data goes with it: persistence is off); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers. `resume()` undoes it. */
  pause(): void;
  resume(): void;
  /** Every key and every value in the database. */
  dump(): Promise<StoredKey[]>;
  /** Deletes every key. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * An ACL user the server requires (the default user is then off), put in `url`.
   * @default none: no authentication
   */
  user?: { name: string; password: string };
}

/**
 * A real redis-server on a free loopback port, with persistence off and its files in a temporary
 * directory, for one test file. Stop it in `afterAll` with `close()`.
 */
export async function startRedisServer({ user }: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await findFreePort();
  const dir = mkdtempSync(join(tmpdir(), 'gateway-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, '--logfile', '', '--loglevel', 'warning');
  if (user)
    args.push(
      '--user',
      'default',
      'off',
      '--user',
      user.name,
      'on',
      `>${user.password}`,
      '~*',
      '&*',
      '+@all',
    );
  const credentials = user ? `${user.name}:${encodeURIComponent(user.password)}@` : '';
  const url = `redis://${credentials}127.0.0.1:${port}`;

  let child: ChildProcess | null = null;
  let admin: Redis | null = null;
  const adminClient = () => {
    admin ??= new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    return admin;
  };

  const start = async () => {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child = started;
    await waitUntilListening(
      port,
      () => started.exitCode !== null,
      () => stderr,
    );
  };
  const stop = async () => {
    const running = child;
    child = null;
    admin?.disconnect();
    admin = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  };
  await start();

  return {
    url,
    port,
    start,
    stop,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async dump() {
      const client = adminClient();
      const stored: StoredKey[] = [];
      let cursor = '0';
      // SCAN returns cursor 0 once it has seen every key; the bound only guards against a bug.
      for (let round = 0; round < 10_000; round++) {
        const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
        for (const key of keys) stored.push(await readKey(client, key));
        cursor = next;
        if (cursor === '0') break;
      }
      return stored;
    },
    flush: async () => {
      await adminClient().flushall();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function readKey(client: Redis, key: string): Promise<StoredKey> {
  const type = await client.type(key);
  switch (type) {
    case 'string':
      return { key, type, values: [(await client.get(key)) ?? ''] };
    case 'hash':
      return { key, type, values: Object.entries(await client.hgetall(key)).flat() };
    case 'zset':
      return { key, type, values: await client.zrange(key, 0, -1, 'WITHSCORES') };
    case 'set':
      return { key, type, values: await client.smembers(key) };
    case 'list':
      return { key, type, values: await client.lrange(key, 0, -1) };
    default:
      return { key, type, values: [] };
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Polls until something accepts connections on `port`; fails when the process exits or after the bound. */
async function waitUntilListening(port: number, exited: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`redis-server exited at start:\n${stderr()}`);
    if (await canConnect(port)) return;
    await sleep(20);
  }
  throw new Error(`redis-server did not listen on ${port} within ${startTimeoutMs} ms:\n${stderr()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
