/**
 * `npm run bench`: the gateway against two floors, on loopback, in under fifteen minutes.
 *
 * Builds the gateway, then starts a fake vendor (no added latency), a trace receiver and a
 * redis-server, and, one at a time and interleaved over five rounds, ten series (bench/series.ts):
 * the built gateway with every feature on, a bare node:http + undici proxy and a bare graphql-yoga
 * server (bench/floor-*.ts, plain JavaScript), each for the delete and for the read; and the
 * gateway's delete traced (sampler 1.0 and 0.1) and with an Idempotency-Key on every request (the
 * memory store, and Redis). Each target is pinned to core 0; this process (the autocannon load),
 * the fake vendor, the receiver and Redis to core 1. For each: start-up to ready, a warm-up that
 * is not counted, then a fixed window at 50 connections in which every response body is checked
 * and the target's CPU time is read from /proc. Then two gateway-only cases: 400 ms of vendor
 * latency at 200 connections, and a bulk delete of 500 ids at 50 ms. Prints one report and
 * appends it to bench/RESULTS.md. See bench/README.md.
 *
 * Flags: --no-write (print only). For a quick look while developing (the report says so):
 * BENCH_ROUNDS (5), BENCH_WARMUP_S (8), BENCH_MEASURE_S (4).
 * Exit code: 0 when every target passes, 1 when one fails, 2 when the bench could not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';
import { Client } from 'undici';
import { type LoadOptions, type LoadResult, runLoad } from './load.js';
import {
  allowedCpus,
  type BenchChild,
  busyPercent,
  canPin,
  findFreePort,
  killAllChildren,
  pinSelf,
  readCoreTimes,
  readCpuMicros,
  readStatusBytes,
  startChild,
  waitUntilReady,
} from './processes.js';
import { type BenchRedis, hasRedisServer, startBenchRedis } from './redis.js';
import { appendToResults, renderReport } from './report.js';
import {
  type BenchReport,
  type BulkCase,
  type Figures,
  type GatewayChecks,
  type LatencyCase,
  type SeriesKey,
  type SeriesRun,
  series,
  seriesKeys,
} from './series.js';
import {
  blandApiKey,
  blandSuccessBody,
  blandSuccessMessage,
  bolnaApiKey,
  deletePersonaBody,
  deletePersonasQuery,
  expectedPersonaData,
  gatewayToken,
  listeningPrefix,
  personaBody,
  personaId,
  receiverStatsPath,
  type TraceReceiverStats,
  toBlandPersonaBody,
  type VendorStats,
  vendorStatsPath,
} from './shared.js';
import { verdicts } from './verdicts.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const benchDirectory = join(projectRoot, 'bench');
/** Inside node_modules, so that the floors resolve the project's own graphql-yoga and undici. */
const childDirectory = join(projectRoot, 'node_modules', '.cache', 'voice-ai-gateway-bench');
const resultsFile = join(benchDirectory, 'RESULTS.md');

/**
 * Eight seconds of warm-up: under this load the gateway, the floors and the traced variants reach
 * their steady CPU per request after five to nine seconds of V8 compiling on the same pinned core
 * (bench/README.md, "Warm-up"); a shorter warm-up measures the compiler, and the most for the
 * target with the most code.
 */
const defaults = { rounds: 5, warmUpS: 8, measureS: 4 };
const rounds = readSetting('BENCH_ROUNDS', defaults.rounds);
const warmUpS = readSetting('BENCH_WARMUP_S', defaults.warmUpS);
const measureS = readSetting('BENCH_MEASURE_S', defaults.measureS);
const connections = 50;
const latencyCase = { vendorLatencyMs: 400, connections: 200, warmUpS: 2, measureS: 6 };
const bulkCase = { vendorLatencyMs: 50, calls: 5, idsPerCall: 100 };
/**
 * Pause between the warm-up and the window, plus the vendor's latency: autocannon drops its
 * connections with requests in flight, and the target must finish those (and stop paying for
 * them) before the window opens, or the window's first requests queue behind them.
 */
