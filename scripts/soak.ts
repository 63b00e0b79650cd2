/**
 * The soak run (`npm run soak`, not part of `npm test`): the real entry point as a child process,
 * LIVE against a loopback fake vendor that fails about 5% of calls in random ways, under a fixed
 * number of requests at a fixed concurrency. Prints one summary and exits non-zero when the
 * gateway answered any HTTP 5xx, left a request unanswered, grew its RSS by 20% or more after the
 * warm-up, or the run broke its time bound.
 *
 * RSS is read from /proc/<pid>/status at rest: the load pauses after the warm-up requests (and
 * ends after the last), the requests in flight finish, and the gateway (started with --expose-gc
 * and a SIGUSR2 hook that only calls gc()) collects garbage once a second until its RSS stops
 * moving. Under load V8's committed heap swings by a third of the process's size between major
 * collections and keeps spare capacity for a while after them, so one sample taken under load
 * measures when the last collection ran, not what the gateway keeps. The samples under load are
 * printed too.
 *
 * Settings: SOAK_REQUESTS (20000), SOAK_CONCURRENCY (50), SOAK_TIME_LIMIT_S (240).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const totalRequests = readPositiveInteger('SOAK_REQUESTS', 20_000);
const concurrency = readPositiveInteger('SOAK_CONCURRENCY', 50);
const timeLimitMs = readPositiveInteger('SOAK_TIME_LIMIT_S', 240) * 1000;
const warmUpRequests = Math.min(1000, totalRequests);
const vendorFailureRate = 0.05;
const maxRssGrowth = 0.2;
const upstreamTimeoutMs = 300;
/** One request's own bound on the client side: far above anything the gateway should take. */
const requestTimeoutMs = 15_000;
const startTimeoutMs = 20_000;
const stopTimeoutMs = 10_000;

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const blandKey = 'sk-soak-bland-key';
const bolnaKey = 'bn-soak-bolna-key';

const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';

const deletePersonaQuery = `mutation ($id: ID!, $force: Boolean!) {
  deletePersona(id: $id, force: $force) { __typename ... on UpstreamError { reason } }
}`;
const deleteDispositionQuery = `mutation ($id: ID!) {
  deleteDisposition(id: $id) { __typename ... on UpstreamError { reason } }
}`;

function readPositiveInteger(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    console.error(`${name} must be a whole number of at least 1 (got ${JSON.stringify(value)}).`);
    process.exit(2);
  }
  return number;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

// The fake vendor: both vendors' success shapes, and a random fault on about 5% of calls.

const faults = ['500', '503', '429', 'hang', 'reset', 'garbage body', 'not HTTP'] as const;
type Fault = (typeof faults)[number];
const injectedFaults = new Map<string, number>();

