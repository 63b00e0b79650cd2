/**
 * `npm run bench`: the gateway against two floors, on loopback, in under five minutes.
 *
 * Builds the gateway, then starts a fake vendor (no added latency) and, one at a time and
 * interleaved over three rounds (A B C A B C A B C), three targets: the built gateway with every
 * feature on, a bare node:http + undici proxy, and a bare graphql-yoga server (bench/floor-*.ts,
 * run as plain JavaScript like the gateway). Each target is pinned to core 0; this process (the
 * autocannon load) and the fake vendor to core 1. For each: start-up to ready, a warm-up that is
 * not counted, then a fixed window at 50 connections in which every response body is checked and
 * the target's CPU time is read from /proc. Then two gateway-only cases: 400 ms of vendor latency
 * at 200 connections, and a bulk delete of 500 ids at 50 ms. Prints one report and appends it to
 * bench/RESULTS.md. See bench/README.md.
 *
 * Flags: --no-write (print only). For a quick look while developing (the report says so):
 * BENCH_ROUNDS (3), BENCH_WARMUP_S (3), BENCH_MEASURE_S (10).
 * Exit code: 0 when every target passes, 1 when one fails, 2 when the bench could not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Client } from 'undici';
import { type LoadResult, runLoad } from './load.js';
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
import {
  appendToResults,
  type BenchReport,
  type BulkCase,
  type GatewayChecks,
  type LatencyCase,
  renderReport,
  type TargetKey,
  type TargetRun,
  targetKeys,
  targetLabels,
  verdicts,
} from './report.js';
import {
  blandApiKey,
  blandSuccessBody,
  blandSuccessMessage,
  bolnaApiKey,
  deletePersonaBody,
  deletePersonasQuery,
  gatewayToken,
  listeningPrefix,
  personaId,
  type VendorStats,
  vendorStatsPath,
} from './shared.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const benchDirectory = join(projectRoot, 'bench');
/** Inside node_modules, so that the floors resolve the project's own graphql-yoga and undici. */
const childDirectory = join(projectRoot, 'node_modules', '.cache', 'voice-ai-gateway-bench');
const resultsFile = join(benchDirectory, 'RESULTS.md');

const rounds = readSetting('BENCH_ROUNDS', 3);
const warmUpS = readSetting('BENCH_WARMUP_S', 3);
const measureS = readSetting('BENCH_MEASURE_S', 10);
const connections = 50;
const latencyCase = { vendorLatencyMs: 400, connections: 200, warmUpS: 3, measureS: 10 };
const bulkCase = { vendorLatencyMs: 50, calls: 5, idsPerCall: 100 };
/**
 * Pause between the warm-up and the window, plus the vendor's latency: autocannon drops its
 * connections with requests in flight, and the target must finish those (and stop paying for
 * them) before the window opens, or the window's first requests queue behind them.
 */
const settleMs = 500;
/** The whole run, build included, ends by then whatever happens. */
const timeBoundMs = 295_000;
/** Above this share of a core used by processes outside the bench, a run is noted as disturbed. */
const otherCpuNoteAt = 5;
const targetCore = 0;
const loadCore = 1;

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

/** The gateway's and the bare-Yoga floor's answer, checked field by field. */
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

interface Target {
  key: TargetKey;
  script: string;
  /** The gateway: first 200 from /ready. A floor: its first correct answer. */
  readiness: 'ready-endpoint' | 'first-answer';
  verify: (body: string) => boolean;
}