const settleMs = 500;
/** The whole run, build included, ends by then whatever happens. */
const timeBoundMs = 900_000;
/** Above this share of a core used by processes outside the bench, a run is noted as disturbed. */
const otherCpuNoteAt = 5;
const targetCore = 0;
const loadCore = 1;
/** The gateway's STORE_SECRET with Redis (at least 32 characters). */
const storeSecret = 'bench-store-secret-0123456789abcdef0123';
/** Spans of one sampled delete: the server's, the operation's, the vendor attempt's. */
const spansPerDelete = 3;
/** OTEL_BSP_MAX_EXPORT_BATCH_SIZE's default: at most this many spans may still wait when a run is stopped. */
const exportBatchSpans = 512;

const startedAt = performance.now();
const write = !process.argv.includes('--no-write');

function readSetting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    console.error(`${name} must be a whole number of at least 1 (got ${JSON.stringify(value)}).`);
    process.exit(2);
  }
  return number;
}

function log(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`[bench ${seconds} s] ${message}\n`);
}

const gatewayHeaders = {
  'content-type': 'application/json',
  authorization: `Bearer ${gatewayToken}`,
};

/** The gateway's and the bare-Yoga floor's answer to the delete, checked field by field. */
function isDeletePersonaSuccess(body: string): boolean {
  try {
    const answer = JSON.parse(body) as {
      data?: { deletePersona?: { __typename?: string; personaId?: string; message?: string } };
      errors?: unknown;
    };
    const payload = answer.data?.deletePersona;
    return (
      answer.errors === undefined &&
      payload?.__typename === 'DeletePersonaSuccess' &&
      payload.personaId === personaId &&
      payload.message === blandSuccessMessage
    );
  } catch {
    return false;
  }
}

/** The gateway's and the bare-Yoga floor's answer to the read: the whole payload, every field, and nothing else. */
function isPersonaAnswer(body: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(body), { data: expectedPersonaData });
  } catch {
    return false;
  }
}

const blandPersonaBody = toBlandPersonaBody(personaId);

/** The processes every series may talk to, started once for the whole run. */
interface Services {
  vendor: Vendor;
  receiver: Receiver;
  redis: BenchRedis;
}

/** How one series is started and loaded. */
interface Plan {
  key: SeriesKey;
  script: string;
  /** The gateway: first 200 from /ready. A floor: its first correct answer. */
  readiness: 'ready-endpoint' | 'first-answer';
  body: string;
  verify: (body: string) => boolean;
  /** What the gateway gets besides the settings every gateway has. */
  env?: (services: Services) => NodeJS.ProcessEnv;
  /** Every request with an Idempotency-Key of its own. */
  keys?: boolean;
}

const gatewayScript = join(projectRoot, 'dist', 'main.js');
const proxyScript = join(childDirectory, 'floor-undici-proxy.js');
const yogaScript = join(childDirectory, 'floor-bare-yoga.js');
const gatewayDelete = {
  script: gatewayScript,
  readiness: 'ready-endpoint',
  body: deletePersonaBody,
  verify: isDeletePersonaSuccess,
} as const;

const plans: Record<SeriesKey, Plan> = {
  gateway: { key: 'gateway', ...gatewayDelete },
  traced: {
    key: 'traced',
    ...gatewayDelete,
    env: ({ receiver }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
  },
  tracedTenth: {
    key: 'tracedTenth',
    ...gatewayDelete,
    env: ({ receiver }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER_ARG: '0.1' }),
  },
  keysMemory: { key: 'keysMemory', ...gatewayDelete, keys: true },
  keysRedis: {
    key: 'keysRedis',
    ...gatewayDelete,
    keys: true,
    env: ({ redis }) => ({ REDIS_URL: redis.url, STORE_SECRET: storeSecret }),
  },
  // The proxy passes the vendor's answer through: byte for byte Bland's.
  proxy: {
    key: 'proxy',
    script: proxyScript,
    readiness: 'first-answer',
    body: deletePersonaBody,
    verify: (body) => body === blandSuccessBody,
  },
  yoga: {
    key: 'yoga',
    script: yogaScript,
    readiness: 'first-answer',
    body: deletePersonaBody,
    verify: isDeletePersonaSuccess,
  },
  gatewayRead: {
    key: 'gatewayRead',
    script: gatewayScript,
    readiness: 'ready-endpoint',
    body: personaBody,
    verify: isPersonaAnswer,
  },
  proxyRead: {
    key: 'proxyRead',
    script: proxyScript,
    readiness: 'first-answer',
    body: personaBody,
    verify: (body) => body === blandPersonaBody,
  },
  yogaRead: {
    key: 'yogaRead',
    script: yogaScript,
    readiness: 'first-answer',
    body: personaBody,
    verify: isPersonaAnswer,
  },
};