function sendText(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

function injectFault(fault: Fault, request: IncomingMessage, response: ServerResponse): void {
  switch (fault) {
    case '500':
      sendText(response, 500, pick(['{"data":null,"errors":[{"error":"INTERNAL"}]}', '<html>oops</html>']));
      return;
    case '503':
      sendText(
        response,
        503,
        '{"message":"Service unavailable"}',
        Math.random() < 0.5 ? { 'retry-after': '0' } : {},
      );
      return;
    case '429':
      sendText(
        response,
        429,
        '{"message":"Too many requests"}',
        Math.random() < 0.5 ? { 'retry-after': '0' } : {},
      );
      return;
    case 'hang':
      // Never answered: the gateway's deadline ends it (and closes the connection).
      return;
    case 'reset':
      request.on('end', () => request.socket.resetAndDestroy());
      return;
    case 'garbage body':
      sendText(
        response,
        200,
        pick(['{"data":', '<!doctype html><p>maintenance</p>', '\u0000\u0001\u0002garbage', '[]']),
      );
      return;
    case 'not HTTP':
      request.on('end', () => {
        request.socket.end('SPDY/9 what\r\n\r\n');
      });
      return;
  }
}

function answerVendorCall(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const url = new URL(request.url ?? '/', 'http://fake-vendor');
  const persona = /^\/v1\/personas\/([^/]+)$/.exec(url.pathname);
  const disposition = /^\/dispositions\/([^/]+)$/.exec(url.pathname);
  if (request.method !== 'DELETE' || !(persona || disposition)) {
    sendText(response, 404, '{"message":"No such route"}');
    return;
  }
  const expectedKey = persona ? blandKey : `Bearer ${bolnaKey}`;
  if (request.headers.authorization !== expectedKey) {
    sendText(response, 401, '{"data":null,"errors":[{"error":"AUTH_FAILURE","message":"Unauthorized"}]}');
    return;
  }
  if (Math.random() < vendorFailureRate) {
    const fault = pick(faults);
    count(injectedFaults, fault);
    injectFault(fault, request, response);
    return;
  }
  if (persona) {
    sendText(response, 200, blandSuccessBody);
  } else {
    const id = decodeURIComponent(disposition?.[1] ?? '');
    sendText(response, 200, JSON.stringify({ message: 'Disposition deleted successfully', id }));
  }
}

async function startFakeVendor(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(answerVendorCall);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The gateway: the real entry point, as an operator starts it.

/** Loaded into the gateway with `--import`: a full collection on SIGUSR2, then one line to say so. */
const gcHook = `process.on('SIGUSR2', () => { globalThis.gc(); process.stderr.write('soak: gc done\\n'); });`;
const gcDoneLine = 'soak: gc done';
const gcTimeoutMs = 5000;
/** Rounds of garbage collection at rest, one second apart, before RSS counts as settled. */
const maxSettleRounds = 15;
const settledWithinBytes = 1024 * 1024;

interface GatewayChild {
  child: ChildProcess;
  origin: string;
  /** The gateway's RSS from /proc, in bytes, as found. */
  readRss(): Promise<number>;
  /**
   * The gateway's RSS at rest, in bytes: garbage is collected once a second until two readings
   * in a row differ by less than 1 MiB (at most {@link maxSettleRounds} rounds).
   */
  readSettledRss(): Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it printed, for a failure's diagnosis. */
  tail(): string;
  /** Every line it wrote to stderr (pino writes to stdout: these are warnings and crashes). */
  stderrLines(): string[];
}

async function startGateway(vendorUrl: string, auditLogFile: string): Promise<GatewayChild> {
  const env: NodeJS.ProcessEnv = {
    HOST: '127.0.0.1',
    PORT: '0',
    BLAND_BASE_URL: vendorUrl,
    BOLNA_BASE_URL: vendorUrl,
    BLAND_API_KEY: blandKey,
    BOLNA_API_KEY: bolnaKey,
    UPSTREAM_TIMEOUT_MS: String(upstreamTimeoutMs),
    RETRY_AFTER_CAP_S: '1',
    CIRCUIT_COOLDOWN_MS: '1000',
    DRAIN_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '3000',
    AUDIT_LOG_FILE: auditLogFile,
  };
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  const hook = `data:text/javascript,${encodeURIComponent(gcHook)}`;
  const child = spawn(process.execPath, ['--expose-gc', '--import', hook, '--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let recent = '';
  const keep = (chunk: string) => {
    recent = (recent + chunk).slice(-4000);
  };
  let stderr = '';
  let collections = 0;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    collections += chunk.split(gcDoneLine).length - 1;
    keep(chunk);
    stderr = (stderr + chunk).slice(-20_000);
  });
  const readChildRss = () => {
    if (child.pid === undefined) throw new Error('the gateway has no pid');
    return readRss(child.pid);
  };
  const collectGarbage = async () => {
    const before = collections;
    child.kill('SIGUSR2');
    for (let waited = 0; collections === before; waited += 10) {
      if (waited >= gcTimeoutMs) {
        throw new Error(`the gateway did not collect garbage within ${gcTimeoutMs} ms`);
      }
      await sleep(10);
    }
  };
  const readSettledRss = async () => {
    let previous = await readChildRss();
    for (let round = 0; round < maxSettleRounds; round += 1) {
      await collectGarbage();
      await sleep(1000);
      const current = await readChildRss();
      if (Math.abs(current - previous) < settledWithinBytes) return current;
      previous = current;
    }
    return previous;
  };
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start-up line within ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      keep(chunk);
      pending += chunk;
      const found = /Live mode.*GraphQL: (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(pending)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
      pending = pending.slice(-2000);
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${JSON.stringify(exit)}) before starting:\n${recent}`));
    });
  });
  return {
    child,
    origin,
    readRss: readChildRss,
    readSettledRss,
    exited,
    tail: () => recent,
    stderrLines: () => stderr.split('\n').filter((line) => line.trim() !== '' && line !== gcDoneLine),
  };
}

/** The child's resident set size in bytes, from /proc (Linux). */
async function readRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (!kilobytes) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kilobytes) * 1024;
}

let running: ChildProcess | null = null;
process.on('exit', () => {
  running?.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    running?.kill('SIGKILL');
    process.exit(130);
  });
}

// The load.

interface Operation {
  field: 'deletePersona' | 'deleteDisposition';
  body: string;
}

/** Half personas, half dispositions; varied ids, about 1% of them invalid. */
function nextOperation(index: number): Operation {
  const invalid = Math.random() < 0.01;
  if (Math.random() < 0.5) {
    const id = invalid
      ? pick(['bad id!', '', 'x'.repeat(200)])
      : pick([randomUUID(), `persona-${index}`, `p_${index % 257}`, `Agent-${index.toString(36)}`]);
    return {
      field: 'deletePersona',
      body: JSON.stringify({ query: deletePersonaQuery, variables: { id, force: Math.random() < 0.3 } }),
    };
  }
  const id = invalid ? pick(['not-a-uuid', `${randomUUID()}x`]) : randomUUID();
  return {
    field: 'deleteDisposition',
    body: JSON.stringify({ query: deleteDispositionQuery, variables: { id } }),
  };
}

interface Answer {
  status: number;
  body: { data?: Record<string, { __typename?: string; reason?: string } | null> | null; errors?: unknown[] };
}

interface LoadResult {
  sent: number;
  completed: number;
  answered: number;
  unanswered: number;
  serverErrors: number;
  /** `__typename` (with `reason` for UpstreamError), or what came instead of a payload. */
  outcomes: Map<string, number>;
  elapsedMs: number;
  timedOut: boolean;
  gatewayDied: boolean;
  /** At rest after the warm-up requests, and after the last; null when not measured. */
  warmUpRss: number | null;
  endRss: number | null;
  /** As found under load, near the end of the warm-up and near the end of the run. */
  warmUpRssUnderLoad: number | null;
  endRssUnderLoad: number | null;
}

/** Sends the requests from `concurrency` loops, each one request at a time, until done or out of time. */
async function runLoad(gateway: GatewayChild): Promise<LoadResult> {
  const pool = new Pool(gateway.origin, { connections: concurrency });
  const result: LoadResult = {
    sent: 0,
    completed: 0,
    answered: 0,
    unanswered: 0,
    serverErrors: 0,
    outcomes: new Map(),
    elapsedMs: 0,
    timedOut: false,
    gatewayDied: false,
    warmUpRss: null,
    endRss: null,
    warmUpRssUnderLoad: null,
    endRssUnderLoad: null,
  };
  let gatewayDied = false;
  void gateway.exited.then(() => {
    gatewayDied = true;
  });
  const startedAt = Date.now();
  const timeBound = AbortSignal.timeout(timeLimitMs);
  // Every request in flight listens to it: no listener limit.
  setMaxListeners(0, timeBound);

  const sendOne = async (operation: Operation): Promise<void> => {
    try {
      const response = await pool.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: operation.body,
        headersTimeout: requestTimeoutMs,
        bodyTimeout: requestTimeoutMs,
        signal: timeBound,
      });
      const text = await response.body.text();
      result.answered += 1;
      if (response.statusCode >= 500) {
        result.serverErrors += 1;
        count(result.outcomes, `HTTP ${response.statusCode}`);
        return;
      }
      const answer: Answer = { status: response.statusCode, body: JSON.parse(text) };
      const payload = answer.body.data?.[operation.field];
      if (answer.status !== 200 || !payload?.__typename) {
        count(result.outcomes, `HTTP ${answer.status} without a payload: ${text.slice(0, 120)}`);
        return;
      }
      count(result.outcomes, payload.reason ? `${payload.__typename} ${payload.reason}` : payload.__typename);
    } catch (error) {
      if (timeBound.aborted) return;
      result.unanswered += 1;
      const code = (error as { code?: unknown }).code;
      count(result.outcomes, `no answer (${typeof code === 'string' ? code : String(error)})`);
    }
  };

  /** Runs `concurrency` loops, one request at a time each, until `limit` requests were sent. */
  const runPhase = async (limit: number): Promise<number | null> => {
    let underLoad: Promise<number> | null = null;
    // Read while the last `concurrency` requests of the phase are still in flight.
    const underLoadAt = Math.max(1, limit - concurrency);
    const loop = async () => {
      while (result.sent < limit && !timeBound.aborted && !gatewayDied) {
        const index = result.sent;
        result.sent += 1;
        await sendOne(nextOperation(index));
        result.completed += 1;
        if (result.completed === underLoadAt) {
          underLoad = gateway.readRss();
          underLoad.catch(() => {});
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    return underLoad === null ? null : await (underLoad as Promise<number>);
  };
  const restingRss = () => (gatewayDied || timeBound.aborted ? null : gateway.readSettledRss());

  try {
    result.warmUpRssUnderLoad = await runPhase(warmUpRequests);
    result.warmUpRss = await restingRss();
    result.endRssUnderLoad = await runPhase(totalRequests);
    result.elapsedMs = Date.now() - startedAt;
    result.timedOut = timeBound.aborted;
    result.endRss = await restingRss();
    result.gatewayDied = gatewayDied;
    return result;
  } finally {
    await pool.destroy();
  }
}

const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const percent = (ratio: number | null) =>
  ratio === null ? 'n/a' : `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;

async function main(): Promise<number> {
  const vendor = await startFakeVendor();
  const directory = await mkdtemp(join(tmpdir(), 'gateway-soak-'));
  const auditLogFile = join(directory, 'audit.jsonl');
  let gateway: GatewayChild | null = null;
  try {
    gateway = await startGateway(vendor.url, auditLogFile);
    const load = await runLoad(gateway);

    gateway.child.kill('SIGTERM');
    const exit = await Promise.race([gateway.exited, sleep(stopTimeoutMs, null)]);
    const auditText = await readFile(auditLogFile, 'utf8').catch(() => '');
    const auditRecords = auditText.split('\n').filter((line) => line !== '').length;

    const growthOf = (first: number | null, last: number | null) =>
      first !== null && last !== null ? (last - first) / first : null;
    const growth = growthOf(load.warmUpRss, load.endRss);
    const problems: string[] = [];
    if (load.serverErrors > 0) problems.push(`the gateway answered ${load.serverErrors} HTTP 5xx`);
    if (load.unanswered > 0) problems.push(`${load.unanswered} requests got no HTTP answer`);
    if (load.gatewayDied) problems.push('the gateway exited during the run');
    if (load.timedOut) {
      problems.push(`the time bound of ${timeLimitMs / 1000} s was hit after ${load.completed} requests`);
    }
    if (growth === null) problems.push('RSS could not be measured at both points');
    else if (growth >= maxRssGrowth) problems.push(`RSS grew ${percent(growth)} (bound < 20%)`);

    const stderrLines = gateway.stderrLines();
    const width = Math.max(...[...load.outcomes.keys()].map((key) => key.length), 10);
    const faultsText = [...injectedFaults.entries()].map(([key, value]) => `${key} ${value}`).join(', ');
    console.log(
      [
        `soak: ${totalRequests} requests at concurrency ${concurrency}, vendor failing ${vendorFailureRate * 100}% of calls`,
        `run time: ${(load.elapsedMs / 1000).toFixed(1)} s (bound ${timeLimitMs / 1000} s)`,
        `requests sent: ${load.sent} (answered ${load.answered}, no answer ${load.unanswered})`,
        'outcomes:',
        ...[...load.outcomes.entries()]
          .sort(([, a], [, b]) => b - a)
          .map(([key, value]) => `  ${key.padEnd(width)}  ${String(value).padStart(6)}`),
        `vendor faults injected: ${faultsText || 'none'}`,
        `gateway HTTP 5xx: ${load.serverErrors}`,
        `gateway RSS at rest: ${mib(load.warmUpRss)} after ${warmUpRequests} warm-up requests, ${mib(load.endRss)} at the end (${percent(growth)}, bound < 20%)`,
        `gateway RSS under load (no GC): ${mib(load.warmUpRssUnderLoad)} near the end of the warm-up, ${mib(load.endRssUnderLoad)} near the end of the run (${percent(growthOf(load.warmUpRssUnderLoad, load.endRssUnderLoad))}, not bounded)`,
        `audit records written: ${auditRecords}`,
        `gateway stderr: ${stderrLines.length === 0 ? 'nothing' : `\n    ${stderrLines.join('\n    ')}`}`,
        `gateway stop on SIGTERM: ${exit === null ? `no exit within ${stopTimeoutMs} ms (killed)` : JSON.stringify(exit)}`,
        problems.length === 0 ? 'result: PASS' : `result: FAIL: ${problems.join('; ')}`,
      ].join('\n'),
    );
    if (load.gatewayDied) console.error(gateway.tail());
    return problems.length === 0 ? 0 : 1;
  } finally {
    gateway?.child.kill('SIGKILL');
    running = null;
    await vendor.close();
    await rm(directory, { recursive: true, force: true });
  }
}

const exitCode = await main().catch((error: unknown) => {
  console.error('soak: could not run:', error);
  return 1;
});
process.exit(exitCode);