const targets: Record<TargetKey, Target> = {
  gateway: {
    key: 'gateway',
    script: join(projectRoot, 'dist', 'main.js'),
    readiness: 'ready-endpoint',
    verify: isDeletePersonaSuccess,
  },
  proxy: {
    key: 'proxy',
    script: join(childDirectory, 'floor-undici-proxy.js'),
    readiness: 'first-answer',
    // The proxy passes the vendor's answer through: byte for byte Bland's success.
    verify: (body) => body === blandSuccessBody,
  },
  yoga: {
    key: 'yoga',
    script: join(childDirectory, 'floor-bare-yoga.js'),
    readiness: 'first-answer',
    verify: isDeletePersonaSuccess,
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

/** The floors and the fake vendor as plain JavaScript, so that neither tsx's start-up nor its memory is in their figures. */
async function transpileChildren(): Promise<void> {
  await mkdir(childDirectory, { recursive: true });
  await writeFile(join(childDirectory, 'package.json'), '{ "type": "module" }\n');
  for (const name of ['shared', 'fake-vendor', 'floor-undici-proxy', 'floor-bare-yoga']) {
    const fileName = join(benchDirectory, `${name}.ts`);
    const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
      fileName,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
    });
    await writeFile(join(childDirectory, `${name}.js`), outputText);
  }
}

interface Vendor {
  child: BenchChild;
  url: string;
  stats(prefix?: string): Promise<VendorStats>;
  stop(): Promise<void>;
}

async function startVendor(latencyMs: number, workspace: Workspace): Promise<Vendor> {
  const child = startChild({
    name: `fake vendor (${latencyMs} ms)`,
    script: join(childDirectory, 'fake-vendor.js'),
    env: { ...baseEnv(), PORT: '0', BLAND_API_KEY: blandApiKey, VENDOR_LATENCY_MS: String(latencyMs) },
    core: workspace.pinned ? loadCore : null,
  });
  const url = (await child.lineStartingWith(listeningPrefix, 10_000)).slice(listeningPrefix.length).trim();
  const client = new Client(url);
  return {
    child,
    url,
    stats: async (prefix = '') => {
      const response = await client.request({
        method: 'GET',
        path: `${vendorStatsPath}?prefix=${encodeURIComponent(prefix)}`,
      });
      return (await response.body.json()) as VendorStats;
    },
    stop: async () => {
      await client.destroy();
      await child.kill();
    },
  };
}

interface Started {
  child: BenchChild;
  origin: string;
  readyMs: number;
  files: { log: string; audit: string };
}