/** Only what a process needs: no NODE_OPTIONS or loader from this tsx process leaks in. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', HOST: '127.0.0.1' };
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return env;
}

interface Workspace {
  directory: string;
  pinned: boolean;
}

/** The floors, the fake vendor and the receiver as plain JavaScript, so that neither tsx's start-up nor its memory is in their figures. */
async function transpileChildren(): Promise<void> {
  await mkdir(childDirectory, { recursive: true });
  await writeFile(join(childDirectory, 'package.json'), '{ "type": "module" }\n');
  for (const name of ['shared', 'fake-vendor', 'trace-receiver', 'floor-undici-proxy', 'floor-bare-yoga']) {
    const fileName = join(benchDirectory, `${name}.ts`);
    const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
      fileName,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
    });
    await writeFile(join(childDirectory, `${name}.js`), outputText);
  }
}

/** A child that prints where it listens and answers its counts at the stats path. */
interface Helper<Stats> {
  child: BenchChild;
  url: string;
  stats(query?: string): Promise<Stats>;
  stop(): Promise<void>;
}
type Vendor = Helper<VendorStats>;
type Receiver = Helper<TraceReceiverStats>;

async function startHelper<Stats>(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  statsPath: string,
  workspace: Workspace,
): Promise<Helper<Stats>> {
  const child = startChild({
    name,
    script: join(childDirectory, script),
    env: { ...baseEnv(), PORT: '0', ...env },
    core: workspace.pinned ? loadCore : null,
  });
  const url = (await child.lineStartingWith(listeningPrefix, 10_000)).slice(listeningPrefix.length).trim();
  const client = new Client(url);
  return {
    child,
    url,
    stats: async (query = '') => {
      const response = await client.request({ method: 'GET', path: `${statsPath}${query}` });
      return (await response.body.json()) as Stats;
    },
    stop: async () => {
      await client.destroy();
      await child.kill();
    },
  };
}

function startVendor(latencyMs: number, workspace: Workspace): Promise<Vendor> {
  return startHelper<VendorStats>(
    `fake vendor (${latencyMs} ms)`,
    'fake-vendor.js',
    { BLAND_API_KEY: blandApiKey, VENDOR_LATENCY_MS: String(latencyMs) },
    vendorStatsPath,
    workspace,
  );
}

const vendorStats = (vendor: Vendor, prefix = '') => vendor.stats(`?prefix=${encodeURIComponent(prefix)}`);

interface Started {
  child: BenchChild;
  origin: string;
  readyMs: number;
  files: { log: string; audit: string };
}

/** Starts a target on its core and waits for it to be ready, timing that from the spawn. */
async function startTarget(
  plan: Plan,
  services: Services,
  workspace: Workspace,
  tag: string,
): Promise<Started> {
  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const files = {
    log: join(workspace.directory, `${tag}.log`),
    audit: join(workspace.directory, `${tag}.audit.jsonl`),
  };
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    PORT: String(port),
    BLAND_BASE_URL: services.vendor.url,
    BLAND_API_KEY: blandApiKey,
  };
  const isGateway = series[plan.key].server === 'gateway';
  if (isGateway) {
    Object.assign(env, {
      BOLNA_BASE_URL: services.vendor.url,
      BOLNA_API_KEY: bolnaApiKey,
      GATEWAY_TOKENS: gatewayToken,
      LOG_LEVEL: 'info',
      AUDIT_LOG_FILE: files.audit,
      ...plan.env?.(services),
    });
  }
  const probe = new Client(origin);
  const since = performance.now();
  const child = startChild({
    name: series[plan.key].label,
    script: plan.script,
    env,
    core: workspace.pinned ? targetCore : null,
    ...(isGateway ? { stdoutFile: files.log } : {}),
  });
  try {
    const readyMs = await waitUntilReady(
      child,
      async () => {
        const response =
          plan.readiness === 'ready-endpoint'
            ? await probe.request({ method: 'GET', path: '/ready' })
            : await probe.request({
                method: 'POST',
                path: '/graphql',
                headers: gatewayHeaders,
                body: plan.body,
              });
        const body = await response.body.text();
        return response.statusCode === 200 && (plan.readiness === 'ready-endpoint' || plan.verify(body));
      },
      since,
    );
    return { child, origin, readyMs, files };
  } catch (error) {
    await child.kill();
    throw error;
  } finally {
    await probe.close();
  }
}

