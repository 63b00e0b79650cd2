/**
 * One local redis-server for a bench run: on a free loopback port, persistence off, its files in
 * a temporary directory, pinned beside the load generator; emptied before each run that uses it,
 * and killed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { type BenchChild, findFreePort, startChild } from './processes.js';

const startTimeoutMs = 10_000;

export interface BenchRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  child: BenchChild;
  /** Deletes every key. */
  flush(): Promise<void>;
  /** How many keys it holds. */
  keys(): Promise<number>;
  stop(): Promise<void>;
}

/** Whether redis-server is installed here (Debian's `redis-server` package). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

export async function startBenchRedis(core: number | null): Promise<BenchRedis> {
  const port = await findFreePort();
  const directory = await mkdtemp(join(tmpdir(), 'gateway-bench-redis-'));
  const child = startChild({
    name: 'redis-server',
    command: [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      directory,
      '--loglevel',
      'warning',
    ],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    core,
  });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  const stop = async () => {
    client.disconnect();
    await child.kill();
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilListening(port, child);
    await client.connect();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    child,
    flush: async () => {
      await client.flushall();
    },
    keys: () => client.dbsize(),
    stop,
  };
}

async function waitUntilListening(port: number, child: BenchChild): Promise<void> {
  const deadline = performance.now() + startTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exit) throw new Error(`redis-server exited at start:\n${child.tail()}`);
    if (await canConnect(port)) return;
    await sleep(20);
  }
  throw new Error(`redis-server did not listen on ${port} within ${startTimeoutMs} ms:\n${child.tail()}`);
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