/** Starts a target on its core and waits for it to be ready, timing that from the spawn. */
async function startTarget(
  target: Target,
  vendor: Vendor,
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
    BLAND_BASE_URL: vendor.url,
    BLAND_API_KEY: blandApiKey,
  };
  if (target.key === 'gateway') {
    Object.assign(env, {
      BOLNA_BASE_URL: vendor.url,
      BOLNA_API_KEY: bolnaApiKey,
      GATEWAY_TOKENS: gatewayToken,
      LOG_LEVEL: 'info',
      AUDIT_LOG_FILE: files.audit,
    });
  }
  const probe = new Client(origin);
  const since = performance.now();
  const child = startChild({
    name: targetLabels[target.key],
    script: target.script,
    env,
    core: workspace.pinned ? targetCore : null,
    ...(target.key === 'gateway' ? { stdoutFile: files.log } : {}),
  });
  try {
    const readyMs = await waitUntilReady(
      child,
      async () => {
        const response =
          target.readiness === 'ready-endpoint'
            ? await probe.request({ method: 'GET', path: '/ready' })
            : await probe.request({
                method: 'POST',
                path: '/graphql',
                headers: gatewayHeaders,
                body: deletePersonaBody,
              });
        const body = await response.body.text();
        return response.statusCode === 200 && (target.readiness === 'ready-endpoint' || target.verify(body));
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

function loadOptions(target: Target, origin: string, durationS: number, connectionCount: number) {
  return {
    url: `${origin}/graphql`,
    headers: gatewayHeaders,
    body: deletePersonaBody,
    connections: connectionCount,
    durationS,
    verify: target.verify,
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

function emptyFigures() {
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

/** One target, one round: start, warm up, measure a fixed window, read /proc, stop. */
async function measureTarget(
  target: Target,
  round: number,
  vendor: Vendor,
  workspace: Workspace,
): Promise<TargetRun> {
  const run: TargetRun = {
    target: target.key,
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
  };
  let started: Started | null = null;
  try {
    started = await startTarget(target, vendor, workspace, `${target.key}-${round}`);
    const { child } = started;
    run.figures.readyMs = started.readyMs;
    run.allowedCpus = await allowedCpus(child.pid);

    const warm = await runLoad(loadOptions(target, started.origin, warmUpS, connections));
    await sleep(settleMs);
    const before = {
      target: await readCpuMicros(child.pid),
      self: process.cpuUsage(),
      vendor: await readCpuMicros(vendor.child.pid),
      vendorCalls: (await vendor.stats()).calls,
      cores: await readCoreTimes(),
    };
    const load = await runLoad(loadOptions(target, started.origin, measureS, connections));
    const targetCpu = (await readCpuMicros(child.pid)) - before.target;
    const selfCpu = process.cpuUsage(before.self);
    const vendorCpu = (await readCpuMicros(vendor.child.pid)) - before.vendor;
    const vendorCalls = (await vendor.stats()).calls - before.vendorCalls;
    const cores = await readCoreTimes();
    run.figures.peakRssBytes = await readStatusBytes(child.pid, 'VmHWM');

    run.figures.rps = load.sustainedRps;
    run.figures.p50Ms = load.p50Ms;
    run.figures.p99Ms = load.p99Ms;
    run.figures.cpuUsPerRequest = load.responses > 0 ? targetCpu / load.responses : Number.NaN;
    const windowUs = load.windowMs * 1000;
    run.targetCpuPercent = (100 * targetCpu) / windowUs;
    run.loadSideCpuPercent = (100 * (selfCpu.user + selfCpu.system + vendorCpu)) / windowUs;
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
    for (const phase of [warm, load]) {
      for (const [status, count] of Object.entries(phase.statusCounts)) {
        run.statusCounts[status] = (run.statusCounts[status] ?? 0) + count;
      }
    }
    run.samples = [...samplesOf(warm, 'warm-up'), ...samplesOf(load, 'window')].slice(0, 4);
    if (target.key === 'gateway') run.gateway = await readGatewayChecks(started, run.responses);
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

async function runLatencyCase(workspace: Workspace): Promise<LatencyCase> {
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
  const vendor = await startVendor(latencyCase.vendorLatencyMs, workspace);
  let started: Started | null = null;
  try {
    started = await startTarget(targets.gateway, vendor, workspace, 'gateway-latency');
    result.readyMs = started.readyMs;
    const options = (durationS: number) =>
      loadOptions(targets.gateway, (started as Started).origin, durationS, latencyCase.connections);
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
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
  } finally {
    await started?.child.kill();
    await vendor.stop();
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

async function runBulkCase(workspace: Workspace): Promise<BulkCase> {
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
  const vendor = await startVendor(bulkCase.vendorLatencyMs, workspace);
  let started: Started | null = null;
  let client: Client | null = null;
  try {
    started = await startTarget(targets.gateway, vendor, workspace, 'gateway-bulk');
    result.readyMs = started.readyMs;
    client = new Client(started.origin);
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
    result.vendor = await vendor.stats('bulk-');
    const expected = bulkCase.calls * bulkCase.idsPerCall;
    if (result.vendor.matchingCalls !== expected || result.vendor.distinctIds !== expected) {
      result.failure = `the vendor saw ${result.vendor.matchingCalls} calls for ${result.vendor.distinctIds} distinct ids, not ${expected} for ${expected}`;
    }
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
  } finally {
    await client?.close();
    await started?.child.kill();
    await vendor.stop();
  }
  return result;
}

async function packageVersion(name: string): Promise<string> {
  const text = await readFile(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8').catch(
    () => null,
  );
  return text === null ? 'missing' : (JSON.parse(text) as { version: string }).version;
}

async function describeMachine(pinned: boolean): Promise<string[]> {
  const cpuInfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuInfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const versions = await Promise.all(
    ['graphql-yoga', 'graphql', 'undici', '@pothos/core', 'autocannon'].map(
      async (name) => `${name} ${await packageVersion(name)}`,
    ),
  );
  return [
    `machine: ${model}, ${cpus().length} cores, Linux ${release()}, Node ${process.version}`,
    `versions: ${versions.join(', ')}`,
    pinned
      ? `pinning: each target on core ${targetCore} (taskset), load generator and fake vendor on core ${loadCore}`
      : 'pinning: NONE (taskset is missing or refused): targets, load generator and fake vendor share every core, so these figures are not comparable with pinned runs',
  ];
}

function describeCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: projectRoot, encoding: 'utf8' });
  const commit = head.status === 0 ? head.stdout.trim() : 'no commit';
  return status.status === 0 && status.stdout.trim() !== '' ? `${commit} with uncommitted changes` : commit;
}

async function main(): Promise<number> {
  const pinned = canPin() && pinSelf(loadCore);
  if (!pinned) log('taskset is missing or refused: running UNPINNED (the report says so)');
  else log(`pinned: this process (load generator) on core ${await allowedCpus(process.pid)}`);

  log('building the gateway (npm run build)');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status})`);
  await transpileChildren();

  const workspace: Workspace = { directory: await mkdtemp(join(tmpdir(), 'gateway-bench-')), pinned };
  const runs: TargetRun[] = [];
  const vendor = await startVendor(0, workspace);
  try {
    for (let round = 1; round <= rounds; round += 1) {
      for (const key of targetKeys) {
        log(`round ${round}/${rounds}: ${targetLabels[key]}`);
        const run = await measureTarget(targets[key], round, vendor, workspace);
        runs.push(run);
        log(
          run.failure
            ? `  failed: ${run.failure.split('\n')[0]}`
            : `  ${run.figures.rps.toFixed(0)} req/s, p99 ${run.figures.p99Ms.toFixed(2)} ms, ${run.figures.cpuUsPerRequest.toFixed(0)} µs CPU/req, ready ${run.figures.readyMs.toFixed(0)} ms, ${run.wrong + run.errors} wrong or failed`,
        );
      }
    }
  } finally {
    await vendor.stop();
  }
  log(`gateway: ${latencyCase.vendorLatencyMs} ms vendor latency, ${latencyCase.connections} connections`);
  const latency = await runLatencyCase(workspace);
  log(`gateway: bulk delete at ${bulkCase.vendorLatencyMs} ms vendor latency`);
  const bulk = await runBulkCase(workspace);

  const notes: string[] = [];
  if (rounds !== 3 || warmUpS !== 3 || measureS !== 10) {
    notes.push('Shortened by BENCH_ROUNDS / BENCH_WARMUP_S / BENCH_MEASURE_S: a quick look, not the bench.');
  }
  for (const run of runs) {
    if (run.loadSideCpuPercent >= 90) {
      notes.push(
        `Core ${loadCore} (load generator and fake vendor) was ${run.loadSideCpuPercent.toFixed(0)}% busy during ${targetLabels[run.target]} round ${run.round}: that run's requests/s and latency are bounded by the load side, so they understate the target.`,
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
      notes.push(
        `Other processes (or the hypervisor) used ${used} during ${targetLabels[run.target]} round ${run.round}: that run was disturbed.`,
      );
    }
    if (pinned && run.allowedCpus !== String(targetCore)) {
      notes.push(
        `${targetLabels[run.target]} round ${run.round} was allowed CPUs ${run.allowedCpus}, not ${targetCore}.`,
      );
    }
  }
  const report: BenchReport = {
    date: new Date().toISOString(),
    commit: describeCommit(),
    machine: await describeMachine(pinned),
    settings: [
      `load: autocannon, the same DeletePersona POST to every target, ${connections} connections, ${warmUpS} s warm-up (not counted), ${measureS} s measured, ${rounds} rounds in the order ${targetKeys.map((key) => targetLabels[key]).join(', ')}`,
      'gateway: dist/main.js, NODE_ENV=production, GATEWAY_TOKENS (bearer sent), LOG_LEVEL=info to a file, AUDIT_LOG_FILE, metrics on /metrics; everything else default',
    ],
    runs,
    latency,
    bulk,
    totalS: (performance.now() - startedAt) / 1000,
    notes,
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
  return verdicts(report).every((verdict) => verdict.pass) ? 0 : 1;
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