/**
 * Waits (at most 10 s) until /ready shows the store connected: the gateway is ready before Redis
 * is (start-up never waits for it), and a keyed request meanwhile is a 503 by design.
 */
async function waitForStore(started: Started): Promise<void> {
  const client = new Client(started.origin);
  try {
    await waitUntilReady(
      started.child,
      async () => {
        const response = await client.request({ method: 'GET', path: '/ready' });
        return ((await response.body.json()) as { store?: unknown }).store === 'ready';
      },
      performance.now(),
      { timeoutMs: 10_000 },
    );
  } finally {
    await client.close();
  }
}

function loadOptions(
  plan: Plan,
  origin: string,
  durationS: number,
  connectionCount: number,
  keyPrefix?: string,
): LoadOptions {
  return {
    url: `${origin}/graphql`,
    headers: gatewayHeaders,
    body: plan.body,
    connections: connectionCount,
    durationS,
    verify: plan.verify,
    idempotencyKeyPrefix: plan.keys ? keyPrefix : undefined,
  };
}

async function readGatewayChecks(started: Started, answered: number): Promise<GatewayChecks> {
  const client = new Client(started.origin);
  let metricsOperations = 0;
  try {
    const response = await client.request({
      method: 'GET',
      path: '/metrics',
      headers: { authorization: `Bearer ${gatewayToken}` },
    });
    const text = await response.body.text();
    for (const match of text.matchAll(/^gateway_graphql_operations_total\{[^}]*\} (\d+)$/gm)) {
      metricsOperations += Number(match[1]);
    }
  } finally {
    await client.close();
  }
  const count = async (file: string, test: (line: string) => boolean) =>
    (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(test).length;
  return {
    answered,
    metricsOperations,
    requestLogLines: await count(started.files.log, (line) => line.includes('"msg":"graphql request"')),
    auditRecords: await count(started.files.audit, (line) => line.trim() !== ''),
    warnLines: await count(started.files.log, (line) => /"level":(4|5|6)0\b/.test(line)),
  };
}

function emptyFigures(): Figures {
  return {
    rps: Number.NaN,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    peakRssBytes: Number.NaN,
    cpuUsPerRequest: Number.NaN,
    readyMs: Number.NaN,
  };
}

function samplesOf(load: LoadResult, phase: string): string[] {
  return [
    ...load.wrongSamples.map((body) => `${phase}: wrong answer: ${body}`),
    ...load.errorSamples.map((message) => `${phase}: no answer: ${message}`),
  ];
}

/** CPU time of every helper on the load side's core, in microseconds. */
async function loadSideMicros(services: Services): Promise<number> {
  const pids = [services.vendor.child.pid, services.receiver.child.pid, services.redis.child.pid];
  const micros = await Promise.all(pids.map(readCpuMicros));
  return micros.reduce((sum, value) => sum + value, 0);
}

/** One series, one round: start, warm up, measure a fixed window, read /proc, stop. */
async function measureSeries(
  plan: Plan,
  round: number,
  services: Services,
  workspace: Workspace,
): Promise<SeriesRun> {
  const run: SeriesRun = {
    series: plan.key,
    round,
    figures: emptyFigures(),
    responses: 0,
    wrong: 0,
    errors: 0,
    statusCounts: {},
    targetCpuPercent: Number.NaN,
    loadSideCpuPercent: Number.NaN,
    otherCpuPercent: [Number.NaN, Number.NaN],
    vendorCallsPerResponse: Number.NaN,
    allowedCpus: 'unknown',
    samples: [],
    failure: null,
    stderr: '',
    gateway: null,
    keysSent: 0,
    redis: null,
    traces: null,
  };
  const { vendor, receiver, redis } = services;
  const traced = plan.key === 'traced' || plan.key === 'tracedTenth';
  let started: Started | null = null;
  try {
    if (plan.key === 'keysRedis') await redis.flush();
    const tracesBefore = traced ? await receiver.stats() : null;
    started = await startTarget(plan, services, workspace, `${plan.key}-${round}`);
    const { child } = started;
    run.figures.readyMs = started.readyMs;
    run.allowedCpus = await allowedCpus(child.pid);
    if (plan.key === 'keysRedis') await waitForStore(started);

    const keyPrefix = `bench-${round}-${plan.key}`;
    const warm = await runLoad(loadOptions(plan, started.origin, warmUpS, connections, `${keyPrefix}-warm`));
    await sleep(settleMs);
    const before = {
      target: await readCpuMicros(child.pid),
      self: process.cpuUsage(),
      helpers: await loadSideMicros(services),
      redis: await readCpuMicros(redis.child.pid),
      vendorCalls: (await vendorStats(vendor)).calls,
      cores: await readCoreTimes(),
    };
    const load = await runLoad(
      loadOptions(plan, started.origin, measureS, connections, `${keyPrefix}-window`),
    );
    const targetCpu = (await readCpuMicros(child.pid)) - before.target;
    const selfCpu = process.cpuUsage(before.self);
    const helpersCpu = (await loadSideMicros(services)) - before.helpers;
    const redisCpu = (await readCpuMicros(redis.child.pid)) - before.redis;
    const vendorCalls = (await vendorStats(vendor)).calls - before.vendorCalls;
    const cores = await readCoreTimes();
    run.figures.peakRssBytes = await readStatusBytes(child.pid, 'VmHWM');

    run.figures.rps = load.sustainedRps;
    run.figures.p50Ms = load.p50Ms;
    run.figures.p99Ms = load.p99Ms;
    run.figures.cpuUsPerRequest = load.responses > 0 ? targetCpu / load.responses : Number.NaN;
    const windowUs = load.windowMs * 1000;
    run.targetCpuPercent = (100 * targetCpu) / windowUs;
    run.loadSideCpuPercent = (100 * (selfCpu.user + selfCpu.system + helpersCpu)) / windowUs;
    if (workspace.pinned) {
      run.otherCpuPercent = [
        busyPercent(before.cores[targetCore], cores[targetCore]) - run.targetCpuPercent,
        busyPercent(before.cores[loadCore], cores[loadCore]) - run.loadSideCpuPercent,
      ];
    }
    run.vendorCallsPerResponse = load.responses > 0 ? vendorCalls / load.responses : Number.NaN;
    run.responses = warm.responses + load.responses;
    run.wrong = warm.wrong + load.wrong;
    run.errors = warm.errors + load.errors;
    run.keysSent = warm.keysSent + load.keysSent;
    for (const phase of [warm, load]) {
      for (const [status, count] of Object.entries(phase.statusCounts)) {
        run.statusCounts[status] = (run.statusCounts[status] ?? 0) + count;
      }
    }
    run.samples = [...samplesOf(warm, 'warm-up'), ...samplesOf(load, 'window')].slice(0, 4);
    if (series[plan.key].server === 'gateway') run.gateway = await readGatewayChecks(started, run.responses);
    if (plan.key === 'keysRedis') {
      run.redis = {
        cpuUsPerRequest: load.responses > 0 ? redisCpu / load.responses : Number.NaN,
        keys: await redis.keys(),
      };
    }
    if (tracesBefore) {
      const after = await receiver.stats();
      run.traces = {
        exports: after.exports - tracesBefore.exports,
        bytes: after.bytes - tracesBefore.bytes,
        spans: after.spans - tracesBefore.spans,
      };
    }
    if (child.exit) run.failure = `exited during the run: ${JSON.stringify(child.exit)}`;
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
  } finally {
    if (started) {
      const exit = started.child.exit;
      await started.child.kill();
      if (exit && !run.failure) run.failure = `exited during the run: ${JSON.stringify(exit)}`;
      run.stderr = started.child.tail();
    }
  }
  return run;
}

/** A gateway of its own, with a fake vendor of its own at `vendorLatencyMs`, for the two gateway cases. */
async function withGateway<Result>(
  tag: string,
  vendorLatencyMs: number,
  workspace: Workspace,
  services: Omit<Services, 'vendor'>,
  use: (started: Started, vendor: Vendor) => Promise<Result>,
): Promise<Result> {
  const vendor = await startVendor(vendorLatencyMs, workspace);
  let started: Started | null = null;
  try {
    started = await startTarget(plans.gateway, { ...services, vendor }, workspace, tag);
    return await use(started, vendor);
  } finally {
    await started?.child.kill();
    await vendor.stop();
  }
}

async function runLatencyCase(
  workspace: Workspace,
  services: Omit<Services, 'vendor'>,
): Promise<LatencyCase> {
  const result: LatencyCase = {
    connections: latencyCase.connections,
    vendorLatencyMs: latencyCase.vendorLatencyMs,
    durationS: latencyCase.measureS,
    rps: Number.NaN,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    responses: 0,
    wrong: 0,
    errors: 0,
    readyMs: Number.NaN,
    samples: [],
    failure: null,
  };
  try {
    await withGateway(
      'gateway-latency',
      latencyCase.vendorLatencyMs,
      workspace,
      services,
      async (started) => {
        result.readyMs = started.readyMs;
        const options = (durationS: number) =>
          loadOptions(plans.gateway, started.origin, durationS, latencyCase.connections);
        const warm = await runLoad(options(latencyCase.warmUpS));
        await sleep(settleMs + latencyCase.vendorLatencyMs);
        const load = await runLoad(options(latencyCase.measureS));
        Object.assign(result, {
          rps: load.sustainedRps,
          p50Ms: load.p50Ms,
          p99Ms: load.p99Ms,
          responses: load.responses,
          wrong: warm.wrong + load.wrong,
          errors: warm.errors + load.errors,
          samples: [...samplesOf(warm, 'warm-up'), ...samplesOf(load, 'window')].slice(0, 4),
        });
        if (started.child.exit) result.failure = `the gateway exited: ${JSON.stringify(started.child.exit)}`;
      },
    );
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** One bulk call; returns its milliseconds and how many of its payloads were wrong. */
async function deleteMany(
  client: Client,
  ids: readonly string[],
): Promise<{ ms: number; wrong: number; sample: string | null }> {
  const since = performance.now();
  const response = await client.request({
    method: 'POST',
    path: '/graphql',
    headers: gatewayHeaders,
    body: JSON.stringify({ query: deletePersonasQuery, variables: { ids } }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await response.body.text();
  const ms = performance.now() - since;
  try {
    const answer = JSON.parse(text) as {
      data?: { deletePersonas?: { __typename?: string; personaId?: string }[] };
      errors?: unknown;
    };
    const payloads = answer.data?.deletePersonas ?? [];
    const right = payloads.filter(
      (payload, index) => payload.__typename === 'DeletePersonaSuccess' && payload.personaId === ids[index],
    ).length;
    const wrong =
      response.statusCode === 200 && answer.errors === undefined && payloads.length === ids.length
        ? ids.length - right
        : ids.length;
    return { ms, wrong, sample: wrong > 0 ? `HTTP ${response.statusCode}: ${text.slice(0, 300)}` : null };
  } catch {
    return { ms, wrong: ids.length, sample: `HTTP ${response.statusCode}: ${text.slice(0, 300)}` };
  }
}

async function runBulkCase(workspace: Workspace, services: Omit<Services, 'vendor'>): Promise<BulkCase> {
  const result: BulkCase = {
    vendorLatencyMs: bulkCase.vendorLatencyMs,
    idsPerCall: bulkCase.idsPerCall,
    callMs: [],
    totalMs: Number.NaN,
    warmUpMs: Number.NaN,
    wrong: 0,
    vendor: null,
    readyMs: Number.NaN,
    samples: [],
    failure: null,
  };
  const ids = (prefix: string) =>
    Array.from({ length: bulkCase.idsPerCall }, (_, index) => `${prefix}${index}`);
  try {
    await withGateway(
      'gateway-bulk',
      bulkCase.vendorLatencyMs,
      workspace,
      services,
      async (started, vendor) => {
        result.readyMs = started.readyMs;
        const client = new Client(started.origin);
        try {
          const warmUp = await deleteMany(client, ids('warm-'));
          result.warmUpMs = warmUp.ms;
          if (warmUp.sample) result.samples.push(`warm-up call: ${warmUp.sample}`);
          result.wrong += warmUp.wrong;
          const since = performance.now();
          for (let call = 0; call < bulkCase.calls; call += 1) {
            const answer = await deleteMany(client, ids(`bulk-${call}-`));
            result.callMs.push(answer.ms);
            result.wrong += answer.wrong;
            if (answer.sample) result.samples.push(`call ${call + 1}: ${answer.sample}`);
          }
          result.totalMs = performance.now() - since;
        } finally {
          await client.close();
        }
        result.vendor = await vendorStats(vendor, 'bulk-');
        const expected = bulkCase.calls * bulkCase.idsPerCall;
        if (result.vendor.matchingCalls !== expected || result.vendor.distinctIds !== expected) {
          result.failure = `the vendor saw ${result.vendor.matchingCalls} calls for ${result.vendor.distinctIds} distinct ids, not ${expected} for ${expected}`;
        }
      },
    );
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
  }
  return result;
}

async function packageVersion(name: string): Promise<string> {
  const text = await readFile(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8').catch(
    () => null,
  );
  return text === null ? 'missing' : (JSON.parse(text) as { version: string }).version;
}

function redisVersion(): string {
  const answer = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return /v=(\S+)/.exec(answer.stdout)?.[1] ?? 'unknown';
}

async function describeMachine(pinned: boolean): Promise<string[]> {
  const cpuInfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuInfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const versions = await Promise.all(
    [
      'graphql-yoga',
      'graphql',
      'undici',
      '@pothos/core',
      '@opentelemetry/sdk-trace-base',
      'ioredis',
      'autocannon',
    ].map(async (name) => `${name} ${await packageVersion(name)}`),
  );
  return [
    `machine: ${model}, ${cpus().length} cores, Linux ${release()}, Node ${process.version}, redis-server ${redisVersion()}`,
    `versions: ${versions.join(', ')}`,
    pinned
      ? `pinning: each target on core ${targetCore} (taskset); load generator, fake vendor, trace receiver and redis-server on core ${loadCore}`
      : 'pinning: NONE (taskset is missing or refused): targets, load generator and helpers share every core, so these figures are not comparable with pinned runs',
  ];
}

function describeCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: projectRoot, encoding: 'utf8' });
  const commit = head.status === 0 ? head.stdout.trim() : 'no commit';
  return status.status === 0 && status.stdout.trim() !== '' ? `${commit} with uncommitted changes` : commit;
}

function describeRun(run: SeriesRun): string {
  if (run.failure) return `  failed: ${run.failure.split('\n')[0]}`;
  const { rps, p99Ms, cpuUsPerRequest, readyMs } = run.figures;
  const extra = run.traces
    ? `, ${run.traces.exports} exports, ${run.traces.spans} spans`
    : run.redis
      ? `, Redis ${run.redis.cpuUsPerRequest.toFixed(0)} µs/req, ${run.redis.keys} keys`
      : '';
  return `  ${rps.toFixed(0)} req/s, p99 ${p99Ms.toFixed(2)} ms, ${cpuUsPerRequest.toFixed(0)} µs CPU/req, ready ${readyMs.toFixed(0)} ms, ${run.wrong + run.errors} wrong or failed${extra}`;
}

function notesOf(runs: readonly SeriesRun[], pinned: boolean): string[] {
  const notes: string[] = [];
  if (rounds !== defaults.rounds || warmUpS !== defaults.warmUpS || measureS !== defaults.measureS) {
    notes.push(
      'Shortened or lengthened by BENCH_ROUNDS / BENCH_WARMUP_S / BENCH_MEASURE_S: a quick look, not the bench.',
    );
  }
  for (const run of runs) {
    const label = `${series[run.series].label} round ${run.round}`;
    if (run.loadSideCpuPercent >= 90) {
      notes.push(
        `Core ${loadCore} (load generator and helpers) was ${run.loadSideCpuPercent.toFixed(0)}% busy during ${label}: that run's requests/s and latency are bounded by the load side, so they understate the target.`,
      );
    }
    const disturbed = [
      { core: targetCore, percent: run.otherCpuPercent[0] },
      { core: loadCore, percent: run.otherCpuPercent[1] },
    ].filter(({ percent }) => percent >= otherCpuNoteAt);
    if (disturbed.length > 0) {
      const used = disturbed
        .map(({ core, percent }) => `${percent.toFixed(0)}% of core ${core}`)
        .join(' and ');
      notes.push(`Other processes (or the hypervisor) used ${used} during ${label}: that run was disturbed.`);
    }
    if (pinned && run.allowedCpus !== String(targetCore)) {
      notes.push(`${label} was allowed CPUs ${run.allowedCpus}, not ${targetCore}.`);
    }
    if (run.traces && run.gateway) {
      const ratio = run.series === 'tracedTenth' ? 0.1 : 1;
      const expected = spansPerDelete * run.responses * ratio;
      if (run.traces.spans < 0.95 * expected - exportBatchSpans) {
        notes.push(
          `${label}: the receiver got ${run.traces.spans} spans for about ${expected.toFixed(0)} expected (${spansPerDelete} per sampled request): spans were dropped, so that run's cost is understated.`,
        );
      }
    }
  }
  return notes;
}

async function main(): Promise<number> {
  const pinned = canPin() && pinSelf(loadCore);
  if (!pinned) log('taskset is missing or refused: running UNPINNED (the report says so)');
  else log(`pinned: this process (load generator) on core ${await allowedCpus(process.pid)}`);
  if (!hasRedisServer())
    throw new Error('redis-server is missing: install it (apt-get install redis-server)');

  log('building the gateway (npm run build)');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status})`);
  await transpileChildren();

  const workspace: Workspace = { directory: await mkdtemp(join(tmpdir(), 'gateway-bench-')), pinned };
  const runs: SeriesRun[] = [];
  const redis = await startBenchRedis(pinned ? loadCore : null);
  const receiver = await startHelper<TraceReceiverStats>(
    'trace receiver',
    'trace-receiver.js',
    {},
    receiverStatsPath,
    workspace,
  ).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  let latency: LatencyCase;
  let bulk: BulkCase;
  try {
    const vendor = await startVendor(0, workspace);
    try {
      for (let round = 1; round <= rounds; round += 1) {
        for (const key of seriesKeys) {
          log(`round ${round}/${rounds}: ${series[key].label}`);
          const run = await measureSeries(plans[key], round, { vendor, receiver, redis }, workspace);
          runs.push(run);
          log(describeRun(run));
        }
      }
    } finally {
      await vendor.stop();
    }
    log(`gateway: ${latencyCase.vendorLatencyMs} ms vendor latency, ${latencyCase.connections} connections`);
    latency = await runLatencyCase(workspace, { receiver, redis });
    log(`gateway: bulk delete at ${bulkCase.vendorLatencyMs} ms vendor latency`);
    bulk = await runBulkCase(workspace, { receiver, redis });
  } finally {
    await receiver.stop();
    await redis.stop();
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    commit: describeCommit(),
    machine: await describeMachine(pinned),
    settings: [
      `load: autocannon, 50 connections, ${warmUpS} s warm-up (not counted), ${measureS} s measured, ${rounds} rounds, each in the order: ${seriesKeys.map((key) => series[key].label).join('; ')}`,
      'gateway: dist/main.js, NODE_ENV=production, GATEWAY_TOKENS (bearer sent), LOG_LEVEL=info to a file, AUDIT_LOG_FILE, metrics on /metrics; everything else default; the traced variants add OTEL_EXPORTER_OTLP_ENDPOINT (the loopback receiver; http/protobuf) and for 0.1 OTEL_TRACES_SAMPLER_ARG=0.1, the Redis variant REDIS_URL and STORE_SECRET',
    ],
    runs,
    latency,
    bulk,
    totalS: (performance.now() - startedAt) / 1000,
    boundS: timeBoundMs / 1000,
    notes: notesOf(runs, pinned),
  };
  const markdown = renderReport(report);
  process.stdout.write(`\n${markdown}\n`);
  if (write) {
    await appendToResults(resultsFile, markdown);
    log(`appended to ${resultsFile}`);
  }
  const problems = runs.some((run) => run.failure || run.wrong + run.errors > 0);
  if (problems) log(`logs and audit files kept in ${workspace.directory}`);
  else await rm(workspace.directory, { recursive: true, force: true });
  log(`total run time ${report.totalS.toFixed(0)} s`);
  return verdicts(report).every((verdict) => verdict.pass !== false) ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', killAllChildren);

const timeBound = setTimeout(() => {
  log(`time bound of ${timeBoundMs / 1000} s hit: stopping`);
  killAllChildren();
  process.exit(2);
}, timeBoundMs);

const exitCode = await main().catch((error: unknown) => {
  log(`could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 2;
});
clearTimeout(timeBound);
// Give the children's exit a moment to be reaped before the last line.
await sleep(10);
process.exit(exitCode);
